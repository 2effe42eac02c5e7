// Forked threads and subagents start their rollout with their own session_meta, then copy the parent's history
// (including the parent's session_meta, user messages, tool calls), then continue with their own turns.
// The copied lines are re-stamped at write time, so timestamps cannot tell them apart. The trail skips them — the
// parent's own rollout already holds those prompts and steps — and resumes at the first record that is provably
// the child's own:
//   - a turn marker (task_started / turn_started / turn_context) whose UUIDv7 turn id was minted at or after the
//     child's own UUIDv7 session id (parent turns are older than the fork);
//   - an item_completed event naming the child's thread_id;
//   - inter_agent_communication(_metadata): the task a parent agent hands to its subagent;
//   - the child's own session_meta written again.
// Before UUIDv7 ids (≈ Oct 2025) none of this is decidable; such files are not skipped at all (documented gap:
// a pre-v7 fork repeats its parent's history).
import type { Envelope } from './records';
import { str } from '../../core/jsonValues';

/** Creation time (ms) of a UUIDv7, undefined for other ids. */
export function uuidV7Ms(id: string | undefined): number | undefined {
  if (!id || !/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) {
    return undefined;
  }
  return parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}

/** Whether replay mode can be used for a file whose own session id is `ownId`. */
export function canDetectReplayEnd(ownId: string | undefined): boolean {
  return uuidV7Ms(ownId) !== undefined;
}

function turnIdOf(env: Envelope): string | undefined {
  if (env.kind === 'turn_context') {
    return str(env.payload.turn_id);
  }
  if (env.kind === 'event_msg') {
    const type = str(env.payload.type);
    if (type === 'task_started' || type === 'turn_started') {
      return str(env.payload.turn_id);
    }
  }
  return undefined;
}

/** True when `env` is the first record of the child's own history after a replayed parent history. */
export function endsReplay(env: Envelope, ownId: string): boolean {
  if (env.kind === 'ignored' && (env.rawType === 'inter_agent_communication' || env.rawType === 'inter_agent_communication_metadata')) {
    return true;
  }
  if (env.kind === 'session_meta' && str(env.payload.id) === ownId) {
    return true;
  }
  if (env.kind === 'event_msg' && str(env.payload.type) === 'item_completed' && str(env.payload.thread_id) === ownId) {
    return true;
  }
  const turnMs = uuidV7Ms(turnIdOf(env));
  const ownMs = uuidV7Ms(ownId);
  return turnMs !== undefined && ownMs !== undefined && turnMs >= ownMs;
}
