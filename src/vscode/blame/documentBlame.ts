// Prompt blame of the open documents: one attribution (or null) per document line, for the buffer as it is now,
// unsaved changes included. A full blame runs when a document becomes visible and after edits settle; in between,
// attributions follow their lines through each edit (remapLines.ts), so nothing recomputes per keystroke.
// Bases (the replayed history of a file, from the index worker) are cached per path until the index changes.
import * as vscode from 'vscode';
import { DisposableStore } from '../disposableStore';
import { BlameEngine, type BlameBasis, type ReplayedFile } from '../../core/blame/blameEngine';
import type { LineAttribution } from '../../core/blame/blameModel';
import { applyRecordedPatch } from '../../store/recordedPatch';
import { debounce, type Debounced } from '../debounce';
import type { Log } from '../log';
import { blameAgents, contentSkipReason, type BlameSettings } from './blameConfig';
import type { BlameIndex } from './blameIndex';
import { lineLengths, replayedWithLineFeeds, toDocumentLines, toLineFeeds } from './documentLines';
import { promptKey } from './promptRef';
import { remapLines, type LineEdit, type LineState } from './remapLines';
import { safeListener } from '../safeListener';

const component = 'blame';
/** After the last edit: long enough to stay out of typing, short enough that lenses settle right away. */
const recomputeDelayMs = 300;
/** An agent at work appends to its transcript many times a second; re-read bases once a burst settles. */
const indexChangeDelayMs = 1000;
const indexChangeMaxWaitMs = 5000;
/** Bases re-read while one was being fetched (the index kept changing) before settling for the last one. */
const maxBasisAttempts = 3;

export interface BlameSnapshot {
  readonly version: number;
  /** One entry per document line (VS Code's count: the empty line after a final newline is there, and null). */
  readonly lines: readonly (LineAttribution | null)[];
}

interface Entry {
  uri: vscode.Uri;
  /** Document version the state belongs to. */
  version: number;
  /** Undefined: nothing to show (no agent touched the file, skipped, or the basis could not be read). */
  state: LineState<LineAttribution> | undefined;
  /** The state after the agents filter, computed on demand. */
  shown?: (LineAttribution | null)[];
  /** Edited or the index changed since the last full blame. */
  stale: boolean;
}

function keyOf(document: vscode.TextDocument): string {
  return document.uri.toString();
}

export class DocumentBlame implements vscode.Disposable {
  private readonly engine = new BlameEngine(applyRecordedPatch);
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  /** A document's attributions changed (new blame, an edit moved them, the agents filter changed). */
  readonly onDidChange = this.emitter.event;
  private readonly entries = new Map<string, Entry>();
  private readonly bases = new Map<string, Promise<BlameBasis | undefined>>();
  private readonly lineFeedBases = new WeakMap<BlameBasis, ReplayedFile>();
  private readonly computing = new Map<string, Promise<void>>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Skip reasons already logged (per path), so an open file does not repeat them on every edit. */
  private readonly loggedSkips = new Set<string>();
  /** Failures already logged since the bases were last re-read. */
  private readonly loggedFailures = new Set<string>();
  private readonly disposables = new DisposableStore();
  private readonly indexChanged: Debounced<undefined>;
  private generation = 0;
  /** Queries wait until the index has its configuration. */
  private connected = false;
  private disposed = false;

  constructor(
    private readonly index: BlameIndex,
    private readonly log: Log,
    private readonly settings: () => BlameSettings,
  ) {
    this.indexChanged = debounce<undefined>(() => this.invalidate('the index changed'), indexChangeDelayMs, indexChangeMaxWaitMs);
    this.disposables.push(
      this.emitter,
      { dispose: () => this.indexChanged.cancel() },
      index.onDidChange(() => {
        if (this.connected) {
          this.indexChanged(undefined);
        }
      }),
      vscode.workspace.onDidChangeTextDocument((e) => this.guard('Unable to follow an edit', () => this.onEdit(e))),
      vscode.workspace.onDidCloseTextDocument((d) => this.guard('Unable to forget a closed document', () => this.forget(d))),
      vscode.window.onDidChangeVisibleTextEditors(() => this.guard('Unable to blame the visible editors', () => this.blameVisible())),
    );
  }

  /** The index has its configuration: start blaming. */
  connect(): void {
    this.connected = true;
    this.invalidate('the index is ready');
  }

  /** Re-reads the bases of the visible documents (an index pass ended). */
  refresh(): void {
    if (this.connected) {
      this.invalidate('an index pass ended');
    }
  }

  /** The current attributions, when they belong to the document's current version. */
  snapshot(document: vscode.TextDocument): BlameSnapshot | undefined {
    const entry = this.entries.get(keyOf(document));
    if (!entry?.state || entry.version !== document.version) {
      return undefined;
    }
    return { version: entry.version, lines: this.shown(entry) };
  }

  /** Like snapshot, blaming the document first when it never was (or not at this version). */
  async ensure(document: vscode.TextDocument): Promise<BlameSnapshot | undefined> {
    const entry = this.entries.get(keyOf(document));
    if (!entry || entry.version !== document.version) {
      await this.compute(document);
    }
    return this.snapshot(document);
  }

  attributionAt(document: vscode.TextDocument, line: number): LineAttribution | null {
    return this.snapshot(document)?.lines[line] ?? null;
  }

  /** Settings changed: apply what concerns blame itself (the size limit, the agents filter). */
  applySettings(previous: BlameSettings, next: BlameSettings): void {
    if (previous.maxFileSizeKB !== next.maxFileSizeKB) {
      this.loggedSkips.clear();
      for (const entry of this.entries.values()) {
        entry.stale = true;
      }
      this.blameVisible();
    }
    if (previous.agents.join() !== next.agents.join()) {
      for (const entry of this.entries.values()) {
        entry.shown = undefined;
        if (entry.state) {
          this.emitter.fire(entry.uri);
        }
      }
    }
  }

  private invalidate(reason: string): void {
    this.generation++;
    this.bases.clear();
    this.loggedFailures.clear();
    for (const entry of this.entries.values()) {
      entry.stale = true;
    }
    this.log.trace(`Re-blaming the visible documents: ${reason}`, component);
    this.blameVisible();
  }

  /** Blames every visible document that has no current blame (others wait until they are shown). */
  private blameVisible(): void {
    if (!this.connected || this.disposed) {
      return;
    }
    const seen = new Set<string>();
    for (const editor of vscode.window.visibleTextEditors) {
      const document = editor.document;
      const key = keyOf(document);
      if (seen.has(key) || !isBlameable(document)) {
        continue;
      }
      seen.add(key);
      const entry = this.entries.get(key);
      if (!entry || entry.stale || entry.version !== document.version) {
        void this.compute(document);
      }
    }
  }

  private compute(document: vscode.TextDocument): Promise<void> {
    const key = keyOf(document);
    // A running blame reads the text after its basis arrives, so it already answers for the latest edit.
    const running = this.computing.get(key);
    if (running) {
      return running;
    }
    const run = this.blameDocument(document)
      .catch((err: unknown) => this.failed(document, err))
      .finally(() => this.computing.delete(key));
    this.computing.set(key, run);
    return run;
  }

  private async blameDocument(document: vscode.TextDocument): Promise<void> {
    if (!this.connected || this.disposed || document.isClosed || !isBlameable(document)) {
      return;
    }
    const path = document.uri.fsPath;
    const skip = contentSkipReason(document.getText(), this.settings().maxFileSizeKB);
    if (skip !== undefined) {
      this.logOnce(path, `Not blaming ${path}: ${skip}`);
      this.store(document, undefined);
      return;
    }
    let basis: BlameBasis | undefined;
    for (let attempt = 1; ; attempt++) {
      const generation = this.generation;
      basis = await this.basis(path);
      if (this.disposed || document.isClosed) {
        return;
      }
      if (generation === this.generation || attempt >= maxBasisAttempts) {
        break;
      }
    }
    if (!basis) {
      this.logOnce(path, `No agent changed ${path}`);
      this.store(document, undefined);
      return;
    }
    const started = Date.now();
    const text = toLineFeeds(document.getText());
    const result = this.engine.blame(this.withLineFeeds(basis), text, basis.shellRuns);
    this.store(document, { values: toDocumentLines(result.lines, document.lineCount), lengths: lineLengths(text) });
    this.log.trace(
      `Blamed ${path} (${document.lineCount} lines, version ${document.version}) in ${Date.now() - started} ms${result.notes.length > 0 ? `; ${result.notes.join('; ')}` : ''}`,
      component,
    );
  }

  private basis(path: string): Promise<BlameBasis | undefined> {
    let pending = this.bases.get(path);
    if (!pending) {
      const request = this.index.blameBasis(path);
      pending = request;
      // A failed read must not stick.
      request.catch(() => {
        if (this.bases.get(path) === request) {
          this.bases.delete(path);
        }
      });
      this.bases.set(path, request);
    }
    return pending;
  }

  private withLineFeeds(basis: BlameBasis): ReplayedFile {
    let replayed = this.lineFeedBases.get(basis);
    if (!replayed) {
      replayed = replayedWithLineFeeds(basis.replayed);
      this.lineFeedBases.set(basis, replayed);
    }
    return replayed;
  }

  private failed(document: vscode.TextDocument, err: unknown): void {
    const path = document.uri.fsPath;
    if (!this.loggedFailures.has(path)) {
      this.loggedFailures.add(path);
      this.log.error(err, component, `Unable to blame ${path}`);
    }
    if (!document.isClosed) {
      this.store(document, undefined);
    }
  }

  private store(document: vscode.TextDocument, state: LineState<LineAttribution> | undefined): void {
    const key = keyOf(document);
    const previous = this.entries.get(key);
    this.entries.set(key, { uri: document.uri, version: document.version, state, stale: false });
    if (!previous?.state && !state) {
      return;
    }
    if (previous?.state && state && previous.version === document.version && sameAttributions(previous.state.values, state.values)) {
      return;
    }
    this.emitter.fire(document.uri);
  }

  private onEdit(e: vscode.TextDocumentChangeEvent): void {
    const document = e.document;
    const entry = this.entries.get(keyOf(document));
    if (!entry || e.contentChanges.length === 0) {
      return;
    }
    if (entry.state) {
      const edits: LineEdit[] = e.contentChanges.map((c) => ({
        startLine: c.range.start.line,
        startCharacter: c.range.start.character,
        endLine: c.range.end.line,
        endCharacter: c.range.end.character,
        text: c.text,
      }));
      const next = remapLines(entry.state, edits);
      if (next.values.length === document.lineCount) {
        entry.state = next;
      } else {
        // Out of step with the document (an event was missed): show nothing until the full blame.
        this.log.debug(`Blame of ${document.uri.fsPath} lost track of its lines; recomputing`, component);
        entry.state = undefined;
      }
      entry.shown = undefined;
      this.emitter.fire(document.uri);
    }
    entry.version = document.version;
    entry.stale = true;
    this.schedule(document);
  }

  private schedule(document: vscode.TextDocument): void {
    const key = keyOf(document);
    const pending = this.timers.get(key);
    if (pending !== undefined) {
      clearTimeout(pending);
    }
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.guard('Unable to blame an edited document', () => {
          // Hidden documents are blamed again when they are shown.
          if (!document.isClosed && vscode.window.visibleTextEditors.some((ed) => ed.document === document)) {
            void this.compute(document);
          }
        });
      }, recomputeDelayMs),
    );
  }

  private forget(document: vscode.TextDocument): void {
    const key = keyOf(document);
    this.entries.delete(key);
    const pending = this.timers.get(key);
    if (pending !== undefined) {
      clearTimeout(pending);
      this.timers.delete(key);
    }
    const path = document.uri.fsPath;
    if (!vscode.workspace.textDocuments.some((d) => d !== document && d.uri.fsPath === path)) {
      this.bases.delete(path);
    }
  }

  private shown(entry: Entry): readonly (LineAttribution | null)[] {
    if (!entry.state) {
      return [];
    }
    const agents = this.settings().agents;
    if (blameAgents.every((a) => agents.includes(a))) {
      return entry.state.values;
    }
    entry.shown ??= entry.state.values.map((a) => (a && agents.includes(a.agent) ? a : null));
    return entry.shown;
  }

  private logOnce(path: string, message: string): void {
    const key = `${path}\n${message}`;
    if (!this.loggedSkips.has(key)) {
      this.loggedSkips.add(key);
      this.log.debug(message, component);
    }
  }

  private guard(context: string, fn: () => void): void {
    safeListener(this.log, component, context, fn)();
  }

  dispose(): void {
    this.disposed = true;
    for (const timer of this.timers.values()) {
      clearTimeout(timer);
    }
    this.timers.clear();
    this.disposables.dispose();
    this.entries.clear();
    this.bases.clear();
  }
}

/** Files on disk inside a workspace folder; everything else has no agent history to show. */
export function isBlameable(document: vscode.TextDocument): boolean {
  return document.uri.scheme === 'file' && vscode.workspace.getWorkspaceFolder(document.uri) !== undefined;
}

function sameAttributions(a: readonly (LineAttribution | null)[], b: readonly (LineAttribution | null)[]): boolean {
  if (a.length !== b.length) {
    return false;
  }
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) {
      continue;
    }
    if (!x || !y || promptKey(x) !== promptKey(y) || x.toolCallId !== y.toolCallId || x.timestamp !== y.timestamp || x.via !== y.via) {
      return false;
    }
  }
  return true;
}
