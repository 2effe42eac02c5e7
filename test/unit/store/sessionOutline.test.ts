// The timeline's range queries: a session's outline (prompts without steps) must say what the whole session built at
// once says (counts, each prompt's step count, filter classes and changed files), a range of prompts must be those
// prompts of the whole session, one step must be that step, and a prompt's version must change when its steps do.
import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildTimeline, buildTimelineOutline } from '../../../src/core/timeline/timelineModel';
import { makeIndexConfig } from '../../../src/indexer/indexConfig';
import { IndexEngine } from '../../../src/indexer/indexEngine';
import { indexRecorded, recordedCases, recordedFixtures } from '../helpers/recordedFixtures';

interface Truth {
  session?: { cwd: string };
  sessions?: { cwd: string }[];
}

for (const c of recordedCases) {
  test(`outline, prompt ranges and single steps agree with the whole session: ${c.name}`, async () => {
    const truth = JSON.parse(readFileSync(join(recordedFixtures, c.name, 'ground-truth.json'), 'utf8')) as Truth;
    const engine = await indexRecorded(c, (truth.sessions ?? [truth.session])[0]?.cwd ?? '/');
    try {
      const sessions = await engine.listSessions();
      assert.ok(sessions.length > 0);
      for (const s of sessions) {
        const detail = await engine.sessionDetail(s.key);
        const outline = await engine.sessionOutline(s.key);
        assert.ok(detail && outline);
        const whole = buildTimeline(s.key, detail);
        const light = buildTimelineOutline(s.key, outline);
        assert.deepEqual(light.counts, whole.counts, `${s.key}: counts`);
        assert.equal(light.title, whole.title);
        assert.deepEqual(
          light.prompts.map((p) => ({ index: p.index, id: p.id, text: p.text, stepCount: p.stepCount, has: p.has, changedFiles: p.changedFiles })),
          whole.prompts.map((p) => ({ index: p.index, id: p.id, text: p.text, stepCount: p.stepCount, has: p.has, changedFiles: p.changedFiles })),
          `${s.key}: prompts`,
        );
        assert.ok(light.prompts.every((p) => p.steps === undefined), 'the outline carries no steps');

        // Every range of one or two prompts is exactly those prompts of the whole session, at the outline's version.
        const versions = new Map(outline.prompts.map((p) => [p.index, p.version]));
        for (const p of detail.prompts) {
          const range = await engine.sessionPrompts(s.key, p.index, p.index + 1);
          assert.deepEqual(
            range.map(({ version: _v, ...rest }) => rest),
            detail.prompts.filter((q) => q.index >= p.index && q.index <= p.index + 1),
            `${s.key}: prompts ${p.index}–${p.index + 1}`,
          );
          for (const r of range) {
            assert.equal(r.version, versions.get(r.index), `${s.key}: version of prompt ${r.index}`);
          }
          for (const step of p.steps) {
            assert.deepEqual(await engine.sessionStep(s.key, step.id), step);
          }
        }
        assert.deepEqual(await engine.sessionPrompts(s.key, 10_000, 20_000), []);
      }
      assert.equal(await engine.sessionOutline('claude-code:no-such-session'), undefined);
      assert.equal(await engine.sessionStep(sessions[0].key, 'no-such-step'), undefined);
    } finally {
      await engine.dispose();
    }
  });
}

test('a live session: the prompt whose tool result arrives gets a new version, appended prompts appear, the rest keep theirs', async () => {
  const fixture = join(recordedFixtures, 'claude-print-v2.1.332', 'claude-home');
  const root = mkdtempSync(join(tmpdir(), 'agent-trail-outline-'));
  const engine = new IndexEngine();
  try {
    const home = join(root, 'claude-home');
    cpSync(fixture, home, { recursive: true });
    const projects = join(home, 'projects');
    const dir = join(projects, readdirSync(projects)[0]);
    const file = join(dir, readdirSync(dir).find((f) => f.endsWith('.jsonl')) ?? '');
    const lines = readFileSync(file, 'utf8').split('\n');
    // Up to prompt 2's first tool call, before its result (the recording's line 33 is that result).
    const cut = lines.findIndex((l, i) => i > 40 && l.includes('"tool_result"'));
    assert.ok(cut > 0);
    writeFileSync(file, `${lines.slice(0, cut).join('\n')}\n`);
    const truth = JSON.parse(readFileSync(join(recordedFixtures, 'claude-print-v2.1.332', 'ground-truth.json'), 'utf8')) as Truth;
    await engine.configure(
      makeIndexConfig(
        { storageDir: undefined, wasmPath: join(process.cwd(), 'node_modules/sql.js/dist/sql-wasm.wasm'), workspaceFolders: [truth.session?.cwd ?? '/'], home: '/nonexistent-home', env: {} },
        { agents: { 'claude-code': { enabled: true, roots: [home] }, codex: { enabled: false, roots: [] }, 'gemini-cli': { enabled: false, roots: [] } } },
      ),
    );
    await engine.refresh();
    const key = (await engine.listSessions())[0].key;
    const before = await engine.sessionOutline(key);
    assert.ok(before);
    const last = before.prompts.at(-1);
    assert.ok(last);

    writeFileSync(file, lines.join('\n'));
    await engine.refresh();
    const after = await engine.sessionOutline(key);
    assert.ok(after);
    assert.ok(after.prompts.length > before.prompts.length, 'the appended prompts are in the outline');
    for (const p of before.prompts.slice(0, -1)) {
      assert.equal(after.prompts.find((q) => q.index === p.index)?.version, p.version, `prompt ${p.index} did not change`);
    }
    const changed = after.prompts.find((q) => q.index === last.index);
    assert.notEqual(changed?.version, last.version, 'the prompt whose result arrived has a new version');
    const [range] = await engine.sessionPrompts(key, last.index, last.index);
    assert.equal(range.version, changed?.version);
    assert.ok(
      range.steps.some((s) => s.type === 'tool' && s.result !== undefined),
      'the range read after the append has the result',
    );
  } finally {
    await engine.dispose();
    rmSync(root, { recursive: true, force: true });
  }
});
