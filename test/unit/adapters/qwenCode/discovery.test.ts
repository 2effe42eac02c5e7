// Qwen Code's data folders and discovery: `$QWEN_RUNTIME_DIR` / `$QWEN_HOME` / `~/.qwen`, then
// `projects/<every non-alphanumeric → '-'>/chats/<sessionId>.jsonl`, pre-filtered by folder name only.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { qwenCodeAgent } from '../../../../src/adapters/qwenCode/qwenCodeAgent';
import { qwenCodeAdapter } from '../../../../src/adapters/qwenCode/qwenCodeAdapter';
import type { ParseIssue } from '../../../../src/core/ops';

describe('qwen defaultRoots', () => {
  it('honours QWEN_RUNTIME_DIR (transcripts) and QWEN_HOME (global folder), else ~/.qwen', () => {
    const roots = (env: Record<string, string>): string[] => qwenCodeAdapter.defaultRoots({ home: '/home/u', env });
    assert.deepEqual(roots({}), ['/home/u/.qwen']);
    assert.deepEqual(roots({ QWEN_HOME: '/cfg/qwen' }), ['/cfg/qwen']);
    assert.deepEqual(roots({ QWEN_HOME: ' ' }), ['/home/u/.qwen']);
    assert.deepEqual(roots({ QWEN_RUNTIME_DIR: '/run/qwen' }), ['/run/qwen', '/home/u/.qwen']);
    assert.deepEqual(roots({ QWEN_RUNTIME_DIR: '/cfg/qwen', QWEN_HOME: '/cfg/qwen' }), ['/cfg/qwen']);
  });
});

describe('qwen discover (synthetic layout)', () => {
  const root = mkdtempSync(join(tmpdir(), 'qwen-discover-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  const data = join(root, '.qwen');
  const chat = (project: string, name: string): string => {
    const dir = join(data, 'projects', project, 'chats');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, name), '');
    return join(dir, name);
  };
  const own = chat('-w-demo-repo', 'a.jsonl');
  chat('-w-demo-repo', 'a.runtime.json');
  const sub = chat('-w-demo-repo-packages-x', 'b.jsonl');
  const old = join(data, 'projects', '-w-demo-repo', 'chats', 'archive', 'old.jsonl');
  mkdirSync(join(old, '..'));
  writeFileSync(old, '');
  const parent = chat('-w', 'c.jsonl');
  chat('-w-demo-repo2', 'd.jsonl');
  chat('-other', 'e.jsonl');
  mkdirSync(join(data, 'projects', '-w-demo-repo', 'chats', 'nested.jsonl'));
  mkdirSync(join(data, 'projects', '-w-demo-repo-empty'), { recursive: true });

  it('finds the folder’s sessions (archived ones too), its subfolders’ and its parent folders’ (the records decide), nothing else', async () => {
    const issues: ParseIssue[] = [];
    const files = await qwenCodeAdapter.discover([data], ['/w/demo-repo'], issues);
    assert.deepEqual(issues, []);
    assert.deepEqual(
      files.map((f) => [f.path, f.agent, f.mode]),
      [parent, own, old, sub].sort().map((p) => [p, 'qwen-code', 'append']),
    );
  });

  it('reports a folder the user named that does not exist; finds nothing in it', async () => {
    const issues: ParseIssue[] = [];
    const files = await qwenCodeAdapter.discover([join(root, 'missing')], ['/w/demo-repo'], issues);
    assert.deepEqual(files, []);
    assert.deepEqual(
      issues.map((i) => i.kind),
      ['io'],
    );
  });
});

describe('qwenCodeAgent watch scope', () => {
  it('descends to the chats folders and takes only session transcripts there', () => {
    const { descend, relevant } = qwenCodeAgent.watch;
    assert.ok(descend(['projects']) && descend(['projects', '-w-demo-repo']) && descend(['projects', '-w-demo-repo', 'chats']));
    assert.ok(descend(['projects', '-w', 'chats', 'archive']));
    assert.equal(relevant(['projects', '-w', 'chats', 'archive', 'old.jsonl']), 'transcript');
    assert.ok(!descend(['file-history']) && !descend(['tmp']) && !descend(['projects', '-w', 'chats', 'x']));
    assert.equal(relevant(['projects', '-w', 'chats', 'a.jsonl']), 'transcript');
    assert.equal(relevant(['projects', '-w', 'chats', 'a.runtime.json']), undefined);
    assert.equal(relevant(['usage_record.jsonl']), undefined);
    assert.equal(relevant(['projects', '-w', 'a.jsonl']), undefined);
  });
});
