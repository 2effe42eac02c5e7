// Narrowing helpers for Codex rollout JSON, and the one place that turns a raw line into an envelope.
// Rollouts changed shape several times (bare lines, `{timestamp,type,payload}` envelopes, extra top-level types),
// so every field is read as `unknown` and checked here instead of trusting a schema.
import { parseJsonCapped } from '../../core/jsonDepth';
import { isObject, str, arr, type JsonObject } from '../../core/jsonValues';

/**
 * Parse JSON text that is expected to hold an object (tool arguments are JSON strings inside JSON), bounded like
 * every transcript value (core/jsonDepth); `onCut` hears how many over-deep parts were replaced.
 */
export function parseJsonObject(text: string | undefined, onCut?: (cut: number) => void): JsonObject | undefined {
  if (text === undefined) {
    return undefined;
  }
  try {
    const { value, cut } = parseJsonCapped(text);
    if (cut > 0) {
      onCut?.(cut);
    }
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Top-level rollout record kinds (`RolloutItem` tags). */
export type RecordKind =
  | 'session_meta'
  | 'response_item'
  | 'event_msg'
  | 'turn_context'
  | 'compacted'
  | 'ignored'
  /** A known top-level type whose payload is not an object. */
  | 'malformed'
  | 'unknown';

export interface Envelope {
  kind: RecordKind;
  /** The raw `type` for unknown records (for the issue message). */
  rawType: string;
  timestamp?: string;
  payload: JsonObject;
}

// Top-level types of newer builds that carry nothing for the trail (world snapshots, usage, agent mail metadata; and,
// from 0.171.0's RolloutItem tags: the dynamic tool list, a security risk score, id bookkeeping). Its `realtime_item`
// is not here: realtime conversations may hold what the user said, and no recording shows one yet.
const ignoredTopLevel = new Set([
  'world_state',
  'token_usage_record',
  'inter_agent_communication',
  'inter_agent_communication_metadata',
  'dynamic_tools_updated',
  'security_risk_score',
  'id_allocation',
]);

const knownTopLevel = new Set(['session_meta', 'response_item', 'event_msg', 'turn_context', 'compacted']);

// Bare-era (≤ Sept 2025) lines are ResponseItems without an envelope.
const bareResponseTypes = new Set([
  'message',
  'reasoning',
  'function_call',
  'function_call_output',
  'custom_tool_call',
  'custom_tool_call_output',
  'local_shell_call',
  'web_search_call',
  'image_generation_call',
  'tool_search_call',
  'tool_search_output',
  'compaction',
  'compaction_summary',
  'context_compaction',
  'ghost_snapshot',
]);

/**
 * Classify one parsed line. `{timestamp,type,payload}` is the wrapped form; bare-era files start with a meta line
 * `{id,timestamp,instructions,git}`, mark state with `{record_type:"state"}` and write ResponseItems as is.
 */
export function toEnvelope(value: JsonObject): Envelope {
  const type = str(value.type);
  const timestamp = str(value.timestamp);
  if (type !== undefined && isObject(value.payload)) {
    if (knownTopLevel.has(type)) {
      return { kind: type as RecordKind, rawType: type, timestamp, payload: value.payload };
    }
    if (ignoredTopLevel.has(type)) {
      return { kind: 'ignored', rawType: type, timestamp, payload: value.payload };
    }
    return { kind: 'unknown', rawType: type, timestamp, payload: value.payload };
  }
  if (type !== undefined && knownTopLevel.has(type) && 'payload' in value) {
    return { kind: 'malformed', rawType: type, timestamp, payload: {} };
  }
  if (type === undefined && value.record_type !== undefined) {
    return { kind: 'ignored', rawType: String(value.record_type), timestamp, payload: value };
  }
  if (type === undefined && typeof value.id === 'string' && ('instructions' in value || 'git' in value || 'timestamp' in value)) {
    return { kind: 'session_meta', rawType: 'bare-meta', timestamp, payload: value };
  }
  if (type !== undefined && bareResponseTypes.has(type)) {
    return { kind: 'response_item', rawType: type, timestamp, payload: value };
  }
  if (type !== undefined && ignoredTopLevel.has(type)) {
    return { kind: 'ignored', rawType: type, timestamp, payload: value };
  }
  return { kind: 'unknown', rawType: type ?? '(no type)', timestamp, payload: value };
}

/** The texts of a message's content items of the given types, in order. */
export function contentTexts(content: unknown, types: readonly string[]): string[] {
  if (typeof content === 'string') {
    return [content];
  }
  const out: string[] = [];
  for (const item of arr(content)) {
    if (isObject(item) && types.includes(str(item.type) ?? '') && typeof item.text === 'string') {
      out.push(item.text);
    }
  }
  return out;
}

/** Whether a message's content holds images (an image-only prompt is still a prompt). */
export function hasImages(content: unknown): boolean {
  return arr(content).some((item) => isObject(item) && /image/.test(str(item.type) ?? ''));
}
