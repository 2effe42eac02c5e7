// A recorded session's final work tree copied to a temporary workspace, with the session's file histories moved
// there: the shapes restore and undo tests start from (real transcripts, real snapshots, a writable copy).
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FileHistory } from '../../../src/core/checkpoints/checkpointModel';
import type { SessionCheckpointData } from '../../../src/store/checkpointQueries';
import { indexRecorded, recordedCases, recordedFixtures, truthAgentIds } from './recordedFixtures';

/** `histories` with every path under `from` moved under `to` (moves included). */
export function remap(histories: readonly FileHistory[], from: string, to: string): FileHistory[] {
  const m = (p: string): string => (p.startsWith(`${from}/`) ? `${to}${p.slice(from.length)}` : p);
  return histories.map((h) => ({
    path: m(h.path),
    events: h.events.map((e) => ({ ...e, ...(e.movedTo ? { movedTo: m(e.movedTo) } : {}), ...(e.movedFrom ? { movedFrom: m(e.movedFrom) } : {}) })),
  }));
}

export interface RecordedWorkspace {
  /** The copy of the final tree. */
  ws: string;
  /** An empty cache folder for restore records. */
  cache: string;
  /** The fixture's folder (snapshots are under it). */
  fixture: string;
  /** The first session's checkpoint data, its paths moved into `ws`. */
  data: SessionCheckpointData;
}


/** The single-session fixture `name`, ready to restore: `prefix` names the temporary folders. */
export async function recordedWorkspace(name: string, prefix: string): Promise<RecordedWorkspace> {
  const c = recordedCases.find((x) => x.name === name);
  if (!c) {
    throw new Error(`no recorded case ${name}`);
  }
  const fixture = join(recordedFixtures, name);
  const truth = JSON.parse(readFileSync(join(fixture, 'ground-truth.json'), 'utf8')) as { session: { cwd: string; agent: string }; steps: { snapshot: string }[] };
  const engine = await indexRecorded(c, truth.session.cwd);
  try {
    const summary = (await engine.listSessions()).find((s) => !s.parentSessionId && s.agent === truthAgentIds[truth.session.agent]);
    const data = summary ? await engine.checkpointData(summary.key) : undefined;
    if (!data) {
      throw new Error(`${name}: no session`);
    }
    const ws = mkdtempSync(join(tmpdir(), `${prefix}ws-`));
    cpSync(join(fixture, truth.steps[truth.steps.length - 1].snapshot), ws, { recursive: true });
    return { ws, cache: mkdtempSync(join(tmpdir(), `${prefix}cache-`)), fixture, data: { ...data, cwd: ws, histories: remap(data.histories, truth.session.cwd, ws) } };
  } finally {
    await engine.dispose();
  }
}
