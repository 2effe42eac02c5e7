// What the timeline webview shows of a session, built from the normalized model. Pure. Sizes are bounded here, not in
// the page: outputs are cut to `outputLimit` (the rest on request) and file contents never travel — a diff is built
// only when the page asks for it (timelineDiff.ts). A long session goes as an outline (buildTimelineOutline) and its
// steps a range of prompts at a time (timelineSteps).
import { shellWrites } from '../checkpoints/shellWrites';
import { agentLabels, type FileChange, type PromptTree, type Session, type SessionDetail, type Step, type ToolCallStep } from '../model';
import { otherBranchMarks } from '../promptBranches';
import type { SessionOutline, VersionedPrompt } from '../readModel';
import { isObject, nonEmpty } from '../jsonValues';
import { stripAnsi } from './ansi';
import { lineCounts } from './lineCounts';
import { outputLimit, type TimelineCounts, type TimelineFileEdit, type TimelineFilter, type TimelinePrompt, type TimelinePromptSteps, type TimelineSession, type TimelineStep } from './timelineProtocol';

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
export function changedFilesOf(changes: readonly { path: string; movePath?: string }[], commands: readonly { command: string; cwd?: string }[], cwd: string): string[] {
  const out = new Set<string>();
  for (const c of changes) {
    out.add(c.path);
    if (c.movePath !== undefined) {
      out.add(c.movePath);
    }
  }
  for (const c of commands) {
    for (const p of shellWrites(c.command, c.cwd ?? cwd)) {
      out.add(p);
    }
  }
  return [...out];
}

function changedFiles(steps: readonly Step[], cwd: string): string[] {
  const tools = steps.filter((s): s is ToolCallStep => s.type === 'tool');
  return changedFilesOf(
    tools.flatMap((s) => s.fileChanges),
    tools.flatMap((s) => (s.command ? [s.command] : [])),
    cwd,
  );
}

function durationBetween(start: string, end: string): number {
  const ms = Date.parse(end) - Date.parse(start);
  return Number.isFinite(ms) && ms > 0 ? ms : 0;
}

/** The filters a prompt has steps for, from its counts. */
function filtersOf(c: { edits: number; commands: number; failures: number }): TimelineFilter[] {
  const has: TimelineFilter[] = [];
  if (c.edits > 0) {
    has.push('edits');
  }
  if (c.commands > 0) {
    has.push('commands');
  }
  if (c.failures > 0) {
    has.push('failures');
  }
  return has;
}

/** What the page shows of a prompt's steps (outputs cut), as `steps` messages and the outline carry them. */
export function timelineSteps(steps: readonly Step[]): TimelineStep[] {
  return steps.map(timelineStep);
}

/** A prompt's steps as a `steps` message (and the outline) carries them. */
export function timelinePromptSteps(p: VersionedPrompt): TimelinePromptSteps {
  return { index: p.index, version: p.version, steps: timelineSteps(p.steps) };
}

function stepCounts(steps: readonly TimelineStep[]): { toolCalls: number; edits: number; commands: number; failures: number; files: string[] } {
  const out = { toolCalls: 0, edits: 0, commands: 0, failures: 0, files: [] as string[] };
  for (const s of steps) {
    if (s.type === 'text' || s.type === 'reasoning') {
      continue;
    }
    out.toolCalls++;
    if (s.type === 'edit') {
      out.edits++;
      for (const f of s.files) {
        out.files.push(f.movePath ?? f.path);
      }
    } else if (s.type === 'command') {
      out.commands++;
    }
    if ((s.type === 'command' || s.type === 'tool') && s.isError) {
      out.failures++;
    } else if ((s.type === 'edit' || s.type === 'read') && s.error !== undefined) {
      out.failures++;
    }
  }
  return out;
}

function sessionFields(sessionKey: string, session: Session, firstPrompt: string, counts: TimelineCounts): Omit<TimelineSession, 'prompts'> {
  return {
    key: sessionKey,
    agent: session.agent,
    agentLabel: agentLabels[session.agent],
    id: session.id,
    title: session.title ?? (firstPrompt.split('\n')[0].slice(0, 120) || session.id),
    cwd: session.cwd,
    models: session.models,
    startedAt: session.startedAt,
    updatedAt: session.updatedAt,
    durationMs: durationBetween(session.startedAt, session.updatedAt),
    counts,
  };
}

/**
 * The whole session at once, every prompt with its steps: the reference the outline is checked against, and what
 * small callers use. Without the store, a prompt's version is its step count.
 */
export function buildTimeline(sessionKey: string, detail: SessionDetail): TimelineSession {
  const counts: TimelineCounts = { prompts: detail.prompts.length, toolCalls: 0, edits: 0, commands: 0, failures: 0, filesChanged: 0 };
  const files = new Set<string>();
  const prompts: TimelinePrompt[] = detail.prompts.map((p) => {
    const steps = timelineSteps(p.steps);
    const c = stepCounts(steps);
    counts.toolCalls += c.toolCalls;
    counts.edits += c.edits;
    counts.commands += c.commands;
    counts.failures += c.failures;
    for (const f of c.files) {
      files.add(f);
    }
    return { index: p.index, id: p.id, text: p.text, timestamp: p.timestamp, changedFiles: changedFiles(p.steps, detail.cwd), stepCount: steps.length, has: filtersOf(c), version: String(steps.length), steps };
  });
  counts.filesChanged = files.size;
  return { ...sessionFields(sessionKey, detail, detail.prompts[0]?.text ?? '', counts), prompts: markBranches(prompts, detail.promptTree) };
}

/** The page's first view of a session: every prompt without its steps (the store's outline), no body read. */
export function buildTimelineOutline(sessionKey: string, outline: SessionOutline): TimelineSession {
  const counts: TimelineCounts = { prompts: outline.prompts.length, toolCalls: 0, edits: 0, commands: 0, failures: 0, filesChanged: outline.filesChanged };
  const prompts: TimelinePrompt[] = outline.prompts.map((p) => {
    counts.toolCalls += p.toolCalls;
    counts.edits += p.edits;
    counts.commands += p.commands;
    counts.failures += p.failures;
    return { index: p.index, id: p.id, text: p.text, timestamp: p.timestamp, changedFiles: changedFilesOf(p.changes, p.commandLines, outline.cwd), stepCount: p.stepCount, has: filtersOf(p), version: p.version };
  });
  return { ...sessionFields(sessionKey, outline, outline.prompts[0]?.text ?? '', counts), prompts: markBranches(prompts, outline.promptTree) };
}

/** Each prompt of a branch the session did not end on, marked with which (TimelinePrompt.branch). */
function markBranches(prompts: TimelinePrompt[], tree: PromptTree | undefined): TimelinePrompt[] {
  const marks = otherBranchMarks(prompts, tree);
  if (marks.size === 0) {
    return prompts;
  }
  return prompts.map((p) => {
    const branch = marks.get(p.id);
    return branch === undefined ? p : { ...p, branch };
  });
}

/** Prompts sent with the outline around where the page opens: more than a screen of them. */
const promptsBefore = 2;
const promptsAfter = 10;

/**
 * The index range of the prompts whose steps go with the outline: around the prompt the page opens at (a reveal
 * target, or where it was scrolled before a reload), else the first ones. Undefined for a session without prompts.
 */
export function openingRange(timeline: TimelineSession, at: (p: TimelinePrompt) => boolean): { from: number; to: number } | undefined {
  const pos = Math.max(0, timeline.prompts.findIndex(at));
  const first = timeline.prompts[Math.max(0, pos - promptsBefore)];
  const last = timeline.prompts[Math.min(timeline.prompts.length - 1, pos + promptsAfter)];
  return first && last ? { from: first.index, to: last.index } : undefined;
}

/**
 * The outline with the given prompts' steps in it. Steps read after the outline may be newer than it: they go only
 * at the outline's version (the page asks again for the others when the reload brings the new outline).
 */
export function withSteps(timeline: TimelineSession, loaded: readonly TimelinePromptSteps[]): TimelineSession {
  const byIndex = new Map(loaded.map((p) => [p.index, p]));
  const prompts = timeline.prompts.map((p) => {
    const steps = byIndex.get(p.index);
    return steps && steps.version === p.version ? { ...p, steps: steps.steps } : p;
  });
  return { ...timeline, prompts };
}

/** The recorded change a `changeId` names within its step, for requestDiff. */
export function changeOf(step: Step | undefined, id: string): FileChange | undefined {
  const parsed = parseChangeId(id);
  return parsed && step?.type === 'tool' && step.id === parsed.stepId ? step.fileChanges[parsed.position] : undefined;
}

/** The full, ANSI-stripped output (or result) of one step, for "show all". */
export function stepOutput(step: Step | undefined): string | undefined {
  return step?.type === 'tool' ? stripAnsi(step.command?.output ?? step.result?.text ?? '') : undefined;
}

/** The recorded change a `changeId` names, for requestDiff. */
export function findChange(detail: SessionDetail, id: string): FileChange | undefined {
  const parsed = parseChangeId(id);
  return parsed && changeOf(findStep(detail, parsed.stepId), id);
}

/** The full, ANSI-stripped output (or result) of one step, for "show all". */
export function fullOutput(detail: SessionDetail, stepId: string): string | undefined {
  return stepOutput(findStep(detail, stepId));
}

function findStep(detail: SessionDetail, stepId: string): Step | undefined {
  for (const p of detail.prompts) {
    for (const s of p.steps) {
      if (s.id === stepId) {
        return s;
      }
    }
  }
  return undefined;
}
