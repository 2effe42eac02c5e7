// Entry point of the timeline webview: registers the few @vscode-elements components the page uses, builds the
// view, wires host messages to it and says `ready` (the host sends nothing before that).
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { HostMessage } from '../../src/core/timeline/timelineProtocol';
import { getState, postMessage, setState } from './api';
import { TimelineView } from './timeline';

const hostTypes = new Set(['loading', 'session', 'steps', 'missing', 'diff', 'output', 'reveal', 'restoreEnabled']);

function isHostMessage(data: unknown): data is HostMessage {
  return typeof data === 'object' && data !== null && hostTypes.has((data as { type?: unknown }).type as string);
}

const app = document.getElementById('app') ?? document.body.appendChild(document.createElement('div'));
const view = new TimelineView(app, { post: postMessage, save: setState, saved: getState() });

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  if (isHostMessage(event.data)) {
    view.handle(event.data);
  }
});
postMessage({ type: 'ready' });
