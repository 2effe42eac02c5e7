// What a transcript's location says about it:
//   <root>/projects/<dir>/<sessionId>.jsonl                              main session
//   <root>/projects/<dir>/agent-<agentId>.jsonl                          2.0.x subagent
//   <root>/projects/<dir>/<sessionId>/subagents/[workflows/<run>/]agent-<agentId>.jsonl   ≥2.1.2 subagent
import { basename, dirname, join, sep } from 'node:path';

const AGENT_FILE = /^agent-(.+)\.jsonl$/;

export interface TranscriptLayout {
  /** The config root the file lives under (`~/.claude`), where `file-history/` is. */
  configRoot: string;
  /** File name without `.jsonl`: the session id for main transcripts. */
  stem: string;
  /** Set for subagent transcripts. */
  agentId?: string;
  /** The parent session id when the directory layout tells it (≥2.1.2). */
  parentSessionId?: string;
}

export function transcriptLayout(path: string): TranscriptLayout {
  const name = basename(path);
  const stem = name.endsWith('.jsonl') ? name.slice(0, -'.jsonl'.length) : name;
  const agentId = AGENT_FILE.exec(name)?.[1];
  const parts = path.split(/[\\/]/);
  const subagents = parts.lastIndexOf('subagents');
  if (agentId !== undefined && subagents >= 3) {
    // …/projects/<dir>/<sessionId>/subagents/…
    const configRoot = parts.slice(0, subagents - 3).join(sep) || sep;
    return { configRoot, stem, agentId, parentSessionId: parts[subagents - 1] };
  }
  const configRoot = dirname(dirname(dirname(path)));
  return agentId !== undefined ? { configRoot, stem, agentId } : { configRoot, stem };
}

export function backupFilePath(configRoot: string, sessionId: string, backupFileName: string): string {
  return join(configRoot, 'file-history', sessionId, backupFileName);
}
