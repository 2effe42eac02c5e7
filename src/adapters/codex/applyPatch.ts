// The apply_patch grammar (codex-rs/apply-patch: parser.rs, lib.rs, seek_sequence.rs), parsed and applied the way
// Codex does it, so an `*** Update File` hunk can be replayed onto a known "before" to get the exact "after".
//
//   *** Begin Patch
//   *** Add File: <path>        then lines prefixed '+'
//   *** Delete File: <path>
//   *** Update File: <path>
//   *** Move to: <path>         (optional)
//   @@ [context line]           then ' ' / '-' / '+' lines, optional '*** End of File'
//   *** End Patch
//
// Parsing is lenient exactly where Codex is (padded markers, a `<<'EOF'` heredoc wrapper, a missing first '@@').

const beginMarker = '*** Begin Patch';
const endMarker = '*** End Patch';
const addMarker = '*** Add File: ';
const deleteMarker = '*** Delete File: ';
const updateMarker = '*** Update File: ';
const moveMarker = '*** Move to: ';
const eofMarker = '*** End of File';

export interface UpdateChunk {
  /** The `@@ <line>` anchor: the chunk applies after the first line equal to it. */
  context?: string;
  oldLines: string[];
  newLines: string[];
  isEndOfFile: boolean;
}

interface HunkBase {
  /** The path as written in the patch (relative to the turn cwd, or absolute). */
  path: string;
  /** This file's section of the patch, from its `***` header line through its last line, newline-terminated. */
  text: string;
}

export interface AddHunk extends HunkBase {
  type: 'add';
  /** The new file's content: every '+' line followed by '\n' (what Codex writes). */
  contents: string;
}

export interface DeleteHunk extends HunkBase {
  type: 'delete';
}

export interface UpdateHunk extends HunkBase {
  type: 'update';
  movePath?: string;
  chunks: UpdateChunk[];
}

export type PatchHunk = AddHunk | DeleteHunk | UpdateHunk;

export type ParsedPatch = { ok: true; hunks: PatchHunk[] } | { ok: false; error: string };

export type AppliedUpdate = { ok: true; content: string } | { ok: false; error: string };

class PatchError extends Error {}

/** Rust's `str::lines()`: split on '\n', drop a trailing '\r' per line, no final empty line. */
function rustLines(text: string): string[] {
  if (text === '') {
    return [];
  }
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') {
    lines.pop();
  }
  return lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

function checkBoundaries(lines: string[]): string[] {
  const first = lines[0]?.trim();
  const last = lines[lines.length - 1]?.trim();
  if (first !== beginMarker) {
    throw new PatchError("The first line of the patch must be '*** Begin Patch'");
  }
  if (lines.length < 2 || last !== endMarker) {
    throw new PatchError("The last line of the patch must be '*** End Patch'");
  }
  return lines.slice(1, -1);
}

function checkBoundariesLenient(lines: string[]): string[] {
  try {
    return checkBoundaries(lines);
  } catch (err) {
    const first = lines[0];
    const last = lines[lines.length - 1] ?? '';
    // GPT-4.1 sometimes passed `<<'EOF'\n…\nEOF` as the literal argument; Codex strips the heredoc markers.
    if ((first === '<<EOF' || first === "<<'EOF'" || first === '<<"EOF"') && last.endsWith('EOF') && lines.length >= 4) {
      return checkBoundaries(lines.slice(1, -1));
    }
    throw err;
  }
}

function parseChunk(lines: string[], allowMissingContext: boolean): { chunk: UpdateChunk; consumed: number } {
  if (lines.length === 0) {
    throw new PatchError('Update hunk does not contain any lines');
  }
  let context: string | undefined;
  let start = 0;
  if (lines[0] === '@@') {
    start = 1;
  } else if (lines[0].startsWith('@@ ')) {
    context = lines[0].slice(3);
    start = 1;
  } else if (!allowMissingContext) {
    throw new PatchError(`Expected update hunk to start with a @@ context marker, got: '${lines[0]}'`);
  }
  if (start >= lines.length) {
    throw new PatchError('Update hunk does not contain any lines');
  }
  const chunk: UpdateChunk = { oldLines: [], newLines: [], isEndOfFile: false };
  if (context !== undefined) {
    chunk.context = context;
  }
  let parsed = 0;
  for (const line of lines.slice(start)) {
    if (line === eofMarker) {
      if (parsed === 0) {
        throw new PatchError('Update hunk does not contain any lines');
      }
      chunk.isEndOfFile = true;
      parsed++;
      break;
    }
    const first = line.charAt(0);
    if (line === '') {
      chunk.oldLines.push('');
      chunk.newLines.push('');
    } else if (first === ' ') {
      chunk.oldLines.push(line.slice(1));
      chunk.newLines.push(line.slice(1));
    } else if (first === '+') {
      chunk.newLines.push(line.slice(1));
    } else if (first === '-') {
      chunk.oldLines.push(line.slice(1));
    } else {
      if (parsed === 0) {
        throw new PatchError(`Unexpected line found in update hunk: '${line}'`);
      }
      // The start of the next chunk or file section.
      break;
    }
    parsed++;
  }
  return { chunk, consumed: parsed + start };
}

function sectionText(lines: string[]): string {
  let end = lines.length;
  while (end > 1 && lines[end - 1].trim() === '') {
    end--;
  }
  return `${lines.slice(0, end).join('\n')}\n`;
}

function parseHunk(lines: string[]): { hunk: PatchHunk; consumed: number } {
  const first = lines[0].trim();
  if (first.startsWith(addMarker)) {
    const path = first.slice(addMarker.length);
    let contents = '';
    let consumed = 1;
    for (const line of lines.slice(1)) {
      if (!line.startsWith('+')) {
        break;
      }
      contents += `${line.slice(1)}\n`;
      consumed++;
    }
    return { hunk: { type: 'add', path, contents, text: sectionText(lines.slice(0, consumed)) }, consumed };
  }
  if (first.startsWith(deleteMarker)) {
    const path = first.slice(deleteMarker.length);
    return { hunk: { type: 'delete', path, text: sectionText(lines.slice(0, 1)) }, consumed: 1 };
  }
  if (first.startsWith(updateMarker)) {
    const path = first.slice(updateMarker.length);
    let consumed = 1;
    let movePath: string | undefined;
    if (lines[1]?.startsWith(moveMarker)) {
      movePath = lines[1].slice(moveMarker.length);
      consumed++;
    }
    const chunks: UpdateChunk[] = [];
    while (consumed < lines.length) {
      const line = lines[consumed];
      if (line.trim() === '') {
        consumed++;
        continue;
      }
      if (line.startsWith('*')) {
        break;
      }
      const { chunk, consumed: n } = parseChunk(lines.slice(consumed), chunks.length === 0);
      chunks.push(chunk);
      consumed += n;
    }
    if (chunks.length === 0) {
      throw new PatchError(`Update file hunk for path '${path}' is empty`);
    }
    const hunk: UpdateHunk = { type: 'update', path, chunks, text: sectionText(lines.slice(0, consumed)) };
    if (movePath !== undefined) {
      hunk.movePath = movePath;
    }
    return { hunk, consumed };
  }
  throw new PatchError(
    `'${first}' is not a valid hunk header. Valid hunk headers: '*** Add File: {path}', '*** Delete File: {path}', '*** Update File: {path}'`,
  );
}

/** Parse an apply_patch body into one hunk per file section. Never throws. */
export function parseApplyPatch(patch: string): ParsedPatch {
  try {
    let rest = checkBoundariesLenient(rustLines(patch.trim()));
    const hunks: PatchHunk[] = [];
    while (rest.length > 0) {
      const { hunk, consumed } = parseHunk(rest);
      hunks.push(hunk);
      rest = rest.slice(consumed);
    }
    return { ok: true, hunks };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

// Typographic punctuation Codex folds to ASCII in its most lenient matching pass.
function normalise(s: string): string {
  return s
    .trim()
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/[\u2018-\u201B]/g, "'")
    .replace(/[\u201C-\u201F]/g, '"')
    .replace(/[\u00A0\u2002-\u200A\u202F\u205F\u3000]/g, ' ');
}

const matchPasses: ReadonlyArray<(s: string) => string> = [(s) => s, (s) => s.trimEnd(), (s) => s.trim(), normalise];

/** `seek_sequence`: first index ≥ start where `pattern` matches, with decreasing strictness. */
function seekSequence(lines: string[], pattern: string[], start: number, eof: boolean): number | undefined {
  if (pattern.length === 0) {
    return start;
  }
  if (pattern.length > lines.length) {
    return undefined;
  }
  const from = eof ? lines.length - pattern.length : start;
  const last = lines.length - pattern.length;
  for (const pass of matchPasses) {
    for (let i = from; i <= last; i++) {
      let ok = true;
      for (let j = 0; j < pattern.length; j++) {
        if (pass(lines[i + j]) !== pass(pattern[j])) {
          ok = false;
          break;
        }
      }
      if (ok) {
        return i;
      }
    }
  }
  return undefined;
}

/** Apply an update hunk's chunks to a file's content, exactly like Codex (`derive_new_contents_from_chunks`). */
export function applyUpdateChunks(original: string, chunks: readonly UpdateChunk[]): AppliedUpdate {
  const lines = original.split('\n');
  if (lines[lines.length - 1] === '') {
    lines.pop();
  }
  const replacements: Array<{ start: number; oldLen: number; newLines: string[] }> = [];
  let lineIndex = 0;
  for (const chunk of chunks) {
    if (chunk.context !== undefined) {
      const idx = seekSequence(lines, [chunk.context], lineIndex, false);
      if (idx === undefined) {
        return { ok: false, error: `Failed to find context '${chunk.context}'` };
      }
      lineIndex = idx + 1;
    }
    if (chunk.oldLines.length === 0) {
      const at = lines.length > 0 && lines[lines.length - 1] === '' ? lines.length - 1 : lines.length;
      replacements.push({ start: at, oldLen: 0, newLines: chunk.newLines });
      continue;
    }
    let pattern = chunk.oldLines;
    let replacement = chunk.newLines;
    let found = seekSequence(lines, pattern, lineIndex, chunk.isEndOfFile);
    if (found === undefined && pattern[pattern.length - 1] === '') {
      // A trailing empty old line stands for the file's final newline, which the split above removed.
      pattern = pattern.slice(0, -1);
      if (replacement[replacement.length - 1] === '') {
        replacement = replacement.slice(0, -1);
      }
      found = seekSequence(lines, pattern, lineIndex, chunk.isEndOfFile);
    }
    if (found === undefined) {
      return { ok: false, error: `Failed to find expected lines:\n${chunk.oldLines.join('\n')}` };
    }
    replacements.push({ start: found, oldLen: pattern.length, newLines: replacement });
    lineIndex = found + pattern.length;
  }
  replacements.sort((a, b) => a.start - b.start);
  for (let r = replacements.length - 1; r >= 0; r--) {
    const { start, oldLen, newLines } = replacements[r];
    lines.splice(start, Math.min(oldLen, Math.max(0, lines.length - start)), ...newLines);
  }
  if (lines[lines.length - 1] !== '') {
    lines.push('');
  }
  return { ok: true, content: lines.join('\n') };
}

/**
 * Apply one file's apply_patch section (a `FileChange.patch` that starts with `*** Update File:`) to its content
 * before the change. Add sections give their content; delete sections give ''.
 */
export function applyPatchSection(before: string, section: string): AppliedUpdate {
  const parsed = parseApplyPatch(`${beginMarker}\n${section}${section.endsWith('\n') ? '' : '\n'}${endMarker}\n`);
  if (!parsed.ok) {
    return parsed;
  }
  if (parsed.hunks.length !== 1) {
    return { ok: false, error: `expected one file section, got ${parsed.hunks.length}` };
  }
  const hunk = parsed.hunks[0];
  switch (hunk.type) {
    case 'add':
      return { ok: true, content: hunk.contents };
    case 'delete':
      return { ok: true, content: '' };
    case 'update':
      return applyUpdateChunks(before, hunk.chunks);
  }
}
