// Small type guards for Claude Code transcript JSON. Lines are parsed as `unknown` and narrowed here, so a
// record with a missing or mistyped field degrades to "field absent" instead of a crash.

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function str(o: JsonObject | undefined, key: string): string | undefined {
  const v = o?.[key];
  return typeof v === 'string' ? v : undefined;
}

export function num(o: JsonObject | undefined, key: string): number | undefined {
  const v = o?.[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export function flag(o: JsonObject | undefined, key: string): boolean {
  return o?.[key] === true;
}

export function obj(o: JsonObject | undefined, key: string): JsonObject | undefined {
  const v = o?.[key];
  return isObject(v) ? v : undefined;
}

export function arr(o: JsonObject | undefined, key: string): unknown[] | undefined {
  const v = o?.[key];
  return Array.isArray(v) ? v : undefined;
}

/** Content blocks of an API message; a plain string content is one text block. */
export function contentBlocks(message: JsonObject | undefined): JsonObject[] {
  const content = message?.content;
  if (typeof content === 'string') {
    return [{ type: 'text', text: content }];
  }
  return Array.isArray(content) ? content.filter(isObject) : [];
}

/** Text of a tool_result `content` (string or blocks); images and other media are named, not inlined. */
export function toolResultText(content: unknown): string {
  if (typeof content === 'string') {
    return content;
  }
  if (!Array.isArray(content)) {
    return '';
  }
  const parts: string[] = [];
  for (const block of content) {
    if (!isObject(block)) {
      continue;
    }
    const text = str(block, 'text');
    if (text !== undefined) {
      parts.push(text);
    } else if (block.type === 'image') {
      parts.push('[image]');
    }
  }
  return parts.join('\n');
}
