// The content a legacy write_file/replace started from, when a read_file earlier in the same prompt saw the whole file
// and nothing that could change files ran in between. Gemini CLI before 0.25 records no content before a change,
// but its models are told to read a file before editing it, and read_file hands the model the file's exact text
// (`processSingleFileContent`: split on '\n' and joined again; a shortened or partial read says so in its display,
// which is then not empty). Hand edits happen between prompts, so a read is only used within its prompt.
//
// Ordering comes from the records themselves: tool calls are stored in the order they completed, one batch per
// model response, and every call of a batch has the batch's completion time as `timestamp`. A call id is
// `<tool>-<Date.now() when the model's response was parsed>-<random>`, so a change whose id time is later than the
// read's completion was requested after the read had finished; calls of one batch run concurrently and never count.
import { arr, isObject, nonEmpty, obj, type JsonObject } from '../../core/jsonValues';
import { promptText } from './prompts';
import { messageType } from './records';
import { resolvePath } from './resolvePath';
import { isReadOnlyTool, resultText } from './toolCalls';

interface Call {
  id: string;
  name: string;
  path: string | undefined;
  /** Batch completion time (the record's `timestamp`), ms. */
  doneAt: number;
  /** When the model's response asking for it was parsed (from the id), ms. */
  askedAt: number | undefined;
  batch: string;
  /** The whole file, for a complete read. */
  read: string | undefined;
}

function askedAt(id: string, name: string): number | undefined {
  const m = /^(.+)-(\d{12,})-[0-9a-f]+$/.exec(id);
  return m && m[1] === name ? Number(m[2]) : undefined;
}

/** A successful read_file of a whole file: no range asked for, nothing shortened (its display is then empty). */
function wholeRead(call: JsonObject, args: JsonObject): string | undefined {
  if (call.name !== 'read_file' || call.status !== 'success' || call.resultDisplay !== '') {
    return undefined;
  }
  if (['offset', 'limit', 'start_line', 'end_line'].some((k) => args[k] !== undefined)) {
    return undefined;
  }
  return resultText(call);
}

function toCall(raw: unknown, cwd: string | undefined): Call | undefined {
  if (!isObject(raw)) {
    return undefined;
  }
  const id = nonEmpty(raw.id);
  const name = nonEmpty(raw.name);
  const batch = nonEmpty(raw.timestamp);
  const doneAt = batch === undefined ? NaN : Date.parse(batch);
  if (!id || !name || !batch || Number.isNaN(doneAt)) {
    return undefined;
  }
  const args = obj(raw.args) ?? {};
  const rawPath = nonEmpty(args.file_path) ?? nonEmpty(args.absolute_path) ?? nonEmpty(args.path);
  return { id, name, path: rawPath ? resolvePath(rawPath, cwd) : undefined, doneAt, askedAt: askedAt(id, name), batch, read: wholeRead(raw, args) };
}

/** The prompts' tool calls in recorded order, one list per prompt. */
function callsByPrompt(messages: unknown[], cwd: string | undefined): Call[][] {
  const prompts: Call[][] = [[]];
  for (const m of messages) {
    if (!isObject(m)) {
      continue;
    }
    const type = messageType(m.type);
    if (type === 'user' && promptText(m) !== undefined) {
      prompts.push([]);
    } else if (type === 'gemini') {
      const current = prompts[prompts.length - 1];
      for (const raw of arr(m.toolCalls)) {
        const call = toCall(raw, cwd);
        if (call) {
          current.push(call);
        } else {
          // A call whose order cannot be told: nothing before it may serve a later change.
          current.push({ id: '', name: '', path: undefined, doneAt: NaN, askedAt: undefined, batch: '', read: undefined });
        }
      }
    }
  }
  return prompts;
}

/** The change at `calls[i]` started from this read's content, or undefined. */
function readBefore(calls: Call[], i: number): string | undefined {
  const change = calls[i];
  if (change.askedAt === undefined || change.path === undefined) {
    return undefined;
  }
  // Everything else in the change's own batch ran alongside it.
  for (let j = i + 1; j < calls.length && calls[j].batch === change.batch; j++) {
    if (!isReadOnlyTool(calls[j].name)) {
      return undefined;
    }
  }
  for (let j = i - 1; j >= 0; j--) {
    const c = calls[j];
    if (c.read !== undefined && c.path === change.path && c.doneAt < change.askedAt) {
      return c.read;
    }
    if (!isReadOnlyTool(c.name)) {
      return undefined;
    }
  }
  return undefined;
}

/** Call id → the content its file had before it, for the write_file/replace calls a whole read precedes. */
export function legacyReadBefores(messages: unknown[], cwd: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const calls of callsByPrompt(messages, cwd)) {
    calls.forEach((c, i) => {
      if (c.name === 'write_file' || c.name === 'replace') {
        const before = readBefore(calls, i);
        if (before !== undefined) {
          out.set(c.id, before);
        }
      }
    });
  }
  return out;
}
