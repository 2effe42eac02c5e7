// Diffs of file blocks: requested from the host only when a block is expanded AND on screen (most edits of a long
// session are never looked at), cached, and rendered with diff2html in the chosen layout.
import { html as diff2html } from 'diff2html';
import type { TimelineFileEdit, TimelineUiState, WebviewMessage } from '../../src/core/timeline/timelineProtocol';

type DiffStyle = TimelineUiState['diffStyle'];
interface DiffEntry {
  diff?: string;
  /** Recorded text that is not a diff (an apply_patch section, a file's content as written): shown as it is. */
  patch?: string;
  message?: string;
}

export class DiffView {
  private readonly cache = new Map<string, DiffEntry>();
  private readonly requested = new Set<string>();
  private readonly onScreen = new Set<Element>();
  private observer: IntersectionObserver;

  constructor(
    private readonly root: HTMLElement,
    private readonly post: (message: WebviewMessage) => void,
    private readonly diffStyle: () => DiffStyle,
  ) {
    this.observer = this.newObserver();
    root.addEventListener('file-toggle', (e) => {
      if (e.target instanceof HTMLElement) {
        this.update(e.target);
      }
    });
  }

  private newObserver(): IntersectionObserver {
    return new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          if (entry.isIntersecting) {
            this.onScreen.add(entry.target);
            this.update(entry.target as HTMLElement);
          } else {
            this.onScreen.delete(entry.target);
          }
        }
      },
      { rootMargin: '200px 0px' },
    );
  }

  observe(block: HTMLElement, _change: TimelineFileEdit): void {
    this.observer.observe(block);
  }

  /** A new session: forget blocks, requests and diffs of the old one. */
  reset(): void {
    this.observer.disconnect();
    this.observer = this.newObserver();
    this.cache.clear();
    this.requested.clear();
    this.onScreen.clear();
  }

  receive(changeId: string, entry: DiffEntry): void {
    this.cache.set(changeId, entry);
    for (const block of this.root.querySelectorAll<HTMLElement>(`section.file[data-change-id="${CSS.escape(changeId)}"]`)) {
      this.update(block);
    }
  }

  /** The diff layout changed: re-render what is shown. */
  restyle(): void {
    for (const block of this.root.querySelectorAll<HTMLElement>('section.file[data-rendered]')) {
      this.update(block);
    }
  }

  private update(block: HTMLElement): void {
    const id = block.dataset.changeId;
    const body = block.querySelector<HTMLElement>(':scope > .file-body');
    if (!id || !body || body.hidden) {
      return;
    }
    const entry = this.cache.get(id);
    if (entry) {
      if (block.dataset.rendered !== this.diffStyle()) {
        this.render(block, entry);
      }
      return;
    }
    if (this.onScreen.has(block) && !this.requested.has(id)) {
      this.requested.add(id);
      this.post({ type: 'requestDiff', changeId: id });
    }
  }

  private render(block: HTMLElement, entry: DiffEntry): void {
    const host = block.querySelector<HTMLElement>('.diff-host');
    if (!host) {
      return;
    }
    const style = this.diffStyle();
    block.dataset.rendered = style;
    if (!entry.diff) {
      host.className = 'diff-host muted';
      host.textContent = entry.message ?? (entry.patch === undefined ? 'No changes to show.' : '');
      if (entry.patch !== undefined) {
        const pre = document.createElement('pre');
        pre.className = 'recorded-patch';
        pre.textContent = entry.patch; // text, never markup
        host.append(pre);
      }
      return;
    }
    host.className = 'diff-host';
    host.removeAttribute('role');
    // The one innerHTML of the page: diff2html's own output, whose templates HTML-escape every line and file
    // name (test/unit/webview/diffHtml.test.ts and the hostile browser test check that).
    host.innerHTML = diff2html(entry.diff, { outputFormat: style, drawFileList: false, matching: 'lines' });
    // Our file header already names the file; diff2html's also carries a "viewed" checkbox with an empty style
    // attribute. Dropping it keeps the page free of style attributes.
    for (const header of host.querySelectorAll('.d2h-file-header')) {
      header.remove();
    }
  }
}
