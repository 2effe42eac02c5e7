// The history `npm run bench:blame` blames, written as real transcripts: one file of a few thousand lines edited
// by 1,000 agent edits over 50 sessions (4 edits a prompt), each edit rewriting, inserting or deleting a few lines.
// Two agents record the same history differently, and blame reads them differently:
// - Claude Code: Edit calls whose toolUseResult carries `originalFile` only for files under 10,000 characters (over
//   it, as here, Claude writes null and only the structuredPatch: blame replays 1,000 patches from git HEAD);
// - Gemini CLI: replace calls whose resultDisplay carries the whole file before and after (blame reads 1,000 full
//   versions from the archive).
// Also returns, per line of the final content, the prompt text that wrote it (null: the committed content), which
// is what a correct blame must answer.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { structuredPatch } from 'diff';
import { JsonlWriter, seededRandom } from './benchCorpus';
import { ClaudeTranscript } from './claudeTranscript';

export type BlameAgent = 'claude-code' | 'gemini-cli';

export interface BlameHistoryShape {
  lines: number;
  sessions: number;
  edits: number;
  editsPerPrompt: number;
}

export const defaultShape: BlameHistoryShape = { lines: 5000, sessions: 50, edits: 1000, editsPerPrompt: 4 };

export interface EditStep {
  /** First changed line (0-based) in the version before. */
  at: number;
  removed: number;
  added: string[];
}

export interface BlameHistory {
  versions: string[];
  steps: EditStep[];
  /** Per line of the last version: the text of the prompt that wrote it, null for a line of the first version. */
  expected: (string | null)[];
}

const base = Date.parse('2026-06-01T08:00:00.000Z');

export function promptText(shape: BlameHistoryShape, edit: number): string {
  const perSession = shape.edits / shape.sessions;
  const s = Math.floor(edit / perSession);
  const p = Math.floor((edit % perSession) / shape.editsPerPrompt);
  return `session ${s} prompt ${p}: make the computation faster and keep the names`;
}

/** The versions of the file: seeded, so every run blames the same bytes. */
export function generateHistory(shape: BlameHistoryShape): BlameHistory {
  const rand = seededRandom(7);
  let next = 0;
  const line = (): string => {
    const n = next++;
    return `  const value${n} = compute(${Math.floor(rand() * 1e6)}, "${n.toString(36)}"); // ${Math.floor(rand() * 1e9).toString(36)}`;
  };
  let lines = Array.from({ length: shape.lines }, line);
  let origin: (string | null)[] = lines.map(() => null);
  const versions = [`${lines.join('\n')}\n`];
  const steps: EditStep[] = [];
  for (let e = 0; e < shape.edits; e++) {
    const at = Math.floor(rand() * (lines.length - 5));
    const kind = rand();
    let removed: number;
    let added: string[];
    if (kind < 0.5) {
      removed = 1 + Math.floor(rand() * 3);
      added = Array.from({ length: removed }, line);
    } else if (kind < 0.85) {
      removed = 0;
      added = Array.from({ length: 1 + Math.floor(rand() * 4) }, line);
    } else {
      removed = 1 + Math.floor(rand() * 2);
      added = [];
    }
    steps.push({ at, removed, added });
    lines = [...lines.slice(0, at), ...added, ...lines.slice(at + removed)];
    const prompt = promptText(shape, e);
    origin = [...origin.slice(0, at), ...added.map(() => prompt), ...origin.slice(at + removed)];
    versions.push(`${lines.join('\n')}\n`);
  }
  return { versions, steps, expected: origin };
}

/**
 * Edit `e` as an edit tool's arguments: the removed lines and the line after them (unique, as every generated line
 * is, and never empty), and what replaces them.
 */
function editStrings(history: BlameHistory, e: number): { before: string; after: string; oldString: string; newString: string } {
  const before = history.versions[e];
  const { at, removed, added } = history.steps[e];
  const old = before.split('\n');
  return { before, after: history.versions[e + 1], oldString: old.slice(at, at + removed + 1).join('\n'), newString: [...added, old[at + removed]].join('\n') };
}

/** Claude Code transcripts of the history (`<configDir>/projects/…`), one per session. */
export function writeClaudeSessions(configDir: string, workspace: string, file: string, shape: BlameHistoryShape, history: BlameHistory): void {
  const perSession = shape.edits / shape.sessions;
  let ids = 0;
  const newId = (): string => `00000000-0000-4000-8000-${(++ids).toString(16).padStart(12, '0')}`;
  for (let s = 0; s < shape.sessions; s++) {
    const w = new ClaudeTranscript({ configDir, cwd: workspace, sessionId: newId(), startMs: base + s * 3_600_000, newId });
    for (let k = 0; k < perSession; k++) {
      const e = s * perSession + k;
      if (k % shape.editsPerPrompt === 0) {
        w.prompt(promptText(shape, e));
      }
      const { before, after, oldString, newString } = editStrings(history, e);
      const hunks = structuredPatch(file, file, before, after, '', '', { context: 3 }).hunks.map((h) => ({ oldStart: h.oldStart, oldLines: h.oldLines, newStart: h.newStart, newLines: h.newLines, lines: h.lines }));
      // Claude leaves originalFile null for files over 10,000 characters.
      const originalFile = before.length > 10_000 ? null : before;
      w.toolCall({
        name: 'Edit',
        input: { file_path: file, old_string: oldString, new_string: newString },
        resultText: `The file ${file} has been updated.`,
        toolUseResult: { filePath: file, oldString, newString, originalFile, structuredPatch: hunks, userModified: false, replaceAll: false },
      });
    }
    w.text('Done.');
    w.close();
  }
}

/** Gemini CLI chats (`<home>/.gemini/tmp/<slug>/chats/…`), one per session. */
export function writeGeminiSessions(home: string, workspace: string, file: string, shape: BlameHistoryShape, history: BlameHistory): void {
  const perSession = shape.edits / shape.sessions;
  const slug = 'workspace';
  const projectDir = join(home, '.gemini', 'tmp', slug);
  mkdirSync(projectDir, { recursive: true });
  writeFileSync(join(projectDir, '.project_root'), workspace);
  writeFileSync(join(home, '.gemini', 'projects.json'), JSON.stringify({ projects: { [workspace]: slug } }));
  for (let s = 0; s < shape.sessions; s++) {
    const sessionId = `6b1f3c2e-7a10-4d2b-9c55-${s.toString(16).padStart(12, '0')}`;
    const w = new JsonlWriter(join(projectDir, 'chats', `session-2026-06-01T08-00-${sessionId.slice(-8)}.jsonl`));
    let t = base + s * 3_600_000;
    const ts = (): string => new Date((t += 1000)).toISOString();
    w.line({ sessionId, projectHash: 'x'.repeat(64), startTime: ts(), lastUpdated: ts(), kind: 'main' });
    for (let k = 0; k < perSession; k++) {
      const e = s * perSession + k;
      if (k % shape.editsPerPrompt === 0) {
        w.line({ id: `u-${s}-${k}`, timestamp: ts(), type: 'user', content: [{ text: promptText(shape, e) }] });
      }
      const { before, after, oldString, newString } = editStrings(history, e);
      const callId = `replace-${s}-${k}`;
      const fileDiff = structuredPatch(file, file, before, after, 'Current', 'Proposed', { context: 3 });
      const diffText = ['--- a', '+++ b', ...fileDiff.hunks.flatMap((h) => [`@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`, ...h.lines])].join('\n');
      const call = { id: callId, name: 'replace', args: { file_path: file, old_string: oldString, new_string: newString }, status: 'success', timestamp: ts(), resultDisplay: { fileDiff: `${diffText}\n`, fileName: 'big.ts', filePath: file, originalContent: before, newContent: after }, result: [{ functionResponse: { id: callId, name: 'replace', response: { output: `Successfully modified file: ${file} (1 replacements).` } } }] };
      w.line({ id: `g-${s}-${k}`, timestamp: ts(), type: 'gemini', content: '', model: 'gemini-3-pro-preview', toolCalls: [call] });
    }
    w.line({ $set: { lastUpdated: ts() } });
    w.close();
  }
}
