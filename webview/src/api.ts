// Typed wrapper of the webview API VS Code injects. acquireVsCodeApi may be called only once per page, so the
// one instance lives here and everything else goes through these functions.
import type { TimelineUiState, WebviewMessage } from '../../src/core/timeline/timelineProtocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

let api: VsCodeApi | undefined;

function vscode(): VsCodeApi {
  api ??= acquireVsCodeApi();
  return api;
}

export function postMessage(message: WebviewMessage): void {
  vscode().postMessage(message);
}

/** Whatever was saved last; the caller validates it (an older build may have saved another shape). */
export function getState(): unknown {
  return vscode().getState();
}

export function setState(state: TimelineUiState): void {
  vscode().setState(state);
}
