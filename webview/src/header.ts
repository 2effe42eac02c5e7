// The session header: what ran, where, when, and how much it did.
import type { TimelineSession } from '../../src/core/timeline/timelineProtocol';
import { custom, el, icon } from './dom';
import { firstLine, formatDuration, formatTimestamp } from './format';

export function renderHeader(session: TimelineSession): HTMLElement {
  const title = session.title || firstLine(session.prompts[0]?.text ?? '') || session.id;
  const meta = el('dl', { class: 'meta' });
  const add = (iconName: string, label: string, value: string): void => {
    if (value) {
      meta.append(el('div', {}, el('dt', {}, icon(iconName), el('span', { class: 'sr-only' }, label)), el('dd', { title: `${label}: ${value}` }, value)));
    }
  };
  add('hubot', 'Agent', session.agentLabel);
  add('sparkle', session.models.length > 1 ? 'Models' : 'Model', session.models.join(', '));
  add('folder', 'Folder', session.cwd);
  add('calendar', 'Started', session.timeNote ? `${formatTimestamp(session.startedAt)} (not recorded: ${session.timeNote})` : formatTimestamp(session.startedAt));
  add('watch', 'Duration', formatDuration(session.durationMs));

  const c = session.counts;
  const counts = el('ul', { class: 'counts', 'aria-label': 'Counts' });
  const count = (n: number, one: string, many: string, extra = ''): void => {
    counts.append(el('li', { class: extra }, custom('vscode-badge', { variant: 'counter' }, n.toLocaleString('en-US')), ` ${n === 1 ? one : many}`));
  };
  count(c.prompts, 'prompt', 'prompts');
  count(c.toolCalls, 'tool call', 'tool calls');
  count(c.edits, 'edit', 'edits');
  count(c.commands, 'command', 'commands');
  count(c.failures, 'failure', 'failures', c.failures > 0 ? 'has-failures' : '');
  count(c.filesChanged, 'file changed', 'files changed');

  return el('header', { class: 'session-header' }, el('h1', { title }, title), meta, counts);
}
