// Shared helpers for the Claude Code adapter tests: fixture locations, transcript files, step filters.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { TranscriptFile } from '../../../../src/adapters/adapter';
import { claudeCodeAdapter } from '../../../../src/adapters/claudeCode/claudeCodeAdapter';
import type { PromptDetail, SessionDetail, Step, ToolCallStep } from '../../../../src/core/model';
import type { IndexOp, ParseIssue } from '../../../../src/core/ops';
import { SessionFold } from '../../../../src/core/sessionFold';
import { runAdapter, type AdapterRun } from '../../helpers/parseWithAdapter';

export const fixturesDir = join(process.cwd(), 'test/fixtures');
export const publicDir = join(fixturesDir, 'public/claude-code');
export const recordedDir = join(fixturesDir, 'recorded');
export const malformedDir = join(fixturesDir, 'malformed/claude-code');

export function transcript(path: string, parentSessionId?: string): TranscriptFile {
  return parentSessionId === undefined
    ? { agent: 'claude-code', path, mode: 'append' }
    : { agent: 'claude-code', path, mode: 'append', parentSessionId };
}

export function run(files: TranscriptFile[], chunks = 1): AdapterRun {
  return runAdapter(claudeCodeAdapter, files, { chunks });
}

export function toolSteps(steps: readonly Step[]): ToolCallStep[] {
  return steps.filter((s): s is ToolCallStep => s.type === 'tool');
}

export function allTools(session: SessionDetail): ToolCallStep[] {
  return session.prompts.flatMap((p) => toolSteps(p.steps));
}

export function session(sessions: SessionDetail[], id: string): SessionDetail {
  const found = sessions.find((s) => s.id === id);
  if (!found) {
    throw new Error(`no session ${id} among ${sessions.map((s) => s.id).join(', ')}`);
  }
  return found;
}

export function tool(prompt: PromptDetail, name: string, nth = 0): ToolCallStep {
  const found = toolSteps(prompt.steps).filter((s) => s.name === name)[nth];
  if (!found) {
    throw new Error(`no ${name} #${nth} in prompt ${prompt.index}`);
  }
  return found;
}

/** All `*.jsonl` files below a directory, sorted. */
export function jsonlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      out.push(...jsonlFiles(p));
    } else if (name.endsWith('.jsonl')) {
      out.push(p);
    }
  }
  return out.sort();
}

export interface ScriptedCall {
  name: string;
  input: Record<string, unknown>;
}

export interface ScriptedStep {
  text?: string;
  tool_use?: ScriptedCall | ScriptedCall[];
}

export interface Scenario {
  turns: Array<{ prompt: string; steps: ScriptedStep[] }>;
  subagent_turns?: Array<{ steps: ScriptedStep[] }>;
}

export function scriptedCalls(step: ScriptedStep): ScriptedCall[] {
  if (!step.tool_use) {
    return [];
  }
  return Array.isArray(step.tool_use) ? step.tool_use : [step.tool_use];
}

/** A recorded fixture (see test/fixtures/recorded/README.md). */
export interface Recorded {
  /** Directory with snapshots/, step-snapshots/, meta.txt. */
  dir: string;
  /** The Claude config root used during the run (what `~/.claude` was). */
  claudeRoot: string;
  /** Absolute repo path during the run (inside the transcripts). */
  repo: string;
  scenario: Scenario;
  transcripts: TranscriptFile[];
}

export function recorded(name: string, scenarioName: string, claudeRoot?: string): Recorded | undefined {
  const dir = join(recordedDir, name);
  if (!existsSync(join(dir, 'meta.txt'))) {
    return undefined;
  }
  const meta = readFileSync(join(dir, 'meta.txt'), 'utf8');
  const repo = /^repo path during run: (.+)$/m.exec(meta)?.[1]?.trim();
  if (!repo) {
    throw new Error(`no repo path in ${name}/meta.txt`);
  }
  const root = claudeRoot ?? join(dir, 'claude-home');
  const scenario = JSON.parse(readFileSync(join(fixturesDir, 'scenarios', scenarioName), 'utf8')) as Scenario;
  const transcripts = jsonlFiles(join(root, 'projects')).map((p) => {
    const parent = /[\\/]([^\\/]+)[\\/]subagents[\\/]/.exec(p)?.[1];
    return transcript(p, parent);
  });
  return { dir, claudeRoot: root, repo, scenario, transcripts };
}

export function readIfExists(path: string): string | null {
  return existsSync(path) ? readFileSync(path, 'utf8') : null;
}

/**
 * Runs in-memory records (one JSON line each) through the adapter, fed in `chunks` like the indexer does,
 * with the state round-tripped through JSON. For rule-level tests; real formats are covered by fixtures.
 */
export function runRecords(
  records: ReadonlyArray<Record<string, unknown>>,
  options: { path?: string; parentSessionId?: string; chunks?: number } = {},
): { sessions: SessionDetail[]; ops: IndexOp[]; issues: ParseIssue[]; fold: SessionFold } {
  const file = transcript(options.path ?? '/home/u/.claude/projects/-r/s1.jsonl', options.parentSessionId);
  const lines = records.map((r, i) => ({ text: JSON.stringify(r), offset: i, lineNo: i + 1 }));
  const chunks = Math.max(1, options.chunks ?? 1);
  const size = Math.ceil(lines.length / chunks) || 1;
  const fold = new SessionFold();
  const ops: IndexOp[] = [];
  const issues: ParseIssue[] = [];
  let state = claudeCodeAdapter.initialState(file);
  for (let i = 0; i < lines.length; i += size) {
    state = JSON.parse(JSON.stringify(state)) as typeof state;
    const out = claudeCodeAdapter.parseLines(file, state, lines.slice(i, i + size));
    state = out.state;
    ops.push(...out.ops);
    issues.push(...out.issues);
    fold.apply(out.ops, file.path);
  }
  return { sessions: fold.result(), ops, issues, fold };
}
