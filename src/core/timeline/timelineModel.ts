// What the timeline webview shows of a session, built from the normalized model. Pure. Sizes are bounded here, not in
// the page: outputs are cut to `outputLimit` (the rest on request) and file contents never travel — a diff is built
// only when the page asks for it (timelineDiff.ts) — so a 500-prompt session is a message the page can take at once.
import { shellWrites } from '../checkpoints/shellWrites';
import { agentLabels, type FileChange, type SessionDetail, type Step, type ToolCallStep } from '../model';
import { isObject, nonEmpty } from '../jsonValues';
import { stripAnsi } from './ansi';
import { lineCounts } from './lineCounts';
import { outputLimit, type TimelineCounts, type TimelineFileEdit, type TimelinePrompt, type TimelineSession, type TimelineStep } from './timelineProtocol';

/** Line counts are computed for changes whose sides are both this small; bigger ones are counted when opened. */
const countLimit = 64 * 1024;

export function changeId(stepId: string, position: number): string {
  return `${stepId}#${position}`;
}

/** The step id and position a `changeId` names; undefined when it is not one. */
export function parseChangeId(id: string): { stepId: string; position: number } | undefined {
  const at = id.lastIndexOf('#');
  const position = Number(id.slice(at + 1));
  return at > 0 && Number.isInteger(position) && position >= 0 ? { stepId: id.slice(0, at), position } : undefined;
}

function cut(text: string): { text: string; length: number; truncated: boolean } {
  const clean = stripAnsi(text);
  return clean.length > outputLimit ? { text: clean.slice(0, outputLimit), length: clean.length, truncated: true } : { text: clean, length: clean.length, truncated: false };
}

function lineCount(text: string): number {
  if (text === '') {
    return 0;
  }
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < text.length - 1; i = text.indexOf('\n', i + 1)) {
    n++;
  }
  return n;
}

function fileEdit(step: ToolCallStep, change: FileChange, position: number): TimelineFileEdit {
  const out: TimelineFileEdit = { changeId: changeId(step.id, position), path: change.path, op: change.op };
  if (change.movePath !== undefined) {
    out.movePath = change.movePath;
  }
  if (change.before !== undefined && change.after !== undefined) {
    const before = change.before ?? '';
    const after = change.after ?? '';
    if (before.length <= countLimit && after.length <= countLimit) {
      const { added, removed } = lineCounts(before, after);
      out.added = added;
      out.removed = removed;
      out.diffLines = added + removed;
    } else {
      out.diffLines = lineCount(before) + lineCount(after);
    }
  } else if (change.patch !== undefined) {
    out.diffLines = lineCount(change.patch);
  }
  return out;
}

/** One line saying what a generic tool call was for, from the input fields agents commonly use. */
export function toolSummary(input: unknown): string {
  if (!isObject(input)) {
    return typeof input === 'string' ? input.split('\n')[0] : '';
  }
  for (const key of ['description', 'pattern', 'query', 'url', 'prompt', 'file_path', 'path', 'absolute_path', 'dir_path', 'command']) {
    const value = nonEmpty(input[key]);
    if (value !== undefined) {
      return value.split('\n')[0];
    }
  }
  return '';
}

function errorText(step: ToolCallStep): string | undefined {
  return step.result?.isError ? cut(step.result.text).text || 'The tool reported an error.' : undefined;
}

function toolStep(step: ToolCallStep): TimelineStep {
  const base = { id: step.id, timestamp: step.timestamp, name: step.name };
  if (step.command || step.kind === 'shell') {
    const command = step.command;
    const output = cut(command?.output ?? step.result?.text ?? '');
    const exitCode = command?.exitCode ?? null;
    const out: TimelineStep = {
      ...base,
      type: 'command',
      command: command?.command ?? toolSummary(step.input),
      exitCode,
      output: output.text,
      outputLength: output.length,
      truncated: output.truncated,
      isError: (exitCode !== null && exitCode !== 0) || step.result?.isError === true,
    };
    if (command?.cwd !== undefined) {
      out.cwd = command.cwd;
    }
    const duration = command?.durationMs ?? step.durationMs;
    if (duration !== undefined) {
      out.durationMs = duration;
    }
    return out;
  }
  const error = errorText(step);
  if (step.fileChanges.length > 0 || step.kind === 'edit' || step.kind === 'write' || step.kind === 'delete') {
    const out: TimelineStep = { ...base, type: 'edit', files: step.fileChanges.map((c, i) => fileEdit(step, c, i)) };
    if (error !== undefined) {
      out.error = error;
    }
    return out;
  }
  if (step.kind === 'read' && step.reads.length > 0) {
    const out: TimelineStep = { ...base, type: 'read', reads: step.reads.map((r) => ({ ...r })) };
    if (error !== undefined) {
      out.error = error;
    }
    return out;
  }
  const result = cut(step.result?.text ?? '');
  const out: TimelineStep = {
    ...base,
    type: 'tool',
    kind: step.kind,
    summary: toolSummary(step.input),
    result: result.text,
    resultLength: result.length,
    truncated: result.truncated,
    isError: step.result?.isError === true,
  };
  if (step.childSessionId !== undefined) {
    out.childSessionId = step.childSessionId;
  }
  return out;
}

function timelineStep(step: Step): TimelineStep {
  switch (step.type) {
    case 'text': {
      const out: TimelineStep = { id: step.id, timestamp: step.timestamp, type: 'text', text: step.text };
      if (step.model !== undefined) {
        out.model = step.model;
      }
      return out;
    }
    case 'reasoning':
      return { id: step.id, timestamp: step.timestamp, type: 'reasoning', text: step.text };
    case 'tool':
      return toolStep(step);
  }
}

/** Files a prompt changed: recorded edits and moves, and what its shell commands name as written. */
function changedFiles(steps: readonly Step[], cwd: string): string[] {
  const out = new Set<string>();
  for (const s of steps) {
    if (s.type !== 'tool') {
      continue;
    }
    for (const c of s.fileChanges) {
      out.add(c.path);
      if (c.movePath !== undefined) {
        out.add(c.movePath);
      }
    }
    if (s.command) {
      for (const p of shellWrites(s.command.command, s.command.cwd ?? cwd)) {
        out.add(p);
      }
    }
  }
  return [...out];
}

function durationBetween(start: string, end: string): number {
  const ms = Date.parse(end) - Date.parse(start);
  return Number.isFinite(ms) && ms > 0 ? ms : 0;
}

export function buildTimeline(sessionKey: string, detail: SessionDetail): TimelineSession {
  const counts: TimelineCounts = { prompts: detail.prompts.length, toolCalls: 0, edits: 0, commands: 0, failures: 0, filesChanged: 0 };
  const files = new Set<string>();
  const prompts: TimelinePrompt[] = detail.prompts.map((p) => {
    const steps = p.steps.map(timelineStep);
    for (const s of steps) {
      if (s.type === 'text' || s.type === 'reasoning') {
        continue;
      }
      counts.toolCalls++;
      if (s.type === 'edit') {
        counts.edits++;
        for (const f of s.files) {
          files.add(f.movePath ?? f.path);
        }
      } else if (s.type === 'command') {
        counts.commands++;
      }
      if ((s.type === 'command' || s.type === 'tool') && s.isError) {
        counts.failures++;
      } else if ((s.type === 'edit' || s.type === 'read') && s.error !== undefined) {
        counts.failures++;
      }
    }
    return { index: p.index, id: p.id, text: p.text, timestamp: p.timestamp, steps, changedFiles: changedFiles(p.steps, detail.cwd) };
  });
  counts.filesChanged = files.size;
  const firstPrompt = detail.prompts[0]?.text ?? '';
  return {
    key: sessionKey,
    agent: detail.agent,
    agentLabel: agentLabels[detail.agent],
    id: detail.id,
    title: detail.title ?? (firstPrompt.split('\n')[0].slice(0, 120) || detail.id),
    cwd: detail.cwd,
    models: detail.models,
    startedAt: detail.startedAt,
    updatedAt: detail.updatedAt,
    durationMs: durationBetween(detail.startedAt, detail.updatedAt),
    counts,
    prompts,
  };
}

/** The recorded change a `changeId` names, for requestDiff. */
export function findChange(detail: SessionDetail, id: string): FileChange | undefined {
  const parsed = parseChangeId(id);
  if (!parsed) {
    return undefined;
  }
  for (const p of detail.prompts) {
    for (const s of p.steps) {
      if (s.type === 'tool' && s.id === parsed.stepId) {
        return s.fileChanges[parsed.position];
      }
    }
  }
  return undefined;
}

/** The full, ANSI-stripped output (or result) of one step, for "show all". */
export function fullOutput(detail: SessionDetail, stepId: string): string | undefined {
  for (const p of detail.prompts) {
    for (const s of p.steps) {
      if (s.type === 'tool' && s.id === stepId) {
        return stripAnsi(s.command?.output ?? s.result?.text ?? '');
      }
    }
  }
  return undefined;
}
