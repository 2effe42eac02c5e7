// Pure helpers of the timeline webview: formatting, filters, search over the session data, UI state, output blocks.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TimelineSession, TimelineStep } from '../../../src/core/timeline/timelineProtocol';
import { filesFromEachPrompt } from '../../../webview/src/checkpointFiles';
import { baseName, displayPath, firstLine, formatCount, formatDuration, formatLineRange } from '../../../webview/src/format';
import { buildSearchFields, occurrences, searchFields } from '../../../webview/src/sessionSearch';
import { isFailure, promptMatches, stepMatches } from '../../../webview/src/stepFilters';
import { chunkEnd } from '../../../webview/src/textChunks';
import { defaultUiState, isOpen, restoreUiState, withFilter, withFold } from '../../../webview/src/uiState';

const base = { timestamp: '2026-01-01T00:00:00Z' };
const cmd = (id: string, exitCode: number | null, isError = false, output = ''): TimelineStep => ({
  ...base, id, type: 'command', name: 'Bash', command: `run ${id}`, exitCode, output, outputLength: output.length, truncated: false, isError,
});
const steps: TimelineStep[] = [
  { ...base, id: 'text', type: 'text', text: 'Hello **World**' },
  { ...base, id: 'edit', type: 'edit', name: 'Edit', files: [{ changeId: 'edit#0', path: '/w/src/App.ts', op: 'update' }] },
  cmd('ok', 0, false, 'all good\nworld'),
  cmd('bad', 1),
  cmd('err', null, true),
  { ...base, id: 'tool', type: 'tool', name: 'Grep', kind: 'search', summary: 'pattern WORLD', result: 'x', resultLength: 1, truncated: false, isError: true },
  { ...base, id: 'read', type: 'read', name: 'Read', reads: [{ path: '/w/readme.md' }], error: 'ENOENT' },
];
const session: TimelineSession = {
  key: 'k', agent: 'codex', agentLabel: 'Codex', id: 'id', title: 't', cwd: '/w', models: [], startedAt: '', updatedAt: '', durationMs: 0,
  counts: { prompts: 2, toolCalls: 6, edits: 1, commands: 3, failures: 4, filesChanged: 1 },
  prompts: [
    { index: 1, id: 'p1', text: 'Say hello world', timestamp: '', steps, changedFiles: ['/w/src/App.ts'], stepCount: steps.length, has: ['edits', 'commands', 'failures'], version: '7' },
    { index: 2, id: 'p2', text: 'nothing here', timestamp: '', steps: [{ ...base, id: 'only-text', type: 'text', text: 'plain' }], changedFiles: [], stepCount: 1, has: [], version: '1' },
  ],
};

test('formatting', () => {
  assert.equal(formatDuration(undefined), '');
  assert.equal(formatDuration(250), '250 ms');
  assert.equal(formatDuration(2300), '2.3 s');
  assert.equal(formatDuration(42_000), '42 s');
  assert.equal(formatDuration(21 * 60_000), '21 min 0 s');
  assert.equal(formatDuration(3 * 3_600_000 + 5 * 60_000), '3 h 5 min');
  assert.equal(formatLineRange(undefined, undefined), '');
  assert.equal(formatLineRange(4, 4), 'line 4');
  assert.equal(formatLineRange(4, 9), 'lines 4–9');
  assert.equal(formatCount(1, 'file'), '1 file');
  assert.equal(formatCount(12000, 'character'), '12,000 characters');
  assert.equal(firstLine('\n  first\nsecond'), 'first');
  assert.equal(firstLine('x'.repeat(200), 10), `${'x'.repeat(9)}…`);
  assert.equal(baseName('C:\\a\\b.ts'), 'b.ts');
});

test('paths inside the session folder are shown relative to it; others as recorded', () => {
  assert.equal(displayPath('/w/src/App.ts', '/w'), 'src/App.ts');
  assert.equal(displayPath('/w/src/App.ts', '/w/'), 'src/App.ts');
  assert.equal(displayPath('/work/App.ts', '/w'), '/work/App.ts', 'a sibling folder with the same prefix is not inside');
  assert.equal(displayPath('/w', '/w'), '/w');
  assert.equal(displayPath('C:\\repo\\a.ts', 'C:\\repo'), 'a.ts');
  assert.equal(displayPath('/elsewhere/x', ''), '/elsewhere/x');
});

test('a checkpoint marker counts the files changed from its prompt to the end of the session', () => {
  const prompt = (index: number, changedFiles: string[]) => ({ index, id: `p${index}`, text: '', timestamp: '', steps: [], changedFiles, stepCount: 0, has: [], version: '0' });
  const from = filesFromEachPrompt([prompt(1, ['/w/a']), prompt(2, []), prompt(3, ['/w/b', '/w/a']), prompt(4, ['/w/c'])]);
  assert.deepEqual(from.get(1), ['/w/a', '/w/b', '/w/c']);
  assert.deepEqual(from.get(2), ['/w/a', '/w/b', '/w/c']);
  assert.deepEqual(from.get(3), ['/w/a', '/w/b', '/w/c']);
  assert.deepEqual(from.get(4), ['/w/c']);
});

test('failures: non-zero exit, isError, and read/edit errors', () => {
  assert.deepEqual(steps.filter(isFailure).map((s) => s.id), ['bad', 'err', 'tool', 'read']);
});

test('filters show the union of what they select; prompts without a match are hidden', () => {
  assert.deepEqual(steps.filter((s) => stepMatches(s, [])).length, steps.length);
  assert.deepEqual(steps.filter((s) => stepMatches(s, ['edits'])).map((s) => s.id), ['edit']);
  assert.deepEqual(steps.filter((s) => stepMatches(s, ['commands', 'failures'])).map((s) => s.id), ['ok', 'bad', 'err', 'tool', 'read']);
  assert.equal(promptMatches(session.prompts[1], ['edits']), false);
  assert.equal(promptMatches(session.prompts[1], []), true);
});

test('search covers prompt text, assistant text, commands, outputs, summaries and paths, case-insensitively', () => {
  const fields = buildSearchFields(session);
  const r = searchFields(fields, 'World', () => true);
  const where = r.matches.map((m) => `${fields[m.field].stepId ?? 'prompt'}:${fields[m.field].key}:${m.nth}`);
  assert.deepEqual(where, ['prompt:prompt:0', 'text:text:0', 'ok:output:0', 'tool:summary:0']);
  const paths = searchFields(fields, 'app.ts', () => true).matches.map((m) => fields[m.field].key);
  assert.deepEqual(paths, ['path:0']);
  assert.deepEqual(searchFields(fields, '/w/', () => true).matches, [], 'paths are searched as shown, relative to the folder');
  assert.deepEqual(searchFields(fields, '', () => true).matches, []);
  const onlyPrompts = searchFields(fields, 'o', (f) => f.step === undefined);
  assert.ok(onlyPrompts.matches.every((m) => fields[m.field].key === 'prompt'));
});

test('search counts every occurrence and caps', () => {
  const fields = buildSearchFields({ ...session, prompts: [{ ...session.prompts[1], text: 'aaaa', steps: [] }] });
  assert.equal(searchFields(fields, 'a', () => true).matches.length, 4);
  assert.deepEqual(searchFields(fields, 'aa', () => true).matches.map((m) => m.nth), [0, 1]);
  const capped = searchFields(fields, 'a', () => true, 3);
  assert.equal(capped.capped, true);
  assert.equal(capped.matches.length, 3);
});

test('occurrences in rendered text', () => {
  assert.deepEqual(occurrences('Foo foo FOO', 'foo'), [0, 4, 8]);
  assert.deepEqual(occurrences('abc', ''), []);
  assert.deepEqual(occurrences('x'.repeat(10), 'x', 3), [0, 1, 2]);
});

test('UI state: defaults, validation, folds and filters', () => {
  assert.deepEqual(restoreUiState(undefined, 'k'), defaultUiState('k'));
  assert.deepEqual(restoreUiState({ ...defaultUiState('other'), search: 'x' }, 'k'), defaultUiState('k'));
  const saved = { sessionKey: 'k', promptIndex: 7, filters: ['failures', 'bogus', 'edits'], search: 'q', diffStyle: 'side-by-side', expanded: ['a', 3], collapsed: ['b'] };
  assert.deepEqual(restoreUiState(saved, 'k'), { sessionKey: 'k', promptIndex: 7, filters: ['edits', 'failures'], search: 'q', diffStyle: 'side-by-side', expanded: ['a'], collapsed: ['b'] });
  let s = withFold(defaultUiState('k'), 'x', true);
  assert.equal(isOpen(s, 'x', false), true);
  assert.equal(withFold(s, 'x', true), s, 'recording the same choice again changes nothing');
  s = withFold(s, 'x', false);
  assert.deepEqual([s.expanded, s.collapsed], [[], ['x']]);
  assert.equal(isOpen(s, 'x', true), false);
  assert.equal(isOpen(s, 'y', true), true);
  s = withFilter(withFilter(s, 'failures', true), 'edits', true);
  assert.deepEqual(s.filters, ['edits', 'failures']);
  assert.deepEqual(withFilter(s, 'edits', false).filters, ['failures']);
});

test('long output is cut into blocks at line breaks', () => {
  const text = 'ab\ncd\nef';
  assert.equal(chunkEnd(text, 0, 4), 3);
  assert.equal(chunkEnd(text, 3, 4), 6);
  assert.equal(chunkEnd(text, 6, 4), 8);
  assert.equal(chunkEnd('abcdefgh', 0, 3), 3);
});
