// Cursor in the agent registry (agentDescriptor.ts).
import type { AgentAdapter } from '../adapter';
import type { AgentDescriptor } from '../agentDescriptor';
import { cursorAdapter } from './cursorAdapter';
import { storeOf } from './paths';

/** A transcript file name (`<id>.jsonl`, older `<id>.txt`). */
const transcriptName = /^[^.].*\.(jsonl|txt)$/;

export const cursorAgent: AgentDescriptor = {
  id: 'cursor',
  label: 'Cursor',
  settingKey: 'cursor',
  cliName: 'cursor',
  icon: { codicon: 'circuit-board', color: 'charts.blue' },
  defaultFolders: '`$CURSOR_CONFIG_DIR` when it is set, otherwise `~/.cursor` (agent transcripts in `projects/`, cursor-agent chats in `chats/`), and Cursor\'s `User` folder (the IDE\'s chats in `globalStorage/state.vscdb`)',
  blame: true,
  timeNote: 'Cursor records no time per message (a cursor-agent chat only its start): the time shown is when its transcript or chat file was last written before it was read, so the message is at most that recent',
  // projects/<slug>/agent-transcripts/<id>.jsonl|.txt, …/<id>/<id>.jsonl, …/<id>/subagents/<sub>.jsonl;
  // chats/<md5>/<chatId>/store.db (+ -wal). agent-tools/ and terminals/ beside agent-transcripts/ are not read.
  watch: {
    descend: (s) =>
      (s[0] === 'projects' && (s.length <= 2 || (s[2] === 'agent-transcripts' && (s.length <= 4 || (s.length === 5 && s[4] === 'subagents'))))) ||
      (s[0] === 'chats' && s.length <= 3) ||
      // An IDE User folder: only globalStorage itself (its extension folders are not read).
      (s[0] === 'globalStorage' && s.length === 1),
    relevant: (s) => {
      if (s[0] === 'projects') {
        if (s.length <= 3) {
          // A new project folder or its agent-transcripts folder: discovery looks again.
          return s.length === 2 || s[2] === 'agent-transcripts' ? 'layout' : undefined;
        }
        if (s[2] !== 'agent-transcripts') {
          return undefined;
        }
        const name = s[s.length - 1];
        if (s.length === 4) {
          return transcriptName.test(name) ? 'transcript' : 'layout';
        }
        return (s.length === 5 && name === `${s[3]}.jsonl`) || (s.length === 6 && s[4] === 'subagents' && name.endsWith('.jsonl')) ? 'transcript' : s.length === 5 && name === 'subagents' ? 'layout' : undefined;
      }
      if (s[0] === 'chats') {
        if (s.length <= 3) {
          return s.length >= 2 ? 'layout' : undefined;
        }
        return s.length === 4 && /^store\.db(?:-wal|-journal)?$/.test(s[3]) ? 'transcript' : undefined;
      }
      if (s[0] === 'globalStorage') {
        return s.length === 2 && /^state\.vscdb(?:-wal|-journal)?$/.test(s[1]) ? 'transcript' : undefined;
      }
      return undefined;
    },
    sourceOf: storeOf,
  },
  adapter: cursorAdapter as AgentAdapter,
};
