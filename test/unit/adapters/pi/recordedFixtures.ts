// The recorded Pi fixtures (test/fixtures/recorded/pi-*-v0.73.1, see its README): where each run's session files,
// snapshots and ground truth are, and an oracle computed from the raw JSONL (never through the adapter): which model
// response (the recorder's "step") of which prompt (its "turn") each tool call belongs to.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { TranscriptFile } from '../../../../src/adapters/adapter';

export const recordedDir = join(process.cwd(), 'test/fixtures/recorded');

export interface PiRun {
  /** Folder with snapshots/, step-snapshots/, ground-truth.json of one recorded run. */
  runDir: string;
  sessionId: string;
  cwd: string;
  prompts: string[];
  /** The session's file. */
  file: string;
}

export function sessionFiles(piHome: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) {
        walk(p);
      } else if (name.endsWith('.jsonl')) {
        out.push(p);
      }
    }
  };
  walk(join(piHome, 'agent', 'sessions'));
  return out;
}

export const appendFile = (path: string): TranscriptFile => ({ agent: 'pi', path, mode: 'append' });

interface TruthSession {
  session_id: string;
  cwd: string;
  prompts: { text: string }[];
}

/** The runs of a fixture: one, or the labelled sessions of pi-sessions (each in its own subfolder). */
export function piRuns(name: string): PiRun[] {
  const dir = join(recordedDir, name);
  const truth = JSON.parse(readFileSync(join(dir, 'ground-truth.json'), 'utf8')) as { session?: TruthSession; sessions?: (TruthSession & { label: string })[] };
  const sessions = truth.sessions ? truth.sessions.map((s) => ({ ...s, runDir: join(dir, s.label) })) : [{ ...(truth.session as TruthSession), runDir: dir }];
  return sessions.map((s) => {
    const file = sessionFiles(join(s.runDir, 'pi-home')).find((f) => f.endsWith(`_${s.session_id}.jsonl`));
    if (!file) {
      throw new Error(`no session file of ${s.session_id} in ${s.runDir}`);
    }
    return { runDir: s.runDir, sessionId: s.session_id, cwd: s.cwd, prompts: s.prompts.map((p) => p.text), file };
  });
}

/** Tool call id → [turn, step]: the n-th assistant message with tool calls after the turn's user message is step n. */
export function callSteps(file: string): Map<string, [number, number]> {
  const out = new Map<string, [number, number]>();
  let turn = 0;
  let step = 0;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') {
      continue;
    }
    const e = JSON.parse(line) as { type: string; message?: { role: string; content: unknown } };
    if (e.type !== 'message' || !e.message) {
      continue;
    }
    if (e.message.role === 'user') {
      turn++;
      step = 0;
    } else if (e.message.role === 'assistant' && Array.isArray(e.message.content)) {
      const calls = (e.message.content as { type: string; id: string }[]).filter((b) => b.type === 'toolCall');
      if (calls.length > 0) {
        step++;
        calls.forEach((c) => out.set(c.id, [turn, step]));
      }
    }
  }
  return out;
}

/** The tree just before (turn, step) ran: the previous step's snapshot, else the tree the turn started from. */
export function treeBefore(runDir: string, turn: number, step: number): string {
  if (step > 1) {
    return join(runDir, 'step-snapshots', `turn-${turn}-step-${step - 1}`);
  }
  const handEdited = join(runDir, 'snapshots', `turn-${turn}-user-edit`);
  return existsSync(handEdited) ? handEdited : join(runDir, 'snapshots', `turn-${turn - 1}`);
}

export function treeAfter(runDir: string, turn: number, step: number): string {
  return join(runDir, 'step-snapshots', `turn-${turn}-step-${step}`);
}

/** A file's content in a snapshot folder, null when absent. */
export function contentIn(tree: string, rel: string): string | null {
  const p = join(tree, rel);
  return existsSync(p) ? readFileSync(p, 'utf8') : null;
}
