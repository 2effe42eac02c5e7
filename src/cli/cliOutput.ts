// What `agent-trail` prints: the JSON shapes documented in the README, and the human-readable forms.
import { pluralize } from '../core/plural';
import { formatDistanceToNowStrict } from 'date-fns';
import { agentLabels, type SessionDetail, type ToolCallStep } from '../core/model';
import { displayPath } from '../core/paths';
import { promptBranches } from '../core/promptBranches';
import type { SessionSummary } from '../core/readModel';
import { terminalBlock, terminalText } from './terminalText';

export interface SessionJson {
  id: string;
  agent: string;
  title: string;
  cwd: string;
  startedAt: string;
  updatedAt: string;
  promptCount: number;
  filesChanged: string[];
  models: string[];
  parentSessionId?: string;
}

export function sessionJson(s: SessionSummary, changedPaths: readonly string[], folders: readonly string[]): SessionJson {
  const out: SessionJson = {
    id: s.id,
    agent: s.agent,
    title: s.title,
    cwd: displayPath(s.cwd, folders),
    startedAt: s.startedAt,
    updatedAt: s.updatedAt,
    promptCount: s.promptCount,
    filesChanged: changedPaths.map((p) => displayPath(p, folders)),
    models: s.models,
  };
  if (s.parentSessionId) {
    out.parentSessionId = s.parentSessionId;
  }
  return out;
}

export interface PromptJson {
  index: number;
  id: string;
  text: string;
  startedAt: string;
  filesRead: string[];
  filesChanged: string[];
  commands: { command: string; exitCode: number | null; failed: boolean; output: string }[];
  steps: unknown[];
  /** Only on a prompt of a branch the session did not end on (Pi `/tree`): which one (1-based, as in `branches`). */
  otherBranch?: number;
}

/** A branched session's conversations, by prompt index (core/promptBranches.ts). */
export interface BranchesJson {
  endedOn: number[];
  others: { forkedFrom: number | null; prompts: number[]; label?: string }[];
}

function branchesJson(detail: SessionDetail): BranchesJson | undefined {
  const { endedOn, others } = promptBranches(detail.prompts.map((p) => p.id), detail.promptTree);
  if (others.length === 0) {
    return undefined;
  }
  const index = new Map(detail.prompts.map((p) => [p.id, p.index]));
  const idx = (id: string): number => index.get(id) ?? 0;
  return {
    endedOn: endedOn.map(idx),
    others: others.map((b) => ({ forkedFrom: b.forkedFrom === null ? null : idx(b.forkedFrom), prompts: b.promptIds.map(idx), ...(b.label !== undefined ? { label: b.label } : {}) })),
  };
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

/** `timeNote`: the agent records no time per prompt or step, and what the times are instead (AgentDescriptor.timeNote). */
export type ShowJson = SessionJson & { prompts: PromptJson[]; branches?: BranchesJson; timeNote?: string };

export function showJson(summary: SessionJson, detail: SessionDetail, folders: readonly string[]): ShowJson {
  const branches = branchesJson(detail);
  const prompts = detail.prompts.map((p): PromptJson => {
    const tools = p.steps.filter((s): s is ToolCallStep => s.type === 'tool');
    return {
      index: p.index,
      id: p.id,
      text: p.text,
      startedAt: p.timestamp,
      filesRead: unique(tools.flatMap((t) => t.reads.map((r) => displayPath(r.path, folders)))),
      filesChanged: unique(tools.flatMap((t) => t.fileChanges.flatMap((c) => [c.path, ...(c.movePath ? [c.movePath] : [])]).map((x) => displayPath(x, folders)))),
      commands: tools
        .filter((t) => t.command)
        .map((t) => {
          const exitCode = t.command?.exitCode ?? null;
          return { command: t.command?.command ?? '', exitCode, failed: exitCode !== null ? exitCode !== 0 : t.result?.isError === true, output: t.command?.output ?? '' };
        }),
      steps: p.steps,
      ...otherBranchOf(branches, p.index),
    };
  });
  return branches ? { ...summary, branches, prompts } : { ...summary, prompts };
}

function otherBranchOf(branches: BranchesJson | undefined, index: number): { otherBranch?: number } {
  const i = branches?.others.findIndex((b) => b.prompts.includes(index)) ?? -1;
  return i >= 0 ? { otherBranch: i + 1 } : {};
}

function agentLabel(agent: string): string {
  return agentLabels[agent as keyof typeof agentLabels] ?? terminalText(agent);
}

function ago(ts: string): string {
  const d = new Date(ts);
  return Number.isNaN(d.getTime()) ? '' : formatDistanceToNowStrict(d, { addSuffix: true });
}

/** A title or command on one line, its control characters escaped (terminalText.ts), at most `max` characters. */
function oneLine(text: string, max: number): string {
  const line = terminalText(text.replace(/\s+/g, ' ').trim());
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** Paths from transcripts, escaped one by one: a newline in a file name must not start a new output line. */
function pathList(paths: readonly string[]): string {
  return paths.map(terminalText).join(', ');
}

export function sessionsText(sessions: readonly SessionJson[]): string {
  if (sessions.length === 0) {
    return 'No agent sessions found for this workspace.\n';
  }
  const rows = sessions.map((s) => [terminalText(s.id.slice(0, 8)), agentLabel(s.agent), ago(s.updatedAt), pluralize(s.promptCount, 'prompt'), pluralize(s.filesChanged.length, 'file'), oneLine(s.title, 70)]);
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ')).join('\n') + '\n';
}

export function showText(s: ShowJson): string {
  const lines: string[] = [];
  lines.push(terminalText(s.title));
  lines.push(`${agentLabel(s.agent)} · ${terminalText(s.id)} · ${terminalText(s.cwd)} · ${terminalText(s.models.join(', ')) || 'model unknown'}`);
  lines.push(`started ${terminalText(s.startedAt)} · updated ${terminalText(s.updatedAt)} (${ago(s.updatedAt)})`);
  if (s.timeNote !== undefined) {
    lines.push(`times not recorded: ${terminalText(s.timeNote)}`);
  }
  if (s.branches) {
    // Prompts stay in the order they ran (every branch's edits happened on disk); these lines say which is which.
    lines.push(`ended on: ${s.branches.endedOn.map((i) => `#${i}`).join(' → ')}`);
    s.branches.others.forEach((b, i) => {
      const from = b.forkedFrom === null ? 'from the start' : `from #${b.forkedFrom}`;
      lines.push(`other branch ${i + 1}${b.label !== undefined ? ` "${oneLine(b.label, 60)}"` : ''}: ${b.prompts.map((n) => `#${n}`).join(' → ')} (${from})`);
    });
  }
  for (const p of s.prompts) {
    lines.push('');
    lines.push(`#${p.index}  ${terminalText(p.startedAt)}${p.otherBranch !== undefined ? `  [other branch ${p.otherBranch}]` : ''}`);
    // The prompt's own line breaks are its layout; each line is quoted, with its tabs kept.
    for (const l of p.text.split('\n')) {
      lines.push(`  > ${terminalBlock(l)}`);
    }
    if (p.filesChanged.length > 0) {
      lines.push(`  changed: ${pathList(p.filesChanged)}`);
    }
    if (p.filesRead.length > 0) {
      lines.push(`  read:    ${pathList(p.filesRead)}`);
    }
    for (const c of p.commands) {
      const status = c.exitCode !== null ? (c.exitCode === 0 ? '✓' : `✗ ${c.exitCode}`) : c.failed ? '✗' : '?';
      lines.push(`  $ ${oneLine(c.command, 100)}  [${status}]`);
    }
  }
  return lines.join('\n') + '\n';
}
