// Checkpoint restore against the truth: for every recorded fixture and every prompt P of its sessions, restoring
// "before prompt P" on a copy of the final work tree must make every file the session changed in P or later equal,
// byte for byte, to the recorder's snapshot of the tree just before P (absent where the snapshot lacks it). The
// snapshots were taken by the recorder, never derived from the transcripts. Files the transcripts cannot restore
// (shell-made changes) must come out as `unrestorable` — exactly the files listed here — and undo must bring the
// final tree back byte for byte.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { CheckpointResolver } from '../../../src/core/checkpoints/checkpointModel';
import { planRestore } from '../../../src/core/checkpoints/checkpointPlan';
import { readCurrentFiles } from '../../../src/restore/currentFiles';
import { applyRestore } from '../../../src/restore/restoreApply';
import { undoRestore } from '../../../src/restore/restoreUndo';
import { recordedPatchOps } from '../../../src/store/recordedPatchOps';
import { indexRecorded, recordedCases, recordedFixtures, truthAgentIds, type RecordedCase } from '../helpers/recordedFixtures';
import { remap } from '../helpers/recordedWorkspace';

const fixtures = recordedFixtures;

interface Step {
  snapshot: string;
  origin: string;
  changes: Record<string, unknown>;
}
interface Truth {
  steps: Step[];
  before_prompt: Record<string, string>;
  deleted_files: Record<string, { prompt: number; deleted_by: string }>;
  renames: { from: string; to: string; prompt: number; renamed_by: string }[];
  session?: { cwd: string; agent: string; prompts: { prompt: number }[] };
  sessions?: { label: string; agent: string; cwd: string; session_id?: string; prompts: { prompt: number }[] }[];
}


interface Case extends Omit<RecordedCase, 'tarball'> {
  /** `<label>:prompt-P` → workspace-relative files reported unrestorable (shell-made changes), sorted. */
  unrestorable: Record<string, string[]>;
}

const shellEdited = ['config.ini', 'data.csv', 'helper.js', 'old-name.js', 'scripts/build.sh', 'tmp.log'];
const codeModeShellMade = { 'prompt-1': ['CHANGES.md', 'USAGE.md'], 'prompt-2': ['CHANGES.md'] };
const piNotesShellMade = ['CHANGELOG.md', 'README.md', 'bin/notes.js', 'package.json', 'src/notes.js', 'src/store.js'];

const cases: Case[] = [
  { name: 'claude-print', roots: { 'claude-code': 'claude-home' }, unrestorable: {} },
  { name: 'claude-tui', roots: { 'claude-code': 'claude-home' }, unrestorable: {} },
  {
    name: 'claude-shell-edits',
    roots: { 'claude-code': 'claude-home' },
    // P1 and P2 changed these only through Bash (sed -i, printf >>, cat > heredoc, mv, rm); tmp.log was removed by
    // `rm` in P2, so before P2 its content is unknown although P3's Write recorded it absent before P3.
    unrestorable: { 'prompt-1': shellEdited, 'prompt-2': ['helper.js', 'old-name.js', 'scripts/build.sh', 'tmp.log'] },
  },
  { name: 'claude-subagent', roots: { 'claude-code': 'claude-home' }, unrestorable: {} },
  // The same scenarios recorded with Claude Code 2.1.332, plus its background subagent and files over 10,000
  // characters (originalFile: null; catalog.js's sed in P3 runs after its P3 Edit, whose backup restores it).
  ...['claude-print', 'claude-tui', 'claude-subagent', 'claude-subagent-async', 'claude-big-file', 'claude-hooks'].map(
    (name): Case => ({ name: `${name}-v2.1.332`, roots: { 'claude-code': 'claude-home' }, unrestorable: {} }),
  ),
  { name: 'claude-hooks-v2.1.250', roots: { 'claude-code': 'claude-home' }, unrestorable: {} },
  {
    name: 'claude-shell-edits-v2.1.332',
    roots: { 'claude-code': 'claude-home' },
    unrestorable: { 'prompt-1': shellEdited, 'prompt-2': ['helper.js', 'old-name.js', 'scripts/build.sh', 'tmp.log'] },
  },
  // README.md is appended to by `printf … >> README.md` in P3.
  { name: 'codex-exec', roots: { codex: 'codex-home' }, unrestorable: { 'prompt-1': ['README.md'], 'prompt-2': ['README.md'], 'prompt-3': ['README.md'] } },
  { name: 'codex-tui', roots: { codex: 'codex-home' }, unrestorable: {} },
  // 0.171.0: the same README.md append.
  { name: 'codex-exec-v0.171.0', roots: { codex: 'codex-home' }, unrestorable: { 'prompt-1': ['README.md'], 'prompt-2': ['README.md'], 'prompt-3': ['README.md'] } },
  { name: 'codex-tui-v0.171.0', roots: { codex: 'codex-home' }, unrestorable: {} },
  // src/catalog.js is rewritten by `sed -i` in P3 (scattered lines); src/descriptions.js (15 KB, new in P2) restores.
  {
    name: 'codex-big-file-v0.171.0',
    roots: { codex: 'codex-home' },
    unrestorable: { 'prompt-1': ['src/catalog.js'], 'prompt-2': ['src/catalog.js'], 'prompt-3': ['src/catalog.js'] },
  },
  // Code mode: USAGE.md (P1) and CHANGES.md (P2) are made by `tools.exec_command` shell commands inside the scripts;
  // in the 0.145.0 (legacy) rollouts those commands are known only from the script text.
  { name: 'codex-code-mode-v0.145.0', roots: { codex: 'codex-home' }, unrestorable: codeModeShellMade },
  { name: 'codex-code-mode-tui-v0.145.0', roots: { codex: 'codex-home' }, unrestorable: codeModeShellMade },
  { name: 'codex-code-mode-v0.171.0', roots: { codex: 'codex-home' }, unrestorable: codeModeShellMade },
  { name: 'gemini-print', roots: { 'gemini-cli': 'gemini-home' }, unrestorable: {} },
  { name: 'gemini-print-same-minute', roots: { 'gemini-cli': 'gemini-home' }, unrestorable: {} },
  { name: 'gemini-tui', roots: { 'gemini-cli': 'gemini-home' }, unrestorable: {} },
  // Gemini CLI 0.24.5 records no content before a change: P3 overwrites README.md without reading it in that prompt
  // (its P1 read is a prompt earlier, hand edits may lie between), so nothing says what README.md held before P3.
  {
    name: 'gemini-legacy-print',
    roots: { 'gemini-cli': 'gemini-home' },
    unrestorable: { 'prompt-1': ['README.md'], 'prompt-2': ['README.md'], 'prompt-3': ['README.md'] },
  },
  { name: 'gemini-legacy-continue', roots: { 'gemini-cli': 'gemini-home' }, unrestorable: {} },
  { name: 'gemini-jsonl-continue', roots: { 'gemini-cli': 'gemini-home' }, unrestorable: {} },
  // Copilot CLI keeps every changed file's content at each prompt's start (rewind-file-snapshots), shell-made
  // changes included: nothing is unrestorable. The TUI fixtures as recorded before their `/rewind`.
  ...['copilot-notes-cli', 'copilot-big-file', 'copilot-decoy', 'copilot-tui-rewind', 'copilot-tui-rewind-conversation'].map(
    (name): Case => ({ name: `${name}-v1.0.102`, roots: { copilot: 'copilot-home/dot-copilot' }, unrestorable: {} }),
  ),
  { name: 'multi-agent', roots: {}, home: 'home', unrestorable: {} },
  // Pi records no content before a `write` (nor whether the file existed): a file it wrote first is unrestorable
  // before that prompt (bin/notes.js, P2). The rest are shell-made: `printf > CHANGELOG.md && echo >> README.md` (P2),
  // `mv src/notes.js src/store.js`, `sed -i … package.json`, `rm CHANGELOG.md` (P3); src/notes.js was also first
  // written by P1.
  ...['pi-notes-cli', 'pi-tui'].map(
    (name): Case => ({
      name: `${name}-v0.73.1`,
      roots: { pi: 'pi-home/agent' },
      unrestorable: {
        'prompt-1': piNotesShellMade,
        'prompt-2': piNotesShellMade,
        'prompt-3': ['CHANGELOG.md', 'package.json', 'src/notes.js', 'src/store.js'],
      },
    }),
  ),
  // Qwen Code 0.24.4, notes-cli in print mode and in the TUI: P2 `printf > CHANGELOG.md && echo >> README.md`, P3
  // `mv src/notes.js src/store.js`, `sed -i` package.json, `rm CHANGELOG.md` (shell changes are recorded nowhere).
  // Print mode keeps no backups: src/notes.js, only read in P2 and moved by `mv` in P3, is unrestorable there. The
  // TUI's backups of src/notes.js for P2 and P3 (taken when each prompt started, before its `mv`) restore it.
  {
    name: 'qwen-notes-cli-v0.24.4',
    roots: { 'qwen-code': 'qwen-home/dot-qwen' },
    unrestorable: {
      'prompt-1': ['CHANGELOG.md', 'README.md', 'package.json', 'src/store.js'],
      'prompt-2': ['CHANGELOG.md', 'README.md', 'package.json', 'src/notes.js', 'src/store.js'],
      'prompt-3': ['CHANGELOG.md', 'package.json', 'src/notes.js', 'src/store.js'],
    },
  },
  // Cline: its checkpoints (refs/cline/checkpoints/<session>/<N>, read from the recorded repo) give every file a
  // prompt changed at its start, so the shell-made changes — CHANGELOG.md (`printf >` in P2, `rm` in P3), README.md
  // (`echo >>` in P2), package.json (`sed -i` in P3), src/store.js (`mv` in P3) — and src/notes.js, hand-edited
  // before P2 and then only moved by `mv`, all restore. From the transcript alone they were unrestorable.
  { name: 'cline-notes-cli-v3.0.65', roots: { cline: 'cline-home/dot-cline/data/sessions' }, unrestorable: {} },
  {
    name: 'qwen-tui-v0.24.4',
    roots: { 'qwen-code': 'qwen-home/dot-qwen' },
    unrestorable: {
      'prompt-1': ['CHANGELOG.md', 'README.md', 'package.json', 'src/store.js'],
      'prompt-2': ['CHANGELOG.md', 'README.md', 'package.json', 'src/store.js'],
      'prompt-3': ['CHANGELOG.md', 'package.json', 'src/store.js'],
    },
  },
  // pi-big-file is not here: nothing in it can be restored from the transcript. src/catalog.js is changed by
  // `sed -i` after P3's edit (and its edits record only Pi's diff), src/descriptions.js is first written by P2.
  // TODO.md is changed by `sed -i … && false` in P1.
  { name: 'pi-shell-failures-v0.73.1', roots: { pi: 'pi-home/agent' }, unrestorable: { 'prompt-1': ['TODO.md'] } },
  // Branches (`/tree` after P2, P3 and P4 on the other branch): restore replays what happened on disk in file order,
  // P2's abandoned branch included (Pi reverts nothing). src/notes.js is first written by P1's `write` and bin/notes.js
  // by P2's (on the abandoned branch): unrestorable before those prompts.
  { name: 'pi-branches-v0.73.1', roots: { pi: 'pi-home/agent' }, unrestorable: { 'prompt-1': ['bin/notes.js', 'src/notes.js'], 'prompt-2': ['bin/notes.js'] } },
  // Both files are first written by a `write` (src/greet.js by a's P1, src/index.js by b's P1).
  { name: 'pi-sessions-v0.73.1', roots: { pi: 'b/pi-home/agent' }, unrestorable: { 'a:prompt-1': ['src/greet.js'], 'b:prompt-1': ['src/index.js'] } },
  // src/catalog.js (23 KB: every edit's before/after cut by Qwen, its complete fileDiff kept) is rewritten by `sed -i`
  // in P3, as in codex-big-file; src/descriptions.js (15,696 characters, kept whole) restores.
  {
    name: 'qwen-big-file-v0.24.4',
    roots: { 'qwen-code': 'qwen-home/dot-qwen' },
    unrestorable: { 'prompt-1': ['src/catalog.js'], 'prompt-2': ['src/catalog.js'], 'prompt-3': ['src/catalog.js'] },
  },
  // TODO.md is changed in P1 by `sed -i … && false` (exit 1, the file changed all the same).
  { name: 'qwen-shell-failures-v0.24.4', roots: { 'qwen-code': 'qwen-home/dot-qwen' }, unrestorable: { 'prompt-1': ['TODO.md'] } },
  { name: 'qwen-sessions-v0.24.4', roots: { 'qwen-code': 'b/qwen-home/dot-qwen' }, unrestorable: {} },
  // src/catalog.js is rewritten by `sed -i` in P3 (unrestorable from the transcript, as in codex-big-file): P3's
  // checkpoint holds it; src/descriptions.js (3 editor chunks) restores from the transcript too.
  { name: 'cline-big-file-v3.0.65', roots: { cline: 'cline-home/dot-cline/data/sessions' }, unrestorable: {} },
  { name: 'cline-decoy-v3.0.65', roots: { cline: 'cline-home/dot-cline/data/sessions' }, unrestorable: {} },
  // OpenCode: each prompt's summary (written when it ends) holds every changed file's content at its start, shell
  // changes included. wal-kill's P2 was killed before its summary: its `printf > CHANGELOG.md && echo >> README.md`
  // restores from the snapshot tree OpenCode took when P2 started (read through the recorded repo's objects).
  ...['opencode-notes-cli', 'opencode-big-file', 'opencode-clone', 'opencode-decoy', 'opencode-wal-kill'].map(
    (name): Case => ({ name: `${name}-v1.18.33`, roots: { opencode: 'opencode-home/data' }, unrestorable: {} }),
  ),
  // OpenCode 1.1.65 (storage/ JSON files): the summaries keep whole `before` texts, shell changes included; prompt 1's
  // late first snapshot is corrected by its write's `exists: false` (storageReader.ts).
  ...['opencode-notes-cli', 'opencode-legacy-shell-failures', 'opencode-legacy-decoy'].map(
    (name): Case => ({ name: `${name}-v1.1.65`, roots: { opencode: 'opencode-home/data' }, unrestorable: {} }),
  ),
];

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (name === '.git') {
        continue;
      }
      if (statSync(p).isDirectory()) {
        walk(p);
      } else {
        out.push(relative(dir, p));
      }
    }
  };
  walk(dir);
  return out.sort();
}

function bytesOf(path: string): Buffer | null {
  return existsSync(path) ? readFileSync(path) : null;
}

/** Files the ground truth says the session labelled `label` changed in prompt `p` or later. */
function changedFrom(truth: Truth, label: string, p: number): string[] {
  const prompt = (origin: string): number | undefined => {
    const m = /^(?:(\w+):)?prompt-(\d+)$/.exec(origin);
    return m && (m[1] ?? '') === label ? Number(m[2]) : undefined;
  };
  const out = new Set<string>();
  for (const s of truth.steps) {
    const n = prompt(s.origin);
    if (n !== undefined && n >= p) {
      Object.keys(s.changes).forEach((f) => out.add(f));
    }
  }
  for (const r of truth.renames) {
    const n = prompt(r.renamed_by);
    if (n !== undefined && n >= p) {
      out.add(r.from).add(r.to);
    }
  }
  for (const [f, d] of Object.entries(truth.deleted_files)) {
    const n = prompt(d.deleted_by);
    if (n !== undefined && n >= p) {
      out.add(f);
    }
  }
  return [...out].sort();
}

for (const c of cases) {
  test(`restore before every prompt matches the recorder's snapshots: ${c.name}`, async (t) => {
    const dir = join(fixtures, c.name);
    const truth = JSON.parse(readFileSync(join(dir, 'ground-truth.json'), 'utf8')) as Truth;
    const sessions = truth.sessions ?? (truth.session ? [{ label: '', ...truth.session }] : []);
    const cwd = sessions[0].cwd;
    const finalTree = join(dir, truth.steps[truth.steps.length - 1].snapshot);
    // The recorded repo at the path the transcripts name: agents whose checkpoints are git objects (Cline's refs,
    // OpenCode's snapshot trees, whose alternates point into it) are read from it. Extracted over whatever is there,
    // as the blame test does.
    const tarball = recordedCases.find((r) => r.name === c.name)?.tarball;
    if (tarball !== undefined) {
      mkdirSync(join(cwd, '..'), { recursive: true });
      execFileSync('tar', ['xzf', join(dir, tarball), '-C', join(cwd, '..')]);
    }
    const engine = await indexRecorded(c, cwd);
    const mismatches: string[] = [];
    const unrestorable: Record<string, string[]> = {};
    let checkedPrompts = 0;
    let checkedFiles = 0;
    try {
      const summaries = (await engine.listSessions()).filter((s) => !s.parentSessionId);
      for (const s of sessions) {
        // Several sessions of one agent may share the repo (pi-sessions): then the recorded id tells them apart.
        const summary = summaries.find((x) => x.agent === truthAgentIds[s.agent] && x.cwd === cwd && (s.session_id === undefined || x.id === s.session_id));
        assert.ok(summary, `session of ${s.agent}`);
        const data = await engine.checkpointData(summary.key);
        assert.ok(data);
        for (const { prompt: p } of s.prompts) {
          const key = s.label ? `${s.label}:prompt-${p}` : `prompt-${p}`;
          const snapshot = join(dir, truth.before_prompt[key]);
          const ws = mkdtempSync(join(tmpdir(), 'at-restore-ws-'));
          const cache = mkdtempSync(join(tmpdir(), 'at-restore-cache-'));
          cpSync(finalTree, ws, { recursive: true });
          const histories = remap(data.histories, cwd, ws);
          const current = readCurrentFiles(
            histories.map((h) => h.path),
            [ws],
          );
          assert.deepEqual([...current.unsafe], []);
          const checkpoint = new CheckpointResolver(histories, recordedPatchOps, current.contents).checkpoint(p);
          const plan = planRestore(checkpoint, current.contents);
          const { undoId } = applyRestore(plan, { cacheDir: cache, folders: [ws], sessionKey: summary.key });
          checkedPrompts++;
          const planned = new Map(plan.files.map((f) => [relative(ws, f.path), f]));
          const lost = plan.files.filter((f) => f.action === 'unrestorable').map((f) => relative(ws, f.path)).sort();
          if (lost.length > 0) {
            unrestorable[key] = lost;
          }
          const wanted = new Set([...changedFrom(truth, s.label, p), ...planned.keys()]);
          for (const rel of wanted) {
            if (planned.get(rel)?.action === 'unrestorable') {
              continue;
            }
            if (!planned.has(rel)) {
              mismatches.push(`${key} ${rel}: changed by the session (ground truth) but not in the checkpoint`);
              continue;
            }
            checkedFiles++;
            const got = bytesOf(join(ws, rel));
            const want = bytesOf(join(snapshot, rel));
            if (!(got === null ? want === null : want !== null && got.equals(want))) {
              mismatches.push(`${key} ${rel}: expected ${want === null ? 'absent' : JSON.stringify(want.toString('utf8'))}, got ${got === null ? 'absent' : JSON.stringify(got.toString('utf8'))}`);
            }
          }
          undoRestore(undoId, cache, [ws]);
          const after = filesUnder(ws);
          if (JSON.stringify(after) !== JSON.stringify(filesUnder(finalTree)) || after.some((f) => !readFileSync(join(ws, f)).equals(readFileSync(join(finalTree, f))))) {
            mismatches.push(`${key}: undo did not bring the final tree back`);
          }
        }
      }
    } finally {
      await engine.dispose();
    }
    t.diagnostic(`${checkedPrompts} prompts, ${checkedFiles} restored files compared, unrestorable: ${JSON.stringify(unrestorable)}`);
    assert.ok(checkedPrompts > 0 && checkedFiles > 0);
    assert.deepEqual(mismatches, [], `${mismatches.length} mismatches over ${checkedPrompts} prompts`);
    assert.deepEqual(unrestorable, c.unrestorable);
  });
}
