// Which folders under an agent's data root can hold transcripts (so only those are watched), and which changed
// names there can matter to the index (the rest — settings, logs, tool outputs, history files — are ignored without
// any I/O). Mirrors the layouts the adapters' discovery reads (adapters/<agent>/discovery.ts).
import type { IndexedAgent } from './adapters';

export interface WatchScope {
  /** Folder at these segments below the root may hold transcripts (or folders that do). */
  descend(segments: string[]): boolean;
  /**
   * What a change to the name at these segments below the root may be: a transcript (read it, or find out once
   * whether it belongs), a file that says which project a folder is (discovery must look again every time), or
   * nothing the index reads (undefined).
   */
  relevant(segments: string[]): 'transcript' | 'layout' | undefined;
}

function transcriptIf(yes: boolean): 'transcript' | undefined {
  return yes ? 'transcript' : undefined;
}

const jsonl = /\.jsonl$/;

export const watchScopes: Record<IndexedAgent, WatchScope> = {
  // projects/<project>/<session>.jsonl; projects/<project>/<session>/subagents[/workflows/<run>]/agent-*.jsonl
  'claude-code': {
    descend: (s) =>
      s[0] === 'projects' && (s.length <= 3 || (s[3] === 'subagents' && (s.length === 4 || (s[4] === 'workflows' && s.length <= 6)))),
    relevant: (s) => transcriptIf(s[0] === 'projects' && s.length >= 3 && jsonl.test(s[s.length - 1])),
  },
  // sessions/YYYY/MM/DD/rollout-*.jsonl, archived_sessions/[YYYY/MM/DD/]rollout-*.jsonl (and .json, .jsonl.zst)
  codex: {
    descend: (s) => (s[0] === 'sessions' || s[0] === 'archived_sessions') && s.length <= 6,
    relevant: (s) => transcriptIf((s[0] === 'sessions' || s[0] === 'archived_sessions') && /^rollout-.*\.(jsonl|json|jsonl\.zst)$/.test(s[s.length - 1])),
  },
  // tmp/<project>/chats/session-*.json[l], tmp/<project>/chats/<parent>/<id>.jsonl; tmp/<project>/.project_root and
  // projects.json say which project a folder is.
  'gemini-cli': {
    descend: (s) => s[0] === 'tmp' && (s.length <= 2 || (s[2] === 'chats' && s.length <= 4)),
    relevant: (s) =>
      (s.length === 1 && s[0] === 'projects.json') || (s[0] === 'tmp' && s.length === 3 && s[2] === '.project_root')
        ? 'layout'
        : transcriptIf(s[0] === 'tmp' && s[2] === 'chats' && s.length >= 4 && /\.jsonl?$/.test(s[s.length - 1])),
  },
};
