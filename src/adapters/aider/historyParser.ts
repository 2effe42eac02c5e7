// `.aider.chat.history.md` → index operations, line by line as the file grows (aider appends to it as it runs:
// aider/io.py `append_chat_history`, Aider-AI/aider 0.86.3.dev, 5dc9490b). The shapes (io.py):
// - `# aider chat started at YYYY-MM-DD HH:MM:SS` (local time, io.py:335) opens a session; nothing else has a time;
// - `#### <line>  ` is one line of what the user typed (`user_input`, io.py:775; `<blank>` for empty input), a
//   multi-line input being consecutive `#### ` lines; slash commands (`/run`, `/test`, `/undo`, `!cmd`) are inputs too;
// - `> <text>  ` is aider's own output (`tool_output`/`tool_error`/`confirm_ask`, io.py:995 and 1117: a blockquote
//   with two trailing spaces); a multi-line message of `tool_output` has `> ` on its first line only and the two
//   spaces after its last (the /test output of aider 0.47 in the public sample);
// - anything else is the assistant's reply (`ai_output`, io.py:793: the reply stripped, then a blank line), with its
//   edit blocks (editBlocks.ts).
// Aider commits what it applied and prints `> Commit <hash> <message>`; those commits are read from git at the end
// of each feed (commits.ts), so the files a prompt changed come from the commit's exact diff, and its checkpoint for
// restore is the commit's parent. `> Removed: <hash> <message>` (/undo) reverts one.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { TranscriptFile, TranscriptLine } from '../adapter';
import type { FileChange } from '../../core/model';
import type { IndexOp, ParseIssue, StepPatch } from '../../core/ops';
import { normalizePath } from '../../core/paths';
import { readCommits, refindCommits, type AiderCommit } from './commits';
import { intendedEdits } from './editBlocks';
import { inputEntries, promptTime } from './inputHistory';
import { localTime } from './localTime';
import { inputHistoryOf } from './paths';

interface SessionState {
  id: string;
  cwd: string;
  startedAt: string;
  model?: string;
  editFormat?: string;
  cliVersion?: string;
  prompts: number;
  /** The latest prompt time of the session (prompts without an input-history entry get it: bounded, not exact). */
  lastPromptAt: string;
  /** Assistant text before any prompt was reported. */
  strayReported?: boolean;
  /** The prompt of each commit aider printed in the session (by the printed hash): /undo only undoes those. */
  commits?: Record<string, string>;
}

interface CommandState {
  id: string;
  name: string;
  command: string;
  output: string[];
}

interface PromptState {
  id: string;
  lines: string[];
  timestamp: string;
  command?: CommandState;
  /** Files aider said it applied edits to (`> Applied edit to …`) since the prompt or its last commit. */
  applied: number;
  replies: number;
}

interface PendingCommit {
  kind: 'commit' | 'undo';
  hash: string;
  subject: string;
  sessionId: string;
  cwd: string;
  promptId?: string;
  promptTime?: string;
  /** An `Applied edit to` line came before it in the same prompt. */
  applied: boolean;
  lineNo: number;
  /** An undo: the step of the commit it undoes (its changes are withdrawn from that prompt). */
  undoes?: string;
  /** Where its ops go among the feed's ops: after what the file says before it. */
  at: number;
}

export interface AiderState {
  session?: SessionState;
  prompt?: PromptState;
  reply?: { id: string; lines: string[] };
  /** A multi-line aider message still being read (its last line ends with two spaces). */
  tool?: { lines: string[]; lineNo: number };
  lastKind: 'prompt' | 'other';
  /** The latest time known in the file: an unreadable heading gets it. */
  lastTime?: string;
  orphanReported: boolean;
  /** Paths whose checkpoint content a prompt already has (its first commit's parent wins). */
  backedUp?: { promptId: string; paths: string[] };
}

export function initialAiderState(): AiderState {
  return { lastKind: 'other', orphanReported: false };
}

const headingRe = /^# aider chat started at (.*)$/;
const promptRe = /^####(?: |$)/;
const toolRe = /^>(?: |$)/;

function sessionIdOf(path: string, offset: number, heading: string): string {
  const stamp = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)/.exec(heading.trim());
  const hash = createHash('sha1').update(`${path}\0${offset}`).digest('hex').slice(0, 8);
  return `${stamp ? `${stamp[1]}${stamp[2]}${stamp[3]}-${stamp[4]}${stamp[5]}${stamp[6]}` : 'unknown'}-${hash}`;
}

function commandOf(text: string): { name: string; command: string } | undefined {
  const first = text.split('\n')[0];
  const m = /^\/(run|test)(?:\s+([\s\S]*))?$/.exec(text) ?? (first.startsWith('!') ? ['', 'run', text.slice(1)] : null);
  if (!m) return undefined;
  const command = (m[2] ?? '').trim();
  return { name: `/${m[1]}`, command: command !== '' ? command : m[1] === 'test' ? "(aider's --test-cmd)" : '' };
}

export class HistoryParser {
  readonly ops: IndexOp[] = [];
  readonly issues: ParseIssue[] = [];
  private readonly pending: PendingCommit[] = [];

  constructor(
    private readonly file: TranscriptFile,
    readonly state: AiderState,
  ) {}

  feed(lines: readonly TranscriptLine[]): void {
    for (const line of lines) {
      this.line(line.text.endsWith('\r') ? line.text.slice(0, -1) : line.text, line.offset, line.lineNo);
    }
    // What is still open is emitted as far as it got: the next feed re-emits it (upserts by the same ids).
    this.emitPrompt();
    this.emitReply();
    this.emitCommand();
    this.resolveCommits();
  }

  private issue(kind: ParseIssue['kind'], lineNo: number, message: string): void {
    this.issues.push({ kind, file: this.file.path, line: lineNo, message });
  }

  private line(text: string, offset: number, lineNo: number): void {
    if (text.includes('\u0000')) {
      this.issue('binary', lineNo, 'line contains NUL bytes');
      return;
    }
    const heading = headingRe.exec(text);
    if (heading) {
      this.closeAll();
      this.startSession(heading[1], offset, lineNo);
      return;
    }
    const s = this.state.session;
    if (!s) {
      if (text.trim() !== '' && !this.state.orphanReported) {
        this.state.orphanReported = true;
        this.issue('unknown-record', lineNo, 'lines before the first "# aider chat started at" heading belong to no session (the file was cut or edited); they are not indexed');
      }
      return;
    }
    const tool = this.state.tool;
    if (tool && !promptRe.test(text)) {
      tool.lines.push(text);
      // aider strips the message, so its last line is never blank: a whitespace-only line is inside it.
      if (text.endsWith('  ') && text.trim() !== '') {
        this.state.tool = undefined;
        this.toolMessage(tool.lines, tool.lineNo);
      }
      return;
    }
    if (tool) {
      // Cut off (aider stopped mid-message): what was written is the message.
      this.state.tool = undefined;
      this.toolMessage(tool.lines, tool.lineNo);
    }
    if (promptRe.test(text)) {
      const body = text.replace(promptRe, '').replace(/ {2}$/, '');
      if (this.state.lastKind === 'prompt' && this.state.prompt) {
        this.state.prompt.lines.push(body);
      } else {
        this.closeReply();
        this.closePrompt();
        this.openPrompt(s, body);
      }
      this.state.lastKind = 'prompt';
      return;
    }
    if (this.state.lastKind === 'prompt') {
      // The input is complete: it is emitted (with its time) before anything of its turn.
      this.emitPrompt();
    }
    this.state.lastKind = 'other';
    if (toolRe.test(text) && !(this.state.reply && !text.endsWith('  '))) {
      this.closeReply();
      const body = text.replace(toolRe, '');
      if (text.endsWith('  ') || text.trim() === '>') {
        this.toolMessage([body], lineNo);
      } else {
        this.state.tool = { lines: [body], lineNo };
      }
      return;
    }
    const reply = this.state.reply;
    if (reply) {
      reply.lines.push(text);
      return;
    }
    if (text.trim() === '') {
      return;
    }
    const prompt = this.state.prompt;
    if (!prompt) {
      if (!s.strayReported) {
        s.strayReported = true;
        this.issue('unknown-record', lineNo, `session ${s.id}: text before its first prompt is not indexed (no prompt to hold it)`);
      }
      return;
    }
    prompt.replies++;
    this.state.reply = { id: `${prompt.id}/r${prompt.replies}`, lines: [text] };
  }

  private startSession(headingText: string, offset: number, lineNo: number): void {
    let startedAt = localTime(headingText);
    if (startedAt === undefined) {
      startedAt = this.state.lastTime ?? new Date(0).toISOString();
      this.issue('missing-field', lineNo, `session heading "${headingText.slice(0, 80)}" has no readable time; the session is dated ${this.state.lastTime ? 'as the session before it' : 'unknown (1970)'}`);
    }
    this.state.lastTime = startedAt;
    const id = sessionIdOf(this.file.path, offset, headingText);
    const cwd = normalizePath(this.file.cwdHint ?? join(this.file.path, '..'));
    this.state.session = { id, cwd, startedAt, prompts: 0, lastPromptAt: startedAt };
    this.ops.push({ op: 'session', session: { agent: 'aider', id, cwd, timestamp: startedAt } });
  }

  private openPrompt(s: SessionState, firstLine: string): void {
    s.prompts++;
    this.state.prompt = { id: `${s.id}/p${s.prompts}`, lines: [firstLine], timestamp: s.lastPromptAt, applied: 0, replies: 0 };
  }

  private promptText(p: PromptState): string {
    return p.lines.length === 1 && p.lines[0] === '<blank>' ? '' : p.lines.join('\n');
  }

  private emitPrompt(): void {
    const p = this.state.prompt;
    const s = this.state.session;
    if (!p || !s) return;
    const text = this.promptText(p);
    p.timestamp = promptTime(inputEntries(inputHistoryOf(this.file.path)), text, s.lastPromptAt, undefined) ?? s.lastPromptAt;
    this.ops.push({ op: 'prompt', sessionId: s.id, id: p.id, text, timestamp: p.timestamp });
    const cmd = commandOf(text);
    if (cmd && !p.command) {
      p.command = { id: `${p.id}/command`, name: cmd.name, command: cmd.command, output: [] };
    }
  }

  private closePrompt(): void {
    const p = this.state.prompt;
    if (!p) return;
    this.emitPrompt();
    this.emitCommand();
    if (this.state.session) this.state.session.lastPromptAt = p.timestamp;
    this.state.prompt = undefined;
  }

  private emitCommand(): void {
    const p = this.state.prompt;
    const s = this.state.session;
    const c = p?.command;
    if (!p || !s || !c) return;
    const output = c.output.join('\n');
    this.ops.push({
      op: 'step',
      sessionId: s.id,
      step: {
        id: c.id,
        promptId: p.id,
        type: 'tool',
        timestamp: p.timestamp,
        name: c.name,
        kind: 'shell',
        input: { command: c.command },
        // Aider prints a command's output to the terminal; the history keeps only what aider said about it (and, in
        // some versions, /test's failing output). The exit code is never written.
        result: { text: output, isError: false },
        command: { command: c.command, cwd: s.cwd, exitCode: null, output },
        fileChanges: [],
        reads: [],
      },
    });
  }

  private emitReply(): void {
    const r = this.state.reply;
    const p = this.state.prompt;
    const s = this.state.session;
    if (!r || !p || !s) return;
    const text = r.lines.join('\n').trim();
    this.ops.push({ op: 'step', sessionId: s.id, step: { id: r.id, promptId: p.id, type: 'text', timestamp: p.timestamp, text, ...(s.model ? { model: s.model } : {}) } });
    intendedEdits(text, s.editFormat).forEach((e, i) => {
      const path = normalizePath(join(s.cwd, e.path));
      const { format, path: _rel, ...rest } = e;
      this.ops.push({
        op: 'step',
        sessionId: s.id,
        step: {
          id: `${r.id}/edit${i + 1}`,
          promptId: p.id,
          type: 'tool',
          timestamp: p.timestamp,
          name: format === 'search-replace' ? 'SEARCH/REPLACE' : format === 'whole' ? 'whole file' : 'udiff',
          // Not an edit of the files (the commit is): shown as a tool naming its file.
          kind: 'other',
          // What the model asked for; the files' real before/after are the commit's (a separate step).
          input: { file_path: path, format, ...rest },
          fileChanges: [],
          reads: [],
        },
      });
    });
  }

  private closeReply(): void {
    if (!this.state.reply) return;
    this.emitReply();
    this.state.reply = undefined;
  }

  private closeAll(): void {
    if (this.state.tool) {
      const t = this.state.tool;
      this.state.tool = undefined;
      this.toolMessage(t.lines, t.lineNo);
    }
    this.closeReply();
    this.closePrompt();
    this.state.lastKind = 'other';
    this.state.session = undefined;
  }

  /** One message aider printed (its lines without the `> `). */
  private toolMessage(lines: string[], lineNo: number): void {
    const s = this.state.session;
    if (!s) return;
    const text = lines.map((l) => l.replace(/ {2}$/, '')).join('\n');
    const first = text.split('\n')[0];
    const p = this.state.prompt;
    let m: RegExpExecArray | null;
    if ((m = /^Aider v(\S+)/.exec(first))) {
      s.cliVersion = m[1];
      this.ops.push({ op: 'session', session: { agent: 'aider', id: s.id, cliVersion: m[1] } });
    } else if ((m = /^(?:Main model|Models?): (\S+) with (\S+) edit format/.exec(first))) {
      s.model = m[1];
      s.editFormat = m[2];
      this.ops.push({ op: 'session', session: { agent: 'aider', id: s.id, model: m[1] } });
    } else if ((m = /^Applied edit to (.+)$/.exec(first)) && p) {
      p.applied++;
    } else if ((m = /^(Commit|Removed:) ([0-9a-f]{7,64}) (.*)$/.exec(first))) {
      this.pending.push({
        kind: m[1] === 'Commit' ? 'commit' : 'undo',
        hash: m[2],
        subject: m[3].trim(),
        sessionId: s.id,
        cwd: s.cwd,
        ...(p ? { promptId: p.id, promptTime: p.timestamp } : {}),
        applied: (p?.applied ?? 0) > 0,
        lineNo,
        at: this.ops.length,
        ...(m[1] !== 'Commit' && s.commits?.[m[2]] !== undefined ? { undoes: `${s.commits[m[2]]}/commit/${m[2]}` } : {}),
      });
      if (p && m[1] === 'Commit') {
        p.applied = 0;
        const commits = s.commits ?? {};
        commits[m[2]] = p.id;
        // Bounded: /undo reaches back a few commits, not a session's thousands.
        const names = Object.keys(commits);
        if (names.length > 200) delete commits[names[0]];
        s.commits = commits;
      }
    }
    if (p && !p.command) {
      const cmd = commandOf(this.promptText(p));
      if (cmd) p.command = { id: `${p.id}/command`, name: cmd.name, command: cmd.command, output: [] };
    }
    if (p?.command) {
      p.command.output.push(text);
    }
  }

  /**
   * The commits the feed named, read from git together, as steps with their exact changes and prompt backups, put
   * where the file names them among the feed's other ops (so a turn's steps keep the file's order however it is fed).
   */
  private resolveCommits(): void {
    const placed: { at: number; ops: IndexOp[] }[] = [];
    const all = this.ops.splice(0);
    for (const c of this.pending) {
      const from = this.ops.length;
      this.resolveGroup(c);
      placed.push({ at: c.at, ops: this.ops.splice(from) });
    }
    let next = 0;
    for (const { at, ops } of placed) {
      this.ops.push(...all.slice(next, at), ...ops);
      next = at;
    }
    this.ops.push(...all.slice(next));
  }

  private readonly commitReads = new Map<string, Map<string, AiderCommit | undefined> | string>();

  /** One pending commit's ops; the feed's commits of a repository are read in one go, the first time one is asked. */
  private resolveGroup(c: PendingCommit): void {
    if (c.promptId === undefined || !existsSync(c.cwd)) {
      // A commit printed before any prompt (`aider --commit`, the dirty commit at start) has no prompt to belong to;
      // a history whose folder is gone (or copied from another machine) has no repository to read: not an error.
      return;
    }
    let read = this.commitReads.get(c.cwd);
    if (read === undefined) {
      try {
        const mine = this.pending.filter((x) => x.cwd === c.cwd && x.promptId !== undefined);
        read = readCommits(c.cwd, mine.map((x) => x.hash));
        this.refind(c.cwd, mine, read);
      } catch (err) {
        read = err instanceof Error ? err.message : String(err);
        this.issue('io', c.lineNo, `the commits aider made cannot be read in ${c.cwd} (${read}); their changes are not attributed`);
      }
      this.commitReads.set(c.cwd, read);
    }
    if (typeof read !== 'string') {
      this.commitStep(c, read.get(c.hash));
    }
  }

  /** Commits named by hashes git does not know (or that name another commit): looked for by message and time. */
  private refind(cwd: string, mine: readonly PendingCommit[], read: Map<string, AiderCommit | undefined>): void {
    const lost = mine.filter((x) => x.kind === 'commit' && read.get(x.hash)?.subject.trim() !== x.subject);
    if (lost.length === 0) return;
    const found = refindCommits(cwd, lost.map((x) => ({ subject: x.subject, after: x.promptTime ?? this.state.session?.startedAt ?? '' })));
    const oids = found.filter((o): o is string => o !== undefined);
    const commits = oids.length > 0 ? readCommits(cwd, oids) : new Map<string, AiderCommit | undefined>();
    lost.forEach((x, i) => {
      const commit = found[i] !== undefined ? commits.get(found[i]) : undefined;
      if (commit) {
        read.set(x.hash, commit);
        this.refound.add(x.hash);
      }
    });
  }

  /** Printed hashes whose commit was found by message and time instead. */
  private readonly refound = new Set<string>();

  private commitStep(c: PendingCommit, commit: AiderCommit | undefined): void {
    const promptId = c.promptId ?? '';
    // A step that changes no file is shown with its description and result (the timeline shows an edit's files only).
    const base: StepPatch = { promptId, type: 'tool', kind: 'other', reads: [], id: '' };
    if (!commit || commit.subject.trim() !== c.subject) {
      if (c.kind === 'commit') {
        this.issue(
          'io',
          c.lineNo,
          commit
            ? `commit ${c.hash} in ${c.cwd} has the message "${commit.subject}", not "${c.subject}" as the history says (another repository's history?); its changes are not attributed`
            : `commit ${c.hash} ("${c.subject}") is not in the repository at ${c.cwd}, nor an aider commit with that message near its time (undone and pruned, or the history comes from another clone); its changes are not attributed`,
        );
      }
      this.ops.push({
        op: 'step',
        sessionId: c.sessionId,
        step: { ...base, id: `${promptId}/${c.kind}/${c.hash}`, timestamp: c.promptTime ?? '', name: c.kind === 'commit' ? 'git commit' : '/undo', input: { description: `${c.hash} ${c.subject}`, commit: c.hash, subject: c.subject }, result: { text: `${c.kind === 'commit' ? 'Commit' : 'Removed:'} ${c.hash} ${c.subject} (not in the repository: its changes are not known)`, isError: false }, fileChanges: [] },
      });
      return;
    }
    const aiders = commit.authorship === 'aider' || (commit.authorship === 'unmarked' && c.applied);
    const path = (rel: string): string => normalizePath(join(c.cwd, rel));
    const undo = c.kind === 'undo';
    const changes: FileChange[] = aiders
      ? commit.changes.map((f): FileChange => {
          const before = undo ? f.after : f.before;
          const after = undo ? f.before : f.after;
          const op = before === null ? 'create' : after === null ? 'delete' : 'update';
          return { path: path(f.rel), op, ...(before !== undefined ? { before } : {}), ...(after !== undefined ? { after } : {}) };
        })
      : [];
    const note = aiders ? '' : '\n(a commit of changes aider did not make: its committer is marked "(aider)", its author is not; not attributed)';
    this.ops.push({
      op: 'step',
      sessionId: c.sessionId,
      step: {
        ...base,
        id: `${promptId}/${c.kind}/${c.hash}`,
        timestamp: undo ? (c.promptTime ?? commit.committerTime) : commit.committerTime,
        name: undo ? '/undo' : 'git commit',
        kind: changes.length > 0 && !undo ? 'edit' : 'other',
        input: { description: `${commit.oid.slice(0, 7)} ${commit.subject}`, commit: commit.oid, ...(this.refound.has(c.hash) ? { printedAs: c.hash, foundBy: 'message and time' } : {}), ...(commit.parent ? { parent: commit.parent } : {}), subject: commit.subject, author: commit.author, committer: commit.committer, authorship: commit.authorship },
        result: { text: `${undo ? 'Removed:' : 'Commit'} ${commit.oid.slice(0, 7)} ${commit.subject}${note}\n${commit.changes.map((f) => `${f.status} ${f.rel}${f.unknown ? ` (${f.unknown})` : ''}`).join('\n')}`, isError: false },
        // An undo withdraws the undone commit's changes from its prompt (below) rather than adding reversed ones:
        // the lines it puts back keep the prompt that wrote them.
        fileChanges: undo ? [] : changes,
      },
    });
    if (undo && c.undoes !== undefined && aiders) {
      this.ops.push({ op: 'step', sessionId: c.sessionId, step: { id: c.undoes, kind: 'other', fileChanges: [], result: { text: `Commit ${c.hash} ${commit.subject}\n(undone by /undo: its changes are no longer in the files)`, isError: false } } });
    }
    // Restore before the prompt: each file as the commit's parent had it (the checkpoint before aider's commit). The
    // first commit of a prompt touching a file decides. An /undo gives none: the undone commit's changes are withdrawn,
    // so its content would be a change from nowhere to blame (restore before an /undo goes back to before that commit).
    if (!aiders || undo) return;
    const seen = this.state.backedUp?.promptId === promptId ? this.state.backedUp : { promptId, paths: [] };
    this.state.backedUp = seen;
    for (const ch of changes) {
      if (seen.paths.includes(ch.path) || ch.before === undefined) continue;
      seen.paths.push(ch.path);
      const rel = ch.path.slice(normalizePath(c.cwd).length + 1);
      const at = commit.parent ?? 'the empty tree';
      this.ops.push(
        ch.before === null
          ? { op: 'fileBackup', sessionId: c.sessionId, promptId, path: ch.path, backupPath: null, version: 1, timestamp: c.promptTime ?? commit.committerTime }
          : { op: 'fileBackup', sessionId: c.sessionId, promptId, path: ch.path, backupPath: `git:${at}:${rel}`, version: 1, timestamp: c.promptTime ?? commit.committerTime, backup: { text: ch.before } },
      );
    }
  }
}
