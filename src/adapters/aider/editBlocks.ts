// The edits an assistant reply asks for, in aider's edit formats (Aider-AI/aider 0.86.3.dev, 5dc9490b):
// - `diff` / `diff-fenced` / `editor-diff` (aider/coders/editblock_coder.py, editblock_fenced_coder.py): SEARCH/REPLACE
//   blocks `<<<<<<< SEARCH` … `=======` … `>>>>>>> REPLACE` (5–9 markers), the file named on one of the three lines
//   before (`find_filename`: fences skipped, `#`, `:`, backticks and `*` stripped), or the previous block's file;
// - `whole` / `editor-whole` (wholefile_coder.py): the file named on the line before a fence holding its new content;
// - `udiff` (udiff_coder.py): ```diff fences with `--- path` / `+++ path` headers and `@@` hunks.
// These are what the model asked for, not what happened: the commit aider made (commits.ts) says that.
export type IntendedEdit =
  | { format: 'search-replace'; path: string; search: string; replace: string }
  | { format: 'whole'; path: string; content: string }
  | { format: 'udiff'; path: string; diff: string };

const head = /^<{5,9} SEARCH>?\s*$/;
const divider = /^={5,9}\s*$/;
const updated = /^>{5,9} REPLACE\s*$/;
const fence = '```';

/** aider's strip_filename: a file name alone on a line, or after an opening fence. */
function stripFilename(line: string): string | undefined {
  let f = line.trim();
  if (f === '...' || f === '') {
    return undefined;
  }
  if (f.startsWith(fence)) {
    const c = f.slice(fence.length);
    return c && (c.includes('.') || c.includes('/')) ? c : undefined;
  }
  f = f.replace(/:+$/, '').replace(/^#+/, '').trim().replace(/^`+|`+$/g, '').replace(/^\*+|\*+$/g, '');
  return f === '' ? undefined : f;
}

/** aider's find_filename: up to three lines back, continuing only over fences. */
function findFilename(lines: readonly string[], at: number): string | undefined {
  for (let i = at - 1; i >= Math.max(0, at - 3); i--) {
    const name = stripFilename(lines[i]);
    if (name !== undefined) {
      return name;
    }
    if (!lines[i].startsWith(fence)) {
      return undefined;
    }
  }
  return undefined;
}

/** A whole-file name: one token that looks like a path (no spaces), as the whole format's prompt asks. */
function wholeFileName(line: string): string | undefined {
  const name = stripFilename(line);
  return name !== undefined && !/\s/.test(name) && (name.includes('.') || name.includes('/')) && !line.startsWith(fence) ? name : undefined;
}

function udiffFiles(body: readonly string[]): IntendedEdit[] {
  const out: IntendedEdit[] = [];
  let current: { path: string; lines: string[] } | undefined;
  for (let i = 0; i < body.length; i++) {
    const line = body[i];
    if (line.startsWith('--- ') && body[i + 1]?.startsWith('+++ ')) {
      if (current) out.push({ format: 'udiff', path: current.path, diff: current.lines.join('\n') });
      const path = body[i + 1].slice(4).trim().replace(/^b\//, '');
      current = { path, lines: [line, body[i + 1]] };
      i++;
      continue;
    }
    current?.lines.push(line);
  }
  if (current) out.push({ format: 'udiff', path: current.path, diff: current.lines.join('\n') });
  return out;
}

/**
 * The edits of one reply. `editFormat`: the session's (from aider's `Model: … with <format> edit format` banner);
 * SEARCH/REPLACE blocks are recognised in any format (their markers are unambiguous), whole files and udiff fences
 * only in their formats (elsewhere a fenced file is just code shown).
 */
export function intendedEdits(reply: string, editFormat: string | undefined): IntendedEdit[] {
  const lines = reply.split('\n');
  const out: IntendedEdit[] = [];
  const whole = editFormat?.includes('whole') === true;
  const udiff = editFormat?.includes('udiff') === true;
  let current: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (head.test(line)) {
      const path = findFilename(lines, i) ?? current;
      let j = i + 1;
      const search: string[] = [];
      while (j < lines.length && !divider.test(lines[j])) search.push(lines[j++]);
      const replace: string[] = [];
      j++;
      while (j < lines.length && !updated.test(lines[j])) replace.push(lines[j++]);
      if (j >= lines.length || path === undefined) {
        // A block cut off (the reply ended inside it) or naming no file: aider would not apply it either.
        break;
      }
      current = path;
      out.push({ format: 'search-replace', path, search: search.join('\n'), replace: replace.join('\n') });
      i = j;
      continue;
    }
    if (udiff && line.startsWith(`${fence}diff`)) {
      let j = i + 1;
      const body: string[] = [];
      while (j < lines.length && !lines[j].startsWith(fence)) body.push(lines[j++]);
      out.push(...udiffFiles(body));
      i = j;
      continue;
    }
    if (whole && lines[i + 1]?.startsWith(fence)) {
      const path = wholeFileName(line);
      if (path !== undefined) {
        let j = i + 2;
        const body: string[] = [];
        while (j < lines.length && !(lines[j].startsWith(fence) && lines[j].trim() === fence)) body.push(lines[j++]);
        if (j < lines.length && !body.some((b) => head.test(b))) {
          out.push({ format: 'whole', path, content: body.length > 0 ? `${body.join('\n')}\n` : '' });
          i = j;
          continue;
        }
      }
    }
  }
  return out;
}
