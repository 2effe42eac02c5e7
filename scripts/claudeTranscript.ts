// Writes a Claude Code transcript (`<config>/projects/<sanitized cwd>/<sessionId>.jsonl`) with records shaped like
// the recorded 2.1.x ones in test/fixtures/recorded: typed prompts, assistant messages split into one record per
// content block, and tool results carrying the structured `toolUseResult`. For benchmarks that need real input
// for the real adapter, not hand-made index operations.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { sanitizeProjectPath } from '../src/adapters/claudeCode/discovery';
import { JsonlWriter } from './benchCorpus';

export interface ClaudeTranscriptOptions {
  /** The Claude config folder (`~/.claude` or $CLAUDE_CONFIG_DIR). */
  configDir: string;
  cwd: string;
  sessionId: string;
  startMs: number;
  /** Time between consecutive records. */
  stepMs?: number;
  model?: string;
  /** Record and tool ids; random by default, a counter when runs must produce the same bytes. */
  newId?: () => string;
}

export interface ClaudeToolCall {
  name: string;
  input: Record<string, unknown>;
  /** The tool_result content the model saw. */
  resultText: string;
  /** The structured result Claude records next to it (a string for failed calls). */
  toolUseResult: unknown;
  isError?: boolean;
  /** Text the assistant wrote in the same message, before the call. */
  lead?: string;
}

export class ClaudeTranscript {
  readonly path: string;
  private readonly writer: JsonlWriter;
  private readonly base: Record<string, unknown>;
  private readonly newId: () => string;
  private readonly stepMs: number;
  private readonly model: string;
  private parent: string | null = null;
  private t: number;

  constructor(options: ClaudeTranscriptOptions) {
    this.path = join(options.configDir, 'projects', sanitizeProjectPath(options.cwd), `${options.sessionId}.jsonl`);
    this.writer = new JsonlWriter(this.path);
    this.base = { isSidechain: false, userType: 'external', entrypoint: 'cli', cwd: options.cwd, sessionId: options.sessionId, version: '2.1.197', gitBranch: 'main' };
    this.newId = options.newId ?? randomUUID;
    this.stepMs = options.stepMs ?? 1500;
    this.model = options.model ?? 'claude-opus-4-8';
    this.t = options.startMs;
  }

  get bytes(): number {
    return this.writer.bytes;
  }

  private timestamp(): string {
    this.t += this.stepMs;
    return new Date(this.t).toISOString();
  }

  /** Appends one record chained to the previous one (Claude's parentUuid), and returns its uuid. */
  private record(fields: Record<string, unknown>): string {
    const uuid = this.newId();
    this.writer.line({ parentUuid: this.parent, ...this.base, ...fields, uuid, timestamp: this.timestamp() });
    this.parent = uuid;
    return uuid;
  }

  private assistant(messageId: string, block: Record<string, unknown>, stopReason: string | null): string {
    const message = { model: this.model, id: messageId, type: 'message', role: 'assistant', content: [block], stop_reason: stopReason, stop_sequence: null, usage: { input_tokens: 10, output_tokens: 20 } };
    return this.record({ type: 'assistant', message, requestId: `req_${messageId}` });
  }

  private messageId(): string {
    return `msg_${this.newId().replace(/-/g, '')}`;
  }

  prompt(text: string): void {
    this.record({ type: 'user', message: { role: 'user', content: text }, promptId: this.newId(), permissionMode: 'bypassPermissions', origin: { kind: 'human' }, promptSource: 'typed' });
  }

  text(text: string): void {
    this.assistant(this.messageId(), { type: 'text', text }, 'end_turn');
  }

  toolCall(call: ClaudeToolCall): void {
    const messageId = this.messageId();
    const toolId = `toolu_${this.newId().replace(/-/g, '')}`;
    if (call.lead !== undefined) {
      this.assistant(messageId, { type: 'text', text: call.lead }, null);
    }
    const callUuid = this.assistant(messageId, { type: 'tool_use', id: toolId, name: call.name, input: call.input }, 'tool_use');
    const result: Record<string, unknown> = { tool_use_id: toolId, type: 'tool_result', content: call.resultText };
    if (call.isError) {
      result.is_error = true;
    }
    this.record({ type: 'user', message: { role: 'user', content: [result] }, toolUseResult: call.toolUseResult, sourceToolAssistantUUID: callUuid });
  }

  close(): void {
    this.writer.close();
  }
}
