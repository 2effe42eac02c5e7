// The timeline page: header, toolbar and a feed of prompt articles. A session can have 1,000 prompts and 10,000 tool
// calls, so the host sends an outline (every prompt without its steps, but those where the page opens) and every
// prompt starts as a cheap placeholder article (its heading and an estimated height). Its steps are built when it
// comes near the viewport, asked from the host first when they are not here yet (requestSteps); after the first
// paint the rest are asked a range at a time in the background, so search soon covers every prompt. Filters and
// search work over the session data; the DOM only mirrors them for the prompts that are built.
import type {
  HostMessage,
  TimelineFilter,
  TimelinePromptSteps,
  TimelinePrompt,
  TimelineSession,
  TimelineStep,
  TimelineUiState,
  WebviewMessage,
} from '../../src/core/timeline/timelineProtocol';
import { maxPromptsPerRequest } from '../../src/core/timeline/timelineProtocol';
import { filesFromEachPrompt } from './checkpointFiles';
import { custom, el, icon } from './dom';
import { DiffView } from './diffView';
import { displayPath, firstLine, formatCount, formatTime } from './format';
import { renderHeader } from './header';
import type { SearchField, SearchResult } from './sessionSearch';
import { promptSearchFields, searchFields } from './sessionSearch';
import { addHighlights, clearHighlights, rangesIn, setCurrentHighlight } from './searchHighlight';
import { promptMatches, stepMatches } from './stepFilters';
import type { StepContext } from './steps';
import { openFold, renderStep, setFileOpen } from './steps';
import { renderText } from './textView';
import type { Toolbar } from './toolbar';
import { renderToolbar } from './toolbar';
import { isOpen, restoreUiState, withFilter, withFold } from './uiState';

export interface TimelineDeps {
  post(message: WebviewMessage): void;
  save(state: TimelineUiState): void;
  /** What getState returned when the page started (the serializer's state after a reload). */
  saved: unknown;
}

interface PromptEntry {
  prompt: TimelinePrompt;
  article: HTMLElement;
  body: HTMLElement;
  built: boolean;
  /** Came near the viewport before its steps were here: built when they arrive. */
  wanted: boolean;
  /** Its steps were asked for and have not arrived yet. */
  requested: boolean;
  steps: { step: TimelineStep; element: HTMLElement }[];
  /** Its search fields (the prompt text, and its steps' once loaded). */
  fields: SearchField[];
}

/** About the height of a prompt's heading row, added to its estimate while its content is skipped. */
const promptHeadPx = 40;
/** Placeholder heights come in 100px buckets, from one constructed stylesheet (the CSP allows no inline style). */
const estimateBuckets = 40;
const flashMs = 2000;
/** Prompts per background request: a few hundred ms of the host's time, so a prompt scrolled to waits little. */
const backgroundChunk = Math.min(40, maxPromptsPerRequest);

export class TimelineView {
  private session: TimelineSession | undefined;
  private state: TimelineUiState;
  private restore: { enabled: boolean; reason?: string } = { enabled: true };
  private entries: PromptEntry[] = [];
  private readonly position = new Map<number, number>();
  private fields: SearchField[] = [];
  private fieldsStale = true;
  /** Prompts whose steps have not arrived yet (search results may grow until this is 0). */
  private unloaded = 0;
  /** The background range in flight, if any (one at a time, so prompts scrolled to are asked first). */
  private background: { from: number; to: number } | undefined;
  private backgroundStarted = false;
  private paintPending = false;
  /** The observer has reported where every prompt is once (it always does right after observe). */
  private observed = false;
  private pendingReveal: { promptIndex: number; stepId?: string } | undefined;
  private filesFrom = new Map<number, string[]>();
  private result: SearchResult = { matches: [], capped: false };
  private current = -1;
  private lazy: IntersectionObserver | undefined;
  private readonly diffs: DiffView;
  private readonly toolbar: Toolbar;
  private readonly headerHost = el('div', { class: 'header-host' });
  private readonly status = el('div', { class: 'status', role: 'status' });
  private readonly feed = el('div', { class: 'feed', role: 'feed', 'aria-label': 'Prompts', 'aria-busy': 'true' });
  private readonly ctx: StepContext;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private scrollQueued = false;

  constructor(
    root: HTMLElement,
    private readonly deps: TimelineDeps,
  ) {
    const saved = deps.saved as { sessionKey?: unknown } | undefined;
    this.state = restoreUiState(deps.saved, typeof saved?.sessionKey === 'string' ? saved.sessionKey : '');
    installEstimateSheet();
    this.toolbar = renderToolbar({
      filter: (f, on) => this.setFilter(f, on),
      search: (q) => this.setSearch(q),
      next: (back) => this.nextMatch(back),
      clearSearch: () => this.clearSearch(),
      diffStyle: (s) => {
        this.update({ ...this.state, diffStyle: s });
        this.toolbar.apply(this.state);
        this.diffs.restyle();
      },
    });
    this.diffs = new DiffView(this.feed, deps.post, () => this.state.diffStyle);
    this.ctx = {
      isOpen: (id, byDefault) => isOpen(this.state, id, byDefault),
      setOpen: (id, open) => this.update(withFold(this.state, id, open)),
      post: deps.post,
      cwd: () => this.session?.cwd ?? '',
      promptIndex: 0,
      applyRestore: (button) => this.applyRestore(button),
      observeFile: (block, change) => this.diffs.observe(block, change),
    };
    this.toolbar.element.hidden = true;
    root.replaceChildren(this.headerHost, this.toolbar.element, this.status, this.feed);
    root.removeAttribute('aria-busy');
    document.addEventListener('keydown', (e) => this.onKey(e));
    window.addEventListener('scroll', () => this.onScroll(), { passive: true });
  }

  handle(message: HostMessage): void {
    switch (message.type) {
      case 'loading':
        this.showStatus('Loading session…');
        break;
      case 'missing':
        this.clear();
        this.showStatus(message.message || 'This session is no longer available.');
        break;
      case 'session':
        this.restore = { enabled: message.restoreEnabled, reason: message.restoreDisabledReason };
        this.load(message.session);
        break;
      case 'steps':
        if (message.sessionKey === this.session?.key) {
          this.receiveSteps(message.prompts);
        }
        break;
      case 'diff':
        this.diffs.receive(message.changeId, { diff: message.diff, patch: message.patch, message: message.message });
        break;
      case 'output':
        this.showOutput(message.stepId, message.output);
        break;
      case 'reveal':
        this.reveal(message.promptIndex, message.stepId);
        break;
      case 'restoreEnabled':
        this.restore = { enabled: message.enabled, reason: message.reason };
        for (const button of this.feed.querySelectorAll<HTMLElement>('.restore-checkpoint, .restore-file')) {
          this.applyRestore(button);
        }
        break;
    }
  }

  // ---- session and lazy prompts ----

  private load(session: TimelineSession): void {
    performance.mark('timeline:session');
    const sameSession = this.session?.key === session.key;
    const keep = sameSession ? this.state : restoreUiState(this.state.sessionKey === session.key ? this.state : this.deps.saved, session.key);
    if (sameSession && this.session) {
      // A live session reloaded: steps already here are kept where their prompt did not change.
      const held = new Map(this.session.prompts.map((p) => [p.index, p]));
      for (const p of session.prompts) {
        const old = held.get(p.index);
        if (p.steps === undefined && old?.steps !== undefined && old.version === p.version) {
          p.steps = old.steps;
        }
      }
    }
    this.clear();
    this.session = session;
    this.state = keep;
    this.status.hidden = true;
    this.headerHost.replaceChildren(renderHeader(session));
    this.toolbar.element.hidden = false;
    this.toolbar.apply(this.state);
    this.filesFrom = filesFromEachPrompt(session.prompts);

    this.lazy = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          if (entry.isIntersecting) {
            this.build(Number((entry.target as HTMLElement).dataset.pos));
          }
        }
        this.observed = true;
        this.markPainted();
      },
      // Build a screen ahead so scrolling rarely shows a placeholder.
      { rootMargin: '100% 0px' },
    );
    const fragment = document.createDocumentFragment();
    const total = session.prompts.length;
    session.prompts.forEach((prompt, pos) => {
      const entry = this.placeholder(prompt, pos, total);
      this.entries.push(entry);
      this.position.set(prompt.index, pos);
      this.unloaded += prompt.steps === undefined ? 1 : 0;
      fragment.append(entry.article);
    });
    this.feed.replaceChildren(fragment);
    if (total === 0) {
      this.showStatus('This session has no prompts.');
    }
    this.applyFilters();
    for (const entry of this.entries) {
      this.lazy.observe(entry.article);
    }
    this.feed.setAttribute('aria-busy', 'false');
    if (this.state.search) {
      this.runSearch();
    }
    if (this.state.promptIndex !== undefined && this.position.has(this.state.promptIndex)) {
      this.scrollToPrompt(this.state.promptIndex, false);
    }
    this.save();
    this.paintPending = true;
    this.markPainted();
  }

  /**
   * `timeline:painted` once the prompts in view show their steps (none is waiting for them), then the rest of the
   * steps are asked for in the background; `timeline:idle` when the page is idle after that first paint.
   */
  private markPainted(): void {
    if (!this.paintPending || (!this.observed && this.entries.length > 0) || this.entries.some((e) => e.wanted && !e.built)) {
      return;
    }
    this.paintPending = false;
    // After the frame that shows them.
    requestAnimationFrame(() =>
      setTimeout(() => {
        performance.mark('timeline:painted');
        const idle = (): void => {
          performance.mark('timeline:idle');
          this.backgroundStarted = true;
          this.loadMore();
        };
        if ('requestIdleCallback' in window) {
          requestIdleCallback(idle);
        } else {
          setTimeout(idle, 0);
        }
      }, 0),
    );
  }

  // ---- steps from the host ----

  /** Asks for the steps of every wanted prompt not asked yet, in contiguous ranges (batched per task). */
  private readonly requestWanted = coalesced(() => {
    let start = -1;
    const flush = (end: number): void => {
      if (start >= 0) {
        this.requestRange(start, end);
        start = -1;
      }
    };
    this.entries.forEach((entry, pos) => {
      const ask = entry.wanted && !entry.requested && entry.prompt.steps === undefined;
      if (ask && start < 0) {
        start = pos;
      } else if (!ask) {
        flush(pos - 1);
      }
      if (start >= 0 && pos - start + 1 >= maxPromptsPerRequest) {
        flush(pos);
      }
    });
    flush(this.entries.length - 1);
  });

  private requestRange(fromPos: number, toPos: number): void {
    for (let p = fromPos; p <= toPos; p++) {
      this.entries[p].requested = true;
    }
    this.deps.post({ type: 'requestSteps', from: this.entries[fromPos].prompt.index, to: this.entries[toPos].prompt.index });
  }

  /** The next background range: the first prompts whose steps are neither here nor asked for. */
  private loadMore(): void {
    if (this.background || !this.backgroundStarted) {
      return;
    }
    const from = this.entries.findIndex((e) => e.prompt.steps === undefined && !e.requested);
    if (from < 0) {
      return;
    }
    let to = from;
    while (to + 1 < this.entries.length && to - from + 1 < backgroundChunk && this.entries[to + 1].prompt.steps === undefined && !this.entries[to + 1].requested) {
      to++;
    }
    this.background = { from: this.entries[from].prompt.index, to: this.entries[to].prompt.index };
    this.requestRange(from, to);
  }

  private receiveSteps(prompts: readonly TimelinePromptSteps[]): void {
    for (const p of prompts) {
      const pos = this.position.get(p.index);
      const entry = pos === undefined ? undefined : this.entries[pos];
      if (!entry || pos === undefined) {
        continue;
      }
      // Another version: the session changed since the outline, and its reload (a new outline, which asks again) is
      // on its way; until then the prompt stays asked for, so it is not asked again and again.
      if (entry.prompt.steps !== undefined || entry.prompt.version !== p.version) {
        continue;
      }
      entry.requested = false;
      entry.prompt.steps = p.steps;
      this.unloaded--;
      entry.fields = promptSearchFields(entry.prompt, this.session?.cwd ?? '');
      this.fieldsStale = true;
      if (entry.wanted) {
        this.build(pos);
      }
    }
    // The answer to the background range: what it did not carry (the host caps a range) is free to be asked again.
    const background = this.background;
    const sent = new Set(prompts.map((p) => p.index));
    if (background && (prompts.length === 0 || prompts.some((p) => p.index >= background.from && p.index <= background.to))) {
      for (const entry of this.entries) {
        if (entry.prompt.index >= background.from && entry.prompt.index <= background.to && !sent.has(entry.prompt.index)) {
          entry.requested = false;
        }
      }
      this.background = undefined;
    }
    if (this.pendingReveal) {
      const { promptIndex, stepId } = this.pendingReveal;
      const pos = this.position.get(promptIndex);
      if (pos !== undefined && this.entries[pos].prompt.steps !== undefined) {
        this.pendingReveal = undefined;
        this.reveal(promptIndex, stepId);
      }
    }
    if (this.state.search) {
      this.queueSearch();
    }
    this.markPainted();
    this.loadMore();
  }

  /** Search again as steps arrive (once per task), keeping the match the user is on. */
  private readonly queueSearch = coalesced(() => {
    const before = this.current >= 0 ? this.matchKey(this.current) : undefined;
    this.runSearch();
    if (before !== undefined) {
      this.current = this.result.matches.findIndex((_, i) => this.matchKey(i) === before);
      this.showCount();
    }
  });

  private matchKey(i: number): string {
    const m = this.result.matches[i];
    const f = this.fields[m.field];
    return `${f.promptIndex}\u0000${f.stepId ?? ''}\u0000${f.key}\u0000${m.nth}`;
  }

  /** Every prompt's fields in document order (rebuilt from the per-prompt lists when steps arrived). */
  private allFields(): SearchField[] {
    if (this.fieldsStale) {
      this.fields = this.entries.flatMap((e) => e.fields);
      this.fieldsStale = false;
    }
    return this.fields;
  }

  private clear(): void {
    this.lazy?.disconnect();
    this.lazy = undefined;
    this.diffs.reset();
    this.entries = [];
    this.position.clear();
    this.fields = [];
    this.fieldsStale = true;
    this.unloaded = 0;
    this.background = undefined;
    this.pendingReveal = undefined;
    this.paintPending = false;
    this.observed = false;
    this.result = { matches: [], capped: false };
    this.current = -1;
    clearHighlights();
    this.feed.replaceChildren();
    this.headerHost.replaceChildren();
    this.toolbar.element.hidden = true;
  }

  private showStatus(text: string): void {
    this.status.hidden = false;
    this.status.textContent = text;
  }

  private placeholder(prompt: TimelinePrompt, pos: number, total: number): PromptEntry {
    const n = prompt.index;
    const bucket = estimateBucket(prompt);
    const article = el('article', {
      // est-N also sizes the article while the browser skips its content (content-visibility, theme.css).
      class: `prompt est-${bucket}`,
      tabindex: 0,
      'data-pos': pos,
      'data-index': n,
      'aria-posinset': pos + 1,
      'aria-setsize': total,
      'aria-label': `Prompt ${n}: ${firstLine(prompt.text, 80)}`,
    });
    const copy = el('button', { type: 'button', class: 'icon-button', 'aria-label': `Copy prompt ${n}`, title: 'Copy prompt' }, icon('copy'));
    copy.addEventListener('click', () => this.deps.post({ type: 'copyText', text: prompt.text }));
    const time = formatTime(prompt.timestamp);
    article.append(
      el(
        'div',
        { class: 'prompt-head' },
        el('h2', {}, icon('comment'), ` Prompt ${n}`),
        // An agent that records no times: the time is a bound, and says so (TimelineSession.timeNote).
        time ? el('time', { class: 'muted', datetime: prompt.timestamp, ...(this.session?.timeNote ? { title: this.session.timeNote } : {}) }, this.session?.timeNote ? `by ${time} (not recorded)` : time) : undefined,
        el('span', { class: 'muted' }, formatCount(prompt.stepCount, 'step')),
        // A prompt of a branch the session did not end on (Pi `/tree`): its edits happened, so it stays in place.
        prompt.branch !== undefined
          ? el('span', { class: 'branch-mark', title: 'Not on the conversation the session ended on; its changes were made on disk all the same' }, icon('git-branch'), ` ${prompt.branch}`)
          : undefined,
        copy,
      ),
    );
    const body = el('div', { class: `prompt-body est-${bucket}` });
    article.append(body);
    return { prompt, article, body, built: false, wanted: false, requested: false, steps: [], fields: promptSearchFields(prompt, this.session?.cwd ?? '') };
  }

  private checkpoint(prompt: TimelinePrompt): HTMLElement {
    const n = prompt.index;
    // Secondary: a checkpoint sits before every prompt, and a primary button at each would shout down the page.
    const restore = custom('vscode-button', { secondary: true, class: 'restore-checkpoint', 'data-before': n }, 'Restore checkpoint');
    this.applyRestore(restore);
    restore.addEventListener('click', () => {
      if (this.restore.enabled) {
        this.deps.post({ type: 'restoreCheckpoint', beforePrompt: n });
      }
    });
    const compare = custom('vscode-button', { secondary: true, class: 'compare-checkpoint' }, 'Compare with current');
    compare.addEventListener('click', () => this.deps.post({ type: 'compareCheckpoint', beforePrompt: n }));
    const files = this.filesFrom.get(n) ?? prompt.changedFiles;
    const cwd = this.session?.cwd ?? '';
    return el(
      'div',
      { class: 'checkpoint', role: 'group', 'aria-label': `Checkpoint before prompt ${n}` },
      icon('history'),
      el('span', { class: 'checkpoint-label' }, `Before prompt ${n}`),
      el('span', { class: 'muted', title: files.map((f) => displayPath(f, cwd)).join('\n') }, formatCount(files.length, 'file') + ' changed from here on'),
      el('span', { class: 'spacer' }),
      compare,
      restore,
    );
  }

  private applyRestore(button: HTMLElement): void {
    const disabled = !this.restore.enabled;
    button.toggleAttribute('disabled', disabled);
    const reason = disabled ? this.restore.reason || 'Restoring is not available.' : (button.dataset.enabledTitle ?? 'Restore the files this session changed to how they were before this prompt');
    button.setAttribute('title', reason);
    if (disabled) {
      button.setAttribute('aria-description', reason);
    } else {
      button.removeAttribute('aria-description');
    }
  }

  /** Builds the steps of the prompt at `pos` (once). */
  private build(pos: number): void {
    const entry = this.entries[pos];
    if (!entry || entry.built) {
      return;
    }
    const { prompt, body } = entry;
    if (prompt.steps === undefined) {
      entry.wanted = true;
      this.requestWanted();
      return;
    }
    entry.built = true;
    body.className = 'prompt-body';
    const text = el('div', { class: 'prompt-text', 'data-search': 'prompt' }, prompt.text);
    const steps = el('div', { class: 'steps' });
    const ctx: StepContext = { ...this.ctx, promptIndex: prompt.index };
    for (const step of prompt.steps) {
      const element = renderStep(step, ctx);
      element.hidden = !stepMatches(step, this.state.filters);
      entry.steps.push({ step, element });
      steps.append(element);
    }
    body.replaceChildren(text, steps);
    // The checkpoint marker's buttons are custom elements (costly by the thousand): built with the steps.
    if (prompt.changedFiles.length > 0) {
      entry.article.prepend(this.checkpoint(prompt));
    }
    this.lazy?.unobserve(entry.article);
    if (this.state.search) {
      this.highlightEntry(entry);
    }
  }

  // ---- filters ----

  private setFilter(filter: TimelineFilter, on: boolean): void {
    this.update(withFilter(this.state, filter, on));
    this.applyFilters();
    if (this.state.search) {
      this.runSearch();
    }
  }

  private applyFilters(): void {
    const filters = this.state.filters;
    let shown = 0;
    for (const entry of this.entries) {
      const visible = promptMatches(entry.prompt, filters);
      entry.article.hidden = !visible;
      shown += visible ? 1 : 0;
      for (const s of entry.steps) {
        s.element.hidden = !stepMatches(s.step, filters);
      }
    }
    if (this.entries.length > 0 && shown === 0) {
      this.showStatus('No prompt has steps that match the filters.');
    } else if (this.entries.length > 0) {
      this.status.hidden = true;
    }
  }

  // ---- search ----

  private setSearch(query: string): void {
    if (query === this.state.search && this.current >= 0) {
      return;
    }
    this.update({ ...this.state, search: query });
    this.runSearch();
  }

  private clearSearch(): void {
    this.toolbar.search.value = '';
    this.update({ ...this.state, search: '' });
    this.runSearch();
  }

  private runSearch(): void {
    const query = this.state.search;
    const filters = this.state.filters;
    const promptOk = new Map<number, boolean>();
    this.result = searchFields(this.allFields(), query, (field) => {
      let ok = promptOk.get(field.promptIndex);
      if (ok === undefined) {
        const pos = this.position.get(field.promptIndex);
        ok = pos !== undefined && promptMatches(this.entries[pos].prompt, filters);
        promptOk.set(field.promptIndex, ok);
      }
      return ok && (!field.step || stepMatches(field.step, filters));
    });
    this.current = -1;
    clearHighlights();
    if (query) {
      for (const entry of this.entries) {
        if (entry.built) {
          this.highlightEntry(entry);
        }
      }
    }
    this.showCount();
  }

  private showCount(): void {
    const n = this.result.matches.length;
    if (!this.state.search) {
      this.toolbar.setCount('');
    } else if (n === 0) {
      this.toolbar.setCount(this.unloaded > 0 ? 'Searching…' : 'No results');
    } else {
      // Prompts still loading may hold more matches: the total says so until they are here.
      const total = `${n.toLocaleString('en-US')}${this.result.capped || this.unloaded > 0 ? '+' : ''}`;
      this.toolbar.setCount(this.current >= 0 ? `${this.current + 1} of ${total}` : `${total} ${n === 1 && !this.result.capped && this.unloaded === 0 ? 'result' : 'results'}`);
    }
  }

  private highlightEntry(entry: PromptEntry): void {
    const query = this.state.search;
    for (const element of entry.article.querySelectorAll('[data-search]')) {
      if (!element.closest('[hidden]')) {
        addHighlights(rangesIn(element, query));
      }
    }
  }

  private nextMatch(backwards: boolean): void {
    const n = this.result.matches.length;
    if (n === 0) {
      return;
    }
    this.current = backwards ? (this.current <= 0 ? n - 1 : this.current - 1) : (this.current + 1) % n;
    this.showCount();
    const match = this.result.matches[this.current];
    const field = this.allFields()[match.field];
    const pos = this.position.get(field.promptIndex);
    if (pos === undefined) {
      return;
    }
    const entry = this.entries[pos];
    this.buildAround(pos);
    const target = this.searchElement(entry, field);
    if (!target) {
      settle(() => entry.article.scrollIntoView({ block: 'start' }));
      return;
    }
    const ranges = rangesIn(target, this.state.search, match.nth + 1);
    const range = ranges[Math.min(match.nth, ranges.length - 1)];
    setCurrentHighlight(range);
    settle(() => scrollToRange(target, range));
  }

  /**
   * Builds the prompts around `pos` before jumping there: built later by the observer, prompts above the target
   * would grow from their estimated height and push it out of view.
   */
  private buildAround(pos: number): void {
    for (let p = Math.max(0, pos - 3); p <= Math.min(this.entries.length - 1, pos + 2); p++) {
      this.build(p);
    }
  }

  /** The element that shows `field`, opening the fold it is in. */
  private searchElement(entry: PromptEntry, field: SearchField): Element | null {
    if (!field.stepId) {
      return entry.body.querySelector('[data-search="prompt"]');
    }
    const step = entry.steps.find((s) => s.step.id === field.stepId)?.element;
    if (!step) {
      return null;
    }
    const selector = `[data-search="${CSS.escape(field.key)}"]`;
    let target = step.querySelector(selector);
    if (!target || target.closest('details:not([open])')) {
      for (const details of step.querySelectorAll('details')) {
        openFold(details);
      }
      target = step.querySelector(selector);
      if (target && this.state.search) {
        addHighlights(rangesIn(target, this.state.search));
      }
    }
    return target;
  }

  // ---- reveal, keyboard, scroll ----

  private reveal(promptIndex: number, stepId?: string): void {
    const pos = this.position.get(promptIndex);
    if (pos === undefined) {
      return;
    }
    const entry = this.entries[pos];
    if (stepId !== undefined && entry.prompt.steps === undefined) {
      // The step is not here yet: ask for it (buildAround) and reveal it when it arrives (receiveSteps).
      this.pendingReveal = { promptIndex, stepId };
      this.buildAround(pos);
      settle(() => entry.article.scrollIntoView({ block: 'start' }));
      return;
    }
    if (entry.article.hidden || (stepId && entry.steps.some((s) => s.step.id === stepId && s.element.hidden))) {
      // The target is filtered out: showing it matters more than the filters.
      this.update({ ...this.state, filters: [] });
      this.toolbar.apply(this.state);
      this.applyFilters();
    }
    this.buildAround(pos);
    let target: HTMLElement = entry.article;
    const step = stepId ? entry.steps.find((s) => s.step.id === stepId)?.element : undefined;
    if (step) {
      step.setAttribute('tabindex', '-1');
      target = step;
    }
    settle(() => target.scrollIntoView({ block: 'start' }));
    target.focus({ preventScroll: true });
    target.classList.remove('flash');
    // Restart the animation even when the same target is revealed twice.
    void target.offsetWidth;
    target.classList.add('flash');
    setTimeout(() => target.classList.remove('flash'), flashMs);
    this.update({ ...this.state, promptIndex });
  }

  private scrollToPrompt(promptIndex: number, focus: boolean): void {
    const pos = this.position.get(promptIndex);
    if (pos === undefined) {
      return;
    }
    const entry = this.entries[pos];
    this.buildAround(pos);
    settle(() => entry.article.scrollIntoView({ block: 'start' }));
    if (focus) {
      entry.article.focus({ preventScroll: true });
    }
  }

  private onKey(e: KeyboardEvent): void {
    if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) {
      return;
    }
    const typing = isTyping(e);
    if (e.key === '/' && !typing) {
      e.preventDefault();
      this.toolbar.search.focus();
      return;
    }
    if (e.key === 'Escape' && this.state.search) {
      this.clearSearch();
      return;
    }
    if (typing) {
      return;
    }
    const active = document.activeElement;
    const onArticle = active instanceof HTMLElement && active.matches('article.prompt');
    const down = e.key === 'j' || (e.key === 'ArrowDown' && (onArticle || active === document.body));
    const up = e.key === 'k' || (e.key === 'ArrowUp' && (onArticle || active === document.body));
    if (!down && !up) {
      return;
    }
    e.preventDefault();
    this.movePrompt(down ? 1 : -1);
  }

  /** Focus the next or previous shown prompt (from the one holding focus, else from the one at the top). */
  private movePrompt(delta: 1 | -1): void {
    const from = (document.activeElement as HTMLElement | null)?.closest<HTMLElement>('article.prompt');
    let pos = from ? Number(from.dataset.pos) : this.topPosition() - delta;
    for (pos += delta; pos >= 0 && pos < this.entries.length; pos += delta) {
      const entry = this.entries[pos];
      if (!entry.article.hidden) {
        this.buildAround(pos);
        entry.article.focus({ preventScroll: true });
        settle(() => entry.article.scrollIntoView({ block: 'start' }));
        return;
      }
    }
  }

  private onScroll(): void {
    if (this.scrollQueued || this.entries.length === 0) {
      return;
    }
    this.scrollQueued = true;
    requestAnimationFrame(() => {
      this.scrollQueued = false;
      const entry = this.entries[this.topPosition()];
      if (entry && entry.prompt.index !== this.state.promptIndex) {
        this.update({ ...this.state, promptIndex: entry.prompt.index });
      }
    });
  }

  /** Position of the first shown prompt whose bottom is below the sticky toolbar (binary search on layout). */
  private topPosition(): number {
    const top = this.toolbar.element.getBoundingClientRect().bottom;
    let lo = 0;
    let hi = this.entries.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const rect = this.entries[mid].article.getBoundingClientRect();
      // Hidden articles have an empty rect at 0: treat them as above the fold so the search moves past them.
      if (rect.height === 0 || rect.bottom <= top) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  // ---- output and state ----

  private showOutput(stepId: string, output: string): void {
    for (const pre of this.feed.querySelectorAll<HTMLElement>(`pre[data-output-of="${CSS.escape(stepId)}"]`)) {
      renderText(pre, output, () => {
        if (this.state.search) {
          addHighlights(rangesIn(pre, this.state.search));
        }
      });
      pre.parentElement?.querySelector(`[data-show-all="${CSS.escape(stepId)}"]`)?.remove();
    }
    // Keep search in step with what is now shown.
    for (const field of this.allFields()) {
      if (field.stepId === stepId && (field.key === 'output' || field.key === 'result')) {
        field.lower = output.toLowerCase();
      }
    }
  }

  private update(state: TimelineUiState): void {
    this.state = state;
    this.save();
  }

  /** setState is cheap but scroll fires often: coalesce. */
  private save(): void {
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => this.deps.save(this.state), 100);
  }

  /** For tests and the benchmark: the state as it would be saved now. */
  get uiState(): TimelineUiState {
    return this.state;
  }

  openFile(changeId: string, open: boolean): void {
    const block = this.feed.querySelector<HTMLElement>(`section.file[data-change-id="${CSS.escape(changeId)}"]`);
    if (block) {
      setFileOpen(block, open);
    }
  }
}

function estimateBucket(prompt: TimelinePrompt): number {
  const lines = Math.min(30, prompt.text.split('\n', 31).length);
  const px = 60 + lines * 18 + prompt.stepCount * 44;
  return Math.max(1, Math.min(estimateBuckets, Math.round(px / 100)));
}

let sheetInstalled = false;
function installEstimateSheet(): void {
  if (sheetInstalled) {
    return;
  }
  sheetInstalled = true;
  const sheet = new CSSStyleSheet();
  const rules: string[] = [];
  for (let i = 1; i <= estimateBuckets; i++) {
    rules.push(`.prompt-body.est-${i}{min-height:${i * 100}px}`, `article.prompt.est-${i}{contain-intrinsic-size:auto ${i * 100 + promptHeadPx}px}`);
  }
  sheet.replaceSync(rules.join('\n'));
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}

/** `fn` run once in the next task, however often it is asked for before then. */
function coalesced(fn: () => void): () => void {
  let queued = false;
  return () => {
    if (!queued) {
      queued = true;
      setTimeout(() => {
        queued = false;
        fn();
      }, 0);
    }
  };
}

function isTyping(e: KeyboardEvent): boolean {
  const path = e.composedPath();
  return path.some((t) => t instanceof HTMLElement && (t.matches('input, textarea, select, [contenteditable=""], [contenteditable="true"], vscode-textfield')));
}

/** Scrolls now and once more after the observers have built what came into view (their growth moves things). */
function settle(scroll: () => void): void {
  scroll();
  requestAnimationFrame(() => setTimeout(scroll, 0));
}

function scrollToRange(target: Element, range: Range | undefined): void {
  if (!range) {
    target.scrollIntoView({ block: 'center' });
    return;
  }
  // Outputs scroll inside their own box: bring the match into that box first, then the box into the window.
  if (target.scrollHeight > target.clientHeight + 1) {
    const inner = range.getBoundingClientRect().top - target.getBoundingClientRect().top;
    target.scrollTop += inner - target.clientHeight / 2;
  }
  const rect = range.getBoundingClientRect();
  if (rect.height === 0 && rect.width === 0) {
    target.scrollIntoView({ block: 'center' });
    return;
  }
  window.scrollBy({ top: rect.top - window.innerHeight / 2 });
}

