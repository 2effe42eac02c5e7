// One JSONL line read as a JSON object or the issue it is, for the adapters whose lines are one record each (Claude
// Code, Codex, Qwen Code, Copilot CLI). A whole text as lines: documentLines.ts.
import { parseJsonCapped, tooDeepMessage } from '../core/jsonDepth';
import { isObject, type JsonObject } from '../core/jsonValues';
import type { IssueKind } from '../core/ops';

/**
 * One JSONL line as a JSON object, or why it is not one. Blank lines are nothing; a NUL byte means binary data; a
 * record nested deeper than core/jsonDepth's bound is kept with its deep part replaced (and reported, `tooDeep`).
 */
export type JsonLine =
  | { kind: 'blank' }
  | { kind: 'record'; value: JsonObject; tooDeep?: string }
  | { kind: 'bad'; issue: 'binary' | 'invalid-json'; message: string };

export function readJsonLine(text: string): JsonLine {
  if (text.trim() === '') {
    return { kind: 'blank' };
  }
  if (text.includes('\u0000')) {
    return { kind: 'bad', issue: 'binary', message: 'line contains NUL bytes' };
  }
  let parsed: { value: unknown; cut: number };
  try {
    parsed = parseJsonCapped(text);
  } catch (err) {
    return { kind: 'bad', issue: 'invalid-json', message: err instanceof Error ? err.message : String(err) };
  }
  if (!isObject(parsed.value)) {
    return { kind: 'bad', issue: 'invalid-json', message: 'line is not a JSON object' };
  }
  return { kind: 'record', value: parsed.value, ...(parsed.cut > 0 ? { tooDeep: tooDeepMessage(parsed.cut) } : {}) };
}

/**
 * Reads one JSONL line and hands its record to `onRecord`; what is wrong with it goes to `report`. A record whose
 * shape nobody foresaw (onRecord throws) is reported too: it must not stop the file.
 */
export function handleJsonLine(text: string, report: (kind: IssueKind, message: string) => void, onRecord: (record: JsonObject) => void): void {
  const line = readJsonLine(text);
  if (line.kind === 'blank') {
    return;
  }
  if (line.kind === 'bad') {
    report(line.issue, line.message);
    return;
  }
  if (line.tooDeep !== undefined) {
    report('too-deep', line.tooDeep);
  }
  try {
    onRecord(line.value);
  } catch (err) {
    report('unknown-record', `cannot interpret record: ${err instanceof Error ? err.message : String(err)}`);
  }
}
