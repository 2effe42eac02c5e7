// One VS Code chat session (ISerializableChatData version 3, microsoft/vscode
// src/vs/workbench/contrib/chat/common/model/chatModel.ts) → index operations. See docs/formats/copilotChat.md.
//
// Decisions worth knowing:
// - A prompt is a request (`requestId`); its text is `message.text`, what was typed (the model got
//   `result.metadata.renderedUserMessage`, with the attachments).
// - The session file is read whole every time (VS Code rewrites or compacts it), so a reading first withdraws
//   everything the session had (a `rewind` op without a record) and re-emits what the file still holds: requests the
//   user removed (undo, "restore checkpoint") disappear instead of lingering.
// - Tool calls: the model's calls are in `result.metadata.toolCallRounds` (name, JSON arguments, id) and their
//   results in `toolCallResults` by that id; the response shows them as `toolInvocationSerialized` parts whose
//   `toolCallId` is the same id (≥ 0.3x: sometimes with another `__vscode-<n>` suffix) or, in older builds, a uuid of
//   its own. They are joined by id, then in order among calls of the same tool; a call on one side only is kept.
// - Edits: a `textEditGroup` holds the edits VS Code applied to one file, in batches, each relative to the document
//   as it was then. They belong to the tool call before them in the response. The text after them is known when the
//   text before is: from the chat editing session (editingState.ts) or from the same file's previous edit in this
//   session; otherwise the change is recorded without contents (the path and that it changed), never guessed.
import { arr, isObject, num, obj, str, type JsonObject } from '../../core/jsonValues';
import type { CommandRun, FileChange } from '../../core/model';
import type { IndexOp, ParseIssue, StepPatch } from '../../core/ops';
import { normalizePath } from '../../core/paths';
import { baselineKey, type EditingState } from './editingState';
import { isTruncationMarker } from './mutationLog';
import { applyEditBatches, editBatches } from './textEdits';
import { baseCallId, chatShellCommand, chatToolKind, chatToolReads, parsedArguments, resultText, sameTool } from './toolCalls';
import { fileUriPath } from './workspaceMapping';

const AGENT = 'copilot-chat';

/** Response part kinds that carry nothing the index keeps (UI state, references, progress). */
const ignoredParts = new Set([
  'inlineReference',
  'prepareToolInvocation',
  'undoStop',
  'codeblockUri',
  'progressMessage',
  'progressTask',
  'progressTaskSerialized',
  'mcpServersStarting',
  'confirmation',
  'elicitation',
  'elicitationSerialized',
  'command',
  'warning',
  'references',
  'codeCitation',
  'extensions',
  'pullRequest',
  'multiDiffData',
  'notebookEditGroup',
  'clearToPreviousToolInvocation',
  'move',
  'treeData',
  'hook',
  'questionCarousel',
  'planReview',
  'disabledClaudeHooks',
  'toolInvocation',
  'markdownVuln',
  'textEdit',
  'notebookEdit',
]);

interface RoundCall {
  id: string;
  name: string;
  args: unknown;
  round: number;
  used: boolean;
}

/** The text of a markdown part (`{value}` or `{kind:'markdownContent', content:{value}}`), or undefined. */
function markdownOf(part: JsonObject): string | undefined {
  if (part.kind === undefined || part.kind === null) {
    return str(part.value);
  }
  if (part.kind === 'markdownContent') {
    return str(obj(part.content)?.value);
  }
  return undefined;
}

/** A markdown part that is only a code fence (`\n```\n`). */
function isFence(text: string): boolean {
  return /^\s*`{3,}\s*$/.test(text);
}

function iso(ms: number | undefined, fallback: string): string {
  return ms !== undefined ? new Date(ms).toISOString() : fallback;
}

function uriOf(v: unknown): string | undefined {
  const o = obj(v);
  if (!o) {
    return typeof v === 'string' ? fileUriPath(v) : undefined;
  }
  const fsPath = str(o.fsPath);
  if (fsPath !== undefined && (o.scheme === 'file' || o.scheme === undefined)) {
    return normalizePath(fsPath);
  }
  const path = str(o.path);
  return path !== undefined && (o.scheme === 'file' || o.scheme === 'vscode-remote') ? fileUriPath(`file://${path.startsWith('/') ? '' : '/'}${path}`) : undefined;
}

/** The terminal command a tool invocation ran, with what was recorded of it. */
function terminalRun(data: JsonObject, fallback: string | undefined): CommandRun | undefined {
  const line = obj(data.commandLine);
  const command = str(line?.toolEdited) ?? str(line?.userEdited) ?? str(line?.original) ?? str(data.command) ?? fallback;
  if (command === undefined) {
    return undefined;
  }
  const state = obj(data.terminalCommandState);
  const output = obj(data.terminalCommandOutput);
  const exit = num(state?.exitCode);
  const duration = num(state?.duration);
  const cwd = uriOf(data.cwd);
  return {
    command,
    ...(cwd !== undefined ? { cwd } : {}),
    exitCode: exit ?? null,
    output: str(output?.text) ?? '',
    ...(duration !== undefined && duration >= 0 ? { durationMs: duration } : {}),
  };
}

export interface ChatParse {
  ops: IndexOp[];
  issues: ParseIssue[];
}

class RequestReader {
  private textParts: string[] = [];
  private textCount = 0;
  /** The last file-changing tool call: the edits shown after it are its. */
  private lastEditTool: StepPatch | undefined;
  private readonly calls: RoundCall[];
  private readonly results: JsonObject;

  constructor(
    private readonly s: SessionReader,
    private readonly req: JsonObject,
    private readonly promptId: string,
    private readonly ts: string,
    private readonly model: string | undefined,
  ) {
    const metadata = obj(obj(req.result)?.metadata);
    this.results = obj(metadata?.toolCallResults) ?? {};
    this.calls = arr(metadata?.toolCallRounds).flatMap((r, round) =>
      arr(obj(r)?.toolCalls).flatMap((c) => {
        const o = obj(c);
        const id = str(o?.id);
        const name = str(o?.name);
        return id !== undefined && name !== undefined ? [{ id, name, args: parsedArguments(o?.arguments), round, used: false }] : [];
      }),
    );
  }

  private step(patch: StepPatch): void {
    this.s.ops.push({ op: 'step', sessionId: this.s.sessionId, step: { promptId: this.promptId, timestamp: this.ts, ...patch } });
  }

  private flushText(): void {
    const text = this.textParts.join('');
    this.textParts = [];
    if (text.trim() === '') {
      return;
    }
    this.step({ id: `${this.promptId}/text/${this.textCount++}`, type: 'text', text, ...(this.model !== undefined ? { model: this.model } : {}) });
  }

  /** The model's call an invocation shows: same id (suffix aside), else the next unused call of the same tool. */
  private callFor(toolCallId: string | undefined, toolId: string): RoundCall | undefined {
    const byId = toolCallId === undefined ? undefined : this.calls.find((c) => !c.used && (c.id === toolCallId || baseCallId(c.id) === baseCallId(toolCallId)));
    const call = byId ?? this.calls.find((c) => !c.used && sameTool(toolId, c.name));
    if (call) {
      call.used = true;
    }
    return call;
  }

  private resultOf(callId: string): string | undefined {
    const text = resultText(this.results[callId]);
    return text !== undefined && isTruncationMarker(text) ? undefined : text;
  }

  private onInvocation(part: JsonObject): void {
    const toolId = str(part.toolId) ?? 'tool';
    const toolCallId = str(part.toolCallId);
    const call = this.callFor(toolCallId, toolId);
    const id = call?.id ?? toolCallId ?? `${this.promptId}/tool/${this.s.counter++}`;
    const name = call?.name ?? toolId;
    const details = obj(part.resultDetails);
    const resultBody = call ? this.resultOf(call.id) : undefined;
    const detailsText = arr(details?.output).map((o) => str(obj(o)?.value) ?? '').join('');
    const text = resultBody ?? (detailsText !== '' ? detailsText : undefined);
    const special = obj(part.toolSpecificData);
    const command = special?.kind === 'terminal' ? terminalRun(special, chatShellCommand(name, call?.args)) : undefined;
    const step: StepPatch = {
      id,
      type: 'tool',
      name,
      kind: command !== undefined ? 'shell' : chatToolKind(name),
      input: call?.args ?? {},
      reads: chatToolReads(name, call?.args),
      fileChanges: [],
      ...(text !== undefined || part.isComplete === true ? { result: { text: text ?? '', isError: details?.isError === true, timestamp: this.ts } } : {}),
      ...(command !== undefined ? { command } : {}),
    };
    this.step(step);
    if (step.kind === 'edit' || step.kind === 'write') {
      this.lastEditTool = step;
    }
  }

  private onEditGroup(part: JsonObject): void {
    const path = uriOf(part.uri);
    if (path === undefined) {
      this.s.issue('missing-field', `request ${this.promptId}: textEditGroup without a file URI`);
      return;
    }
    const { batches, skipped } = editBatches(part.edits);
    if (skipped > 0) {
      this.s.issue('missing-field', `request ${this.promptId}: ${skipped} edit(s) of ${path} without text or range`);
    }
    if (batches.every((b) => b.length === 0)) {
      return;
    }
    const before = this.s.textBefore(this.promptId, path, this.ts, this.lastEditTool);
    const after = before === undefined ? undefined : applyEditBatches(before ?? '', batches);
    if (before !== undefined && after === undefined) {
      this.s.issue('unknown-record', `request ${this.promptId}: the edits of ${path} do not fit the file's recorded content; the change is kept without contents`);
    }
    const change: FileChange =
      before !== undefined && after !== undefined ? { path, op: before === null ? 'create' : 'update', before, after } : { path, op: 'update' };
    this.s.known.set(path, after);
    let target = this.lastEditTool;
    if (!target) {
      // Edits the response shows without an edit tool before them (the edit panel's code blocks).
      target = { id: `${this.promptId}/edit/${this.s.counter++}`, type: 'tool', name: 'textEditGroup', kind: 'edit', input: { uri: path }, reads: [], fileChanges: [] };
      this.lastEditTool = target;
    }
    target.fileChanges = [...(target.fileChanges ?? []), change];
    this.step({ id: target.id, type: 'tool', name: target.name, kind: target.kind, input: target.input, reads: target.reads, fileChanges: target.fileChanges });
  }

  read(): void {
    const response = this.req.response;
    let dropFence = false;
    if (typeof response === 'string') {
      this.textParts.push(response);
    }
    for (const p of arr(response)) {
      const part = obj(p);
      if (!part) {
        continue;
      }
      const md = markdownOf(part);
      if (md !== undefined) {
        if (dropFence && isFence(md)) {
          dropFence = false;
        } else if (!isTruncationMarker(md)) {
          this.textParts.push(md);
        }
        continue;
      }
      const kind = str(part.kind) ?? '';
      if (kind === 'inlineReference') {
        // A file or symbol named inside the text: VS Code shows it as a link with its name.
        const ref = obj(part.inlineReference);
        const name = str(part.name) ?? str(ref?.name) ?? (uriOf(ref) ?? uriOf(obj(ref?.location)?.uri))?.split('/').pop();
        if (name !== undefined) {
          this.textParts.push(`\`${name}\``);
        }
        continue;
      }
      if (ignoredParts.has(kind)) {
        continue;
      }
      if (kind === 'textEditGroup') {
        // VS Code wraps an edit in an empty code block (a fence before, one after) where the edit is shown: not text.
        if (this.textParts.length > 0 && isFence(this.textParts[this.textParts.length - 1])) {
          this.textParts.pop();
          dropFence = true;
        }
        this.onEditGroup(part);
        continue;
      }
      this.flushText();
      if (kind === 'toolInvocationSerialized') {
        this.onInvocation(part);
      } else if (kind === 'thinking') {
        const v = part.value;
        const text = Array.isArray(v) ? v.filter((x) => typeof x === 'string').join('') : str(v) ?? '';
        if (text.trim() !== '' && !isTruncationMarker(text)) {
          this.step({ id: str(part.id) ?? `${this.promptId}/thinking/${this.s.counter++}`, type: 'reasoning', text });
        }
      } else {
        this.s.unknownPart(kind);
      }
    }
    this.flushText();
    // Calls the response does not show (hidden tools, or a response cut short): still what the model did.
    for (const c of this.calls.filter((x) => !x.used)) {
      const text = this.resultOf(c.id);
      const shell = chatShellCommand(c.name, c.args);
      this.step({
        id: c.id,
        type: 'tool',
        name: c.name,
        kind: chatToolKind(c.name),
        input: c.args,
        reads: chatToolReads(c.name, c.args),
        fileChanges: [],
        ...(text !== undefined ? { result: { text, isError: false, timestamp: this.ts } } : {}),
        ...(shell !== undefined ? { command: { command: shell, exitCode: null, output: text ?? '' } } : {}),
      });
    }
  }
}

class SessionReader {
  readonly ops: IndexOp[] = [];
  readonly issues: ParseIssue[] = [];
  counter = 0;
  /** Path → the file's text after this session's last edit of it (undefined: not known). */
  readonly known = new Map<string, string | null | undefined>();
  /** `${promptId}\n${path}` already given a start (its first edit in the request). */
  private readonly started = new Set<string>();
  private readonly unknownKinds = new Set<string>();

  constructor(
    readonly file: string,
    readonly sessionId: string,
    private readonly editing: EditingState | undefined,
  ) {}

  issue(kind: ParseIssue['kind'], message: string): void {
    this.issues.push({ kind, file: this.file, message });
  }

  unknownPart(kind: string): void {
    if (!this.unknownKinds.has(kind)) {
      this.unknownKinds.add(kind);
      this.issue('unknown-record', `unknown response part kind "${kind}"`);
    }
  }

  /**
   * The file's text before an edit group of this request: at the request's first edit of it, what VS Code's editing
   * session recorded (the request's baseline; a file it created: null; the session's initial content for the file's
   * first edit) or the text this session's previous edit left; later, what the previous group left. The editing
   * session's records also become the prompt's restore source (a fileBackup).
   */
  textBefore(promptId: string, path: string, ts: string, tool: StepPatch | undefined): string | null | undefined {
    const key = baselineKey(promptId, path);
    if (this.started.has(key)) {
      return this.known.get(path);
    }
    this.started.add(key);
    const e = this.editing;
    const createdByTool = tool?.name === 'create_file' && normalizePath(str(obj(tool.input)?.filePath) ?? '') === path;
    let recorded: string | null | undefined;
    if (e?.baselines.has(key)) {
      recorded = e.baselines.get(key);
    } else if (e?.created.has(key)) {
      recorded = null;
    } else if (!this.known.has(path) && e?.initial.has(path)) {
      recorded = e.initial.get(path);
    }
    if (recorded !== undefined && e) {
      this.ops.push({
        op: 'fileBackup',
        sessionId: this.sessionId,
        promptId,
        path,
        backupPath: recorded === null ? null : `${e.path}#${promptId}/${path}`,
        version: 1,
        timestamp: ts,
        ...(recorded === null ? {} : { backup: { text: recorded } }),
      });
      return recorded;
    }
    if (this.known.has(path)) {
      return this.known.get(path);
    }
    // A file the request's create_file made: it did not exist (its edits insert the whole text).
    return createdByTool ? null : undefined;
  }
}

/** The operations of one chat session document; `fallbackId`: the file name's session id. */
export function parseChatData(file: string, data: unknown, fallbackId: string, cwd: string | undefined, editing: EditingState | undefined): ChatParse {
  if (!isObject(data)) {
    return { ops: [], issues: [{ kind: 'unknown-record', file, message: 'chat session is not a JSON object' }] };
  }
  const sessionId = str(data.sessionId) ?? fallbackId;
  const s = new SessionReader(file, sessionId, editing);
  if (data.version !== undefined && data.version !== 3 && data.version !== 2 && data.version !== 1) {
    s.issue('unknown-record', `chat session version ${JSON.stringify(data.version)} is not known; read as version 3`);
  }
  const requests = arr(data.requests).filter(isObject);
  const created = num(data.creationDate) ?? num(requests[0]?.timestamp);
  const started = iso(created, '');
  const firstModel = requests.map((r) => str(r.modelId)).find((m) => m !== undefined);
  const version = requests.map((r) => str(obj(r.agent)?.extensionVersion)).find((v) => v !== undefined);
  const title = str(data.customTitle);
  s.ops.push({
    op: 'session',
    session: {
      agent: AGENT,
      id: sessionId,
      ...(cwd !== undefined ? { cwd } : {}),
      ...(title !== undefined && title.trim() !== '' && !isTruncationMarker(title) ? { title, titlePriority: 1 } : {}),
      ...(started !== '' ? { timestamp: started } : {}),
      ...(firstModel !== undefined ? { model: firstModel.replace(/^copilot\//, '') } : {}),
      ...(version !== undefined ? { cliVersion: version } : {}),
    },
  });
  s.ops.push({ op: 'rewind', sessionId });
  for (const req of requests) {
    const promptId = str(req.requestId);
    if (promptId === undefined) {
      s.issue('missing-field', 'request without requestId');
      continue;
    }
    const message = req.message;
    const raw = typeof message === 'string' ? message : str(obj(message)?.text);
    if (raw === undefined) {
      s.issue('missing-field', `request ${promptId} without message text`);
    }
    const text = raw === undefined || isTruncationMarker(raw) ? '(prompt text not recorded)' : raw;
    const ts = iso(num(req.timestamp), started);
    const modelId = str(req.modelId)?.replace(/^copilot\//, '');
    s.ops.push({ op: 'prompt', sessionId, id: promptId, text, timestamp: ts });
    if (modelId !== undefined && modelId !== firstModel?.replace(/^copilot\//, '')) {
      s.ops.push({ op: 'session', session: { agent: AGENT, id: sessionId, model: modelId, timestamp: ts } });
    }
    new RequestReader(s, req, promptId, ts, modelId).read();
  }
  return { ops: s.ops, issues: s.issues };
}
