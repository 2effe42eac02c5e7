// What blame's links and commands pass to name a prompt: its session key and id, nothing a transcript could inject
// more into. Pure (no `vscode`).

export interface PromptRef {
  sessionKey: string;
  promptId: string;
}

export function isPromptRef(value: unknown): value is PromptRef {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const v = value as Record<string, unknown>;
  return typeof v.sessionKey === 'string' && v.sessionKey !== '' && typeof v.promptId === 'string' && v.promptId !== '';
}

/** Only the two fields, so a link or command argument never carries a whole attribution (prompt text included). */
export function promptRef(value: PromptRef): PromptRef {
  return { sessionKey: value.sessionKey, promptId: value.promptId };
}

export function samePrompt(a: PromptRef, b: PromptRef): boolean {
  return a.sessionKey === b.sessionKey && a.promptId === b.promptId;
}

export function promptKey(ref: PromptRef): string {
  return `${ref.sessionKey}\u0000${ref.promptId}`;
}

/** A `command:` link for trusted Markdown (the argument list JSON-encoded, as VS Code expects). */
export function commandLink(command: string, ...args: unknown[]): string {
  return `command:${command}?${encodeURIComponent(JSON.stringify(args))}`;
}
