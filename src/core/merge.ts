// Merge rules for index operations, shared by the in-memory fold and the sql.js store so both agree exactly.
import type { Session, Step, ToolCallStep } from './model';
import type { SessionPatch, StepPatch } from './ops';

function earliest(a: string | undefined, b: string | undefined): string | undefined {
  if (!a) {
    return b;
  }
  if (!b) {
    return a;
  }
  return a <= b ? a : b;
}

function latest(a: string | undefined, b: string | undefined): string | undefined {
  if (!a) {
    return b;
  }
  if (!b) {
    return a;
  }
  return a >= b ? a : b;
}

export interface SessionRecord extends Session {
  titlePriority: number;
}

export function mergeSession(existing: SessionRecord | undefined, patch: SessionPatch, source: string): SessionRecord {
  const base: SessionRecord = existing ?? {
    agent: patch.agent,
    id: patch.id,
    cwd: '',
    startedAt: '',
    updatedAt: '',
    models: [],
    sources: [],
    titlePriority: -1,
  };
  const next: SessionRecord = { ...base, models: [...base.models], sources: [...base.sources] };
  if (patch.cwd) {
    next.cwd = patch.cwd;
  }
  if (patch.title !== undefined && patch.title.trim() !== '') {
    const priority = patch.titlePriority ?? 0;
    // Equal priority: the later record wins (Claude re-appends metadata at exit; last one is current).
    if (priority >= next.titlePriority) {
      next.title = patch.title;
      next.titlePriority = priority;
    }
  }
  if (patch.timestamp) {
    next.startedAt = earliest(next.startedAt, patch.timestamp) ?? '';
    next.updatedAt = latest(next.updatedAt, patch.timestamp) ?? '';
  }
  if (patch.model && !next.models.includes(patch.model)) {
    next.models.push(patch.model);
  }
  if (patch.parentSessionId) {
    next.parentSessionId = patch.parentSessionId;
  }
  if (patch.cliVersion) {
    next.cliVersion = patch.cliVersion;
  }
  if (patch.promptTree) {
    next.promptTree = patch.promptTree;
  }
  if (source && !next.sources.includes(source)) {
    next.sources.push(source);
  }
  return next;
}

/** Extend a session's time span with a prompt's or step's timestamp. */
export function touchSession(session: SessionRecord, timestamp: string | undefined): void {
  if (!timestamp) {
    return;
  }
  session.startedAt = earliest(session.startedAt, timestamp) ?? '';
  session.updatedAt = latest(session.updatedAt, timestamp) ?? '';
}

/** Apply a step patch. A new step needs `type` (tool when absent but `name` is given). */
export function mergeStep(existing: Step | undefined, patch: StepPatch, fallbackPromptId: string): Step {
  const type = patch.type ?? existing?.type ?? (patch.name !== undefined ? 'tool' : 'text');
  const promptId = existing?.promptId ?? patch.promptId ?? fallbackPromptId;
  const timestamp = existing?.timestamp || patch.timestamp || '';
  if (type === 'tool') {
    const prev: Partial<ToolCallStep> = existing?.type === 'tool' ? existing : {};
    const step: ToolCallStep = {
      type: 'tool',
      id: patch.id,
      promptId,
      timestamp,
      name: patch.name ?? prev.name ?? 'unknown',
      kind: patch.kind ?? prev.kind ?? 'other',
      input: patch.input !== undefined ? patch.input : prev.input,
      fileChanges: patch.fileChanges ?? prev.fileChanges ?? [],
      reads: patch.reads ?? prev.reads ?? [],
    };
    const result = patch.result ?? prev.result;
    if (result) {
      step.result = result;
    }
    const durationMs = patch.durationMs ?? prev.durationMs;
    if (durationMs !== undefined) {
      step.durationMs = durationMs;
    }
    const command = patch.command ?? prev.command;
    if (command) {
      step.command = command;
    }
    const child = patch.childSessionId ?? prev.childSessionId;
    if (child) {
      step.childSessionId = child;
    }
    return step;
  }
  const prevText = existing && existing.type !== 'tool' ? existing.text : '';
  const text = patch.text ?? prevText;
  if (type === 'reasoning') {
    return { type: 'reasoning', id: patch.id, promptId, timestamp, text };
  }
  const model = patch.model ?? (existing?.type === 'text' ? existing.model : undefined);
  return model
    ? { type: 'text', id: patch.id, promptId, timestamp, text, model }
    : { type: 'text', id: patch.id, promptId, timestamp, text };
}
