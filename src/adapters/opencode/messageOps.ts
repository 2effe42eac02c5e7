// One OpenCode message (docs/formats/opencode.md §3) with its parts (§4) → index operations, shared by the database
// reader (databaseReader.ts) and the JSON files of ≤ 1.1.65 (storageReader.ts): both hold the same message and part
// objects, only where they come from differs.
import type { IndexOp, ParseIssue, SessionPatch } from '../../core/ops';
import { parseJsonCapped, tooDeepMessage } from '../../core/jsonDepth';
import { arr, isObject, nonEmpty, obj, str, type JsonObject } from '../../core/jsonValues';
import { bookkeepingParts, iso, partStep, type AssistantContext } from './partSteps';

/**
 * A session's patch from its recorded fields (a `session` row, or a session file of ≤ 1.1.65). Titles OpenCode gives
 * before the model names the session are left out.
 */
export function sessionFields(id: string, directory: string, fields: { title: unknown; createdMs: number | undefined; version: unknown; parentId: unknown }): SessionPatch {
  const patch: SessionPatch = { agent: 'opencode', id, cwd: directory };
  const title = nonEmpty(fields.title);
  if (title && !/^(?:New session|Child session) - \d{4}-/.test(title)) {
    patch.title = title;
    patch.titlePriority = 1;
  }
  const created = iso(fields.createdMs);
  if (created) {
    patch.timestamp = created;
  }
  const version = nonEmpty(fields.version);
  if (version) {
    patch.cliVersion = version;
  }
  const parent = nonEmpty(fields.parentId);
  if (parent) {
    patch.parentSessionId = parent;
  }
  return patch;
}

/** A part as stored: its id and its JSON text (a row's `data`, or a part file's content). */
export interface StoredPart {
  id: string;
  data: unknown;
}

/** A message's or part's JSON text as an object; anything else becomes a counted issue and undefined. */
export function parseData(text: unknown, what: string, file: string, issues: ParseIssue[]): JsonObject | undefined {
  if (typeof text !== 'string') {
    issues.push({ kind: 'missing-field', file, message: `${what}: no data` });
    return undefined;
  }
  try {
    const parsed = parseJsonCapped(text);
    if (parsed.cut > 0) {
      issues.push({ kind: 'too-deep', file, message: `${what}: ${tooDeepMessage(parsed.cut)}` });
    }
    if (!isObject(parsed.value)) {
      issues.push({ kind: 'unknown-record', file, message: `${what}: data is not a JSON object` });
      return undefined;
    }
    return parsed.value;
  } catch (err) {
    issues.push({ kind: 'invalid-json', file, message: `${what}: invalid JSON (${err instanceof Error ? err.message : String(err)})` });
    return undefined;
  }
}

/** Prompt text: the user message's text parts as typed (synthetic ones are file attachments OpenCode adds). */
export function promptText(parts: readonly StoredPart[], what: string, file: string, issues: ParseIssue[]): string | undefined {
  const texts: string[] = [];
  for (const p of parts) {
    const data = parseData(p.data, `${what} part ${p.id}`, file, issues);
    if (data && data.type === 'text' && data.synthetic !== true && data.ignored !== true && typeof data.text === 'string') {
      texts.push(data.text);
    }
  }
  return texts.length > 0 ? texts.join('\n') : undefined;
}

/**
 * The steps of an assistant message's parts (only those given: a reading of what changed passes the changed ones).
 * `models`: the models already announced for the session in this reading; each response names its own, so a model
 * changed mid-session (or a session that records none) shows only here, and the session's list keeps each once.
 * `parsed`, when given, receives every part that could be parsed (the snapshot reader looks at them too).
 */
export function assistantOps(
  sessionId: string,
  data: JsonObject,
  created: string,
  parts: readonly StoredPart[],
  models: Set<string>,
  what: string,
  file: string,
  issues: ParseIssue[],
  parsed?: JsonObject[],
): IndexOp[] {
  const promptId = nonEmpty(data.parentID);
  if (!promptId) {
    issues.push({ kind: 'missing-field', file, message: `${what}: assistant message without parentID (its prompt)` });
    return [];
  }
  const ops: IndexOp[] = [];
  const ctx: AssistantContext = { promptId, timestamp: created };
  const model = nonEmpty(data.modelID);
  if (model) {
    ctx.model = model;
    if (!models.has(model)) {
      models.add(model);
      ops.push({ op: 'session', session: { agent: 'opencode', id: sessionId, model } });
    }
  }
  const cwd = nonEmpty(obj(data.path)?.cwd);
  if (cwd) {
    ctx.cwd = cwd;
  }
  for (const p of parts) {
    const part = parseData(p.data, `${what} part ${p.id}`, file, issues);
    if (!part) {
      continue;
    }
    parsed?.push(part);
    const step = partStep(p.id, part, ctx);
    if (step) {
      ops.push({ op: 'step', sessionId, step });
    } else if (!['text', 'reasoning', 'tool'].includes(str(part.type) ?? '') && !bookkeepingParts.has(str(part.type) ?? '')) {
      issues.push({ kind: 'unknown-record', file, message: `${what} part ${p.id}: unknown part type ${JSON.stringify(part.type)}` });
    }
  }
  return ops;
}

/** One response to a prompt: its message data, creation time (ISO) and parts. */
export interface PromptResponse {
  data: JsonObject;
  created: string;
  parts: readonly StoredPart[];
}

/**
 * What each file held when a prompt started, as the prompt's own first tool change to it recorded it (a `write` of
 * a file that did not exist: absent; an `edit`'s whole pre-image), when no shell command of the prompt ran before
 * it. OpenCode 1.1.65 could take a prompt's first snapshot late (recorded: prompt 1's summary lists the file its
 * first `write` created as "modified" from the written content), so these win over the summary's `before`
 * (promptBackups.ts). Used for the JSON era's summaries, read from storage/ or imported into a database.
 */
export function toolPreImages(promptId: string, responses: readonly PromptResponse[]): Map<string, string | null> {
  const known = new Map<string, string | null>();
  const decided = new Set<string>();
  let shell = false;
  for (const r of responses) {
    const ctx: AssistantContext = { promptId, timestamp: r.created };
    const cwd = nonEmpty(obj(r.data.path)?.cwd);
    if (cwd) {
      ctx.cwd = cwd;
    }
    for (const p of r.parts) {
      // Problems are counted where the part is read as a step, not here again.
      const part = parseData(p.data, p.id, '', []);
      const step = part ? partStep(p.id, part, ctx) : undefined;
      if (step?.command) {
        shell = true;
      }
      for (const c of step?.fileChanges ?? []) {
        if (!decided.has(c.path)) {
          decided.add(c.path);
          if (!shell && c.before !== undefined) {
            known.set(c.path, c.before);
          }
        }
      }
    }
  }
  return known;
}

/** Whether a user message's summary is the JSON era's (whole `before` texts, no patches): toolPreImages applies. */
export function hasBeforeTexts(message: JsonObject): boolean {
  return arr(obj(message.summary)?.diffs).some((d) => isObject(d) && d.patch === undefined && typeof d.before === 'string');
}
