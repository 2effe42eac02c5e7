// The arguments the restore commands accept, from every caller: explicit (sessionKey, beforePrompt[, paths]) from
// other code, the E2E suite and the hover's command link; a Sessions view node; or one object. Pure (no `vscode`).

export interface CheckpointArgs {
  sessionKey: string;
  beforePrompt: number;
  paths?: string[];
}

function promptNumber(value: unknown): number | undefined {
  const n = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 ? n : undefined;
}

function pathList(value: unknown): string[] | undefined {
  if (typeof value === 'string' && value !== '') {
    return [value];
  }
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' && v !== '')) {
    return value as string[];
  }
  return undefined;
}

/**
 * `(sessionKey, beforePrompt, paths?)` or `({ sessionKey, beforePrompt | promptIndex, paths? | path? })`; undefined
 * when the arguments do not name a checkpoint (the palette: ask instead).
 */
export function checkpointArgs(args: readonly unknown[]): CheckpointArgs | undefined {
  const [first, second, third] = args;
  if (typeof first === 'string' && first !== '') {
    const beforePrompt = promptNumber(second);
    if (beforePrompt === undefined) {
      return undefined;
    }
    const paths = pathList(third);
    return { sessionKey: first, beforePrompt, ...(paths ? { paths } : {}) };
  }
  if (typeof first === 'object' && first !== null) {
    const o = first as Record<string, unknown>;
    const beforePrompt = promptNumber(o.beforePrompt ?? o.promptIndex);
    if (typeof o.sessionKey !== 'string' || o.sessionKey === '' || beforePrompt === undefined) {
      return undefined;
    }
    const paths = pathList(o.paths ?? o.path);
    return { sessionKey: o.sessionKey, beforePrompt, ...(paths ? { paths } : {}) };
  }
  return undefined;
}
