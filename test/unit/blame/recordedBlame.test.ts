// Prompt blame against the truth: every recorded fixture's final tree is blamed through the real index (IndexEngine,
// in-thread) and each non-blank line is compared with the recorder's ground-truth.json, which was computed from the
// work-tree snapshots only (never from the transcripts). Lines the ground truth calls `initial` or `hand-edit` must be
// unattributed; `prompt-N` lines must name that prompt of that agent.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { BlameEngine } from '../../../src/core/blame/blameEngine';
import { applyRecordedPatch } from '../../../src/store/recordedPatch';
import type { LineAttribution } from '../../../src/core/blame/blameModel';
import { indexRecorded, recordedCases, recordedFixtures, truthAgentIds, type RecordedCase } from '../helpers/recordedFixtures';

const fixtures = recordedFixtures;
const blamer = new BlameEngine(applyRecordedPatch);

interface TruthLine {
  line: number;
  origin: string;
  text: string;
  prompt?: number;
}
interface Truth {
  files: Record<string, TruthLine[]>;
  steps: { snapshot: string }[];
  session?: { cwd: string; agent: string };
  sessions?: { label: string; agent: string; cwd: string; session_id?: string }[];
}


/**
 * What a line must be blamed on: `agent #N`, or `agent session #N` where the truth names sessions (a label of
 * `truth.sessions` that is not an agent, or the case's `promptSessions`) — then the session must match too.
 */
function expected(truth: Truth, c: RecordedCase, t: TruthLine): string {
  const m = /^(?:(\w+):)?prompt-(\d+)$/.exec(t.origin);
  if (!m) {
    return 'null';
  }
  const session = m[1] && !truthAgentIds[m[1]] ? truth.sessions?.find((s) => s.label === m[1]) : undefined;
  if (session) {
    return `${truthAgentIds[session.agent]} ${session.session_id} #${m[2]}`;
  }
  const agent = m[1] ? truthAgentIds[m[1]] : truthAgentIds[truth.session?.agent ?? ''];
  if (c.promptSessions) {
    return `${agent} ${c.promptSessions[Number(m[2]) - 1]} #1`;
  }
  return `${agent} #${m[2]}`;
}

/** The blamed line in the form `expected` gives for this truth. */
function actual(truth: Truth, c: RecordedCase, a: LineAttribution | null): string {
  if (!a) {
    return 'null';
  }
  const bySession = c.promptSessions !== undefined || truth.sessions?.some((s) => !truthAgentIds[s.label]);
  return bySession ? `${a.agent} ${a.sessionId} #${a.promptIndex}` : `${a.agent} #${a.promptIndex}`;
}

for (const c of recordedCases) {
  test(`blame matches the ground truth: ${c.name}`, async () => {
    const dir = join(fixtures, c.name);
    const truth = JSON.parse(readFileSync(join(dir, c.truth ?? 'ground-truth.json'), 'utf8')) as Truth;
    const cwd = truth.session?.cwd ?? truth.sessions?.[0].cwd ?? '';
    // The transcripts name this absolute path; git HEAD of the recorded repo is the earliest state of shell-edited files.
    // Extracted over whatever is there (other test files may read it at the same time; tar rewrites every file).
    const parent = join(cwd, '..');
    mkdirSync(parent, { recursive: true });
    execFileSync('tar', ['xzf', join(dir, c.tarball), '-C', parent]);
    const finalTree = join(c.truth ? fixtures : dir, truth.steps[truth.steps.length - 1].snapshot);
    const engine = await indexRecorded(c, cwd);
    const mismatches: string[] = [];
    let checked = 0;
    try {
      for (const [rel, lines] of Object.entries(truth.files)) {
        const content = readFileSync(join(finalTree, rel), 'utf8');
        const basis = await engine.blameBasis(join(cwd, rel));
        const got = basis ? blamer.blame(basis.replayed, content, basis.shellRuns).lines : [];
        for (const t of lines) {
          if (t.text.trim() === '') {
            continue; // blank lines are ambiguous in any line diff
          }
          checked++;
          const a = got[t.line - 1] ?? null;
          const blamed = actual(truth, c, a);
          if (blamed !== expected(truth, c, t)) {
            mismatches.push(`${rel}:${t.line} ${JSON.stringify(t.text)} expected ${expected(truth, c, t)} (${t.origin}), got ${blamed}${a ? ` via ${a.via}` : ''}`);
          }
        }
      }
    } finally {
      await engine.dispose();
    }
    assert.ok(checked > 0);
    assert.deepEqual(mismatches, [], `${mismatches.length} of ${checked} lines differ`);
  });
}

test('fixture repos are where the transcripts say', () => {
  assert.ok(existsSync(fixtures));
});
