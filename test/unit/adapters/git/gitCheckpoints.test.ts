// The agents' git checkpoints as prompt backups, on the recordings: every backup read from Cline's
// refs/cline/checkpoints commits or OpenCode's snapshot trees must equal the recorder's snapshot of the tree before
// that prompt (absent where it lacks the file), and what cannot be read — the objects pruned, git missing — gives
// issues and fewer backups, never a wrong one. Each case works on a private copy of the recorded repo (Cline) or of
// the data folder (OpenCode), which it may damage.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { parseClineDocument } from '../../../../src/adapters/cline/clineAdapter';
import { readManifest } from '../../../../src/adapters/cline/manifest';
import type { IndexOp, ParseIssue } from '../../../../src/core/ops';
import { copyData, dbFile, readAll, recordedDir, removeCopy } from '../opencode/opencodeFixtures';

type Backup = Extract<IndexOp, { op: 'fileBackup' }>;

interface Truth {
  before_prompt: Record<string, string>;
  session: { cwd: string };
}

function truthOf(fixture: string): Truth {
  return JSON.parse(readFileSync(join(recordedDir, fixture, 'ground-truth.json'), 'utf8')) as Truth;
}

/** Each backup against the recorder's snapshot before its prompt: `<prompt N> <path>` of those that differ. */
function wrongBackups(fixture: string, backups: readonly Backup[], promptIndex: (id: string) => number, root: string): string[] {
  const truth = truthOf(fixture);
  const wrong: string[] = [];
  for (const b of backups) {
    const n = promptIndex(b.promptId);
    const snapshot = join(recordedDir, fixture, truth.before_prompt[`prompt-${n}`]);
    const rel = relative(root, b.path);
    const want = existsSync(join(snapshot, rel)) ? readFileSync(join(snapshot, rel), 'utf8') : null;
    const got = b.backupPath === null ? null : b.backup && 'text' in b.backup ? b.backup.text : undefined;
    if (got !== want) {
      wrong.push(`prompt ${n} ${rel}`);
    }
  }
  return wrong;
}

const git = (cwd: string, ...args: string[]): string => execFileSync('git', ['-C', cwd, ...args], { encoding: 'utf8' }).trim();

// ---- Cline: refs/cline/checkpoints/<session>/<N> in the user's repository ----

const clineFixture = 'cline-notes-cli-v3.0.65';
const clineSession = '1796319659971_ks93h';

/** The recorded repo in a private folder (the transcript's edits name paths relative to the manifest's cwd). */
function clineRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'at-gitcp-cline-'));
  execFileSync('tar', ['xzf', join(recordedDir, clineFixture, 'repo.tar.gz'), '-C', dir]);
  return join(dir, 'demo-repo');
}

function parseCline(repo: string): { backups: Backup[]; issues: ParseIssue[]; promptIndex: (id: string) => number } {
  const dir = join(recordedDir, clineFixture, 'cline-home/dot-cline/data/sessions', clineSession);
  const issues: ParseIssue[] = [];
  const manifest = readManifest(join(dir, `${clineSession}.json`), issues);
  assert.ok(manifest);
  const path = join(dir, `${clineSession}.messages.json`);
  const out = parseClineDocument({ agent: 'cline', path, mode: 'whole' }, readFileSync(path, 'utf8'), { ...manifest, cwd: repo }, issues);
  const prompts = out.ops.flatMap((o) => (o.op === 'prompt' ? [o.id] : []));
  return { backups: out.ops.filter((o): o is Backup => o.op === 'fileBackup'), issues: out.issues, promptIndex: (id) => prompts.indexOf(id) + 1 };
}

function summary(backups: readonly Backup[], promptIndex: (id: string) => number, repo: string): string[] {
  return backups.map((b) => `${promptIndex(b.promptId)} ${relative(repo, b.path)} ${b.backupPath === null ? 'absent' : 'content'}`).sort();
}

// The restore truth test (test/unit/restore/recordedRestore.test.ts) checks these restore at the recorded path. Here
// the repo is a copy elsewhere: the editor tools' changes name absolute paths in the recorded folder (outside the
// copy, so left out), the shell commands' paths are relative to the cwd: what remains is the shell-made changes.
const clineExpected = [
  '2 CHANGELOG.md absent',
  '2 README.md content',
  '3 CHANGELOG.md content',
  '3 package.json content',
  '3 src/notes.js content',
  '3 src/store.js absent',
];

test('Cline: every prompt-changed file, shell-made ones included, backed up from its checkpoint as the snapshot has it', () => {
  const repo = clineRepo();
  try {
    const { backups, issues, promptIndex } = parseCline(repo);
    assert.deepEqual(issues, []);
    assert.deepEqual(summary(backups, promptIndex, repo), clineExpected);
    assert.deepEqual(wrongBackups(clineFixture, backups, promptIndex, repo), []);
    // Nothing was written to the repository: same refs, no lock, no new object.
    assert.equal(existsSync(join(repo, '.git/index.lock')), false);
  } finally {
    rmSync(join(repo, '..'), { recursive: true, force: true });
  }
});

test('Cline: a deleted checkpoint ref loses nothing while git keeps the commit (read by the id the manifest records)', () => {
  const repo = clineRepo();
  try {
    git(repo, 'update-ref', '-d', `refs/cline/checkpoints/${clineSession}/2`);
    git(repo, 'update-ref', '-d', `refs/cline/checkpoints/${clineSession}/3`);
    const { backups, issues, promptIndex } = parseCline(repo);
    assert.deepEqual(issues, []);
    assert.deepEqual(summary(backups, promptIndex, repo), clineExpected);
  } finally {
    rmSync(join(repo, '..'), { recursive: true, force: true });
  }
});

test('Cline: checkpoints pruned by git gc give issues and no backup for their prompts; the others stay exact', () => {
  const repo = clineRepo();
  try {
    git(repo, 'update-ref', '-d', `refs/cline/checkpoints/${clineSession}/2`);
    git(repo, 'update-ref', '-d', `refs/cline/checkpoints/${clineSession}/3`);
    git(repo, 'reflog', 'expire', '--expire=now', '--all');
    git(repo, 'gc', '--prune=now', '--quiet');
    const { backups, issues, promptIndex } = parseCline(repo);
    assert.deepEqual(summary(backups, promptIndex, repo), []);
    assert.deepEqual(wrongBackups(clineFixture, backups, promptIndex, repo), []);
    assert.equal(issues.length, 2);
    assert.ok(issues.every((i) => i.kind === 'io' && /checkpoint [23] cannot be read: checkpoint commit \w+ is not in the repository/.test(i.message)), JSON.stringify(issues));
  } finally {
    rmSync(join(repo, '..'), { recursive: true, force: true });
  }
});

test('Cline: one pruned blob costs that file only, with an issue (never "absent")', () => {
  const repo = clineRepo();
  try {
    // src/notes.js before P3 was untracked: it is in the checkpoint's third parent (untracked files).
    const blob = git(repo, 'rev-parse', `refs/cline/checkpoints/${clineSession}/3^3:src/notes.js`);
    rmSync(join(repo, '.git/objects', blob.slice(0, 2), blob.slice(2)));
    const { backups, issues, promptIndex } = parseCline(repo);
    assert.deepEqual(
      summary(backups, promptIndex, repo),
      clineExpected.filter((l) => l !== '3 src/notes.js content'),
    );
    assert.deepEqual(wrongBackups(clineFixture, backups, promptIndex, repo), []);
    assert.equal(issues.length, 1);
    assert.match(issues[0].message, /src\/notes\.js cannot be read from checkpoint refs\/cline\/checkpoints\/.*no longer in the repository/);
  } finally {
    rmSync(join(repo, '..'), { recursive: true, force: true });
  }
});

test('Cline: no git on PATH gives an issue and no backup, never a crash', () => {
  const repo = clineRepo();
  const path = process.env.PATH;
  try {
    process.env.PATH = join(repo, 'no-such-bin');
    const { backups, issues } = parseCline(repo);
    assert.deepEqual(backups, []);
    assert.ok(issues.length > 0 && issues.every((i) => i.kind === 'io' && i.message.includes('git is not installed')), JSON.stringify(issues));
  } finally {
    process.env.PATH = path;
    rmSync(join(repo, '..'), { recursive: true, force: true });
  }
});

// ---- OpenCode: <data>/snapshot/<project>/<sha1(worktree)>/ trees ----

const walKill = 'opencode-wal-kill-v1.18.33';

/** The data folder with its snapshot git dirs, and the recorded repo where the rows (and alternates) name it. */
function opencodeData(fixture = walKill): string {
  const cwd = truthOf(fixture).session.cwd;
  mkdirSync(join(cwd, '..'), { recursive: true });
  // Extracted over whatever is there, as the blame and restore tests do (they may read it at the same time).
  execFileSync('tar', ['xzf', join(recordedDir, fixture, 'repo.tar.gz'), '-C', join(cwd, '..')]);
  const data = copyData(fixture);
  cpSync(join(recordedDir, fixture, 'opencode-home/data/snapshot'), join(data, 'snapshot'), { recursive: true });
  return data;
}

async function readOpencode(data: string): Promise<{ backups: Backup[]; issues: ParseIssue[]; promptIndex: (id: string) => number }> {
  const run = await readAll(dbFile(join(data, 'opencode.db')));
  const prompts = run.ops.flatMap((o) => (o.op === 'prompt' ? [o.id] : [])).filter((id, i, all) => all.indexOf(id) === i);
  return { backups: run.ops.filter((o): o is Backup => o.op === 'fileBackup'), issues: run.issues, promptIndex: (id) => prompts.indexOf(id) + 1 };
}

/** What the transcript alone gives the killed prompt (a `write` of a new file records that it did not exist). */
const walKillTranscriptOnly = ['2 bin/notes.js absent'];

/** Backups of the prompt killed before its summary: besides the transcript's, only the snapshot trees can give them. */
function killedPrompt(backups: readonly Backup[], promptIndex: (id: string) => number): string[] {
  const repo = truthOf(walKill).session.cwd;
  return summary(
    backups.filter((b) => promptIndex(b.promptId) === 2),
    promptIndex,
    repo,
  );
}

test('OpenCode: without its snapshot dirs, the killed prompt has only what its transcript records', async () => {
  const data = copyData(walKill);
  try {
    const { backups, issues, promptIndex } = await readOpencode(data);
    assert.deepEqual(issues, []);
    assert.deepEqual(killedPrompt(backups, promptIndex), walKillTranscriptOnly);
  } finally {
    removeCopy(data);
  }
});

test('OpenCode: a prompt killed before its summary is backed up from the tree taken when it started, shell changes included', async () => {
  const data = opencodeData();
  try {
    const { backups, issues, promptIndex } = await readOpencode(data);
    assert.deepEqual(issues, []);
    // bin/notes.js by `write`, CHANGELOG.md and README.md by `printf > CHANGELOG.md && echo >> README.md`.
    assert.deepEqual(killedPrompt(backups, promptIndex), ['2 CHANGELOG.md absent', '2 README.md content', '2 bin/notes.js absent', ...walKillTranscriptOnly].sort());
    assert.deepEqual(wrongBackups(walKill, backups, promptIndex, truthOf(walKill).session.cwd), []);
  } finally {
    removeCopy(data);
  }
});

// OpenCode prunes its snapshot objects after 7 days (`git gc --prune=7.days`): a gone tree is the normal state of
// every older prompt, so it is not an issue (thousands of them on a long history would drown real ones); the
// prompt keeps its summary's backups and gets nothing from the tree, never a wrong "absent".
test('OpenCode: a pruned snapshot tree gives no backup from it, never a wrong one, and no issue (OpenCode prunes them itself)', async () => {
  const data = opencodeData();
  try {
    // P2's first step-start tree (docs/formats/opencode.md: the tree as the prompt started).
    const [dir] = execFileSync('find', [join(data, 'snapshot'), '-mindepth', '2', '-maxdepth', '2', '-type', 'd'], { encoding: 'utf8' }).trim().split('\n');
    rmSync(join(dir, 'objects/dd/d708f99c8212fb2e37f0db5017f897a87e47f6'));
    const { backups, issues, promptIndex } = await readOpencode(data);
    assert.deepEqual(killedPrompt(backups, promptIndex), walKillTranscriptOnly);
    assert.deepEqual(wrongBackups(walKill, backups, promptIndex, truthOf(walKill).session.cwd), []);
    assert.deepEqual(issues, []);
  } finally {
    removeCopy(data);
  }
});

test('OpenCode: no git on PATH gives issues and leaves the summaries as the only backups', async () => {
  const data = opencodeData();
  const path = process.env.PATH;
  try {
    process.env.PATH = join(data, 'no-such-bin');
    const { backups, issues, promptIndex } = await readOpencode(data);
    assert.deepEqual(killedPrompt(backups, promptIndex), walKillTranscriptOnly);
    assert.deepEqual(wrongBackups(walKill, backups, promptIndex, truthOf(walKill).session.cwd), []);
    assert.ok(issues.length > 0 && issues.every((i) => i.kind === 'io' && i.message.includes('git is not installed')), JSON.stringify(issues));
  } finally {
    process.env.PATH = path;
    removeCopy(data);
  }
});

test('OpenCode: on notes-cli the snapshot trees agree with the summaries (shell changes, a hand edit before P2)', async () => {
  const fixture = 'opencode-notes-cli-v1.18.33';
  const data = opencodeData(fixture);
  try {
    const { backups, issues, promptIndex } = await readOpencode(data);
    assert.deepEqual(issues, []);
    const fromTrees = backups.filter((b) => b.backupPath?.startsWith('opencode snapshot '));
    assert.ok(fromTrees.length >= 5, `${fromTrees.length} backups read from snapshot trees`);
    assert.deepEqual(wrongBackups(fixture, backups, promptIndex, truthOf(fixture).session.cwd), []);
  } finally {
    removeCopy(data);
  }
});
