// The transcripts `npm run bench:index` indexes: Claude Code, Codex and Gemini CLI sessions with records shaped like
// the recorded fixtures. Two shapes: `large` (big tool results and file contents, multi-MB sessions: throughput) and
// `small` (a few KB a file: the per-file cost of a first index over thousands of transcripts). Seeded, so every run
// indexes the same bytes.
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { codeLines, JsonlWriter, seededRandom, type Random } from './benchCorpus';
import { ClaudeTranscript } from './claudeTranscript';

export const benchWorkspace = '/tmp/agent-trail-bench/workspace';
const workspace = benchWorkspace;

/** Sizes, in lines of code-like text (about 50 bytes each). */
export interface TranscriptShape {
  /** A file Claude reads, edits or writes the first time. */
  readLines: number;
  editLines: number;
  writeLines: number;
  /** A command's output: min + random spread. */
  bashLines: [number, number];
  claudeStepsPerPrompt: number;
  codexOutputLines: [number, number];
  codexPatchLines: number;
  codexInstructionLines: number;
  codexStepsPerTurn: number;
  geminiFileLines: number;
}

export const largeShape: TranscriptShape = {
  readLines: 800,
  editLines: 600,
  writeLines: 500,
  bashLines: [200, 1500],
  claudeStepsPerPrompt: 6,
  codexOutputLines: [100, 600],
  codexPatchLines: 40,
  codexInstructionLines: 200,
  codexStepsPerTurn: 4,
  geminiFileLines: 300,
};

export const smallShape: TranscriptShape = {
  readLines: 30,
  editLines: 30,
  writeLines: 20,
  bashLines: [3, 30],
  claudeStepsPerPrompt: 3,
  codexOutputLines: [3, 20],
  codexPatchLines: 6,
  codexInstructionLines: 10,
  codexStepsPerTurn: 2,
  geminiFileLines: 20,
};

export class TranscriptGenerator {
  private readonly rand: Random;

  constructor(
    private readonly home: string,
    private readonly shape: TranscriptShape,
    seed = 42,
  ) {
    this.rand = seededRandom(seed);
  }

  private lines(n: number): string {
    return codeLines(this.rand, n);
  }

  claudeSession(targetBytes: number): number {
    const { rand, shape } = this;
    const w = new ClaudeTranscript({ configDir: join(this.home, '.claude'), cwd: workspace, sessionId: randomUUID(), startMs: Date.parse('2026-10-01T10:00:00.000Z') });
    const files = new Map<string, string>();
    let prompt = 0;
    while (w.bytes < targetBytes) {
      prompt++;
      w.prompt(`prompt ${prompt}: ${this.lines(2)}`);
      for (let step = 0; step < shape.claudeStepsPerPrompt && w.bytes < targetBytes; step++) {
        const kind = rand();
        const path = `${workspace}/src/file${Math.floor(rand() * 40)}.ts`;
        let input: Record<string, unknown>;
        let toolUseResult: Record<string, unknown>;
        let resultText: string;
        let name: string;
        if (kind < 0.25) {
          name = 'Read';
          const content = files.get(path) ?? this.lines(shape.readLines);
          files.set(path, content);
          input = { file_path: path };
          toolUseResult = { type: 'text', file: { filePath: path, content, numLines: content.split('\n').length, startLine: 1, totalLines: content.split('\n').length } };
          resultText = content
            .split('\n')
            .map((l, i) => `${String(i + 1).padStart(6)}→${l}`)
            .join('\n');
        } else if (kind < 0.55) {
          name = 'Edit';
          const original = files.get(path) ?? this.lines(shape.editLines);
          const fileLines = original.split('\n');
          const at = Math.floor(rand() * (fileLines.length - 2));
          const oldString = fileLines[at];
          const newString = `${oldString} // edited ${prompt}.${step}`;
          const updated = [...fileLines.slice(0, at), newString, ...fileLines.slice(at + 1)].join('\n');
          files.set(path, updated);
          input = { file_path: path, old_string: oldString, new_string: newString };
          toolUseResult = { filePath: path, oldString, newString, originalFile: original, structuredPatch: [{ oldStart: at + 1, oldLines: 1, newStart: at + 1, newLines: 1, lines: [`-${oldString}`, `+${newString}`] }], userModified: false, replaceAll: false };
          resultText = `The file ${path} has been updated.`;
        } else if (kind < 0.7) {
          name = 'Write';
          const content = this.lines(shape.writeLines);
          const original = files.get(path) ?? null;
          files.set(path, content);
          input = { file_path: path, content };
          toolUseResult = { type: original === null ? 'create' : 'update', filePath: path, content, structuredPatch: [], originalFile: original };
          resultText = `File created successfully at: ${path}`;
        } else {
          name = 'Bash';
          const stdout = this.lines(Math.floor(shape.bashLines[0] + rand() * shape.bashLines[1]));
          input = { command: `npm test -- --grep case${step}`, description: 'Run tests' };
          toolUseResult = { stdout, stderr: '', interrupted: false, isImage: false };
          resultText = stdout;
        }
        w.toolCall({ lead: `Step ${step}: ${this.lines(1)}`, name, input, resultText, toolUseResult });
      }
    }
    w.close();
    return w.bytes;
  }

  codexSession(targetBytes: number): number {
    const { rand, shape } = this;
    const id = randomUUID();
    const w = new JsonlWriter(join(this.home, '.codex', 'sessions', '2026', '10', '01', `rollout-2026-10-01T10-00-00-${id}.jsonl`));
    let t = Date.parse('2026-10-01T10:00:00.000Z');
    const ts = (): string => new Date((t += 1000)).toISOString();
    w.line({ timestamp: ts(), type: 'session_meta', payload: { id, timestamp: ts(), cwd: workspace, originator: 'codex_exec', cli_version: '0.169.0', source: 'exec', model_provider: 'openai', base_instructions: { text: this.lines(shape.codexInstructionLines) } } });
    let turn = 0;
    while (w.bytes < targetBytes) {
      turn++;
      const turnId = randomUUID();
      w.line({ timestamp: ts(), type: 'event_msg', payload: { type: 'task_started', turn_id: turnId } });
      w.line({ timestamp: ts(), type: 'turn_context', payload: { turn_id: turnId, cwd: workspace, model: 'gpt-5.5', approval_policy: 'never', sandbox_policy: { type: 'danger-full-access' } } });
      w.line({ timestamp: ts(), type: 'response_item', payload: { type: 'message', role: 'user', content: [{ type: 'input_text', text: `turn ${turn}` }] } });
      w.line({ timestamp: ts(), type: 'event_msg', payload: { type: 'user_message', message: `turn ${turn}`, images: [] } });
      for (let step = 0; step < shape.codexStepsPerTurn; step++) {
        const callId = `call_${randomUUID().replace(/-/g, '').slice(0, 24)}`;
        const output = this.lines(Math.floor(shape.codexOutputLines[0] + rand() * shape.codexOutputLines[1]));
        w.line({ timestamp: ts(), type: 'response_item', payload: { type: 'function_call', name: 'exec_command', arguments: JSON.stringify({ cmd: `cat src/file${step}.ts`, workdir: workspace }), call_id: callId } });
        w.line({ timestamp: ts(), type: 'response_item', payload: { type: 'function_call_output', call_id: callId, output: `Chunk ID: ab12\nWall time: 0.0100 seconds\nProcess exited with code 0\nOriginal token count: 100\nOutput:\n${output}` } });
        const patchId = `call_${randomUUID().replace(/-/g, '').slice(0, 24)}`;
        const added = this.lines(shape.codexPatchLines);
        w.line({ timestamp: ts(), type: 'response_item', payload: { type: 'custom_tool_call', status: 'completed', call_id: patchId, name: 'apply_patch', input: `*** Begin Patch\n*** Add File: gen/t${turn}s${step}.ts\n${added.split('\n').slice(0, -1).map((l) => `+${l}`).join('\n')}\n*** End Patch\n` } });
        w.line({ timestamp: ts(), type: 'response_item', payload: { type: 'custom_tool_call_output', call_id: patchId, output: 'Exit code: 0\nWall time: 0 seconds\nOutput:\nSuccess. Updated the following files:\nA gen/file.ts\n' } });
      }
      w.line({ timestamp: ts(), type: 'event_msg', payload: { type: 'task_complete', turn_id: turnId, last_agent_message: 'done' } });
    }
    w.close();
    return w.bytes;
  }

  geminiSession(targetBytes: number): number {
    const sessionId = randomUUID();
    const slug = 'workspace';
    const projectDir = join(this.home, '.gemini', 'tmp', slug);
    mkdirSync(projectDir, { recursive: true });
    writeFileSync(join(projectDir, '.project_root'), workspace);
    writeFileSync(join(this.home, '.gemini', 'projects.json'), JSON.stringify({ projects: { [workspace]: slug } }));
    const w = new JsonlWriter(join(projectDir, 'chats', `session-2026-10-01T10-00-${sessionId.slice(0, 8)}.jsonl`));
    let t = Date.parse('2026-10-01T10:00:00.000Z');
    const ts = (): string => new Date((t += 1000)).toISOString();
    w.line({ sessionId, projectHash: 'x'.repeat(64), startTime: ts(), lastUpdated: ts(), kind: 'main' });
    let n = 0;
    while (w.bytes < targetBytes) {
      n++;
      w.line({ id: randomUUID(), timestamp: ts(), type: 'user', content: [{ text: `request ${n}` }] });
      const path = `${workspace}/py/mod${n % 30}.py`;
      const original = this.lines(this.shape.geminiFileLines);
      const updated = `${original}# change ${n}\n`;
      const callId = `replace__${n}`;
      const msg = { id: randomUUID(), timestamp: ts(), type: 'gemini', content: 'Updating.', model: 'gemini-3-pro-preview', toolCalls: [{ id: callId, name: 'replace', args: { file_path: path, old_string: 'x', new_string: 'y' }, status: 'success', timestamp: ts(), resultDisplay: { fileDiff: `--- a\n+++ b\n@@ -300,0 +301 @@\n+# change ${n}\n`, fileName: 'mod.py', filePath: path, originalContent: original, newContent: updated }, result: [{ functionResponse: { id: callId, name: 'replace', response: { output: 'ok' } } }] }] };
      w.line(msg);
      w.line(msg); // Gemini re-appends a message whenever it changes; the last one wins.
      w.line({ $set: { lastUpdated: ts() } });
    }
    w.close();
    return w.bytes;
  }

  /** Six Claude sessions to one Codex and one Gemini session, 2–10 MB each, until `totalMb`. Returns the bytes. */
  corpus(totalMb: number): number {
    const target = totalMb * 1024 * 1024;
    let bytes = 0;
    let i = 0;
    while (bytes < target) {
      const r = i % 8;
      const size = Math.min(target - bytes, (2 + (i % 5) * 2) * 1024 * 1024);
      bytes += r < 6 ? this.claudeSession(size) : r === 6 ? this.codexSession(size) : this.geminiSession(size);
      i++;
    }
    return bytes;
  }

  /** `count` transcripts of 2–10 KB in the same agent mix (first index of a long-used machine). Returns the bytes. */
  manyFiles(count: number): number {
    let bytes = 0;
    for (let i = 0; i < count; i++) {
      const r = i % 8;
      const size = (2 + (i % 5) * 2) * 1024;
      bytes += r < 6 ? this.claudeSession(size) : r === 6 ? this.codexSession(size) : this.geminiSession(size);
    }
    return bytes;
  }
}
