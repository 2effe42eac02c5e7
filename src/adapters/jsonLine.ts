// One JSONL line of a transcript as a JSON value, or the issue that says why not: invalid JSON, binary data (control
// characters JSON text never holds raw, or replacement characters from undecodable bytes), a record nested too deep.
import { looksBinary, parseJsonCapped, tooDeepMessage } from '../core/jsonDepth';
import type { ParseIssue } from '../core/ops';
import type { TranscriptLine } from './adapter';

/** The line's value (`found: false` for a blank line or a line that is not JSON, whose issue was pushed). */
export function parseJsonLine(file: string, line: TranscriptLine, issues: ParseIssue[]): { found: true; value: unknown } | { found: false } {
  const text = line.text.trim();
  if (text === '') {
    return { found: false };
  }
  try {
    const parsed = parseJsonCapped(text);
    if (parsed.cut > 0) {
      issues.push({ kind: 'too-deep', file, line: line.lineNo, message: tooDeepMessage(parsed.cut) });
    }
    return { found: true, value: parsed.value };
  } catch (err) {
    const binary = looksBinary(text);
    issues.push({
      kind: binary ? 'binary' : 'invalid-json',
      file,
      line: line.lineNo,
      message: binary ? 'binary data where a JSON record was expected' : `invalid JSON: ${err instanceof Error ? err.message : String(err)}`,
    });
    return { found: false };
  }
}
