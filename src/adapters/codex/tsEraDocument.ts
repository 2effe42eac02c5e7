// TypeScript-era Codex (Apr–Jun 2025) saved `sessions/rollout-<date>-<uuid>.json` = `{session, items}`, rewritten on
// every save under a NEW uuid, so one conversation left many files, each a superset of the previous one. The session
// id is therefore derived from the conversation's first item (shared by all those files) and every item's id from
// its position, so all the snapshots fold into one session without duplicates.
import { createHash } from 'node:crypto';
import type { IndexOp, ParseIssue } from '../../core/ops';
import type { TranscriptFile } from '../adapter';
import type { CodexState } from './codexState';
import { arr, isObject, nonEmpty, obj } from '../../core/jsonValues';
import { RolloutParser } from './rolloutParser';

export interface TsEraDocument {
  session: Record<string, unknown>;
  items: unknown[];
}

export function asTsEraDocument(value: unknown): TsEraDocument | undefined {
  if (!isObject(value) || !Array.isArray(value.items)) {
    return undefined;
  }
  return { session: obj(value.session) ?? {}, items: value.items };
}

export function parseTsEraDocument(file: TranscriptFile, state: CodexState, doc: TsEraDocument, ops: IndexOp[], issues: ParseIssue[]): void {
  const items = arr(doc.items);
  const first = items[0];
  state.sessionId =
    first === undefined ? (nonEmpty(doc.session.id) ?? state.fallbackSessionId) : `ts-${createHash('sha1').update(JSON.stringify(first)).digest('hex').slice(0, 16)}`;
  const timestamp = nonEmpty(doc.session.timestamp);
  if (timestamp) {
    state.lastTimestamp = timestamp;
  }
  const parser = new RolloutParser(file, state, ops, issues);
  parser.announce(timestamp);
  items.forEach((item, i) => {
    if (!isObject(item)) {
      issues.push({ kind: 'unknown-record', file: file.path, line: i + 1, message: `item ${i} is not an object` });
      return;
    }
    // No per-item timestamps in this era: the save time stands in, ids come from the position (`line-<n>`).
    parser.onResponseItem(item, timestamp ?? '', i + 1, false);
  });
}
