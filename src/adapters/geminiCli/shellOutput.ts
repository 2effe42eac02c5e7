// The text `run_shell_command` returns to the model (`llmContent`), split back into the command's output and
// exit code. 0.61 writes `Output: <out>` followed by single-line sections (`Exit Code: N` only when non-zero,
// `Signal:`, `Background PIDs:`, `Process Group PGID:`) wrapped in `<untrusted_context>`; older builds wrote
// every section with `(none)` fillers, so `Exit Code: 0` was explicit.

export interface ShellOutput {
  output: string;
  exitCode: number | null;
}

const wrapperOpen = '<untrusted_context>\n';
const wrapperClose = '\n</untrusted_context>';
/** Sections that follow the output, one line each. */
const trailingSection = /^(Exit Code|Signal|Background PIDs|Process Group PGID): (.*)$/;

function unwrap(text: string): string {
  if (text.startsWith(wrapperOpen) && text.endsWith(wrapperClose)) {
    // Gemini escapes a closing tag inside the body so the wrapper stays unambiguous.
    return text
      .slice(wrapperOpen.length, text.length - wrapperClose.length)
      .replaceAll('&lt;/untrusted_context&gt;', '</untrusted_context>');
  }
  return text;
}

/** Parse the tool's model-facing text; undefined when it is not in the `Output:` format (cancelled, backgrounded). */
export function parseShellOutput(text: string): ShellOutput | undefined {
  const lines = unwrap(text).split('\n');
  const start = lines.findIndex((l) => l.startsWith('Output: '));
  if (start < 0) {
    return undefined;
  }
  const sections = new Map<string, string>();
  let end = lines.length;
  while (end > start + 1) {
    const line = lines[end - 1];
    const m = trailingSection.exec(line);
    if (m) {
      sections.set(m[1], m[2]);
    } else if (line !== 'Error: (none)') {
      break;
    }
    end--;
  }
  const body = [lines[start].slice('Output: '.length), ...lines.slice(start + 1, end)].join('\n');
  const output = body === '(empty)' ? '' : body;
  const code = sections.get('Exit Code');
  let exitCode: number | null;
  if (code !== undefined) {
    exitCode = /^-?\d+$/.test(code) ? Number(code) : null;
  } else {
    // 0.61 omits a zero exit code; a signal means the process did not exit normally.
    exitCode = sections.has('Signal') && sections.get('Signal') !== '(none)' ? null : 0;
  }
  return { output, exitCode };
}
