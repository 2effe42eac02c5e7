// Narrowing helpers for Gemini CLI chat records, and the one place that decides what a parsed line is.
// The JSONL log mixes four record shapes without a discriminating field, so classification follows the order
// Gemini's own loader (`loadConversationRecord`, 0.61.0) uses: `$rewindTo`, then a string `id` (a message), then
// `$set`, then a `sessionId` metadata line.
import { isObject, str, obj, type JsonObject } from '../../core/jsonValues';

export type GeminiRecord =
  | { kind: 'rewind'; target: string }
  | { kind: 'message'; id: string; record: JsonObject }
  | { kind: 'set'; set: JsonObject }
  /** `$patch` (tool-output masking in later builds): only rewrites what the model sees; ignored. */
  | { kind: 'patch' }
  | { kind: 'metadata'; record: JsonObject }
  | { kind: 'unknown'; keys: string };

export function classifyRecord(value: JsonObject): GeminiRecord {
  const target = str(value.$rewindTo);
  if (target !== undefined) {
    return { kind: 'rewind', target };
  }
  const id = str(value.id);
  if (id !== undefined) {
    return { kind: 'message', id, record: value };
  }
  const set = obj(value.$set);
  if (set) {
    return { kind: 'set', set };
  }
  if ('$patch' in value) {
    return { kind: 'patch' };
  }
  if (str(value.sessionId) !== undefined) {
    return { kind: 'metadata', record: value };
  }
  return { kind: 'unknown', keys: Object.keys(value).slice(0, 5).join(',') };
}

/** Message `type`s Gemini CLI writes; `info`/`warning`/`error` are UI notices. */
export type MessageType = 'user' | 'gemini' | 'info' | 'error' | 'warning';

export function messageType(value: unknown): MessageType | undefined {
  return value === 'user' || value === 'gemini' || value === 'info' || value === 'error' || value === 'warning'
    ? value
    : undefined;
}

/** A `PartListUnion` (string, one part, or a list of strings/parts) as a list of parts. */
export function partsOf(content: unknown): JsonObject[] {
  if (typeof content === 'string') {
    return [{ text: content }];
  }
  if (Array.isArray(content)) {
    return content.flatMap((p) => (typeof p === 'string' ? [{ text: p }] : isObject(p) ? [p] : []));
  }
  return isObject(content) ? [content] : [];
}

/** Text parts that are not model thoughts (a synced model turn stores its raw parts, thoughts included). */
export function textParts(content: unknown): string[] {
  return partsOf(content).flatMap((p) => (typeof p.text === 'string' && p.thought !== true ? [p.text] : []));
}

/** A user record whose parts are all tool responses: Gemini records tool output this way; never a prompt. */
export function isFunctionResponseOnly(content: unknown): boolean {
  const parts = partsOf(content);
  return parts.length > 0 && parts.every((p) => 'functionResponse' in p);
}
