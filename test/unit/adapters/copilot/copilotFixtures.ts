// The recorded Copilot CLI fixtures (test/fixtures/recorded/copilot-*): where each one's session files, repo path,
// scenario and snapshots are, read from the recorder's own files (meta.txt, session-id.txt, step-snapshots/index.jsonl).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { TranscriptFile } from '../../../../src/adapters/adapter';

export const recordedRoot = path.join(process.cwd(), 'test/fixtures/recorded');

export interface ScriptedCall {
  name: string;
  args: Record<string, unknown>;
  file?: string;
}
export interface ScriptedStep {
  text?: string;
  calls?: ScriptedCall[];
}
export interface Scenario {
  turns: { prompt: string; steps: ScriptedStep[] }[];
}

export interface CopilotRun {
  name: string;
  dir: string;
  /** `~/.copilot` of the run (before any `/rewind`). */
  home: string;
  sessionId: string;
  repo: string;
  scenario: Scenario;
}

export function copilotRun(name: string, scenario: string): CopilotRun {
  const dir = path.join(recordedRoot, `${name}-v1.0.102`);
  const meta = readFileSync(path.join(dir, 'meta.txt'), 'utf8');
  const repo = /^repo path during run: (.+)$/m.exec(meta)?.[1].trim() ?? '';
  const sessionId = readFileSync(path.join(dir, 'session-id.txt'), 'utf8').trim();
  const text = readFileSync(path.join(process.cwd(), 'test/fixtures/scenarios', scenario), 'utf8');
  return { name, dir, home: path.join(dir, 'copilot-home/dot-copilot'), sessionId, repo, scenario: JSON.parse(text) as Scenario };
}

export function sessionDir(home: string, sessionId: string): string {
  return path.join(home, 'session-state', sessionId);
}

/** The two transcripts of a session as discovery lists them. */
export function sessionFiles(home: string, sessionId: string): TranscriptFile[] {
  const dir = sessionDir(home, sessionId);
  const files: TranscriptFile[] = [{ agent: 'copilot', path: path.join(dir, 'events.jsonl'), mode: 'append' }];
  const index = path.join(dir, 'rewind-file-snapshots/index.json');
  if (existsSync(index)) {
    files.push({ agent: 'copilot', path: index, mode: 'whole' });
  }
  return files;
}

export interface StepSnapshot {
  snapshot: string;
  turn: number;
  step: number;
}

export function stepSnapshots(run: CopilotRun): StepSnapshot[] {
  const file = path.join(run.dir, 'step-snapshots/index.jsonl');
  if (!existsSync(file)) {
    return [];
  }
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as StepSnapshot);
}

/** A file of a snapshot folder (relative to the run dir), null when absent. */
export function snapshotFile(run: CopilotRun, snapshot: string, rel: string): string | null {
  const p = path.join(run.dir, snapshot, rel);
  return existsSync(p) ? readFileSync(p, 'utf8') : null;
}

export interface Truth {
  before_prompt: Record<string, string>;
  steps: { snapshot: string; origin: string; changes: Record<string, unknown> }[];
  renames: { from: string; to: string; renamed_by: string }[];
  deleted_files: Record<string, { deleted_by: string }>;
}

export function groundTruth(run: CopilotRun): Truth {
  return JSON.parse(readFileSync(path.join(run.dir, 'ground-truth.json'), 'utf8')) as Truth;
}

/** Workspace-relative files the ground truth says prompt `p` changed (edits, renames both ways, deletions). */
export function changedIn(truth: Truth, p: number): string[] {
  const origin = `prompt-${p}`;
  const out = new Set<string>();
  truth.steps.filter((s) => s.origin === origin).forEach((s) => Object.keys(s.changes).forEach((f) => out.add(f)));
  truth.renames.filter((r) => r.renamed_by === origin).forEach((r) => out.add(r.from).add(r.to));
  Object.entries(truth.deleted_files)
    .filter(([, d]) => d.deleted_by === origin)
    .forEach(([f]) => out.add(f));
  return [...out].sort();
}
