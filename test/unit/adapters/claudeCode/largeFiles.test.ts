// Claude Code records `originalFile: null` for every file over 10,000 characters (Edit, and Write `type:"update"`);
// that is "not recorded", never "the file did not exist". Checked on the genuine claude-big-file-v2.1.332 recording
// (src/catalog.js 23 KB, src/prices.js 12 KB never read, src/descriptions.js 15 KB created) and on minimal records for
// the rule's edges.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { CheckpointResolver } from '../../../../src/core/checkpoints/checkpointModel';
import { recordedPatchOps } from '../../../../src/store/recordedPatchOps';
import { applyRecordedPatch } from '../../../../src/store/recordedPatch';
import { allTools, readIfExists, recorded, run, runRecords, tool } from './claudeFixtures';

describe('recorded claude-big-file-v2.1.332: files over 10,000 characters', () => {
  const fx = recorded('claude-big-file-v2.1.332', 'claude-big-file.json');
  assert.ok(fx);
  const { sessions, issues } = run(fx.transcripts);
  const [main] = sessions;
  const raw = readFileSync(fx.transcripts[0].path, 'utf8');
  const step = (turn: number, n: number, rel: string): string | null => readIfExists(join(fx.dir, 'step-snapshots', `turn-${turn}-step-${n}`, rel));

  it('the recording really has originalFile: null for every edit of a big file', () => {
    assert.deepEqual(issues, []);
    assert.equal((raw.match(/"originalFile":null/g) ?? []).length, 10);
    assert.ok(raw.includes('"contentNotInModelContext":true'));
  });

  it('no change of an existing big file is a create, and none claims the file was absent', () => {
    for (const t of allTools(main).filter((x) => x.fileChanges.length > 0)) {
      const [c] = t.fileChanges;
      const rel = relative(fx.repo, c.path);
      const createsDescriptions = t.name === 'Write' && rel === 'src/descriptions.js' && typeof c.after === 'string' && !c.after.includes('(reviewed)');
      assert.equal(c.op, createsDescriptions ? 'create' : 'update', `${t.name} ${rel}`);
      assert.equal(c.before === null, createsDescriptions, `${t.name} ${rel}: before null only for the real create`);
    }
  });

  it('an Edit keeps its exact patch, which turns the file before the step into the file after it', () => {
    const [, p2, , p4] = main.prompts;
    const edit = tool(p4, 'Edit', 0).fileChanges[0];
    assert.equal(edit.before, undefined);
    assert.equal(edit.after, undefined);
    assert.ok(edit.patch);
    assert.equal(applyRecordedPatch(step(4, 0, 'src/prices.js') ?? readFileSync(join(fx.dir, 'snapshots/turn-3/src/prices.js'), 'utf8'), edit.patch), step(4, 1, 'src/prices.js'));
    const second = tool(p2, 'Edit', 0).fileChanges[0];
    assert.equal(applyRecordedPatch(step(2, 1, 'src/descriptions.js') ?? '', second.patch ?? ''), step(2, 2, 'src/descriptions.js'));
  });

  it('a Write over a big file has its exact content before (its reversed patch) and after', () => {
    const p4 = main.prompts[3];
    const catalog = tool(p4, 'Write', 0).fileChanges[0];
    assert.equal(relative(fx.repo, catalog.path), 'src/catalog.js');
    assert.equal(catalog.before, step(4, 2, 'src/catalog.js'));
    assert.equal(catalog.after, step(4, 3, 'src/catalog.js'));
    const descriptions = tool(p4, 'Write', 1).fileChanges[0];
    assert.equal(descriptions.before, step(4, 3, 'src/descriptions.js'));
    assert.equal(descriptions.after, step(4, 4, 'src/descriptions.js'));
  });
});

describe('originalFile: null, rule by rule', () => {
  const cwd = '/r';
  const prompt = { type: 'user', uuid: 'u1', sessionId: 's1', cwd, timestamp: '2026-01-01T00:00:00Z', message: { role: 'user', content: 'go' } };
  const call = (id: string, name: string, input: Record<string, unknown>) => ({
    type: 'assistant',
    uuid: `a-${id}`,
    sessionId: 's1',
    cwd,
    timestamp: '2026-01-01T00:00:01Z',
    message: { id: `m-${id}`, role: 'assistant', model: 'm', content: [{ type: 'tool_use', id, name, input }] },
  });
  const result = (id: string, toolUseResult: Record<string, unknown>) => ({
    type: 'user',
    uuid: `r-${id}`,
    sessionId: 's1',
    cwd,
    timestamp: '2026-01-01T00:00:02Z',
    message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: id, content: 'ok' }] },
    toolUseResult,
  });
  const changeOf = (records: Record<string, unknown>[]) => {
    const { sessions } = runRecords([prompt, ...records]);
    return allTools(sessions[0])[0].fileChanges[0];
  };

  it('Edit with an empty old_string and no original creates the file', () => {
    const c = changeOf([
      call('t1', 'Edit', { file_path: '/r/n.txt', old_string: '', new_string: 'hi\n' }),
      result('t1', { filePath: '/r/n.txt', oldString: '', newString: 'hi\n', originalFile: null, structuredPatch: [{ oldStart: 0, oldLines: 0, newStart: 1, newLines: 1, lines: ['+hi'] }] }),
    ]);
    assert.deepEqual([c.op, c.before, c.after], ['create', null, 'hi\n']);
  });

  it('Edit of an existing big file: before unknown, the patch kept', () => {
    const c = changeOf([
      call('t1', 'Edit', { file_path: '/r/big.js', old_string: 'b', new_string: 'B' }),
      result('t1', { filePath: '/r/big.js', oldString: 'b', newString: 'B', originalFile: null, structuredPatch: [{ oldStart: 5000, oldLines: 3, newStart: 5000, newLines: 3, lines: [' a', '-b', '+B', ' c'] }] }),
    ]);
    assert.equal(c.op, 'update');
    assert.equal(c.before, undefined);
    assert.match(c.patch ?? '', /^@@ -5000,3 \+5000,3 @@/m);
  });

  it('Write type "update" without a patch that proves the content before: before unknown, not absent', () => {
    const c = changeOf([
      call('t1', 'Write', { file_path: '/r/big.js', content: 'new\n' }),
      result('t1', { type: 'update', filePath: '/r/big.js', content: 'new\n', originalFile: null, structuredPatch: [] }),
    ]);
    assert.deepEqual([c.op, c.before, c.after], ['update', undefined, 'new\n']);
  });
});

describe('checkpoints prefer the agent’s backup over a recorded "absent"', () => {
  it('a backup with content wins over before: null', () => {
    const resolver = new CheckpointResolver([{ path: '/r/big.js', events: [{ promptIndex: 2, kind: 'edit', before: null, after: 'new\n', backup: 'old\n' }] }], recordedPatchOps);
    assert.deepEqual(resolver.checkpoint(2).files[0].state, { kind: 'content', content: 'old\n' });
  });

  it('a backup saying "absent" agrees with a real create', () => {
    const resolver = new CheckpointResolver([{ path: '/r/n.txt', events: [{ promptIndex: 1, kind: 'edit', before: null, after: 'hi\n', backup: null }] }], recordedPatchOps);
    assert.deepEqual(resolver.checkpoint(1).files[0].state, { kind: 'absent' });
  });
});
