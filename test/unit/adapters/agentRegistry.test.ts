// The agent registry is the one place agents are written out: an agent registered there (a fake one here, with a
// tiny JSONL adapter of its own) reaches the settings and package.json's schema, the Sessions view's filter, blame's
// agent list, the CLI's flags and help, and the index, which reads its sessions. And package.json is what the real
// registry implies (`npm run sync:agent-settings`).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { AgentAdapter, TranscriptFile } from '../../../src/adapters/adapter';
import type { AgentDescriptor } from '../../../src/adapters/agentDescriptor';
import { agentRegistry, AgentRegistry } from '../../../src/adapters/agentRegistry';
import { buildConfig } from '../../../src/cli/cliConfig';
import { helpText, parseArgs } from '../../../src/cli/args';
import { isWithin } from '../../../src/core/paths';
import type { IndexOp } from '../../../src/core/ops';
import { realAgents, spareAgentId } from '../helpers/spareAgentId';
import { makeIndexConfig } from '../../../src/indexer/indexConfig';
import { IndexEngine } from '../../../src/indexer/indexEngine';
import { normalizeAgentFilter } from '../../../src/vscode/agentFilter';
import { blameAgentsSchema, sourceSettingsSchema, withAgentSettings } from '../../../src/vscode/agentSettings';
import { normalizeSettings, toIndexConfig } from '../../../src/vscode/indexConfig';

const wasm = join(process.cwd(), 'node_modules/sql.js/dist/sql-wasm.wasm');

const fakeId = spareAgentId;

/** A made-up agent that keeps `<root>/sessions/<id>.jsonl`: a first line with the session's cwd, then prompts. */
const fakeAdapter: AgentAdapter<Record<string, never>> = {
  agent: fakeId,
  // Like an agent that runs as an editor extension too: its data in each editor's global storage.
  defaultRoots: (env) => [join(env.home, '.fake-agent'), ...(env.editorUserDirs ?? []).map((d) => join(d, 'globalStorage', 'fake.agent'))],
  discover(roots, workspaceFolders) {
    const files: TranscriptFile[] = [];
    for (const root of roots) {
      const dir = join(root, 'sessions');
      for (const name of readdirSync(dir).filter((n: string) => n.endsWith('.jsonl'))) {
        const path = join(dir, name);
        const head = JSON.parse(readFileSync(path, 'utf8').split('\n')[0]) as { cwd: string };
        if (workspaceFolders.some((w) => isWithin(head.cwd, w))) {
          files.push({ agent: fakeId, path, mode: 'append' });
        }
      }
    }
    return Promise.resolve(files);
  },
  initialState: () => ({}),
  parseLines(file, state, lines) {
    const ops: IndexOp[] = [];
    for (const line of lines) {
      const r = JSON.parse(line.text) as { type: string; id: string; cwd?: string; session?: string; text?: string; ts: string };
      if (r.type === 'session') {
        ops.push({ op: 'session', session: { agent: fakeId, id: r.id, cwd: r.cwd, timestamp: r.ts } });
      } else if (r.type === 'prompt' && r.session) {
        ops.push({ op: 'prompt', sessionId: r.session, id: r.id, text: r.text ?? '', timestamp: r.ts });
      }
    }
    return { state, ops, issues: [] };
  },
  parseDocument: () => ({ state: {}, ops: [], issues: [] }),
};

const fakeAgent: AgentDescriptor = {
  id: fakeId,
  label: 'Fake Agent',
  settingKey: 'fakeAgent',
  cliName: 'fake',
  icon: { codicon: 'beaker', color: 'charts.purple' },
  defaultFolders: '`~/.fake-agent`',
  blame: true,
  watch: { descend: (s) => s[0] === 'sessions' && s.length <= 1, relevant: (s) => (s[0] === 'sessions' && s.length === 2 ? 'transcript' : undefined) },
  adapter: fakeAdapter as AgentAdapter,
};

/** The real agents, less the one whose id the fake agent took (none while the model names an agent not read). */
const withoutFake = new AgentRegistry(realAgents);
const registry = new AgentRegistry([...withoutFake.all, fakeAgent]);

describe('agent registry', () => {
  it('refuses an agent registered twice, or two agents sharing a setting key or CLI name', () => {
    assert.throws(() => new AgentRegistry([fakeAgent, fakeAgent]), /registered twice/);
    assert.throws(() => new AgentRegistry([fakeAgent, { ...fakeAgent, id: fakeId === 'codex' ? 'pi' : 'codex' }]), /share a setting key or CLI name/);
  });

  it('a registered agent gets its settings, and the index config reads them', () => {
    const read = (path: string): unknown => (path === 'sources.fakeAgent.folders' ? ['~/fake'] : path === 'sources.claudeCode.enabled' ? false : undefined);
    const settings = normalizeSettings(read, registry);
    assert.deepEqual(settings.sources.fakeAgent, { enabled: true, folders: ['~/fake'] });
    const config = toIndexConfig(settings, { storageDir: undefined, extensionPath: '/ext', workspaceFolders: ['/w'], home: '/home/u', env: {} }, registry);
    assert.deepEqual(config.agents[fakeId], { enabled: true, roots: ['/home/u/fake'] });
    assert.equal(config.agents['claude-code']?.enabled, false);
    // The real registry's settings know nothing of it.
    assert.equal(normalizeSettings(read).sources.fakeAgent, undefined);
  });

  it('a registered agent gets its settings schema, blame entry and filter entry', () => {
    const schema = sourceSettingsSchema(registry);
    assert.equal((schema['agentTrail.sources.fakeAgent.enabled'] as { default: unknown }).default, true);
    assert.match(String(schema['agentTrail.sources.fakeAgent.folders'].markdownDescription), /Fake Agent data folders.*`~\/\.fake-agent`/);
    const blame = blameAgentsSchema(registry) as { items: { enum: string[]; enumDescriptions: string[] }; default: string[] };
    assert.ok(blame.items.enum.includes(fakeId) && blame.default.includes(fakeId) && blame.items.enumDescriptions.includes('Fake Agent'));
    assert.deepEqual(normalizeAgentFilter([fakeId, 'codex'], registry.ids), ['codex', fakeId]);
    assert.equal(normalizeAgentFilter([fakeId], withoutFake.ids), undefined);
  });

  it('a registered agent gets CLI flags, in the help too', () => {
    const opts = parseArgs(['sessions', '--fake-dir', 'x', '--fake-dir=y', '--no-claude'], registry);
    assert.deepEqual(opts.agentDirs[fakeId], ['x', 'y']);
    assert.ok(opts.disabled.has('claude-code'));
    assert.throws(() => parseArgs(['sessions', '--fake-dir', 'x']), /unknown option --fake-dir/);
    assert.match(helpText(registry), /--fake-dir DIR\s+Fake Agent data folder \(default: ~\/\.fake-agent\)/);
    assert.match(helpText(registry), /--no-fake/);
    const config = buildConfig(parseArgs(['sessions', '--no-fake'], registry), '/w', { HOME: '/home/u' }, registry);
    assert.equal(config.agents[fakeId]?.enabled, false);
  });

  it('the index discovers and reads a registered agent’s sessions', async () => {
    const root = mkdtempSync(join(tmpdir(), 'at-fake-agent-'));
    const home = join(root, 'home');
    const workspace = join(root, 'work');
    mkdirSync(join(home, '.fake-agent', 'sessions'), { recursive: true });
    mkdirSync(workspace);
    const ts = '2026-12-01T10:00:00.000Z';
    const lines = (id: string, cwd: string): string =>
      `${JSON.stringify({ type: 'session', id, cwd, ts })}\n${JSON.stringify({ type: 'prompt', id: `${id}-p1`, session: id, text: `hello from ${id}`, ts })}\n`;
    writeFileSync(join(home, '.fake-agent', 'sessions', 'mine.jsonl'), lines('mine', workspace));
    writeFileSync(join(home, '.fake-agent', 'sessions', 'other.jsonl'), lines('other', join(root, 'elsewhere')));
    const engine = new IndexEngine({ registry });
    try {
      await engine.configure(
        makeIndexConfig(
          { storageDir: undefined, wasmPath: wasm, workspaceFolders: [workspace], home, env: {} },
          { agents: Object.fromEntries(registry.ids.map((id) => [id, { enabled: id === fakeId, roots: [] }])), editorUserDirs: [join(root, 'Code', 'User')] },
        ),
      );
      await engine.refresh();
      const sessions = await engine.listSessions();
      assert.deepEqual(
        sessions.map((s) => [s.agent, s.id, s.promptCount]),
        [[fakeId, 'mine', 1]],
      );
      assert.equal((await engine.listPrompts(sessions[0].key))[0].text, 'hello from mine');
      // The editors' folders reach the adapter (this one is missing: searched, watched, not reported).
      assert.deepEqual((await engine.stats()).searchedRoots[fakeId], [join(home, '.fake-agent'), join(root, 'Code', 'User', 'globalStorage', 'fake.agent')]);
      assert.deepEqual((await engine.stats()).issues, {});
    } finally {
      await engine.dispose();
    }
  });

  it('package.json holds the settings the registry implies (npm run sync:agent-settings)', () => {
    const pkg = JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8')) as { contributes: { configuration: Parameters<typeof withAgentSettings>[0] } };
    assert.deepEqual(withAgentSettings(pkg.contributes.configuration), pkg.contributes.configuration);
  });
});

describe('agents not used on this machine', () => {
  const engineOn = async (home: string, roots: Partial<Record<string, string[]>>): Promise<IndexEngine> => {
    const engine = new IndexEngine();
    await engine.configure(
      makeIndexConfig(
        { storageDir: undefined, wasmPath: wasm, workspaceFolders: [join(home, 'work')], home, env: {} },
        { agents: Object.fromEntries(agentRegistry.ids.map((id) => [id, { enabled: true, roots: roots[id] ?? [] }])) },
      ),
    );
    await engine.refresh();
    return engine;
  };

  it('a missing default data folder is no problem to report (the agent is not installed), and is still searched', async () => {
    const home = mkdtempSync(join(tmpdir(), 'at-no-agents-'));
    const engine = await engineOn(home, {});
    try {
      const stats = await engine.stats();
      assert.deepEqual(stats.issues, {});
      assert.deepEqual(stats.searchedRoots['claude-code'], [join(home, '.claude')]);
    } finally {
      await engine.dispose();
    }
  });

  it('a data folder the user named that does not exist is reported', async () => {
    const home = mkdtempSync(join(tmpdir(), 'at-no-agents-'));
    const engine = await engineOn(home, { codex: [join(home, 'typo')] });
    try {
      assert.deepEqual((await engine.stats()).issues, { io: 1 });
    } finally {
      await engine.dispose();
    }
  });
});
