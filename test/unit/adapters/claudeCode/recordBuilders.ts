// Minimal Claude Code records for rule-level tests (shapes as in the real 2.x transcripts of the fixtures).

type Rec = Record<string, unknown>;

let clock = 0;

/** Strictly increasing timestamps, so ordering assertions are meaningful. */
export function ts(): string {
  clock++;
  return new Date(Date.UTC(2026, 0, 1, 0, 0, clock)).toISOString();
}

export function base(sessionId: string, extra: Rec = {}): Rec {
  return { sessionId, cwd: '/r', version: '2.1.197', isSidechain: false, timestamp: ts(), ...extra };
}

export function user(sessionId: string, uuid: string, content: unknown, extra: Rec = {}): Rec {
  return { ...base(sessionId), type: 'user', uuid, message: { role: 'user', content }, ...extra };
}

export function assistant(sessionId: string, uuid: string, blocks: Rec[], extra: Rec = {}, model = 'claude-opus-4-8'): Rec {
  return { ...base(sessionId), type: 'assistant', uuid, message: { role: 'assistant', model, content: blocks }, ...extra };
}

export function text(t: string): Rec {
  return { type: 'text', text: t };
}

export function toolUse(id: string, name: string, input: Rec): Rec {
  return { type: 'tool_use', id, name, input };
}

export function toolResult(sessionId: string, uuid: string, toolUseId: string, content: unknown, toolUseResult?: unknown, isError?: boolean): Rec {
  const block: Rec = { type: 'tool_result', tool_use_id: toolUseId, content };
  if (isError !== undefined) {
    block.is_error = isError;
  }
  const rec = user(sessionId, uuid, [block]);
  return toolUseResult === undefined ? rec : { ...rec, toolUseResult };
}
