// One large, realistic Claude Code session for the timeline host benchmark: `promptCount` prompts sharing
// `toolCalls` tool calls in the same mix as the page benchmark's generated TimelineSession (test/e2e/helpers/
// timelineSessions.mjs: edits, commands, reads, searches, a text before and after each prompt's calls), but as
// transcript records the real adapter parses: edits carry Claude's originalFile (a few KB) and structuredPatch
// (made by jsdiff, as Claude makes it), commands print from a few lines up to ~100 KB, reads return the file.
import { structuredPatch } from 'diff';
import { codeLines, seededRandom } from './benchCorpus';
import { ClaudeTranscript, type ClaudeToolCall } from './claudeTranscript';

export interface GeneratedTranscript {
  path: string;
  bytes: number;
  sessionId: string;
}

const lorem = 'The agent explains what it did and why, in a few sentences of ordinary prose with `code` and **bold**. ';
const fileCount = 60;

export function writeLargeClaudeSession(configDir: string, cwd: string, promptCount: number, toolCalls: number): GeneratedTranscript {
  const rand = seededRandom(20260115);
  const lines = (n: number): string => codeLines(rand, n);
  const between = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo));
  let ids = 0;
  // Counter-based ids: every run writes the same bytes, so archive hashes and DB sizes are comparable.
  const newId = (): string => `00000000-0000-4000-8000-${(++ids).toString(16).padStart(12, '0')}`;
  const sessionId = '6b1f3c2e-7a10-4d2b-9c55-0b3a1e2f4d6c';
  const w = new ClaudeTranscript({ configDir, cwd, sessionId, startMs: Date.parse('2026-01-15T09:00:00.000Z'), newId });
  // 60 to 120 lines of ~50 bytes: files of 3 to 6 KB, which every edit records whole as originalFile.
  const files = Array.from({ length: fileCount }, (_, i) => ({ path: `${cwd}/src/module${i}.ts`, content: lines(between(60, 120)) }));

  const edit = (p: number, k: number): ClaudeToolCall => {
    const file = files[(p * 7 + k) % files.length];
    const original = file.content;
    const fileLines = original.split('\n').slice(0, -1);
    const at = between(0, fileLines.length - 3);
    const removed = fileLines.slice(at, at + between(1, 4));
    const added = lines(between(1, 6)).split('\n').slice(0, -1);
    const updated = `${[...fileLines.slice(0, at), ...added, ...fileLines.slice(at + removed.length)].join('\n')}\n`;
    file.content = updated;
    const oldString = removed.join('\n');
    const newString = added.join('\n');
    const hunks = structuredPatch(file.path, file.path, original, updated, undefined, undefined, { context: 3 }).hunks;
    return {
      name: 'Edit',
      input: { file_path: file.path, old_string: oldString, new_string: newString },
      resultText: `The file ${file.path} has been updated. Here's the result of running \`cat -n\` on a snippet of the edited file:\n${added.map((l, i) => `${at + i + 1}\t${l}`).join('\n')}`,
      toolUseResult: { filePath: file.path, oldString, newString, originalFile: original, structuredPatch: hunks, userModified: false, replaceAll: false },
    };
  };

  const command = (p: number, k: number): ClaudeToolCall => {
    // Mostly short outputs, some pages of test output, a few logs near 100 KB (~50 bytes a line).
    const size = rand();
    const output = lines(size < 0.6 ? between(2, 40) : size < 0.9 ? between(40, 400) : between(400, 2000));
    const cmd = `npm test -- module${p}_${k}`;
    const input = { command: cmd, description: `Run the tests of module ${p}` };
    if (rand() < 0.125) {
      const text = `Exit code 1\n${output}`;
      return { name: 'Bash', input, resultText: text, toolUseResult: `Error: ${text}`, isError: true };
    }
    return { name: 'Bash', input, resultText: output, toolUseResult: { stdout: output, stderr: '', interrupted: false, isImage: false, noOutputExpected: false } };
  };

  const read = (p: number): ClaudeToolCall => {
    const file = files[(p * 3) % files.length];
    const fileLines = file.content.split('\n').slice(0, -1);
    return {
      name: 'Read',
      input: { file_path: file.path },
      resultText: fileLines.map((l, i) => `${i + 1}\t${l}`).join('\n'),
      toolUseResult: { type: 'text', file: { filePath: file.path, content: file.content, numLines: fileLines.length, startLine: 1, totalLines: fileLines.length } },
    };
  };

  const search = (p: number): ClaudeToolCall => {
    const content = Array.from({ length: between(1, 12) }, (_, i) => `src/module${(p + i) % fileCount}.ts:${between(1, 100)}:  const thing${p} = value;`).join('\n');
    return {
      name: 'Grep',
      input: { pattern: `thing${p}`, path: cwd, output_mode: 'content', '-n': true },
      resultText: content,
      toolUseResult: { mode: 'content', numFiles: 0, filenames: [], content, numLines: content.split('\n').length },
    };
  };

  const perPrompt = Math.floor(toolCalls / promptCount);
  for (let p = 1; p <= promptCount; p++) {
    w.prompt(`Prompt number ${p}: please change module ${p}\nwith some detail.`);
    for (let k = 0; k < perPrompt; k++) {
      const call = k % 4 === 0 ? edit(p, k) : k % 4 === 1 ? command(p, k) : k % 4 === 2 ? read(p) : search(p);
      if (k === 0) {
        call.lead = `### Step ${p}\n\n${lorem.repeat(3)}\n\n- one\n- two`;
      }
      w.toolCall(call);
    }
    w.text(`Done with prompt ${p}. ${lorem}`);
  }
  w.close();
  return { path: w.path, bytes: w.bytes, sessionId };
}
