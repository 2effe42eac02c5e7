// One line of a JSONL transcript as the record it holds, for the adapters whose lines are one JSON object each
// (Claude Code, Qwen Code): a bad line becomes one issue and no record, and a record no handler foresaw cannot stop
// the file.
import { parseJsonCapped, tooDeepMessage } from '../core/jsonDepth';
import { isObject, type JsonObject } from '../core/jsonValues';
import type { IssueKind } from '../core/ops';

export function readRecordLine(text: string, report: (kind: IssueKind, message: string) => void, onRecord: (record: JsonObject) => void): void {
  if (text.trim() === '') {
    return;
  }
  if (text.includes('\u0000')) {
    report('binary', 'line contains NUL bytes');
    return;
  }
  let value: unknown;
  try {
    const parsed = parseJsonCapped(text);
    value = parsed.value;
    if (parsed.cut > 0) {
      report('too-deep', tooDeepMessage(parsed.cut));
    }
  } catch (err) {
    report('invalid-json', err instanceof Error ? err.message : String(err));
    return;
  }
  if (!isObject(value)) {
    report('invalid-json', 'line is not a JSON object');
    return;
  }
  try {
    onRecord(value);
  } catch (err) {
    // Defensive: a record shape nobody foresaw must not stop the file.
    report('unknown-record', `cannot interpret record: ${err instanceof Error ? err.message : String(err)}`);
  }
}
