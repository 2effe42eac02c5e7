// What `agent-trail blame` prints: the JSON shape documented in the README, and a git-blame-like text form.
import type { BlameLines } from '../core/blame/blameModel';
import { splitLines } from '../core/blame/lineDiff';
import { agentLabels } from '../core/model';
import { terminalBlock, terminalText } from './terminalText';

export interface BlameAttributionJson {
  agent: string;
  sessionId: string;
  promptId: string;
  promptIndex: number;
  prompt: string;
  toolCallId: string;
  tool: string;
  via: string;
  timestamp: string;
  model: string | null;
}

export interface BlameJson {
  file: string;
  lines: { line: number; text: string; attribution: BlameAttributionJson | null }[];
  notes: string[];
}

export function blameJson(file: string, content: string, blame: BlameLines): BlameJson {
  const texts = splitLines(content);
  return {
    file,
    lines: texts.map((text, i) => {
      const a = blame.lines[i] ?? null;
      return {
        line: i + 1,
        text,
        attribution: a && {
          agent: a.agent,
          sessionId: a.sessionId,
          promptId: a.promptId,
          promptIndex: a.promptIndex,
          prompt: a.prompt,
          toolCallId: a.toolCallId,
          tool: a.tool,
          via: a.via,
          timestamp: a.timestamp,
          model: a.model ?? null,
        },
      };
    }),
    notes: blame.notes,
  };
}

function clip(text: string, width: number): string {
  const first = terminalText(text.split('\n').find((l) => l.trim() !== '')?.trim() ?? '');
  return first.length > width ? `${first.slice(0, width - 1)}…` : first.padEnd(width);
}

/** A line of the file: its tabs and a CRLF file's CR are layout, any other control character is escaped. */
function lineText(text: string): string {
  return text.endsWith('\r') ? `${terminalBlock(text.slice(0, -1))}\r` : terminalBlock(text);
}

/**
 * `git blame`-like: prompt number, agent, session, short prompt, line number, text; blank columns for unattributed
 * lines. The notes (edits that could not be replayed) go to stderr.
 */
export function blameText(result: BlameJson): string {
  const width = String(result.lines.length).length;
  const out = result.lines.map(({ line, text, attribution: a }) => {
    const who = a ? `#${String(a.promptIndex).padEnd(3)} ${(agentLabels[a.agent as keyof typeof agentLabels] ?? terminalText(a.agent)).padEnd(11)} ${terminalText(a.sessionId.slice(0, 8))} ${clip(a.prompt, 32)}` : ' '.repeat(4 + 1 + 11 + 1 + 8 + 1 + 32);
    return `${who} ${String(line).padStart(width)}) ${lineText(text)}`;
  });
  return `${out.join('\n')}\n`;
}
