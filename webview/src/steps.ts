// DOM for one step of a prompt. Transcript strings go in as text nodes only (dom.ts); assistant text goes through
// the safe Markdown renderer. Elements that show searchable text carry `data-search` (see sessionSearch.ts).
import type { TimelineFileEdit, TimelineStep, WebviewMessage } from '../../src/core/timeline/timelineProtocol';
import { outputLimit } from '../../src/core/timeline/timelineProtocol';
import { el, icon } from './dom';
import { displayPath, formatCount, formatDuration, formatLineRange } from './format';
import { renderMarkdown } from './markdownDom';
import { isFailure } from './stepFilters';
import { renderText } from './textView';

export interface StepContext {
  isOpen(id: string, byDefault: boolean): boolean;
  /** The user opened or closed a fold: persisted. */
  setOpen(id: string, open: boolean): void;
  post(message: WebviewMessage): void;
  /** The session's folder: paths inside it are shown relative to it. */
  cwd(): string;
  /** The prompt whose steps are being built (a file's restore button restores it to before this prompt). */
  promptIndex: number;
  /** Enables or disables a restore button (workspace trust), keeping its title in step with it. */
  applyRestore(button: HTMLElement): void;
  /** A file block was built: the diff view requests its diff once it is expanded and visible. */
  observeFile(block: HTMLElement, change: TimelineFileEdit): void;
}

/** Diffs this long start collapsed: rendering them costs more than most readers want to pay up front. */
export const collapsedDiffLines = 400;

const toolIcons: Record<string, string> = {
  read: 'file',
  edit: 'edit',
  write: 'new-file',
  delete: 'trash',
  shell: 'terminal',
  search: 'search',
  agent: 'hubot',
  other: 'tools',
};

let uid = 0;
const nextId = (prefix: string): string => `${prefix}-${++uid}`;

export function renderStep(step: TimelineStep, ctx: StepContext): HTMLElement {
  const failed = isFailure(step);
  const node = el('div', { class: `step step-${step.type}${failed ? ' failed' : ''}`, 'data-step-id': step.id });
  switch (step.type) {
    case 'text': {
      const md = renderMarkdown(step.text);
      md.setAttribute('data-search', 'text');
      node.append(md);
      break;
    }
    case 'reasoning':
      node.append(
        fold(step.id, [icon('lightbulb'), el('span', {}, 'Thinking')], false, ctx, () => {
          const md = renderMarkdown(step.text);
          md.setAttribute('data-search', 'reasoning');
          return md;
        }),
      );
      break;
    case 'read': {
      node.append(head('file', step.name, failed));
      const list = el('ul', { class: 'reads' });
      step.reads.forEach((read, n) => {
        const range = formatLineRange(read.startLine, read.endLine);
        list.append(
          el(
            'li',
            {},
            pathButton(read.path, `path:${n}`, ctx, read.startLine),
            range ? el('span', { class: 'muted range' }, range) : undefined,
          ),
        );
      });
      node.append(list);
      if (step.error) {
        node.append(el('div', { class: 'error-text' }, step.error));
      }
      break;
    }
    case 'edit':
      node.append(head('edit', step.name, failed));
      step.files.forEach((file, n) => node.append(fileBlock(file, n, ctx)));
      if (step.error) {
        node.append(el('div', { class: 'error-text' }, step.error));
      }
      break;
    case 'command': {
      const exit = step.exitCode === null ? undefined : `exit ${step.exitCode}`;
      const h = head('terminal', step.name, failed);
      if (exit) {
        h.append(el('span', { class: `exit${failed ? ' exit-failed' : ''}` }, exit));
      }
      const duration = formatDuration(step.durationMs);
      if (duration) {
        h.append(el('span', { class: 'muted' }, duration));
      }
      node.append(h, el('pre', { class: 'command', 'data-search': 'command' }, step.command));
      if (step.outputLength > 0 || step.output) {
        node.append(outputFold(step.id, 'output', 'Output', step.output, step.outputLength, step.truncated, ctx));
      }
      break;
    }
    case 'tool': {
      const h = head(toolIcons[step.kind] ?? 'tools', step.name, failed);
      if (step.summary) {
        h.append(el('span', { class: 'summary', 'data-search': 'summary' }, step.summary));
      }
      node.append(h);
      if (step.childSessionId) {
        const child = step.childSessionId;
        const link = el('button', { type: 'button', class: 'link-button subagent' }, icon('link-external'), 'Open subagent session');
        link.addEventListener('click', () => ctx.post({ type: 'openSession', sessionId: child }));
        node.append(link);
      }
      if (step.resultLength > 0 || step.result) {
        node.append(outputFold(step.id, 'result', 'Result', step.result, step.resultLength, step.truncated, ctx));
      }
      break;
    }
  }
  return node;
}

function head(iconName: string, name: string, failed: boolean): HTMLElement {
  return el(
    'div',
    { class: 'step-head' },
    icon(failed ? 'error' : iconName),
    el('span', { class: 'step-name' }, name),
    failed ? el('span', { class: 'failed-label' }, 'failed') : undefined,
  );
}

function pathButton(path: string, key: string, ctx: StepContext, line?: number): HTMLElement {
  const button = el('button', { type: 'button', class: 'link-button path', 'data-search': key, title: line ? `Open ${path} at line ${line}` : `Open ${path}` }, displayPath(path, ctx.cwd()));
  button.addEventListener('click', () => ctx.post(line ? { type: 'openFile', path, line } : { type: 'openFile', path }));
  return button;
}

/**
 * A native <details> fold whose body is built on first open: most outputs are never opened, and 5,000 of them
 * must not cost DOM.
 */
export function fold(id: string, summary: Node[], byDefault: boolean, ctx: StepContext, body: () => Node): HTMLDetailsElement {
  const details = el('details', { class: 'fold', 'data-fold': id });
  const sum = el('summary', {}, ...summary);
  details.append(sum);
  let built = false;
  const build = (): void => {
    if (!built) {
      built = true;
      details.append(body());
    }
  };
  builders.set(details, build);
  details.addEventListener('toggle', () => {
    sum.setAttribute('aria-expanded', String(details.open));
    if (details.open) {
      build();
    }
    if (details.dataset.auto) {
      delete details.dataset.auto;
      return;
    }
    ctx.setOpen(id, details.open);
  });
  // Open at start only when the user chose so before (folds default to closed): recording it again is a no-op.
  const open = ctx.isOpen(id, byDefault);
  sum.setAttribute('aria-expanded', String(open));
  if (open) {
    build();
    details.open = true;
  }
  return details;
}

const builders = new WeakMap<HTMLDetailsElement, () => void>();

/** Opens a fold for the page's own reasons (search, reveal): its body is built now, and it is not saved as a choice. */
export function openFold(details: HTMLDetailsElement): void {
  if (details.open) {
    return;
  }
  builders.get(details)?.();
  details.dataset.auto = '1';
  details.open = true;
}

/** Command output or tool result: folded, cut at `outputLimit`, with "Show all" for the rest. */
function outputFold(
  stepId: string,
  key: 'output' | 'result',
  label: string,
  text: string,
  fullLength: number,
  truncated: boolean,
  ctx: StepContext,
): HTMLDetailsElement {
  const total = Math.max(fullLength, text.length);
  const summary = [icon('output'), el('span', {}, label), el('span', { class: 'muted' }, formatCount(total, 'character'))];
  return fold(stepId, summary, false, ctx, () => {
    const box = el('div', { class: 'output-box' });
    const pre = el('pre', { class: 'output', 'data-search': key, 'data-output-of': stepId });
    renderText(pre, text.length > outputLimit ? text.slice(0, outputLimit) : text);
    box.append(pre);
    if (truncated || text.length > outputLimit || fullLength > text.length) {
      const more = el('button', { type: 'button', class: 'link-button show-all', 'data-show-all': stepId }, `Show all (${formatCount(total, 'character')})`);
      more.addEventListener('click', () => {
        more.disabled = true;
        more.textContent = 'Loading…';
        if (text.length >= fullLength && text.length > outputLimit) {
          // The whole text is already here (the host sent more than its limit): no round trip needed.
          renderText(pre, text);
          more.remove();
        } else {
          ctx.post({ type: 'requestOutput', stepId });
        }
      });
      box.append(more);
    }
    return box;
  });
}

function fileBlock(file: TimelineFileEdit, n: number, ctx: StepContext): HTMLElement {
  const bodyId = nextId('diff');
  const startOpen = ctx.isOpen(file.changeId, (file.diffLines ?? 0) <= collapsedDiffLines);
  const shown = displayPath(file.path, ctx.cwd());
  const block = el('section', { class: 'file', 'data-change-id': file.changeId, 'aria-label': `${file.op} ${shown}` });
  const toggle = el(
    'button',
    { type: 'button', class: 'fold-toggle', 'aria-expanded': String(startOpen), 'aria-controls': bodyId, 'aria-label': `Diff of ${shown}` },
    icon(startOpen ? 'chevron-down' : 'chevron-right'),
  );
  const headRow = el('div', { class: 'file-head' }, toggle, pathButton(file.path, `path:${n}`, ctx));
  if (file.movePath) {
    headRow.append(el('span', { class: 'muted' }, '→'), el('span', { class: 'path-text', 'data-search': `move:${n}`, title: file.movePath }, displayPath(file.movePath, ctx.cwd())));
  }
  headRow.append(el('span', { class: `op op-${file.op}` }, file.op));
  if (file.added !== undefined) {
    headRow.append(el('span', { class: 'added', 'aria-label': `${file.added} lines added` }, `+${file.added}`));
  }
  if (file.removed !== undefined) {
    headRow.append(el('span', { class: 'removed', 'aria-label': `${file.removed} lines removed` }, `−${file.removed}`));
  }
  if (file.diffLines !== undefined && file.diffLines > collapsedDiffLines) {
    headRow.append(el('span', { class: 'muted' }, `${formatCount(file.diffLines, 'diff line')}`));
  }
  // One file back to before this prompt, through the same preview and confirmation as a checkpoint. A rename
  // touches two paths, which only the whole checkpoint restores together.
  if (file.op !== 'rename') {
    const label = `Restore ${shown} to before prompt ${ctx.promptIndex}…`;
    const restore = el('button', { type: 'button', class: 'icon-button restore-file', 'aria-label': label, 'data-enabled-title': label }, icon('discard'));
    ctx.applyRestore(restore);
    const beforePrompt = ctx.promptIndex;
    restore.addEventListener('click', () => {
      if (!restore.hasAttribute('disabled')) {
        ctx.post({ type: 'restoreFile', beforePrompt, path: file.path });
      }
    });
    headRow.append(restore);
  }
  const body = el('div', { class: 'file-body', id: bodyId }, el('div', { class: 'diff-host muted', role: 'status' }, 'Loading diff…'));
  body.hidden = !startOpen;
  block.append(headRow, body);
  toggle.addEventListener('click', () => {
    setFileOpen(block, !body.hidden ? false : true);
    ctx.setOpen(file.changeId, !body.hidden);
  });
  ctx.observeFile(block, file);
  return block;
}

/** Opens or closes a file block; the diff view listens for `file-toggle` to request the diff when needed. */
export function setFileOpen(block: HTMLElement, open: boolean): void {
  const toggle = block.querySelector<HTMLButtonElement>(':scope > .file-head > .fold-toggle');
  const body = block.querySelector<HTMLElement>(':scope > .file-body');
  if (!toggle || !body) {
    return;
  }
  body.hidden = !open;
  toggle.setAttribute('aria-expanded', String(open));
  toggle.replaceChildren(icon(open ? 'chevron-down' : 'chevron-right'));
  block.dispatchEvent(new CustomEvent('file-toggle', { bubbles: true }));
}
