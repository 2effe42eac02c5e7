// The recorded Qwen Code 0.24.4 fixtures (test/fixtures/recorded/qwen-*): where each one's data folder, transcript,
// ground truth and snapshots are, and the raw records (read here, independently of the adapter, as the oracle).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TranscriptFile } from '../../../../src/adapters/adapter';
import { recordedFixtures } from '../../helpers/recordedFixtures';

export interface QwenFixture {
  dir: string;
  /** `~/.qwen` of the run. */
  home: string;
  /** The session's transcript (the fixture's own session, session-id.txt). */
  transcript: string;
  sessionId: string;
  cwd: string;
  truth: { session: { prompts: { prompt: number; text: string }[]; cwd: string } };
}

export type RawRecord = Record<string, unknown> & { type: string; uuid: string; parentUuid: string | null };

export function qwenFixture(name: string, sub = ''): QwenFixture {
  const dir = join(recordedFixtures, name, sub);
  const home = join(dir, 'qwen-home/dot-qwen');
  const sessionId = readFileSync(join(dir, 'session-id.txt'), 'utf8').trim();
  const projects = join(home, 'projects');
  const [project] = readdirSync(projects);
  const truth = JSON.parse(readFileSync(join(dir, 'ground-truth.json'), 'utf8')) as QwenFixture['truth'];
  return { dir, home, transcript: join(projects, project, 'chats', `${sessionId}.jsonl`), sessionId, cwd: truth.session.cwd, truth };
}

export function transcriptFile(path: string): TranscriptFile {
  return { agent: 'qwen-code', path, mode: 'append' };
}

export function rawRecords(path: string): RawRecord[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as RawRecord);
}

export function snapshotFile(f: QwenFixture, snapshot: string, rel: string): string {
  return readFileSync(join(f.dir, snapshot, rel), 'utf8');
}
