// The persisted UI state: defaults, validation of what getState returns, and small immutable updates.
import type { TimelineFilter, TimelineUiState } from '../../src/core/timeline/timelineProtocol';
import { isTimelineUiState } from '../../src/core/timeline/timelineProtocol';

const filters: readonly TimelineFilter[] = ['edits', 'commands', 'failures'];

export function defaultUiState(sessionKey: string): TimelineUiState {
  return { sessionKey, filters: [], search: '', diffStyle: 'line-by-line', expanded: [], collapsed: [] };
}

/** The saved state when it is well formed and for this session; otherwise the defaults. */
export function restoreUiState(saved: unknown, sessionKey: string): TimelineUiState {
  if (!isTimelineUiState(saved) || saved.sessionKey !== sessionKey) {
    return defaultUiState(sessionKey);
  }
  const strings = (a: unknown[]): string[] => a.filter((x): x is string => typeof x === 'string');
  return {
    sessionKey,
    promptIndex: typeof saved.promptIndex === 'number' && Number.isInteger(saved.promptIndex) ? saved.promptIndex : undefined,
    filters: filters.filter((f) => saved.filters.includes(f)),
    search: saved.search,
    diffStyle: saved.diffStyle,
    expanded: strings(saved.expanded),
    collapsed: strings(saved.collapsed),
  };
}

/** Records a fold the user toggled by hand; the other list forgets it. */
export function withFold(state: TimelineUiState, id: string, open: boolean): TimelineUiState {
  if ((open ? state.expanded : state.collapsed).includes(id)) {
    return state; // already recorded (a fold restored open reports its toggle too)
  }
  const expanded = state.expanded.filter((x) => x !== id);
  const collapsed = state.collapsed.filter((x) => x !== id);
  (open ? expanded : collapsed).push(id);
  return { ...state, expanded, collapsed };
}

/** Open or closed: the user's choice when there is one, else the default. */
export function isOpen(state: TimelineUiState, id: string, byDefault: boolean): boolean {
  if (state.expanded.includes(id)) {
    return true;
  }
  if (state.collapsed.includes(id)) {
    return false;
  }
  return byDefault;
}

export function withFilter(state: TimelineUiState, filter: TimelineFilter, on: boolean): TimelineUiState {
  const next = state.filters.filter((f) => f !== filter);
  if (on) {
    next.push(filter);
  }
  return { ...state, filters: filters.filter((f) => next.includes(f)) };
}
