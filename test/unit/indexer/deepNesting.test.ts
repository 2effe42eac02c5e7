// One tool input nested thousands of levels deep used to overflow the stack in a recursive walk (externalizing
// large strings, structured clones, JSON.stringify) and cost its whole session. Recorded transcripts with one tool
// call's input replaced by a deeply nested value, indexed end to end (in this thread and through the extension's
// index worker): the session and every other prompt and step are all there, the bad record is counted.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { capJsonDepth, maxJsonDepth, tooDeepMarker } from '../../../src/core/jsonDepth';
import type { AgentId, SessionDetail, Step } from '../../../src/core/model';
import { makeIndexConfig } from '../../../src/indexer/indexConfig';
import { IndexEngine } from '../../../src/indexer/indexEngine';
import type { IndexService } from '../../../src/indexer/indexService';
import { createWorkerIndexService } from '../../../src/indexer/indexWorkerClient';
import { MemoryBlobArchive } from '../../../src/store/blobArchive';
import { externalizeLarge, internalize, isBlobRef } from '../../../src/store/blobRefs';

const fixtures = join(process.cwd(), 'test/fixtures/recorded');
const wasm = join(process.cwd(), 'dist/sql-wasm.wasm');
const worker = join(process.cwd(), 'dist/indexWorker.js');
/** The recorded repo (inside the transcripts; Gemini's legacy layout finds sessions by this path's hash). */
const workspaceOf = (fixture: string): string => `/tmp/agent-trail-fixtures/${fixture}/demo-repo`;

function nested(depth: number, kind: 'object' | 'array'): string {
  return kind === 'object' ? `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}` : `${'['.repeat(depth)}1${']'.repeat(depth)}`;
}

function filesUnder(dir: string, re: RegExp): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p, re) : re.test(p) ? [p] : [];
  });
}

function copyFixture(fixture: string, sub: string): string {
  const root = join(mkdtempSync(join(tmpdir(), 'at-robust-deep-')), sub);
  cpSync(join(fixtures, fixture, sub), root, { recursive: true });
  return root;
}

/** Replaces the first match of `re` in the one transcript under `root` that has it; fails the test if none does. */
function mutate(root: string, files: RegExp, re: RegExp, replacement: string): void {
  for (const f of filesUnder(root, files)) {
    const text = readFileSync(f, 'utf8');
    if (re.test(text)) {
      writeFileSync(f, text.replace(re, () => replacement));
      return;
    }
  }
  assert.fail(`nothing matches ${re} under ${root}`);
}

interface Indexed {
  details: SessionDetail[];
  issues: Record<string, number>;
}

async function indexWith(service: IndexService, agent: AgentId, root: string, workspace: string): Promise<Indexed> {
  const only = (id: AgentId): { enabled: boolean; roots: string[] } => ({ enabled: id === agent, roots: id === agent ? [root] : [] });
  try {
    await service.configure(
      makeIndexConfig(
        { storageDir: mkdtempSync(join(tmpdir(), 'at-robust-deep-store-')), wasmPath: wasm, workspaceFolders: [workspace], home: '/nonexistent' },
        { agents: { 'claude-code': only('claude-code'), codex: only('codex'), 'gemini-cli': only('gemini-cli') }, persistDelayMs: 10 },
      ),
    );
    const stats = await service.refresh();
    await service.flush();
    const details: SessionDetail[] = [];
    for (const s of await service.listSessions()) {
      const d = await service.sessionDetail(s.key);
      assert.ok(d, s.key);
      details.push(d);
    }
    return { details, issues: stats.issues };
  } finally {
    await service.dispose();
  }
}

function containsMarker(value: unknown): boolean {
  return JSON.stringify(value).includes(tooDeepMarker);
}

/** Everything but the one damaged step is exactly what the intact transcript gives; that step is kept, marked. */
function assertOnlyStepDamaged(clean: Indexed, damaged: Indexed): void {
  assert.equal(damaged.issues['too-deep'], 1, `issues: ${JSON.stringify(damaged.issues)}`);
  assert.equal(clean.issues['too-deep'], undefined);
  assert.equal(damaged.details.length, clean.details.length);
  assert.ok(clean.details.length > 0);
  const marked: Step[] = [];
  for (const [i, c] of clean.details.entries()) {
    const d = damaged.details[i];
    assert.equal(d.id, c.id);
    assert.deepEqual(
      d.prompts.map((p) => [p.id, p.text, p.steps.map((s) => s.id)]),
      c.prompts.map((p) => [p.id, p.text, p.steps.map((s) => s.id)]),
    );
    for (const [pi, p] of c.prompts.entries()) {
      for (const [si, step] of p.steps.entries()) {
        const got = d.prompts[pi].steps[si];
        if (containsMarker(got)) {
          marked.push(got);
        } else {
          assert.deepEqual(got, step);
        }
      }
    }
  }
  assert.equal(marked.length, 1, 'exactly the damaged step carries the marker');
  assert.equal(marked[0].type, 'tool');
}

const claudeBash = /"input":\{"command":"node -e[^}]*\}/;

for (const depth of [2000, 100_000]) {
  for (const kind of ['object', 'array'] as const) {
    test(`Claude: a tool input nested ${depth} deep (${kind}) costs that input only, not the session`, async () => {
      const root = copyFixture('claude-print', 'claude-home');
      const clean = await indexWith(new IndexEngine(), 'claude-code', root, workspaceOf('claude-print'));
      mutate(root, /\.jsonl$/, claudeBash, `"input":${nested(depth, kind)}`);
      assertOnlyStepDamaged(clean, await indexWith(new IndexEngine(), 'claude-code', root, workspaceOf('claude-print')));
    });
  }
}

test("through the extension's index worker (parse worker, postMessage): the same", async () => {
  const root = copyFixture('claude-print', 'claude-home');
  const clean = await indexWith(createWorkerIndexService(worker), 'claude-code', root, workspaceOf('claude-print'));
  mutate(root, /\.jsonl$/, claudeBash, `"input":${nested(100_000, 'array')}`);
  assertOnlyStepDamaged(clean, await indexWith(createWorkerIndexService(worker), 'claude-code', root, workspaceOf('claude-print')));
});

test('Codex: function_call arguments (JSON inside the JSON line) nested 100,000 deep', async () => {
  const root = copyFixture('codex-exec-v0.171.0', 'codex-home');
  const clean = await indexWith(new IndexEngine(), 'codex', root, workspaceOf('codex-exec-v0.171.0'));
  const args = `{"cmd":"node test/calc.test.js","deep":${nested(100_000, 'object')}}`;
  mutate(root, /\.jsonl$/, /"arguments":"\{\\"cmd\\":\\"node test\/calc\.test\.js\\"\}"/, `"arguments":${JSON.stringify(args)}`);
  assertOnlyStepDamaged(clean, await indexWith(new IndexEngine(), 'codex', root, workspaceOf('codex-exec-v0.171.0')));
});

test('Gemini CLI legacy document (one JSON for the whole session): a call nested 100,000 deep', async () => {
  const root = copyFixture('gemini-legacy-print', 'gemini-home');
  const clean = await indexWith(new IndexEngine(), 'gemini-cli', root, workspaceOf('gemini-legacy-print'));
  mutate(root, /\.json$/, /"description": "Try the module"/, `"deep": ${nested(100_000, 'array')}, "description": "Try the module"`);
  assertOnlyStepDamaged(clean, await indexWith(new IndexEngine(), 'gemini-cli', root, workspaceOf('gemini-legacy-print')));
});

test('the bound: a value exactly maxJsonDepth deep is kept whole, one level more is cut there', () => {
  const atLimit = JSON.parse(nested(maxJsonDepth, 'array')) as unknown;
  assert.equal(capJsonDepth(atLimit), 0);
  assert.equal(JSON.stringify(atLimit), nested(maxJsonDepth, 'array'));
  const over = JSON.parse(`{"keep":"x","deep":${nested(maxJsonDepth, 'object')}}`) as unknown;
  assert.equal(capJsonDepth(over), 1);
  assert.equal(JSON.stringify(over), `{"keep":"x","deep":${'{"a":'.repeat(maxJsonDepth - 1)}${JSON.stringify(tooDeepMarker)}${'}'.repeat(maxJsonDepth - 1)}}`);
});

test('values stored before the bound existed: the archive walks pass their deep parts through instead of overflowing', () => {
  const archive = new MemoryBlobArchive();
  const long = 'x'.repeat(10_000);
  const deep = JSON.parse(`[${JSON.stringify(long)},${nested(100_000, 'array')}]`) as unknown[];
  const stored = externalizeLarge(archive, deep) as unknown[];
  assert.ok(isBlobRef(stored[0]), 'a long string near the top is still archived');
  assert.ok(sameNesting(stored[1], deep[1]), 'the deep part: copied near the top, passed through below');
  const back = internalize(archive, stored) as unknown[];
  assert.equal(back[0], long);
  assert.ok(sameNesting(back[1], deep[1]));
});

/** Two one-element nestings of arrays hold the same thing all the way down (iteratively: no stack to overflow). */
function sameNesting(a: unknown, b: unknown): boolean {
  let levels = 0;
  while (Array.isArray(a) && Array.isArray(b) && a !== b && a.length === 1 && b.length === 1) {
    a = a[0];
    b = b[0];
    levels++;
  }
  return a === b && levels > 0;
}
