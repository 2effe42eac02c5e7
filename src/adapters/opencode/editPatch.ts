// The exact patch of an OpenCode `edit`. Its `metadata.diff` (= `filediff.patch`) is a unified diff with three lines
// of context, made for display: OpenCode strips the indentation all its lines share (recorded in
// opencode-big-file-v1.18.33: the file's `  200: '…'` is ` 200: '…'` in the diff's context and `-200: '…'` in its
// removed lines), so applied as it is the diff matches nothing. The edit's own `oldString`/`newString` are exact: the
// stripped prefix is what a removed (added) line lacks compared with the full line of oldString (newString) that
// ends with it. The prefix is put back on every line only when all removed and added lines agree on it and then hold
// oldString and newString; context lines get it too, which applying the patch checks against the file (no fuzz),
// so a wrong prefix makes the patch fail to apply, never a wrong content. Otherwise there is no exact patch.

const headerLine = /^(?:Index: |={10,}$|--- |\+\+\+ |\\ No newline)/;

interface DiffLine {
  marker: ' ' | '-' | '+';
  text: string;
}

/** The prefix a diff line lost, found from the full lines of the edit's own text; undefined when none tells. */
function prefixesFor(line: string, fullLines: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const full of fullLines) {
    if (full.endsWith(line)) {
      const prefix = full.slice(0, full.length - line.length);
      if (/^[ \t]*$/.test(prefix)) {
        out.add(prefix);
      }
    }
  }
  return out;
}

function lf(text: string): string {
  return text.replace(/\r\n/g, '\n');
}

/** The diff with its stripped indentation restored (see the file comment), or undefined when it cannot be exact. */
export function exactEditPatch(diff: string, oldString: string, newString: string): string | undefined {
  const lines = diff.split('\n');
  const body: DiffLine[] = [];
  for (const l of lines) {
    if (l.startsWith('@@') || headerLine.test(l)) {
      continue;
    }
    const marker = l[0];
    if (marker === ' ' || marker === '-' || marker === '+') {
      body.push({ marker, text: l.slice(1) });
    }
  }
  const removedFull = lf(oldString).split('\n');
  const addedFull = lf(newString).split('\n');
  // Every non-blank removed/added line must lose the same prefix; a line that fits none of the edit's full lines
  // (oldString may start or end inside a line) says nothing.
  let prefix: string | undefined;
  for (const d of body) {
    if (d.marker === ' ' || d.text.trim() === '') {
      continue;
    }
    const candidates = prefixesFor(d.text, d.marker === '-' ? removedFull : addedFull);
    if (candidates.size === 0) {
      continue;
    }
    if (prefix === undefined && candidates.size === 1) {
      prefix = [...candidates][0];
    } else if (prefix !== undefined && !candidates.has(prefix)) {
      return undefined;
    }
  }
  // No line tells (an edit inside one line): the diff as it is, which applying checks like any other.
  const strip = prefix ?? '';
  const restore = (text: string): string => (text === '' ? '' : strip + text);
  // The old side of the restored hunks must hold oldString, the new side newString.
  const side = (skip: string): string => body.filter((d) => d.marker !== skip).map((d) => restore(d.text)).join('\n');
  const whole = (text: string): string => lf(text).replace(/\n$/, '');
  if (!side('+').includes(whole(oldString)) || !side('-').includes(whole(newString))) {
    return undefined;
  }
  if (strip === '') {
    return diff;
  }
  return lines.map((l) => (l.startsWith('@@') || headerLine.test(l) || !/^[ +-]/.test(l) ? l : `${l[0]}${restore(l.slice(1))}`)).join('\n');
}
