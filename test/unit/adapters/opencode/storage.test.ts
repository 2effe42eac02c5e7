// OpenCode ≤ 1.1.65's JSON files under storage/ (docs/formats/opencode.md §7), read as a `database` source from a
// private copy of the recorded opencode-notes-cli-v1.1.65 data folder: sessions, prompts, steps, commands with exit
// codes and file changes as the files and the recorder's ground truth say; the cursor; malformed files.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, utimesSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { SessionDetail, ToolCallStep } from '../../../../src/core/model';
import { discoverOpencodeDatabases, databaseOf } from '../../../../src/adapters/opencode/discovery';
import { opencodeAgent } from '../../../../src/adapters/opencode/opencodeAgent';
import { opencodeAdapter } from '../../../../src/adapters/opencode/opencodeAdapter';
import type { ParseIssue } from '../../../../src/core/ops';
import { copyData, dbFile, readAll, recordedDir } from './opencodeFixtures';

const fixture = 'opencode-notes-cli-v1.1.65';
const repo = '/tmp/agent-trail-fixtures-opencode/opencode-notes-cli-v1.1.65/demo-repo';
const sessionId = 'ses_dc2fedf82ffeUoY3WKNKLG8ZWm';
const copies: string[] = [];
after(() => copies.forEach((d) => rmSync(d, { recursive: true, force: true })));

/**
 * A copy of the fixture's data folder (storage/ only: the snapshot git dirs are not read), the files' times set
 * a millisecond apart in the past, as OpenCode wrote them (a copy's times fall within the same few milliseconds,
 * and the cursor reads again whatever is as new as the newest it read).
 */
function copyStorage(): string {
  const dir = mkdtempSync(join(tmpdir(), 'at-opencode-storage-'));
  copies.push(dir);
  cpSync(join(recordedDir, fixture, 'opencode-home', 'data', 'storage'), join(dir, 'storage'), { recursive: true });
  let past = Date.parse('2026-01-01T00:00:00Z');
  const age = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) {
        age(p);
      } else {
        past += 1;
        utimesSync(p, new Date(past), new Date(past));
      }
    }
  };
  age(join(dir, 'storage'));
  return dir;
}

function truth(): { prompts: { text: string }[] } {
  return JSON.parse(readFileSync(join(recordedDir, fixture, 'ground-truth.json'), 'utf8')) as { prompts: { text: string }[] };
}

function tools(s: SessionDetail, prompt: number): ToolCallStep[] {
  return s.prompts[prompt - 1].steps.filter((x): x is ToolCallStep => x.type === 'tool');
}

describe('OpenCode 1.1.65 storage/ recorded: notes-cli', () => {
  it('is discovered as one database-kind source beside (or without) opencode.db', async () => {
    const dir = copyStorage();
    const issues: ParseIssue[] = [];
    const files = await discoverOpencodeDatabases([dir], [repo], issues);
    assert.deepEqual(issues, []);
    assert.deepEqual(files, [{ agent: 'opencode', path: join(dir, 'storage'), mode: 'database', workspaceFolders: [repo] }]);
  });

  it('reads the session with its directory, title, model and version, and the prompts as stored', async () => {
    const dir = copyStorage();
    const run = await readAll(dbFile(join(dir, 'storage'), [repo]));
    assert.deepEqual(run.issues, []);
    assert.equal(run.sessions.length, 1);
    const s = run.sessions[0];
    assert.equal(s.id, sessionId);
    assert.equal(s.cwd, repo);
    assert.equal(s.title, 'Notes module and CLI');
    assert.deepEqual(s.models, ['claude-sonnet-4-5']);
    assert.equal(s.cliVersion, '1.1.65');
    // 1.1.65 stored the run's prompt with a final newline (1.18.33 does not); kept as stored.
    assert.deepEqual(
      s.prompts.map((p) => p.text),
      truth().prompts.map((p) => `${p.text}\n`),
    );
  });

  it('gives the tool parts as steps with their kinds, the bash exit codes and the file changes', async () => {
    const s = (await readAll(dbFile(join(copyStorage(), 'storage'), [repo]))).sessions[0];
    assert.deepEqual(
      s.prompts.map((p) => tools(s, s.prompts.indexOf(p) + 1).map((x) => `${x.name}:${x.kind}`)),
      [
        ['write:write', 'edit:edit', 'bash:shell'],
        ['read:read', 'write:write', 'bash:shell', 'bash:shell', 'bash:shell'],
        ['bash:shell', 'read:read', 'read:read', 'edit:edit', 'bash:shell', 'bash:shell', 'bash:shell'],
      ],
    );
    const exits = s.prompts.flatMap((p, i) => tools(s, i + 1).filter((x) => x.command).map((x) => x.command?.exitCode));
    assert.deepEqual(exits, [0, 0, 0, 2, 0, 0, 0, 0]);
    const [write, edit] = tools(s, 1);
    assert.deepEqual(write.fileChanges.map((c) => [c.path, c.op, c.before]), [[`${repo}/src/notes.js`, 'create', null]]);
    // The JSON era's edit keeps the whole pre- and post-image: the file after it is the recorder's snapshot.
    const after1 = readFileSync(join(recordedDir, fixture, 'snapshots', 'turn-1', 'src', 'notes.js'), 'utf8');
    assert.equal(edit.fileChanges[0].after, after1);
  });

  it('keeps backups of each prompt from its summary, the prompt\'s own tool pre-images first', async () => {
    const run = await readAll(dbFile(join(copyStorage(), 'storage'), [repo]));
    const backups = run.ops.filter((o) => o.op === 'fileBackup');
    const byPrompt = (n: number): Map<string, string | null> => {
      const id = run.sessions[0].prompts[n - 1].id;
      return new Map(backups.filter((b) => b.promptId === id).map((b) => [b.path.slice(repo.length + 1), b.backup && 'text' in b.backup ? b.backup.text : null]));
    };
    const snapshot = (turn: string, path: string): string | null => {
      try {
        return readFileSync(join(recordedDir, fixture, 'snapshots', turn, path), 'utf8');
      } catch {
        return null;
      }
    };
    // Prompt 1's summary says src/notes.js was "modified" from the content its first write made (OpenCode took the
    // prompt's first snapshot late); the write's `exists: false` says the file did not exist: no content.
    assert.deepEqual([...byPrompt(1)], [['src/notes.js', null]]);
    assert.equal(snapshot('turn-0', 'src/notes.js'), null);
    for (const [n, before] of [[2, 'turn-2-user-edit'], [3, 'turn-2']] as const) {
      for (const [path, text] of byPrompt(n)) {
        assert.equal(text, snapshot(before, path), `prompt ${n} ${path}`);
      }
    }
    assert.deepEqual([...byPrompt(3).keys()].sort(), ['CHANGELOG.md', 'bin/notes.js', 'package.json', 'src/notes.js', 'src/store.js']);
  });

  it('gives the same backups from the database OpenCode 1.15.13 imported the files into, with the files gone', async () => {
    const fromFiles = await readAll(dbFile(join(copyStorage(), 'storage'), [repo]));
    const db = copyData('opencode-migrated-v1.15.13');
    copies.push(db);
    const fromDatabase = await readAll(dbFile(join(db, 'opencode.db'), [repo]));
    assert.deepEqual(fromDatabase.issues, []);
    const backups = (ops: typeof fromFiles.ops): string[] =>
      ops
        .map((o) => (o.op === 'fileBackup' ? JSON.stringify([o.promptId, o.path, o.backup && 'text' in o.backup ? o.backup.text : null]) : ''))
        .filter((b) => b)
        .sort();
    assert.equal(backups(fromFiles.ops).length, 9);
    assert.deepEqual(backups(fromDatabase.ops), backups(fromFiles.ops));
  });

  it('reads nothing again while nothing changed, and only what changed after a part file is written', async () => {
    const dir = copyStorage();
    const file = dbFile(join(dir, 'storage'), [repo]);
    const first = await readAll(file);
    const stamp = opencodeAdapter.sourceStamp?.(file);
    assert.ok(stamp);
    assert.deepEqual(opencodeAdapter.sourceStamp?.(file), stamp);
    const again = await readAll(file, first.cursor);
    assert.deepEqual(again.ops, []);
    // A new text part of the last response, as OpenCode writes one while it streams.
    const messages = readdirSync(join(dir, 'storage', 'message', sessionId)).sort();
    const last = messages[messages.length - 1].replace(/\.json$/, '');
    const part = { id: 'prt_zzzzzzzzzzzzzzzzzzzzzzzzzz', sessionID: sessionId, messageID: last, type: 'text', text: 'one more thing' };
    writeFileSync(join(dir, 'storage', 'part', last, `${part.id}.json`), JSON.stringify(part, null, 2));
    assert.notDeepEqual(opencodeAdapter.sourceStamp?.(file), stamp);
    const next = await readAll(file, first.cursor);
    const steps = next.ops.filter((o) => o.op === 'step').map((o) => (o.op === 'step' ? o.step.id : ''));
    assert.deepEqual(steps, [part.id]);
  });

  it('counts a half-written part, an unreadable message and a session without directory, and reads the rest', async () => {
    const dir = copyStorage();
    const storage = join(dir, 'storage');
    const messages = readdirSync(join(storage, 'message', sessionId)).sort();
    // The first response (its write) half written; the second response's message file truncated.
    const firstResponse = messages[1].replace(/\.json$/, '');
    const partFiles = readdirSync(join(storage, 'part', firstResponse)).sort();
    const written = join(storage, 'part', firstResponse, partFiles[2]);
    writeFileSync(written, readFileSync(written, 'utf8').slice(0, 100));
    const secondResponse = join(storage, 'message', sessionId, messages[2]);
    writeFileSync(secondResponse, '{"id": "msg_');
    mkdirSync(join(storage, 'session', 'global'));
    writeFileSync(join(storage, 'session', 'global', 'ses_nodir.json'), JSON.stringify({ id: 'ses_nodir', title: 'x' }));
    const run = await readAll(dbFile(storage, [repo]));
    assert.deepEqual(
      run.issues.map((i) => i.kind).sort(),
      ['invalid-json', 'invalid-json', 'missing-field', 'missing-field'],
    );
    assert.ok(run.issues.some((i) => i.message.includes('part(s) not read, their message is unreadable')));
    const s = run.sessions[0];
    assert.equal(s.prompts.length, 3);
    // The write and the second response's edit are gone; everything else is there.
    assert.deepEqual(tools(s, 1).map((x) => x.name), ['bash']);
    // Once the files are whole again, the next reading picks them up.
    cpSync(join(recordedDir, fixture, 'opencode-home', 'data', 'storage'), storage, { recursive: true });
    const now = new Date();
    utimesSync(written, now, now);
    utimesSync(secondResponse, now, now);
    const healed = await readAll(dbFile(storage, [repo]), run.cursor);
    const ids = new Set(healed.ops.filter((o) => o.op === 'step').map((o) => (o.op === 'step' ? o.step.id : '')));
    assert.ok(ids.has(partFiles[2].replace(/\.json$/, '')));
    assert.deepEqual(healed.issues.filter((i) => i.kind === 'invalid-json'), []);
  });

  it('watches storage/ files as changes of the one storage source', () => {
    const w = opencodeAgent.watch;
    assert.equal(w.descend(['storage']), true);
    assert.equal(w.descend(['storage', 'part']), true);
    assert.equal(w.descend(['storage', 'part', 'msg_1']), true);
    assert.equal(w.descend(['snapshot']), false);
    assert.equal(w.descend(['storage', 'snapshot']), false);
    assert.equal(w.relevant(['storage', 'part', 'msg_1', 'prt_1.json']), 'transcript');
    assert.equal(w.relevant(['storage', 'session', 'p', 'ses_1.json']), 'transcript');
    assert.equal(w.relevant(['storage', 'session']), 'layout');
    assert.equal(w.relevant(['opencode.db-wal']), 'transcript');
    assert.equal(databaseOf('/d/opencode/storage/part/msg_1/prt_1.json'), '/d/opencode/storage');
    assert.equal(databaseOf('/d/opencode/opencode.db-wal'), '/d/opencode/opencode.db');
  });
});

describe('OpenCode 1.1.65 storage/ recorded: legacy chain (notes-cli, shell-failures, decoy in one HOME)', () => {
  const chain = '/tmp/h13ocs-fixtures-opencode/opencode-legacy-chain-v1.1.65';
  const storageOf = (name: string): string => join(recordedDir, name, 'opencode-home', 'data', 'storage');

  it('keeps sessions by their recorded folder: the decoy (demo-repo as a string prefix) stays out of demo-repo', async () => {
    const demo = await readAll(dbFile(storageOf('opencode-legacy-decoy-v1.1.65'), [`${chain}/demo-repo`]));
    assert.deepEqual(demo.sessions.map((s) => s.title).sort(), ['Notes module and CLI', 'Shell edits and failures']);
    const other = await readAll(dbFile(storageOf('opencode-legacy-decoy-v1.1.65'), [`${chain}/demo-repo-other`]));
    assert.deepEqual(other.sessions.map((s) => [s.title, s.cwd]), [['Decoy notes', `${chain}/demo-repo-other`]]);
  });

  it('gives shell commands their exit codes: 2, 127, unknown for the one its timeout killed; a failed edit as an error', async () => {
    const run = await readAll(dbFile(storageOf('opencode-legacy-shell-failures-v1.1.65'), [`${chain}/demo-repo`]));
    assert.deepEqual(run.issues, []);
    const s = run.sessions.find((x) => x.title === 'Shell edits and failures');
    assert.ok(s);
    const calls = s.prompts.flatMap((p, i) => tools(s, i + 1));
    assert.deepEqual(
      calls.filter((c) => c.command).map((c) => [c.command?.command.split(' ')[0], c.command?.exitCode]),
      [['mv', 0], ['printf', 0], ['sed', 0], ['node', 2], ['notes-lint', 127], ['sleep', null], ['rm', 0]],
    );
    const edit = calls.find((c) => c.name === 'edit');
    assert.equal(edit?.result?.isError, true);
    assert.deepEqual(edit?.fileChanges, []);
  });
});
