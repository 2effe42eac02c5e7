// Pi session entries → index operations, one line at a time, with what later lines need from earlier ones in a small
// serializable state (the indexer keeps it between runs). Format: docs/formats/pi.md.
//
// Branches. Pi's entries form a tree (`id`/`parentId`): `/tree` moves the leaf back to an earlier entry and the
// conversation continues from there, the abandoned entries staying in the file. Every prompt of every branch is
// kept, in the order Pi wrote it (its index), and nothing is rewound, on purpose: Pi never reverts files when it
// moves the leaf, so every `write`/`edit`/`bash` of every branch happened on disk, in file order — the order blame
// and restore must replay them in. Which prompts the conversation the user ended on is made of is the session's
// PromptTree (promptTreeState.ts), sent once the session has branched (an entry whose parent is not the entry
// written before it), and again whenever it changes.
import { basename } from 'node:path';
import type { TranscriptFile } from '../adapter';
import type { IndexOp, ParseIssue, SessionPatch } from '../../core/ops';
import { normalizePath } from '../../core/paths';
import { arr, isObject, nonEmpty, num, obj, str, type JsonObject } from '../../core/jsonValues';
import { typedPrompt, userText } from './promptText';
import { commandOf, fileChangesOf, pendingCall, piToolKind, readContent, readsOf, type PendingCall } from './toolCalls';
import { initialTreeState, promptOfEntry, summaryLine, treeEntry, treeLabel, treePrompt, treeSummary, type TreeState } from './promptTreeState';

export interface PiState {
  sessionId?: string;
  cwd?: string;
  promptId?: string;
  /** The entry written last: a user message whose parent is another entry starts a branch. */
  lastEntryId?: string;
  lastTimestamp?: string;
  /** Entries that started a branch away from the entry written before them (`/tree`). */
  branches: number;
  /** Models already announced on the session (bounded). */
  models: string[];
  /** Tool call id → what its result needs, until the result arrives (bounded). */
  pending: Record<string, PendingCall>;
  /**
   * Path → the file's exact content, as this prompt last read it whole or wrote it (then edited it), since the last
   * shell or unknown tool: the content before the next write or edit of it (bounded, see knownChars).
   */
  known: Record<string, string>;
  /** A version 1 file (before Pi 2's tree): its entries have no ids, their line numbers stand in. */
  v1?: true;
  /** Paths whose last change by this session recorded the content after it (the most recent, bounded). */
  exactAfter: string[];
  /** The prompts' tree, kept from the first entry on (the first branch needs every prompt's parent). */
  tree: TreeState;
}

const maxModels = 16;
/** Calls whose result never came (a killed run) must not grow the state forever. */
const maxPending = 64;
/**
 * Known contents kept at most (characters over all files): the state is stored with the file's cursor, and kept only
 * while a prompt runs (a finished turn forgets them, as the next prompt could not use them).
 */
const knownChars = 512 * 1024;
const maxExactAfter = 256;
/** `/name` (session_info) is the user's own title. */
export const userTitlePriority = 3;

/** Entry types Pi 0.73.1 writes (session-manager.js) that carry nothing for the index. */
const ignoredEntries: ReadonlySet<string> = new Set(['thinking_level_change', 'compaction', 'custom', 'custom_message']);
/**
 * Message roles that are not the model's work nor a prompt: `bashExecution` is the user's own `!cmd` (its changes are
 * the user's, not a prompt's), `custom` an extension's injected message, the summaries Pi's own context bookkeeping.
 */
const ignoredRoles: ReadonlySet<string> = new Set(['bashExecution', 'custom', 'hookMessage', 'branchSummary', 'compactionSummary']);

export function initialPiState(): PiState {
  return { branches: 0, models: [], pending: {}, known: {}, exactAfter: [], tree: initialTreeState() };
}

/** `<time>_<session id>.jsonl`: the id when a file has no header line. */
export function sessionIdFromFileName(path: string): string {
  const name = basename(normalizePath(path)).replace(/\.jsonl$/, '');
  const at = name.lastIndexOf('_');
  return at >= 0 && at < name.length - 1 ? name.slice(at + 1) : name;
}

export class EntryParser {
  readonly ops: IndexOp[] = [];
  readonly issues: ParseIssue[] = [];
  private line = 0;

  constructor(
    private readonly file: TranscriptFile,
    readonly state: PiState,
  ) {}

  private issue(kind: ParseIssue['kind'], message: string): void {
    this.issues.push({ kind, file: this.file.path, line: this.line, message });
  }

  private session(extra: Omit<SessionPatch, 'agent' | 'id'>): void {
    const id = this.sessionId();
    this.ops.push({ op: 'session', session: { agent: 'pi', id, ...extra } });
  }

  /** The session id, announcing one derived from the file name when the header is missing. */
  private sessionId(): string {
    if (this.state.sessionId === undefined) {
      this.state.sessionId = sessionIdFromFileName(this.file.path);
      const patch: SessionPatch = { agent: 'pi', id: this.state.sessionId };
      if (this.file.cwdHint) {
        this.state.cwd = normalizePath(this.file.cwdHint);
        patch.cwd = this.state.cwd;
      }
      this.ops.push({ op: 'session', session: patch });
    }
    return this.state.sessionId;
  }

  private timestamp(entry: JsonObject): string {
    const ts = nonEmpty(entry.timestamp);
    if (ts !== undefined) {
      this.state.lastTimestamp = ts;
    }
    return ts ?? this.state.lastTimestamp ?? new Date(0).toISOString();
  }

  private model(model: string | undefined): void {
    if (model === undefined || this.state.models.includes(model)) {
      return;
    }
    this.state.models = [...this.state.models, model].slice(-maxModels);
    this.session({ model });
  }

  entry(value: unknown, line: number): void {
    this.line = line;
    if (!isObject(value)) {
      this.issue('unknown-record', `not a Pi session entry (JSON ${Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value})`);
      return;
    }
    const type = str(value.type);
    if (type === undefined) {
      this.issue('missing-field', 'entry without type');
      if (this.state.sessionId === undefined) {
        return;
      }
      // Still a node of the tree when it has an id: the entries under it keep their prompt.
    }
    if (type === 'session') {
      this.header(value);
      return;
    }
    if (this.state.sessionId === undefined) {
      // Once per file: every later entry belongs to the session named here.
      this.issue('missing-field', 'entry before the session header: the session id is taken from the file name, the cwd is unknown');
      this.sessionId();
    }
    const parent = nonEmpty(value.parentId);
    // `parentId: null` after the first entry: the user went back to before the first prompt (Pi `resetLeaf`).
    const newRoot = value.parentId === null && this.state.lastEntryId !== undefined;
    const branched = newRoot || (this.state.lastEntryId !== undefined && parent !== undefined && parent !== this.state.lastEntryId);
    if (branched) {
      // Pi moved the leaf back (`/tree`): the entries after `parent` written so far are another branch.
      this.state.branches++;
    }
    const parentPrompt = branched ? this.branchPointPrompt(newRoot ? undefined : parent) : this.state.tree.tree.leaf;
    let isPrompt = false;
    switch (type) {
      case 'message':
        isPrompt = this.message(value);
        break;
      case 'label':
        this.label(value);
        break;
      case 'branch_summary': {
        // Written under the entry the user moved to; it summarizes the branch left, whose tip is the leaf until now.
        const line = summaryLine(str(value.summary) ?? '');
        const left = this.state.tree.tree.leaf;
        if (line !== undefined && left !== null) {
          treeSummary(this.state.tree, left, line);
        }
        break;
      }
      case 'model_change':
        this.model(nonEmpty(value.modelId));
        break;
      case 'session_info': {
        const name = nonEmpty(value.name)?.trim();
        if (name) {
          this.session({ title: name, titlePriority: userTitlePriority });
        }
        break;
      }
      case undefined:
        break;
      default:
        if (!ignoredEntries.has(type)) {
          this.issue('unknown-record', `unknown entry type "${type}"`);
        }
    }
    const id = this.entryId(value);
    if (id !== undefined) {
      this.state.lastEntryId = id;
      if (isPrompt) {
        treePrompt(this.state.tree, id, parentPrompt);
      } else {
        treeEntry(this.state.tree, id, parentPrompt);
      }
    }
  }

  /** The prompt of the entry a branch starts under (null: before any prompt, or a new root). */
  private branchPointPrompt(parent: string | undefined): string | null {
    if (parent === undefined) {
      return null;
    }
    const prompt = promptOfEntry(this.state.tree, parent);
    if (prompt === undefined) {
      this.issue('missing-field', `branch from entry ${parent}, which is not in the file (or too far back): its prompts are shown as a conversation of their own`);
      return null;
    }
    return prompt;
  }

  /** `{type:"label", targetId, label}`: the user's label on an entry (cleared when absent), shown on its prompt. */
  private label(entry: JsonObject): void {
    const target = nonEmpty(entry.targetId);
    const prompt = target === undefined ? undefined : promptOfEntry(this.state.tree, target);
    if (target === undefined || prompt === undefined || prompt === null) {
      this.issue('missing-field', target === undefined ? 'label without targetId' : `label on entry ${target}, which belongs to no known prompt: not shown`);
      return;
    }
    treeLabel(this.state.tree, prompt, nonEmpty(entry.label)?.trim() || undefined);
  }

  /** After a batch of lines: the session's tree, once it has branched and whenever it changed. */
  finish(): void {
    if (this.state.branches > 0 && this.state.tree.dirty) {
      delete this.state.tree.dirty;
      this.session({ promptTree: structuredClone(this.state.tree.tree) });
    }
  }

  /**
   * The entry's id. Version 1 files (Pi migrates them to the tree format, with new random ids, only when it opens
   * them again) have none: the line number stands in, stable while the file is not rewritten.
   */
  private entryId(entry: JsonObject): string | undefined {
    return nonEmpty(entry.id) ?? (this.state.v1 ? `L${this.line}` : undefined);
  }

  /** `{type:"session", version, id, timestamp, cwd, parentSession?}`: one per file, its first line. */
  private header(h: JsonObject): void {
    const id = nonEmpty(h.id);
    if (id === undefined) {
      this.issue('missing-field', 'session header without id');
      return;
    }
    if (this.state.sessionId !== undefined && this.state.sessionId !== id) {
      this.issue('unknown-record', `a second session header (${id}) in the file of session ${this.state.sessionId}: ignored`);
      return;
    }
    this.state.sessionId = id;
    if ((num(h.version) ?? 1) < 2) {
      this.state.v1 = true;
    }
    const patch: SessionPatch = { agent: 'pi', id };
    const cwd = nonEmpty(h.cwd) ?? this.file.cwdHint;
    if (cwd !== undefined) {
      this.state.cwd = normalizePath(cwd);
      patch.cwd = this.state.cwd;
    } else {
      this.issue('missing-field', 'session header without cwd');
    }
    const ts = nonEmpty(h.timestamp);
    if (ts !== undefined) {
      this.state.lastTimestamp = ts;
      patch.timestamp = ts;
    }
    // `parentSession` (a fork's origin) is the original FILE's path; a fork is a session of its own with a copy of
    // the history, not a subagent, so it is not made a child session.
    this.ops.push({ op: 'session', session: patch });
  }

  /** True when the message is a prompt. */
  private message(entry: JsonObject): boolean {
    const m = obj(entry.message);
    const role = str(m?.role);
    if (!m || role === undefined) {
      this.issue('missing-field', 'message entry without message.role');
      return false;
    }
    const ts = this.timestamp(entry);
    switch (role) {
      case 'user':
        return this.prompt(entry, m, ts);
      case 'assistant':
        this.assistant(entry, m, ts);
        return false;
      case 'toolResult':
        this.toolResult(m, ts);
        return false;
      default:
        if (!ignoredRoles.has(role)) {
          this.issue('unknown-record', `unknown message role "${role}"`);
        }
        return false;
    }
  }

  private prompt(entry: JsonObject, m: JsonObject, ts: string): boolean {
    const id = this.entryId(entry);
    const text = userText(m.content);
    if (id === undefined || text === undefined) {
      this.issue('missing-field', id === undefined ? 'user message without entry id' : 'user message without text');
      return false;
    }
    this.state.promptId = id;
    // Hand edits happen between prompts: what the last prompt saw of a file says nothing about this one.
    this.state.known = {};
    this.ops.push({ op: 'prompt', sessionId: this.sessionId(), id, text: typedPrompt(text), timestamp: ts });
    return true;
  }

  private currentPrompt(what: string): string | undefined {
    if (this.state.promptId === undefined) {
      this.issue('missing-field', `${what} before any prompt: not indexed`);
    }
    return this.state.promptId;
  }

  private assistant(entry: JsonObject, m: JsonObject, ts: string): void {
    const model = nonEmpty(m.model);
    this.model(model);
    if (m.stopReason !== 'toolUse') {
      // The turn ended (answered, failed or aborted): nothing of this prompt reads the known contents any more.
      this.state.known = {};
    }
    const entryId = this.entryId(entry);
    const blocks = arr(m.content);
    if (blocks.length === 0) {
      // A failed request (`stopReason: "error"`, `errorMessage`) or an abort: no work to show.
      return;
    }
    const promptId = this.currentPrompt('assistant message');
    if (promptId === undefined || entryId === undefined) {
      if (entryId === undefined) {
        this.issue('missing-field', 'assistant message without entry id');
      }
      return;
    }
    const sessionId = this.sessionId();
    blocks.forEach((b, i) => {
      if (!isObject(b)) {
        this.issue('unknown-record', `assistant content block ${i} is not an object`);
        return;
      }
      const type = str(b.type);
      if (type === 'text' || type === 'thinking') {
        const text = str(type === 'text' ? b.text : b.thinking) ?? '';
        if (text.trim() !== '') {
          const step = type === 'text'
            ? { id: `${entryId}:${i}`, promptId, type: 'text' as const, timestamp: ts, text, ...(model ? { model } : {}) }
            : { id: `${entryId}:${i}`, promptId, type: 'reasoning' as const, timestamp: ts, text };
          this.ops.push({ op: 'step', sessionId, step });
        }
      } else if (type === 'toolCall') {
        this.toolCall(b, promptId, ts);
      } else {
        this.issue('unknown-record', `unknown assistant content block "${type ?? typeof b.type}"`);
      }
    });
  }

  private toolCall(b: JsonObject, promptId: string, ts: string): void {
    const id = nonEmpty(b.id);
    const name = nonEmpty(b.name);
    if (id === undefined || name === undefined) {
      this.issue('missing-field', 'tool call without id or name');
      return;
    }
    const args = obj(b.arguments);
    const call = pendingCall(name, args, this.state.cwd);
    this.forgetIfMayChangeFiles(name);
    const pendingIds = Object.keys(this.state.pending);
    if (pendingIds.length >= maxPending) {
      delete this.state.pending[pendingIds[0]];
    }
    this.state.pending[id] = call;
    this.ops.push({
      op: 'step',
      sessionId: this.sessionId(),
      step: { id, promptId, type: 'tool', timestamp: ts, name, kind: piToolKind(name), input: b.arguments ?? {}, fileChanges: [], reads: readsOf(call, args) },
    });
  }

  private toolResult(m: JsonObject, ts: string): void {
    const id = nonEmpty(m.toolCallId);
    if (id === undefined) {
      this.issue('missing-field', 'tool result without toolCallId');
      return;
    }
    const call = this.state.pending[id];
    delete this.state.pending[id];
    const isError = m.isError === true;
    const text = userText(m.content) ?? '';
    const resultTs = num(m.timestamp);
    const result = { text, isError, timestamp: resultTs !== undefined ? new Date(resultTs).toISOString() : ts };
    if (!call) {
      // Its call is not in this file (or fell out of the bounded state): no step to attach it to.
      this.issue('missing-field', `tool result ${id} without its call: not indexed`);
      return;
    }
    const command = commandOf(call, text, isError, this.state.cwd);
    const known = call.path !== undefined ? this.knownBefore(call.name, call.path) : undefined;
    const fileChanges = fileChangesOf(call, isError, m.details, known);
    if (fileChanges.length > 0 && call.path !== undefined) {
      const others = this.state.exactAfter.filter((p) => p !== call.path);
      this.state.exactAfter = (typeof fileChanges[0].after === 'string' ? [...others, call.path] : others).slice(-maxExactAfter);
    }
    this.learn(call, fileChanges, readContent(call, m.content, isError, m.details));
    this.forgetIfMayChangeFiles(call.name);
    this.ops.push({
      op: 'step',
      sessionId: this.sessionId(),
      step: { id, result, fileChanges, ...(command ? { command } : {}) },
    });
  }

  /**
   * The content a write or edit of `path` found, when known. An edit gets it only when this session's last change of
   * the file recorded the content after it, so the two recorded contents meet and anything between them (a hand edit
   * before this prompt) shows as their difference. Otherwise the recorded `before` would be taken for the end of the
   * earlier, diff-only changes: blame would start the file's history at it and hide what shell commands changed since
   * the committed version (pi-shell-failures: `sed -i` in P1, a read and an edit in P2), and restore would undo the
   * earlier diffs from it, carrying the hand edits made since into the state before them (pi-big-file). Its diff alone
   * is measured against the replayed state instead. A write records nothing else, so it always gets it.
   */
  private knownBefore(name: string, path: string): string | undefined {
    return name === 'edit' && !this.state.exactAfter.includes(path) ? undefined : this.state.known[path];
  }

  /**
   * A shell command (or a tool this adapter does not know) may change any file, at any time until its result: what
   * was known of every file is forgotten at its call and again at its result (parallel calls run together).
   */
  private forgetIfMayChangeFiles(name: string): void {
    const kind = piToolKind(name);
    if (kind !== 'read' && kind !== 'search' && kind !== 'write' && kind !== 'edit') {
      this.state.known = {};
    }
  }

  /** The file's content after the call, when the call says it exactly. */
  private learn(call: PendingCall, changes: ReturnType<typeof fileChangesOf>, read: string | undefined): void {
    if (call.path === undefined || (call.name !== 'read' && call.name !== 'write' && call.name !== 'edit')) {
      return;
    }
    delete this.state.known[call.path];
    const content = call.name === 'read' ? read : changes.length === 1 && typeof changes[0].after === 'string' ? changes[0].after : undefined;
    // A failed write or edit may still have changed the file (Pi writes, then fails): nothing is known then.
    if (content === undefined) {
      return;
    }
    const used = Object.values(this.state.known).reduce((n, c) => n + c.length, 0);
    if (used + content.length <= knownChars) {
      this.state.known[call.path] = content;
    }
  }
}
