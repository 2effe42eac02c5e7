import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { defaultSettings, expandHome, normalizeSettings, toIndexConfig } from '../../../src/vscode/indexConfig';

const host = {
  storageDir: '/storage/ws',
  extensionPath: '/ext',
  workspaceFolders: ['/w/app'],
  home: '/home/dev',
  env: { CODEX_HOME: '/custom/codex' },
};

describe('normalizeSettings', () => {
  it('returns the defaults when nothing is set', () => {
    assert.deepEqual(
      normalizeSettings(() => undefined),
      defaultSettings,
    );
  });

  it('replaces wrong types with defaults and cleans folder lists', () => {
    const raw: Record<string, unknown> = {
      'sources.claudeCode.enabled': 'yes',
      'sources.codex.enabled': false,
      'sources.codex.folders': ['  /a ', '', 3, '/a', '/b'],
      'index.include': 'not-a-list',
      'index.exclude': ['**/subagents/**'],
      'index.maxLineMB': -5,
    };
    const s = normalizeSettings((p) => raw[p]);
    assert.equal(s.sources.claudeCode.enabled, true);
    assert.equal(s.sources.codex.enabled, false);
    assert.deepEqual(s.sources.codex.folders, ['/a', '/b']);
    assert.deepEqual(s.index.include, []);
    assert.deepEqual(s.index.exclude, ['**/subagents/**']);
    assert.equal(s.index.maxLineMB, 64);
  });
});

describe('toIndexConfig', () => {
  it('maps settings and host facts onto the index configuration', () => {
    const settings = normalizeSettings((p) =>
      p === 'sources.geminiCli.folders' ? ['~/gem', '/abs'] : p === 'index.maxLineMB' ? 1.5 : undefined,
    );
    const config = toIndexConfig(settings, host);
    assert.equal(config.storageDir, '/storage/ws');
    assert.equal(config.wasmPath, join('/ext', 'dist', 'sql-wasm.wasm'));
    assert.deepEqual(config.workspaceFolders, ['/w/app']);
    assert.deepEqual(config.agents['claude-code'], { enabled: true, roots: [] });
    assert.deepEqual(config.agents.codex, { enabled: true, roots: [] });
    assert.deepEqual(config.agents['gemini-cli'], { enabled: true, roots: [join('/home/dev', 'gem'), '/abs'] });
    assert.equal(config.maxLineBytes, Math.round(1.5 * 1024 * 1024));
    assert.equal(config.home, '/home/dev');
    assert.equal(config.env, host.env);
    assert.equal(config.persistDelayMs, 30_000);
  });

  it('passes the workspace storage folder of the running editor, when there is one, to the adapters', () => {
    assert.equal(toIndexConfig(defaultSettings, { ...host, workspaceStorageDir: '/u/workspaceStorage/abc' }).workspaceStorageDir, '/u/workspaceStorage/abc');
    assert.equal('workspaceStorageDir' in toIndexConfig(defaultSettings, host), false);
  });

  it('keeps the index in memory when there is no storage folder', () => {
    assert.equal(toIndexConfig(defaultSettings, { ...host, storageDir: undefined }).storageDir, undefined);
  });

  it('passes disabled sources through', () => {
    const settings = normalizeSettings((p) => (p === 'sources.claudeCode.enabled' ? false : undefined));
    assert.equal(toIndexConfig(settings, host).agents['claude-code']?.enabled, false);
  });
});

describe('expandHome', () => {
  it('expands a leading ~ only', () => {
    assert.equal(expandHome('~', '/h'), '/h');
    assert.equal(expandHome('~/x', '/h'), join('/h', 'x'));
    assert.equal(expandHome('/a/~/b', '/h'), '/a/~/b');
    assert.equal(expandHome('~user/x', '/h'), '~user/x');
  });
});
