// Loads a recorded Codex fixture (test/fixtures/recorded/<name>): the rollout(s), what was typed (driver log), what
// the scripted mock model answered and received (its own request log: an independent copy of every call and tool
// output), and the work-tree snapshots after every step.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const recordedRoot = join(process.cwd(), 'test/fixtures/recorded');

/** One call the mock model made, with the call id Codex recorded for it. */
export interface PlannedCall {
  callId: string;
  apply_patch?: string;
  shell?: string;
  /** Any other freeform tool (code mode's `exec` with its script). */
  custom?: { name: string; input: string };
}

/** One scripted model response (a "step"): optional reasoning and text, then calls. */
export interface PlannedStep {
  text?: string;
  reasoning?: string;
  calls: PlannedCall[];
}

export interface RecordedFixture {
  dir: string;
  /** CODEX_HOME of the run, as copied into the fixture. */
  home: string;
  /** The repository path the agent worked in (from meta.txt). */
  repoPath: string;
  rollouts: string[];
  /** What was typed, per prompt (from the driver log in meta.txt). */
  prompts: string[];
  /** What the mock model answered, per prompt and step (its own log, `dir: "plan"`). */
  turns: PlannedStep[][];
  /** call_id → the tool output text the mock model received. */
  mockOutputs: Map<string, string>;
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      out.push(...listFiles(p));
    } else {
      out.push(p);
    }
  }
  return out;
}

/** A complete recording: session-files.txt is written last, and the rollouts it lists are in the home copy. */
export function fixtureExists(dir: string, home: string): boolean {
  const root = join(recordedRoot, dir);
  if (!existsSync(join(root, 'meta.txt')) || !existsSync(join(root, 'session-files.txt'))) {
    return false;
  }
  const listed = readFileSync(join(root, 'session-files.txt'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.endsWith('.jsonl'));
  return listed.length > 0 && listed.every((rel) => existsSync(join(recordedRoot, home, rel)));
}

function texts(content: unknown): string {
  return Array.isArray(content) ? content.map((c: { text?: string }) => c.text ?? '').join('') : '';
}

function plannedStep(out: Array<Record<string, unknown>>): PlannedStep {
  const step: PlannedStep = { calls: [] };
  for (const item of out) {
    if (item.type === 'reasoning') {
      step.reasoning = texts(item.summary);
    } else if (item.type === 'message') {
      step.text = texts(item.content);
    } else if (item.type === 'custom_tool_call' && item.name === 'apply_patch') {
      step.calls.push({ callId: String(item.call_id), apply_patch: String(item.input) });
    } else if (item.type === 'custom_tool_call') {
      step.calls.push({ callId: String(item.call_id), custom: { name: String(item.name), input: String(item.input) } });
    } else if (item.type === 'function_call' && item.name === 'exec_command') {
      const args = JSON.parse(String(item.arguments)) as { cmd: string };
      step.calls.push({ callId: String(item.call_id), shell: args.cmd });
    } else {
      throw new Error(`unexpected planned item ${String(item.type)}`);
    }
  }
  return step;
}

/** `[run-codex] turn 2: codex exec … --json resume <id> <prompt>` / `[run-codex] tmux turn 1: <prompt>`. */
function promptsFromMeta(meta: string): string[] {
  const prompts: string[] = [];
  for (const line of meta.split('\n')) {
    const m = /^\[run-codex\] (?:tmux )?turn (\d+): (.*)$/.exec(line);
    if (!m) {
      continue;
    }
    let text = m[2];
    const json = text.indexOf(' --json ');
    if (text.startsWith('codex exec') && json >= 0) {
      text = text.slice(json + ' --json '.length).replace(/^resume [0-9a-f-]{36} /, '');
    }
    prompts[Number(m[1]) - 1] = text;
  }
  return prompts;
}

export function loadFixture(dir: string, home: string): RecordedFixture {
  const root = join(recordedRoot, dir);
  const meta = readFileSync(join(root, 'meta.txt'), 'utf8');
  const repoPath = /repo path during run: (\S+)/.exec(meta)?.[1] ?? '';
  const homeDir = join(recordedRoot, home);
  const sessionFiles = readFileSync(join(root, 'session-files.txt'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.endsWith('.jsonl'));
  const rollouts = sessionFiles.map((rel) => join(homeDir, rel));
  const mockOutputs = new Map<string, string>();
  const turns: PlannedStep[][] = [];
  for (const line of readFileSync(join(root, 'mock-requests.jsonl'), 'utf8').split('\n')) {
    if (!line.trim()) {
      continue;
    }
    const rec = JSON.parse(line) as {
      dir?: string;
      kind?: string;
      turn?: number;
      step?: number;
      out?: Array<Record<string, unknown>>;
      body?: { input?: Array<{ type?: string; call_id?: string; output?: unknown }> };
    };
    if (rec.dir === 'plan' && rec.kind === 'main' && typeof rec.turn === 'number' && typeof rec.step === 'number') {
      (turns[rec.turn] ??= [])[rec.step] = plannedStep(rec.out ?? []);
    }
    for (const item of rec.body?.input ?? []) {
      if ((item.type === 'function_call_output' || item.type === 'custom_tool_call_output') && item.call_id && typeof item.output === 'string') {
        mockOutputs.set(item.call_id, item.output);
      }
    }
  }
  return { dir: root, home: homeDir, repoPath, rollouts, prompts: promptsFromMeta(meta), turns, mockOutputs };
}

/** Work tree snapshot files as `relative path → content`. */
export function readSnapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  if (!existsSync(dir)) {
    return files;
  }
  for (const p of listFiles(dir)) {
    files.set(p.slice(dir.length + 1).split('\\').join('/'), readFileSync(p, 'utf8'));
  }
  return files;
}

/** The tree when prompt `turn` was submitted (hand edits before it included). */
export function beforePromptDir(fx: RecordedFixture, turn: number): string {
  const userEdit = join(fx.dir, 'snapshots', `turn-${turn}-user-edit`);
  return existsSync(userEdit) ? userEdit : join(fx.dir, 'snapshots', `turn-${turn - 1}`);
}

/** The tree right after scripted step `step` of prompt `turn` ran. */
export function afterStepDir(fx: RecordedFixture, turn: number, step: number): string {
  const stepDir = join(fx.dir, 'step-snapshots', `turn-${turn}-step-${step}`);
  return existsSync(stepDir) ? stepDir : join(fx.dir, 'snapshots', `turn-${turn}`);
}

export function beforeStepDir(fx: RecordedFixture, turn: number, step: number): string {
  return step <= 1 ? beforePromptDir(fx, turn) : afterStepDir(fx, turn, step - 1);
}

/** Planned calls of a prompt in order, with the 1-based step each belongs to. */
export function scriptedCalls(fx: RecordedFixture, turn: number): Array<{ step: number; call: PlannedCall }> {
  const out: Array<{ step: number; call: PlannedCall }> = [];
  fx.turns[turn - 1].forEach((s, i) => {
    for (const call of s.calls) {
      out.push({ step: i + 1, call });
    }
  });
  return out;
}
