// What each checkpoint marker counts: "before prompt N" restores every file the session changed in prompt N *or
// later* (see src/restore/restorePlanner.ts), so the marker lists that union, not only prompt N's own files.
import type { TimelinePrompt } from '../../src/core/timeline/timelineProtocol';

/** For each prompt index, the sorted files changed from that prompt to the end of the session. */
export function filesFromEachPrompt(prompts: readonly TimelinePrompt[]): Map<number, string[]> {
  const out = new Map<number, string[]>();
  const seen = new Set<string>();
  let sorted: string[] = [];
  for (let i = prompts.length - 1; i >= 0; i--) {
    const prompt = prompts[i]!;
    let grew = false;
    for (const file of prompt.changedFiles) {
      if (!seen.has(file)) {
        seen.add(file);
        grew = true;
      }
    }
    // Prompts that add no new file share the previous array: 500 prompts must not cost 500 copies.
    if (grew) {
      sorted = [...seen].sort();
    }
    out.set(prompt.index, sorted);
  }
  return out;
}
