// The realistic corpus's hot file (manifest.hotFile: one Write, then 1,000 Claude Code Edit calls over 50 sessions),
// read back from the transcripts the corpus wrote: every version in order (for a git repository of the same history)
// and, per line of the final content, the prompt that wrote it (what a correct blame answers). The corpus gives every
// line a unique text, so a line's writer is the first prompt whose Write or Edit brought that text.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { splitLines } from '../../src/core/blame/lineDiff';
import type { CorpusManifest } from './realisticCorpus';

export interface HotFileHistory {
  versions: string[];
  expected: (string | null)[];
}

type Rec = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- transcript records, read by field

export function hotFileHistory(m: CorpusManifest): HotFileHistory {
  const hot = m.hotFile;
  const files = new Map(m.workspaceTranscriptFiles.map((f) => [basename(f), f]));
  const versions: string[] = [];
  const writer = new Map<string, string>();
  let content: string | undefined;
  for (const id of hot.sessionIds) {
    const file = files.get(`${id}.jsonl`);
    if (!file) {
      throw new Error(`hot session ${id} is not among the workspace transcripts`);
    }
    let prompt = '';
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (line === '') {
        continue;
      }
      const r = JSON.parse(line) as Rec;
      if (r.type === 'user' && typeof r.message?.content === 'string') {
        prompt = r.message.content as string;
      }
      const use = r.type === 'assistant' ? (r.message?.content?.[0] as Rec | undefined) : undefined;
      if (use?.type !== 'tool_use' || use.input?.file_path !== hot.path) {
        continue;
      }
      if (use.name === 'Write') {
        content = String(use.input.content);
      } else if (use.name === 'Edit' && content !== undefined) {
        const oldString = String(use.input.old_string);
        const at = content.indexOf(oldString);
        if (at < 0 || content.indexOf(oldString, at + 1) >= 0) {
          throw new Error(`hot file edit in ${id}: old_string not found exactly once`);
        }
        content = content.slice(0, at) + String(use.input.new_string) + content.slice(at + oldString.length);
      } else {
        continue;
      }
      for (const l of splitLines(content)) {
        if (!writer.has(l)) {
          writer.set(l, prompt);
        }
      }
      versions.push(content);
    }
  }
  const last = versions[versions.length - 1] ?? '';
  if (createHash('sha256').update(last).digest('hex') !== hot.finalSha256) {
    throw new Error('the hot file rebuilt from its transcripts is not the final content the corpus wrote');
  }
  return { versions, expected: splitLines(last).map((l) => writer.get(l) ?? null) };
}
