// package.json's contributions against the code that reads and registers them and against the README's tables: a
// setting nobody reads, a command nobody registers, a menu naming a command that is not contributed, or a setting
// or palette command the README does not document (agentTrail.blame.observeShellChanges once was) fails here.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { normalizeBlameSettings } from '../../../src/vscode/blame/blameConfig';
import { normalizeSettings } from '../../../src/vscode/indexConfig';

interface Contributes {
  commands: { command: string }[];
  menus: Record<string, { command?: string; when?: string }[]>;
  configuration: { properties: Record<string, unknown> }[] | { properties: Record<string, unknown> };
}

const root = process.cwd();
const contributes = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { contributes: Contributes }).contributes;
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const settingKeys = (Array.isArray(contributes.configuration) ? contributes.configuration : [contributes.configuration]).flatMap((c) => Object.keys(c.properties));
const commandIds = contributes.commands.map((c) => c.command);

/** The README's Settings section, from its heading to the next. */
function readmeSection(heading: string): string {
  const start = readme.indexOf(`\n## ${heading}\n`);
  assert.ok(start >= 0, `the README has a "${heading}" section`);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
}

/** Settings a table row names: `agentTrail.a.b` itself, and `.c` shorthands after it (`…enabled`, `.folders`). */
function settingsInTable(section: string): Set<string> {
  const out = new Set<string>();
  for (const line of section.split('\n').filter((l) => l.startsWith('| `agentTrail.'))) {
    const first = line.split('|')[1];
    const names = [...first.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
    const full = names[0];
    out.add(full);
    for (const short of names.slice(1).filter((n) => n.startsWith('.'))) {
      out.add(full.replace(/\.[^.]+$/, short));
    }
  }
  return out;
}

test('every contributed setting is read by the code, and the code reads no setting that is not contributed', () => {
  const read: string[] = [];
  normalizeSettings((path) => {
    read.push(`agentTrail.${path}`);
    return undefined;
  });
  normalizeBlameSettings((path) => {
    read.push(`agentTrail.blame.${path}`);
    return undefined;
  });
  assert.deepEqual([...new Set(read)].sort(), [...settingKeys].sort());
});

test("the README's Settings table lists exactly the contributed settings", () => {
  assert.deepEqual([...settingsInTable(readmeSection('Settings'))].sort(), [...settingKeys].sort());
});

test('every contributed command is registered by the code, every menu names a contributed command', () => {
  const sources = readdirSync(join(root, 'src', 'vscode'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => readFileSync(join(root, 'src', 'vscode', f), 'utf8'))
    .join('\n');
  for (const id of commandIds) {
    assert.ok(sources.includes(`'${id}'`), `${id} is named in src/vscode (registered there)`);
  }
  for (const [menu, items] of Object.entries(contributes.menus)) {
    for (const item of items.filter((i) => i.command !== undefined)) {
      assert.ok(commandIds.includes(item.command as string), `${menu} names ${item.command}, a contributed command`);
    }
  }
});

test('the README documents every command the Command Palette shows, and names no command that is not contributed', () => {
  const hidden = new Set((contributes.menus.commandPalette ?? []).filter((i) => i.when === 'false').map((i) => i.command));
  const section = readmeSection('Settings');
  for (const id of commandIds.filter((c) => !hidden.has(c))) {
    assert.ok(section.includes(`(\`${id}\``), `the README's command list names ${id}`);
  }
  for (const m of readme.matchAll(/`(agentTrail\.[a-z][A-Za-z]+)`/g)) {
    const id = m[1];
    const isSetting = settingKeys.some((k) => k === id || k.startsWith(`${id}.`));
    const isOther = ['agentTrail.lineBlameForeground', 'agentTrail.views.sessions'].includes(id);
    assert.ok(commandIds.includes(id) || isSetting || isOther, `the README names ${id}, which package.json does not contribute`);
  }
});
