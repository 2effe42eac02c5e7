// Helpers for the recorded Gemini CLI fixtures (test/fixtures/recorded/*): where the transcript, the repo path and
// the snapshots are, and an oracle that maps each tool call to the model response (step) of each prompt (turn)
// computed from the raw JSONL, independently of the adapter.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { TranscriptFile } from '../../../../src/adapters/adapter';

export const fixturesRoot = path.join(process.cwd(), 'test/fixtures');

export interface RecordedGemini {
  name: string;
  /** Directory holding snapshots/, step-snapshots/, meta.txt. */
  runDir: string;
  /** The Gemini data dir (`~/.gemini`) of the run. */
  geminiHome: string;
  scenario: string;
  repo: string;
  /**
   * Chat files of the repo's project. A resumed `-p` run first starts a fresh file (metadata + context sync only)
   * and then appends to the resumed one, so one session can own several files.
   */
  transcripts: string[];
  /** The transcript holding the messages (the largest). */
  main: string;
  /** Prompts (1-based turn numbers) undone by a /rewind during the recording (rewind.json). */
  rewoundTurns: number[];
}

export function listFiles(dir: string, suffix: string): string[] {
  if (!existsSync(dir)) {
    return [];
  }
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) {
      out.push(...listFiles(p, suffix));
    } else if (name.endsWith(suffix)) {
      out.push(p);
    }
  }
  return out.sort();
}

export function repoPathOf(runDir: string): string {
  const meta = readFileSync(path.join(runDir, 'meta.txt'), 'utf8');
  const m = /^repo path during run: (.+)$/m.exec(meta);
  if (!m) {
    throw new Error(`no repo path in ${runDir}/meta.txt`);
  }
  return m[1].trim();
}

/** `runDir` relative to test/fixtures/recorded; `geminiHome` relative to it too. Undefined until recorded. */
export function recordedGemini(name: string, runDir: string, geminiHome: string, scenario: string): RecordedGemini | undefined {
  const dir = path.join(fixturesRoot, 'recorded', runDir);
  const home = path.join(fixturesRoot, 'recorded', geminiHome);
  if (!existsSync(path.join(dir, 'meta.txt')) || !existsSync(path.join(home, 'tmp'))) {
    return undefined;
  }
  const repo = repoPathOf(dir);
  if (!existsSync(path.join(dir, 'snapshots'))) {
    return undefined;
  }
  const transcripts = listFiles(path.join(home, 'tmp'), '.jsonl').filter((f) => {
    const marker = path.join(f.slice(0, f.indexOf('/chats/')), '.project_root');
    return existsSync(marker) && readFileSync(marker, 'utf8').trim() === repo;
  });
  const main = [...transcripts].sort((a, b) => statSync(b).size - statSync(a).size)[0];
  const rewindInfo = path.join(dir, 'rewind.json');
  const rewoundTurns = existsSync(rewindInfo) ? [(JSON.parse(readFileSync(rewindInfo, 'utf8')) as { rewound_prompt: number }).rewound_prompt] : [];
  return { name, runDir: dir, geminiHome: home, scenario: path.join(fixturesRoot, 'scenarios', scenario), repo, transcripts, main, rewoundTurns };
}

export interface RecordedLegacy {
  runDir: string;
  repo: string;
  /** The session document (`chats/session-*.json`). */
  document: string;
}

/** A recording of a Gemini CLI build that wrote one JSON document per session; undefined until recorded. */
export function recordedLegacy(name: string): RecordedLegacy | undefined {
  const runDir = path.join(fixturesRoot, 'recorded', name);
  if (!existsSync(path.join(runDir, 'meta.txt'))) {
    return undefined;
  }
  const [document] = listFiles(path.join(runDir, 'gemini-home/tmp'), '.json').filter((f) => f.includes('/chats/session-'));
  return document ? { runDir, repo: repoPathOf(runDir), document } : undefined;
}

export function appendFile(p: string, cwdHint?: string): TranscriptFile {
  return cwdHint ? { agent: 'gemini-cli', path: p, mode: 'append', cwdHint } : { agent: 'gemini-cli', path: p, mode: 'append' };
}

export interface ToolPosition {
  turn: number;
  step: number;
}

/**
 * tool call id → (turn, step): turn = 1-based index of the typed prompt (a `user` line with a plain text part that
 * is not the `<session_context>` preamble), step = 1-based index of the `gemini` message (model response) after it,
 * by first occurrence. `$set` syncs are skipped: they only repeat ids.
 */
export function toolPositions(jsonlPath: string): Map<string, ToolPosition> {
  const positions = new Map<string, ToolPosition>();
  const seen = new Set<string>();
  let turn = 0;
  let step = 0;
  const stepOf = new Map<string, ToolPosition>();
  for (const line of readFileSync(jsonlPath, 'utf8').split('\n')) {
    if (!line.trim()) {
      continue;
    }
    const r = JSON.parse(line) as Record<string, unknown>;
    if (typeof r.id !== 'string') {
      continue;
    }
    const parts = Array.isArray(r.content) ? (r.content as Record<string, unknown>[]) : [{ text: r.content }];
    if (r.type === 'user' && !seen.has(r.id)) {
      const text = parts.map((p) => (typeof p.text === 'string' ? p.text : '')).join('');
      if (text.trim() && !text.startsWith('<session_context>')) {
        turn++;
        step = 0;
      }
    }
    if (r.type === 'gemini') {
      if (!stepOf.has(r.id)) {
        step++;
        stepOf.set(r.id, { turn, step });
      }
      for (const tc of (r.toolCalls as Record<string, unknown>[] | undefined) ?? []) {
        positions.set(String(tc.id), stepOf.get(r.id) as ToolPosition);
      }
    }
    seen.add(r.id);
  }
  return positions;
}

/** Content of `rel` in a snapshot dir, or null when the file does not exist there. */
export function snapshotFile(dir: string, rel: string): string | null {
  const p = path.join(dir, rel);
  return existsSync(p) ? readFileSync(p, 'utf8') : null;
}

/** The tree right after the tool calls of model response `step` of prompt `turn`. */
export function afterStepDir(runDir: string, turn: number, step: number): string {
  return path.join(runDir, 'step-snapshots', `turn-${turn}-step-${step}`);
}

/**
 * The tree right before the tool calls of model response `step` of prompt `turn`: after the previous step, else
 * the tree the prompt was submitted on (after a /rewind that reverted files, after hand edits, or after the
 * previous prompt).
 */
export function beforeStepDir(runDir: string, turn: number, step: number): string {
  for (let s = step - 1; s >= 1; s--) {
    const d = afterStepDir(runDir, turn, s);
    if (existsSync(d)) {
      return d;
    }
  }
  for (const name of [`turn-${turn}-rewound`, `turn-${turn}-user-edit`]) {
    const d = path.join(runDir, 'snapshots', name);
    if (existsSync(d)) {
      return d;
    }
  }
  return path.join(runDir, 'snapshots', `turn-${turn - 1}`);
}

export interface Scenario {
  turns: { prompt: string; steps: { text?: string; calls?: { name: string; args: Record<string, unknown> }[] }[] }[];
}

export function readScenario(p: string): Scenario {
  return JSON.parse(readFileSync(p, 'utf8')) as Scenario;
}

/**
 * The legacy (≤ 0.38) single-document shape of a JSONL session, folded the way Gemini's loader folds the log:
 * last occurrence of an id wins at its first position, `$rewindTo` applied, `$set.messages` context syncs ignored,
 * functionResponse-only user messages left out (legacy builds did not record them). Same steps as the checked-in
 * DERIVED fixture (test/fixtures/public/gemini-cli/README.md).
 */
export function toLegacyDocument(jsonl: string): Record<string, unknown> {
  let meta: Record<string, unknown> | undefined;
  let lastUpdated: unknown;
  const messages = new Map<string, Record<string, unknown>>();
  for (const line of jsonl.split('\n')) {
    if (!line.trim()) {
      continue;
    }
    const r = JSON.parse(line) as Record<string, unknown>;
    const set = r.$set as Record<string, unknown> | undefined;
    if (typeof r.$rewindTo === 'string') {
      let found = false;
      for (const k of [...messages.keys()]) {
        found ||= k === r.$rewindTo;
        if (found) {
          messages.delete(k);
        }
      }
    } else if (typeof r.id === 'string') {
      messages.set(r.id, r);
    } else if (set) {
      lastUpdated = set.lastUpdated ?? lastUpdated;
    } else if (typeof r.sessionId === 'string') {
      meta ??= r;
    }
  }
  const responseOnly = (m: Record<string, unknown>): boolean =>
    m.type === 'user' && Array.isArray(m.content) && m.content.length > 0 && (m.content as Record<string, unknown>[]).every((p) => 'functionResponse' in p);
  return {
    sessionId: meta?.sessionId,
    projectHash: meta?.projectHash,
    startTime: meta?.startTime,
    lastUpdated,
    messages: [...messages.values()].filter((m) => !responseOnly(m)),
  };
}
