// Writes test/fixtures/scenarios/claude-big-file.json: agent-recorder's big-file scenario for Claude Code (files over
// 10,000 characters, for which Claude records `originalFile: null`) plus what it does not cover:
// - src/prices.js (12 KB, committed) is edited twice in P4 without ever being read (`contentNotInModelContext`);
// - P4 `Write`s over src/catalog.js (read in P3, then changed by sed) and over src/descriptions.js (created in P2), both
//   keeping most lines, so blame must keep the older origins and restore must not treat the file as new.
// The Write contents are computed by replaying the scenario's own edits, so they equal the files as P4 finds them
// except for the lines the prompt means to change.
// Usage: node scripts/scenarios/claudeBigFile.mjs [AGENT_RECORDER]
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const recorder = process.argv[2] ?? join(root, '..', 'shared', 'tools', 'agent-recorder');
const base = JSON.parse(readFileSync(join(recorder, 'scenarios', 'claude-big-file.json'), 'utf8'));

const prices = ["// Price list per product id, in EUR (generated).", "'use strict';", '', 'const PRICES = {'];
for (let id = 1; id <= 240; id++) {
  prices.push(`  ${id}: { net: ${(10 + ((id * 37) % 900) / 10).toFixed(2)}, vat: ${id % 3 === 0 ? 7 : 19}, currency: 'EUR' },`);
}
prices.push('};', '', 'module.exports = { PRICES };', '');
const pricesJs = prices.join('\n');
if (pricesJs.length <= 10_000) throw new Error('src/prices.js must be over 10,000 characters');

/** Replays the scenario's edits of one file (hand edits, Edit/Write calls, the known sed) up to the end of `turns`. */
function replay(path, turns, start) {
  let text = start;
  for (const t of turns) {
    for (const e of t.user_edits_before ?? []) {
      if (e.path !== path) continue;
      if (e.content !== undefined) text = e.content;
      if (e.old !== undefined) {
        if (!text.includes(e.old)) throw new Error(`hand edit does not apply to ${path}`);
        text = text.replace(e.old, e.new);
      }
    }
    for (const s of t.steps) {
      const uses = Array.isArray(s.tool_use) ? s.tool_use : s.tool_use ? [s.tool_use] : [];
      for (const u of uses) {
        if (u.input.file_path !== `\${CWD}/${path}`) {
          if (u.name === 'Bash' && u.input.command.startsWith('sed -i') && u.input.command.endsWith(path)) {
            text = text.split('stock: 0 }').join('stock: 0, backorder: true }');
          }
          continue;
        }
        if (u.name === 'Write') text = u.input.content;
        if (u.name === 'Edit') {
          if (!text.includes(u.input.old_string)) throw new Error(`Edit does not apply to ${path}`);
          text = text.replace(u.input.old_string, u.input.new_string);
        }
      }
    }
  }
  return text;
}

const catalogNow = replay('src/catalog.js', base.turns, base.initial_files['src/catalog.js']);
const descriptionsNow = replay('src/descriptions.js', base.turns, '');
const swap = (text, from, to) => {
  if (!text.includes(from)) throw new Error(`not found: ${from}`);
  return text.replace(from, to);
};
const catalogWritten = swap(
  swap(catalogNow, '// Product catalog, generated from the warehouse export.\n', '// Product catalog, regenerated from the warehouse export (December).\n'),
  "  { id: 150, sku: 'SKU-0150', name: 'Product 150',",
  "  { id: 150, sku: 'SKU-0150', name: 'Green kettle',",
);
const descriptionsWritten = swap(descriptionsNow, "// One-line product descriptions, keyed by product id.\n", "// One-line product descriptions, keyed by product id (reviewed).\n");

const line = (id) => pricesJs.split('\n').find((l) => l.startsWith(`  ${id}: `));
const cwd = (p) => `\${CWD}/${p}`;
const scenario = {
  ...base,
  description: `${base.description} P4 (added for Agent Trail) edits src/prices.js (${pricesJs.length} characters, committed, never read: contentNotInModelContext) twice, then Writes over src/catalog.js and src/descriptions.js (type "update", most lines kept), then runs a check.`,
  initial_files: { ...base.initial_files, 'src/prices.js': pricesJs },
  turns: [
    ...base.turns,
    {
      prompt: 'raise the net price of products 60 and 230 by one euro, retitle the catalog header, rename product 150 to Green kettle and mark the descriptions as reviewed',
      steps: [
        { text: "I'll update the prices.", tool_use: { name: 'Edit', input: { file_path: cwd('src/prices.js'), old_string: line(60), new_string: line(60).replace(/net: ([\d.]+)/, (_, n) => `net: ${(Number(n) + 1).toFixed(2)}`) } } },
        { tool_use: { name: 'Edit', input: { file_path: cwd('src/prices.js'), old_string: line(230), new_string: line(230).replace(/net: ([\d.]+)/, (_, n) => `net: ${(Number(n) + 1).toFixed(2)}`) } } },
        { text: 'Now I will rewrite the catalog with the new header and name.', tool_use: { name: 'Write', input: { file_path: cwd('src/catalog.js'), content: catalogWritten } } },
        { tool_use: { name: 'Write', input: { file_path: cwd('src/descriptions.js'), content: descriptionsWritten } } },
        { tool_use: { name: 'Bash', input: { command: "node -e \"const p = require('./src/prices.js'); const c = require('./src/catalog.js'); console.log(p.PRICES[60].net, p.PRICES[230].net, c.findById(150).name)\"", description: 'Check prices and catalog' } } },
        { text: 'Raised the prices of products 60 and 230, retitled the catalog, renamed product 150 and marked the descriptions as reviewed.' },
      ],
    },
  ],
};
writeFileSync(join(root, 'test', 'fixtures', 'scenarios', 'claude-big-file.json'), `${JSON.stringify(scenario, null, 1)}\n`);
console.log(`claude-big-file.json: catalog ${catalogWritten.length} chars, descriptions ${descriptionsWritten.length}, prices ${pricesJs.length}`);
