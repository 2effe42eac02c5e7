// The layering rule, executable: only src/vscode (and src/extension.ts) may import vscode; src/core does no
// I/O; nothing anywhere opens a network connection (Agent Trail never sends anything off the machine).
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';

const root = process.cwd();

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  // git keeps no empty folders: a layer with no sources yet (webview/ before the timeline) is simply empty.
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      out.push(...sourceFiles(p));
    } else if (/\.(ts|mts|js)$/.test(name)) {
      out.push(p);
    }
  }
  return out;
}

function imports(file: string): string[] {
  return importsOf(readFileSync(file, 'utf8'));
}

function importsOf(text: string): string[] {
  const found: string[] = [];
  const re = /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\s+['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)|import\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    found.push(m[1] ?? m[2] ?? m[3] ?? m[4]);
  }
  return found;
}

const allFiles = sourceFiles(join(root, 'src'));

test('the source tree is not empty (the rules below check something)', () => {
  assert.ok(allFiles.length > 20, `only ${allFiles.length} files found`);
  assert.ok(allFiles.some((f) => f.includes(`${join('src', 'vscode')}`)), 'no src/vscode files found');
});

test('only src/vscode and src/extension.ts import vscode', () => {
  const offenders = allFiles
    .filter((f) => {
      const rel = relative(root, f).replace(/\\/g, '/');
      return !rel.startsWith('src/vscode/') && rel !== 'src/extension.ts';
    })
    .filter((f) => imports(f).includes('vscode'))
    .map((f) => relative(root, f));
  assert.deepEqual(offenders, []);
});

test('src/core imports no Node I/O module', () => {
  const io = /^(node:)?(fs|fs\/promises|child_process|net|http|https|http2|dgram|tls|dns|worker_threads|os|readline|process)$/;
  const offenders = allFiles
    .filter((f) => relative(root, f).replace(/\\/g, '/').startsWith('src/core/'))
    .flatMap((f) => imports(f).filter((i) => io.test(i)).map((i) => `${relative(root, f)} imports ${i}`));
  assert.deepEqual(offenders, []);
});

test('nothing in src or webview opens network connections', () => {
  const net = /^(node:)?(net|http|https|http2|dgram|tls|dns)$/;
  const files = [...allFiles, ...sourceFiles(join(root, 'webview'))];
  const offenders = files.flatMap((f) => imports(f).filter((i) => net.test(i)).map((i) => `${relative(root, f)} imports ${i}`));
  const fetchCalls = files.filter((f) => /\bfetch\s*\(|XMLHttpRequest|WebSocket\s*\(/.test(readFileSync(f, 'utf8'))).map((f) => relative(root, f));
  assert.deepEqual(offenders, []);
  assert.deepEqual(fetchCalls, []);
});

test('the import scanner finds every import form (self-check)', () => {
  const sample = "import * as vscode from 'vscode';\nimport type { X } from '../core/model';\nconst fs = require('node:fs');\nimport 'side-effect';\nconst m = import('node:http');";
  assert.deepEqual(importsOf(sample), ['vscode', '../core/model', 'node:fs', 'side-effect', 'node:http']);
});
