// Prompt blame in the editor, assembled: the per-document blame, its CodeLens, hover, current-line annotation,
// status-bar item and optional tint, and the settings they follow. The composition root creates one and owns it.
import * as vscode from 'vscode';
import { DisposableStore } from '../disposableStore';
import type { Log } from '../log';
import type { PathContext } from '../paths';
import { ActiveLineBlame } from './activeLineBlame';
import { BlameCodeLensProvider } from './blameCodeLens';
import type { BlameSettings } from './blameConfig';
import { BlameHoverProvider } from './blameHover';
import type { BlameIndex } from './blameIndex';
import { blameSettingChanged, readBlameSettings } from './blameSettings';
import { DocumentBlame } from './documentBlame';
import { PromptSummaries } from './promptSummaries';
import { PromptTint } from './promptTint';

export interface PromptBlameDeps {
  /** The IndexService (once it has blameBasis). */
  index: BlameIndex;
  log: Log;
  /** Workspace folders and home, for the workspace-relative paths in the hover. */
  paths(): PathContext;
}

/** Files on disk only: other schemes (untitled, git, our own diff documents) have no agent history of their own. */
const selector: vscode.DocumentSelector = { scheme: 'file' };

export class PromptBlame implements vscode.Disposable {
  private readonly disposables = new DisposableStore();
  private readonly documents: DocumentBlame;
  private settings: BlameSettings;

  constructor(deps: PromptBlameDeps) {
    const { index, log } = deps;
    this.settings = readBlameSettings();
    const settings = (): BlameSettings => this.settings;
    try {
      this.documents = new DocumentBlame(index, log, settings);
      this.disposables.push(this.documents);

      const prompts = new PromptSummaries(index);
      this.disposables.push(
        index.onDidChange((change) => {
          try {
            if (change.observed) {
              // An observed shell change adds no prompt; DocumentBlame re-blames on any change by itself.
              return;
            }
            prompts.invalidate(change.sessions);
          } catch (err) {
            log.error(err, 'blame', 'Unable to drop cached prompts');
          }
        }),
      );

      const lenses = new BlameCodeLensProvider(this.documents, settings, log);
      this.disposables.push(lenses, vscode.languages.registerCodeLensProvider(selector, lenses));
      this.disposables.push(
        vscode.languages.registerHoverProvider(selector, new BlameHoverProvider(this.documents, prompts, settings, deps.paths, log)),
      );

      const activeLine = new ActiveLineBlame(this.documents, settings, log);
      this.disposables.push(activeLine);
      const tint = new PromptTint(this.documents, settings, log);
      this.disposables.push(tint);

      this.disposables.push(
        vscode.workspace.onDidChangeConfiguration((e) => {
          try {
            if (!blameSettingChanged(e)) {
              return;
            }
            const previous = this.settings;
            this.settings = readBlameSettings();
            this.documents.applySettings(previous, this.settings);
            lenses.refresh();
            activeLine.refresh();
            tint.refresh();
          } catch (err) {
            log.error(err, 'blame', 'Unable to apply the blame settings');
          }
        }),
      );
    } catch (err) {
      this.dispose();
      throw err;
    }
  }

  /** Call once the index has its configuration (IndexLifecycle's onConfigured): blame starts querying it. */
  connect(): void {
    this.documents.connect();
  }

  /** Call when an index pass ends (IndexLifecycle's onPassEnded): the visible documents are blamed again. */
  refresh(): void {
    this.documents.refresh();
  }

  dispose(): void {
    this.disposables.dispose();
  }
}
