// Which steps and prompts the edits / commands / failures filters keep. Several filters show the union.
import type { TimelineFilter, TimelinePrompt, TimelineStep } from '../../src/core/timeline/timelineProtocol';

export function isFailure(step: TimelineStep): boolean {
  switch (step.type) {
    case 'command':
      return step.isError || (step.exitCode !== null && step.exitCode !== 0);
    case 'tool':
      return step.isError;
    case 'edit':
    case 'read':
      return step.error !== undefined && step.error !== '';
    default:
      return false;
  }
}

export function stepMatches(step: TimelineStep, filters: readonly TimelineFilter[]): boolean {
  if (filters.length === 0) {
    return true;
  }
  return filters.some((f) => {
    switch (f) {
      case 'edits':
        return step.type === 'edit';
      case 'commands':
        return step.type === 'command';
      case 'failures':
        return isFailure(step);
    }
  });
}

/** From the prompt's outline (`has`): its steps may not be loaded yet. */
export function promptMatches(prompt: TimelinePrompt, filters: readonly TimelineFilter[]): boolean {
  return filters.length === 0 || filters.some((f) => prompt.has.includes(f));
}
