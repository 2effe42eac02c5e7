// Folds index operations into complete sessions in memory. The reference semantics for the sql.js store,
// and what adapter tests assert against.
import type { PromptDetail, SessionDetail, Step } from './model';
import { mergeSession, mergeStep, touchSession, type SessionRecord } from './merge';
import type { IndexOp } from './ops';

interface FoldSession {
  record: SessionRecord;
  prompts: PromptDetail[];
  /** step id → prompt holding it */
  stepOwner: Map<string, PromptDetail>;
}

export type FileBackupOp = Extract<IndexOp, { op: 'fileBackup' }>;

export class SessionFold {
  private readonly sessions = new Map<string, FoldSession>();
  /** Agent file backups seen, in order (the store archives them; tests inspect them here). */
  readonly backups: FileBackupOp[] = [];

  apply(ops: readonly IndexOp[], source: string): void {
    for (const op of ops) {
      this.applyOne(op, source);
    }
  }

  private session(id: string, source: string, agentHint?: SessionRecord['agent']): FoldSession {
    let s = this.sessions.get(id);
    if (!s) {
      s = {
        record: mergeSession(undefined, { agent: agentHint ?? 'claude-code', id }, source),
        prompts: [],
        stepOwner: new Map(),
      };
      this.sessions.set(id, s);
    }
    return s;
  }

  private applyOne(op: IndexOp, source: string): void {
    switch (op.op) {
      case 'session': {
        const existing = this.sessions.get(op.session.id);
        const record = mergeSession(existing?.record, op.session, source);
        if (existing) {
          existing.record = record;
        } else {
          this.sessions.set(op.session.id, { record, prompts: [], stepOwner: new Map() });
        }
        return;
      }
      case 'prompt': {
        const s = this.session(op.sessionId, source);
        const existing = s.prompts.find((p) => p.id === op.id);
        if (existing) {
          existing.text = op.text;
          existing.timestamp = existing.timestamp || op.timestamp;
        } else {
          s.prompts.push({
            sessionId: op.sessionId,
            id: op.id,
            index: s.prompts.length + 1,
            text: op.text,
            timestamp: op.timestamp,
            steps: [],
          });
        }
        touchSession(s.record, op.timestamp);
        return;
      }
      case 'step': {
        const s = this.session(op.sessionId, source);
        const owner = s.stepOwner.get(op.step.id);
        if (owner) {
          const i = owner.steps.findIndex((st) => st.id === op.step.id);
          owner.steps[i] = mergeStep(owner.steps[i], op.step, owner.id);
        } else {
          const prompt = this.promptFor(s, op.step.promptId, op.step.timestamp ?? '');
          const step: Step = mergeStep(undefined, op.step, prompt.id);
          prompt.steps.push(step);
          s.stepOwner.set(step.id, prompt);
        }
        touchSession(s.record, op.step.timestamp);
        return;
      }
      case 'fileBackup': {
        this.backups.push(op);
        return;
      }
      case 'rewind': {
        const s = this.sessions.get(op.sessionId);
        if (s) {
          rewind(s, op.recordId);
        }
        return;
      }
    }
  }

  /** The prompt a new step belongs to: the named one, else the latest; created when there is none yet. */
  private promptFor(s: FoldSession, promptId: string | undefined, timestamp: string): PromptDetail {
    const named = promptId ? s.prompts.find((p) => p.id === promptId) : undefined;
    if (named) {
      return named;
    }
    if (!promptId && s.prompts.length > 0) {
      return s.prompts[s.prompts.length - 1];
    }
    const id = promptId ?? `${s.record.id}:preamble`;
    const created: PromptDetail = { sessionId: s.record.id, id, index: s.prompts.length + 1, text: '', timestamp, steps: [] };
    s.prompts.push(created);
    return created;
  }

  result(): SessionDetail[] {
    return [...this.sessions.values()].map((s) => {
      const { titlePriority: _ignored, ...session } = s.record;
      return { ...session, prompts: s.prompts.map((p) => ({ ...p, steps: [...p.steps] })) };
    });
  }

  get(id: string): SessionDetail | undefined {
    return this.result().find((s) => s.id === id);
  }
}

function rewind(s: FoldSession, recordId: string | undefined): void {
  if (recordId === undefined) {
    s.stepOwner.clear();
    s.prompts.splice(0);
    return;
  }
  const promptIdx = s.prompts.findIndex((p) => p.id === recordId);
  if (promptIdx >= 0) {
    for (const p of s.prompts.slice(promptIdx)) {
      for (const st of p.steps) {
        s.stepOwner.delete(st.id);
      }
    }
    s.prompts.splice(promptIdx);
    return;
  }
  const owner = s.stepOwner.get(recordId);
  if (!owner) {
    return;
  }
  const stepIdx = owner.steps.findIndex((st) => st.id === recordId);
  for (const st of owner.steps.slice(stepIdx)) {
    s.stepOwner.delete(st.id);
  }
  owner.steps.splice(stepIdx);
  const pIdx = s.prompts.indexOf(owner);
  for (const p of s.prompts.slice(pIdx + 1)) {
    for (const st of p.steps) {
      s.stepOwner.delete(st.id);
    }
  }
  s.prompts.splice(pIdx + 1);
}
