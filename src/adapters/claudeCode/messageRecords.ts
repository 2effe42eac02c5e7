// Conversation records: user (prompts and tool results), assistant (text, reasoning, tool calls) and
// attachment records (edits made outside Claude, prompts queued while it worked).
import type { StepPatch } from '../../core/ops';
import { classifyUserRecord } from './promptText';
import { contentBlocks, flag, obj, str, toolResultText, type JsonObject } from './records';
import { MAX_PENDING_CALLS, type PendingCall } from './state';
import { toolResultStep, toolUseStep } from './toolSteps';
import { AGENT, currentPrompt, emitStep, issue, recordId, startPrompt, withPrompt, type Run, type SessionRef } from './parseContext';

const SYNTHETIC_MODEL = '<synthetic>';
const NO_RESPONSE = 'No response requested.';

/**
 * Claude Code's own filler answer: written (model `<synthetic>`, or `closesQuietTurn`) to close a turn nobody asked the
 * model about — a prompt a hook stopped, a resume after a user message. The same test as Claude's own `wS`/`aR`.
 */
function isFillerAnswer(rec: JsonObject, message: JsonObject): boolean {
  const blocks = contentBlocks(message);
  const text = blocks.length === 1 && blocks[0].type === 'text' ? str(blocks[0], 'text') : blocks.length === 0 ? '' : undefined;
  if (flag(rec, 'closesQuietTurn') && (text === '' || text === NO_RESPONSE)) {
    return true;
  }
  return !flag(rec, 'isApiErrorMessage') && str(message, 'model') === SYNTHETIC_MODEL && text === NO_RESPONSE;
}

export function onUser(run: Run, rec: JsonObject, session: SessionRef): void {
  const { st } = run;
  const message = obj(rec, 'message');
  if (!message) {
    issue(run, 'missing-field', 'user record without message');
    return;
  }
  if (typeof message.content !== 'string' && !Array.isArray(message.content)) {
    issue(run, 'missing-field', 'user message without content');
    return;
  }
  const timestamp = str(rec, 'timestamp');
  const results = contentBlocks(message).filter((b) => b.type === 'tool_result');
  if (results.length > 0) {
    // The structured toolUseResult describes the record's tool_result; with several it is ambiguous.
    const structured = results.length === 1 ? rec.toolUseResult : undefined;
    // 2.0.x put the spawned subagent's id on the parent's tool_result record itself.
    const agentId = run.layout.agentId === undefined ? str(rec, 'agentId') : undefined;
    for (const block of results) {
      const id = str(block, 'tool_use_id');
      if (id === undefined) {
        issue(run, 'missing-field', 'tool_result without tool_use_id');
        continue;
      }
      const call = st.pending[id];
      delete st.pending[id];
      let step = toolResultStep(block, id, { call, toolUseResult: structured, timestamp, agentId, rootSessionId: session.raw });
      if (!call) {
        // Its tool_use was never seen: the step is created here, in the current prompt.
        step = withPrompt(step, st.promptId);
      }
      emitStep(run, session, step);
    }
    return;
  }
  // ≤1.0.x inline sidechains: the subagent's task prompt is not the person's prompt.
  if (flag(rec, 'isSidechain') && run.layout.agentId === undefined) {
    return;
  }
  const content = classifyUserRecord(rec, message);
  if (content.kind === 'prompt') {
    startPrompt(run, session, recordId(run, rec, session), content.text, timestamp ?? '');
  } else if (content.kind === 'command') {
    st.pendingCommand = { id: recordId(run, rec, session), text: content.text, timestamp: timestamp ?? '' };
  } else if (content.kind === 'local-output') {
    st.pendingCommand = undefined;
  }
}

function rememberCall(run: Run, id: string, call: PendingCall): void {
  const { pending } = run.st;
  pending[id] = call;
  const ids = Object.keys(pending);
  // Calls whose result never came (interrupted sessions) must not grow the state forever.
  for (let i = 0; i < ids.length - MAX_PENDING_CALLS; i++) {
    delete pending[ids[i]];
  }
}

export function onAssistant(run: Run, rec: JsonObject, session: SessionRef): void {
  const { st } = run;
  const message = obj(rec, 'message');
  if (!message) {
    issue(run, 'missing-field', 'assistant record without message');
    return;
  }
  if (isFillerAnswer(rec, message)) {
    return;
  }
  const model = str(message, 'model');
  const realModel = model !== undefined && model !== SYNTHETIC_MODEL ? model : undefined;
  if (realModel !== undefined && !st.models.includes(realModel)) {
    st.models.push(realModel);
    run.ops.push({ op: 'session', session: { agent: AGENT, id: session.id, model: realModel } });
  }
  const blocks = contentBlocks(message);
  if (blocks.length === 0) {
    return;
  }
  const uuid = recordId(run, rec, session);
  const timestamp = str(rec, 'timestamp');
  const base = timestamp !== undefined ? { timestamp } : {};
  blocks.forEach((block, i) => {
    const type = str(block, 'type');
    if (type === 'text' || type === 'thinking') {
      const text = str(block, type) ?? '';
      if (text.trim() === '') {
        return;
      }
      const promptId = currentPrompt(run, session);
      const step: StepPatch =
        type === 'text'
          ? { id: `${uuid}:${i}`, type: 'text', text, ...base, ...(realModel !== undefined ? { model: realModel } : {}) }
          : { id: `${uuid}:${i}`, type: 'reasoning', text, ...base };
      emitStep(run, session, withPrompt(step, promptId));
    } else if (type === 'tool_use' || type === 'server_tool_use') {
      if (str(block, 'id') === undefined || str(block, 'name') === undefined) {
        issue(run, 'missing-field', `${type} block without id or name`);
      }
      const promptId = currentPrompt(run, session);
      const id = str(block, 'id') ?? `${uuid}:${i}`;
      const { patch, call } = toolUseStep(block, id, promptId, timestamp, st.cwd);
      emitStep(run, session, patch);
      if (type === 'tool_use') {
        rememberCall(run, id, call);
      }
    } else if (type !== undefined && type.endsWith('_tool_result') && str(block, 'tool_use_id') !== undefined) {
      // Server tools (web search…) answer inside the assistant message itself.
      const text = toolResultText(block.content);
      emitStep(run, session, {
        id: str(block, 'tool_use_id') ?? '',
        type: 'tool',
        result: { text: text !== '' ? text : JSON.stringify(block.content ?? null), isError: false, ...base },
      });
    }
  });
}

export function onAttachment(run: Run, rec: JsonObject, session: SessionRef): void {
  const { st } = run;
  const attachment = obj(rec, 'attachment');
  const type = str(attachment, 'type');
  const timestamp = str(rec, 'timestamp');
  if (type === 'edited_text_file') {
    // The user changed a file outside Claude: a notice (no content change is known beyond the snippet).
    const step: StepPatch = {
      id: recordId(run, rec, session),
      type: 'tool',
      name: 'user-edit',
      kind: 'other',
      input: { filename: str(attachment, 'filename') ?? '', snippet: str(attachment, 'snippet') ?? '' },
      ...(timestamp !== undefined ? { timestamp } : {}),
    };
    emitStep(run, session, withPrompt(step, st.promptId));
  } else if (type === 'queued_command') {
    // A prompt typed while Claude was busy, delivered mid-turn. Task notifications and hooks use the same
    // attachment with another mode/origin.
    const prompt = attachment?.prompt;
    const mode = str(attachment, 'commandMode');
    const origin = str(obj(attachment, 'origin'), 'kind');
    if (typeof prompt !== 'string' || (mode !== undefined && mode !== 'prompt') || (origin !== undefined && origin !== 'human') || flag(attachment, 'isMeta')) {
      return;
    }
    const content = classifyUserRecord({}, { content: prompt });
    if (content.kind === 'prompt') {
      startPrompt(run, session, recordId(run, rec, session), content.text, timestamp ?? '');
    }
  }
}
