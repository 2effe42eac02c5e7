// The folder watcher on Linux: one watch per folder that can hold transcripts — never one per file (Node's own
// recursive watch puts one on every file and stats each) — folders created later are watched too, and a change to a
// file in a watched folder is reported with its path.
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, statSync, watch, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { FolderWatcher } from '../../../src/indexer/folderWatcher';
import { agentRegistry } from '../../../src/adapters/agentRegistry';
import type { WatchScope } from '../../../src/adapters/agentDescriptor';

function watchOf(agent: string): WatchScope {
  const d = agentRegistry.get(agent);
  assert.ok(d, agent);
  return d.watch;
}

test('watches only the folders that can hold transcripts, picks up new ones, reports changed files', { timeout: 60_000 }, async () => {
  const root = mkdtempSync(join(tmpdir(), 'at-folders-'));
  const transcript = join(root, 'projects/-w/1111.jsonl');
  mkdirSync(join(root, 'projects/-w/1111/subagents'), { recursive: true });
  mkdirSync(join(root, 'projects/-w/1111/tool-results'), { recursive: true });
  mkdirSync(join(root, 'file-history/1111'), { recursive: true });
  writeFileSync(transcript, '{}\n');
  writeFileSync(join(root, 'projects/-w/1111/subagents/agent-a.jsonl'), '{}\n');
  const watched: string[] = [];
  const counting = ((path: string, ...rest: unknown[]) => {
    watched.push(path);
    return (watch as (...a: unknown[]) => ReturnType<typeof watch>)(path, ...rest);
  }) as typeof watch;
  const changes: string[] = [];
  let rescans = 0;
  let onRescan: () => void = () => undefined;
  const watcher = new FolderWatcher(
    root,
    { descend: watchOf('claude-code').descend, nativeRecursive: false, watchFn: counting },
    {
      onChange: (path) => changes.push(relative(root, path)),
      onRescan: () => {
        rescans++;
        onRescan();
      },
      onCheck: () => undefined,
      onMode: () => undefined,
    },
  );
  try {
    await watcher.start();
    assert.equal(watcher.mode, 'events');
    assert.deepEqual(watched.map((p) => relative(root, p)).sort(), ['', 'projects', 'projects/-w', 'projects/-w/1111', 'projects/-w/1111/subagents']);
    assert.ok(watched.every((p) => statSync(p).isDirectory()), 'no file is watched on its own');

    const rescanned = new Promise<void>((resolve) => (onRescan = resolve));
    mkdirSync(join(root, 'projects/-w/2222/subagents'), { recursive: true });
    await rescanned;
    // The new session folder is watched; its subagents folder too (now, or when the event for it arrives).
    while (!watched.some((p) => relative(root, p) === 'projects/-w/2222/subagents')) {
      await new Promise((r) => setTimeout(r, 5));
    }
    const newFile = join(root, 'projects/-w/2222/subagents/agent-b.jsonl');
    writeFileSync(newFile, '{}\n');
    appendFileSync(transcript, '{}\n');
    while (!changes.includes('projects/-w/1111.jsonl') || !changes.includes('projects/-w/2222/subagents/agent-b.jsonl')) {
      await new Promise((r) => setTimeout(r, 5));
    }
    assert.ok(rescans >= 1);
    assert.ok(!watched.some((p) => relative(root, p).startsWith('file-history') || p.endsWith('tool-results')));
  } finally {
    watcher.close();
  }
});

test('which changed names matter: transcripts, the files that map Gemini folders to projects (always), nothing else', () => {
  const [claude, codex, gemini] = (['claude-code', 'codex', 'gemini-cli'] as const).map(watchOf);
  assert.equal(claude.relevant(['projects', '-w', '1111.jsonl']), 'transcript');
  assert.equal(claude.relevant(['projects', '-w', '1111', 'subagents', 'agent-a.jsonl']), 'transcript');
  assert.equal(claude.relevant(['history.jsonl']), undefined);
  assert.equal(claude.relevant(['file-history', '1111', 'abc@v1']), undefined);
  assert.equal(codex.relevant(['sessions', '2026', '11', '22', 'rollout-x.jsonl']), 'transcript');
  assert.equal(codex.relevant(['history.jsonl']), undefined);
  assert.equal(gemini.relevant(['tmp', 'demo', 'chats', 'session-1.jsonl']), 'transcript');
  assert.equal(gemini.relevant(['tmp', 'demo', 'logs.json']), undefined);
  // Written in place, a mapping file changes which folders belong: discovery looks again on every change.
  assert.equal(gemini.relevant(['projects.json']), 'layout');
  assert.equal(gemini.relevant(['tmp', 'demo', '.project_root']), 'layout');
  assert.equal(codex.descend(['sessions', '2026', '11', '22']), true);
  assert.equal(codex.descend(['log']), false);
  assert.equal(gemini.descend(['tmp', 'demo', 'chats', 'parent']), true);
  assert.equal(gemini.descend(['tmp', 'demo', 'checkpoints']), false);
});

test('the watch limit reached half way: nothing stays half watched, the whole root is checked instead', { timeout: 60_000 }, async () => {
  const root = mkdtempSync(join(tmpdir(), 'at-folders-limit-'));
  mkdirSync(join(root, 'sessions/2026/11/22'), { recursive: true });
  const open = new Set<ReturnType<typeof watch>>();
  let calls = 0;
  const limited = ((path: string, ...rest: unknown[]) => {
    if (++calls > 2) {
      const err: NodeJS.ErrnoException = new Error('ENOSPC: System limit for number of file watchers reached');
      err.code = 'ENOSPC';
      throw err;
    }
    const w = (watch as (...a: unknown[]) => ReturnType<typeof watch>)(path, ...rest);
    open.add(w);
    const close = w.close.bind(w);
    w.close = () => {
      open.delete(w);
      close();
    };
    return w;
  }) as typeof watch;
  const modes: string[] = [];
  let checks = 0;
  const watcher = new FolderWatcher(
    root,
    { descend: watchOf('codex').descend, nativeRecursive: false, watchFn: limited, checkEveryMs: 60_000 },
    { onChange: () => undefined, onRescan: () => undefined, onCheck: () => checks++, onMode: (m, d) => modes.push(`${m} ${d}`) },
  );
  try {
    await watcher.start();
    assert.equal(watcher.mode, 'checking');
    assert.ok(modes.some((m) => m.includes('ENOSPC')), modes.join('\n'));
    assert.equal(open.size, 0, 'the watches made before the limit are closed');
    while (checks === 0) {
      await new Promise((r) => setTimeout(r, 5));
    }
  } finally {
    watcher.close();
  }
});
