// What a Codex tool output says about the command behind it. The model sees the output wrapped in a header that
// changed over versions; the trail keeps the command's own output and the exit code/duration from the header:
//   unified exec   "Chunk ID: ef0014\nWall time: 0.0000 seconds\nProcess exited with code 0\nOriginal token count: 3\nOutput:\n…"
//   shell_command  "Exit code: 0\nWall time: 0.1 seconds\nTotal output lines: 9\nOutput:\n…"
//   older shell    "{\"output\":\"…\",\"metadata\":{\"exit_code\":0,\"duration_seconds\":0.5}}"
import { arr, isObject, num, obj, str } from '../../core/jsonValues';
import { parseJsonObject } from './records';

export interface ToolOutput {
  /** The command's own output (header removed); the whole text when there is no recognizable header. */
  output: string;
  exitCode: number | null;
  durationMs?: number;
  /** True when a known wrapper was recognized (so exitCode null means "still running"/"not said"). */
  wrapped: boolean;
}

// Header lines the wrappers put before "Output:". Anything else means the text is not a wrapper.
const headerLine =
  /^(Chunk ID: \S+|Wall time: [\d.]+ seconds?|Process exited with code -?\d+|Process running with session ID \S+|Original token count: \d+|Total output lines: \d+|Exit code: -?\d+)$/;

function secondsToMs(seconds: number): number {
  return Math.round(seconds * 1000);
}

function parseHeader(text: string): ToolOutput | undefined {
  let pos = 0;
  let exitCode: number | null = null;
  let durationMs: number | undefined;
  // A handful of header lines at most; stop early on long outputs without a header.
  for (let i = 0; i < 10; i++) {
    const nl = text.indexOf('\n', pos);
    const line = nl < 0 ? text.slice(pos) : text.slice(pos, nl);
    if (line === 'Output:') {
      return { output: nl < 0 ? '' : text.slice(nl + 1), exitCode, durationMs, wrapped: true };
    }
    if (!headerLine.test(line)) {
      return undefined;
    }
    const exited = /^(?:Process exited with code|Exit code:) (-?\d+)$/.exec(line);
    if (exited) {
      exitCode = Number(exited[1]);
    }
    const wall = /^Wall time: ([\d.]+) seconds?$/.exec(line);
    if (wall) {
      durationMs = secondsToMs(Number(wall[1]));
    }
    if (nl < 0) {
      // A header without "Output:" (e.g. a running process with no output yet).
      return { output: '', exitCode, durationMs, wrapped: true };
    }
    pos = nl + 1;
  }
  return undefined;
}

function parseJsonWrapper(text: string): ToolOutput | undefined {
  if (!text.startsWith('{')) {
    return undefined;
  }
  const value = parseJsonObject(text);
  if (!value || typeof value.output !== 'string') {
    return undefined;
  }
  const metadata = obj(value.metadata);
  const exitCode = num(metadata?.exit_code);
  const seconds = num(metadata?.duration_seconds);
  const result: ToolOutput = { output: value.output, exitCode: exitCode ?? null, wrapped: true };
  if (seconds !== undefined) {
    result.durationMs = secondsToMs(seconds);
  }
  return result;
}

/** Split a tool output text into the command's output and what the wrapper says. */
export function parseToolOutput(text: string): ToolOutput {
  return parseJsonWrapper(text) ?? parseHeader(text) ?? { output: text, exitCode: null, wrapped: false };
}

/**
 * `function_call_output.output` is a string, or (newer builds, MCP, images) a list of content items, or an object.
 * The trail stores text; images become a placeholder so base64 never reaches the store.
 */
export function outputText(output: unknown): string {
  if (typeof output === 'string') {
    return output;
  }
  if (Array.isArray(output)) {
    const parts: string[] = [];
    for (const item of arr(output)) {
      if (!isObject(item)) {
        continue;
      }
      const text = str(item.text);
      if (text !== undefined) {
        parts.push(text);
      } else if (/image/.test(str(item.type) ?? '')) {
        parts.push('[image]');
      }
    }
    // One item per line, without doubling the newline an item already ends with (code-mode `exec` outputs are a
    // "Script completed…Output:\n" header item followed by the script's text() items).
    return parts.reduce((text, part, i) => (i === 0 || text.endsWith('\n') ? text + part : `${text}\n${part}`), '');
  }
  if (isObject(output)) {
    if (typeof output.content === 'string') {
      return output.content;
    }
    if (Array.isArray(output.content)) {
      return outputText(output.content);
    }
    return JSON.stringify(output);
  }
  return output === undefined || output === null ? '' : String(output);
}

/** `{secs, nanos}` (serde Duration), a number of seconds, or "1.5s"/"250ms" strings → milliseconds. */
export function durationToMs(value: unknown): number | undefined {
  if (isObject(value)) {
    const secs = num(value.secs);
    const nanos = num(value.nanos);
    if (secs === undefined && nanos === undefined) {
      return undefined;
    }
    return Math.round(((secs ?? 0) * 1e9 + (nanos ?? 0)) / 1e6);
  }
  if (typeof value === 'number' && Number.isFinite(value)) {
    return secondsToMs(value);
  }
  if (typeof value === 'string') {
    const m = /^([\d.]+)\s*(ms|s)$/.exec(value.trim());
    if (m) {
      return m[2] === 'ms' ? Math.round(Number(m[1])) : secondsToMs(Number(m[1]));
    }
  }
  return undefined;
}

function quoteArg(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** The script of a shell-wrapped argv (`["bash","-lc",script]`, `["pwsh","-NoProfile","-Command",script]`…). */
export function shellScriptOf(argv: readonly string[]): string | undefined {
  const shell = (argv[0] ?? '').split(/[\\/]/).pop()?.toLowerCase() ?? '';
  const isShell = ['bash', 'zsh', 'sh', 'dash', 'fish', 'pwsh', 'powershell', 'powershell.exe', 'pwsh.exe', 'cmd', 'cmd.exe'].includes(shell);
  if (isShell && argv.length === 3 && /^(-l?c|-Command|\/c)$/i.test(argv[1])) {
    return argv[2];
  }
  if (isShell && argv.length === 4 && /^-NoProfile$/i.test(argv[1]) && /^-Command$/i.test(argv[2])) {
    return argv[3];
  }
  return undefined;
}

/**
 * The command line a person would recognize from an argv: `["bash","-lc","npm test"]` → `npm test`
 * (Codex wraps every command in the user's shell), anything else shell-quoted and joined.
 */
export function commandFromArgv(argv: readonly string[]): string {
  return shellScriptOf(argv) ?? argv.map(quoteArg).join(' ');
}
