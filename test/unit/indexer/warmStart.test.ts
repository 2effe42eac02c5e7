// A warm start with nothing changed (the CLI run after run) needs no pass, and skips the integrity checks of a DB and
// archive recorded as checked in exactly their present state (index.checked.json). Every change a pass would act on
// must still make upToDate() false: a transcript appended to, touched, added or deleted, an archive journal or pack
// the DB does not know, a write left unfinished, another save of the DB. Recorded multi-agent fixture.
import assert from 'node:assert/strict';
import { appendFileSync, closeSync, copyFileSync, openSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { test } from 'node:test';
import { appendClaudePrompt } from '../helpers/appendPrompt';
import { claudeTranscript, copyFixture, findFiles, newStorageDir, openEngine, type StorageCase } from '../helpers/storageCase';

const multiRepo = '/tmp/agent-trail-fixtures/multi-agent/demo-repo';

function multiAgent(): { c: StorageCase; storage: string; transcript: string } {
  const c = copyFixture('multi-agent', 'home', 'all', multiRepo);
  return { c, storage: newStorageDir(), transcript: claudeTranscript({ ...c, data: join(c.data, '.claude') }) };
}

async function index(c: StorageCase, storage: string): Promise<void> {
  const { engine } = await openEngine(c, storage);
  await engine.refresh();
  await engine.dispose();
}

/** What a freshly opened engine (a new CLI run) says, and what it logged about it. */
async function upToDate(c: StorageCase, storage: string): Promise<{ upToDate: boolean; why: string }> {
  const { engine, logs } = await openEngine(c, storage);
  const result = await engine.upToDate();
  await engine.dispose();
  return { upToDate: result, why: logs.find((l) => l.message.startsWith('[index] a pass is needed') || l.message.startsWith('[index] nothing changed'))?.message ?? '' };
}

/** Every file under the storage folder with its identity: a run that writes nothing leaves all of them as they were. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of findFiles(dir, /./)) {
    const st = statSync(f);
    out[f] = `${st.ino}:${st.size}:${st.mtimeMs}`;
  }
  return out;
}

test('after an index was saved, a new run needs no pass, takes no lock and writes nothing; the checked state is recorded', async () => {
  const { c, storage } = multiAgent();
  await index(c, storage);
  assert.ok(readdirSync(storage).includes('index.checked.json'), 'the checked state is recorded with the save');
  const before = snapshot(storage);
  const { engine, logs } = await openEngine(c, storage);
  assert.equal(engine.storeOutcome, 'loaded');
  assert.equal(await engine.upToDate(), true, logs.map((l) => l.message).join('\n'));
  assert.ok((await engine.listSessions()).length >= 3);
  await engine.dispose();
  assert.deepEqual(snapshot(storage), before);
  assert.ok(!readdirSync(storage).includes('index.lock'));
});

test('a fresh storage folder, or one without the checked record, needs a pass', async () => {
  const { c, storage } = multiAgent();
  assert.equal((await upToDate(c, storage)).upToDate, false);
  await index(c, storage);
  rmSync(join(storage, 'index.checked.json'));
  assert.match((await upToDate(c, storage)).why, /not checked in this state/);
  // The pass that follows checks everything and records it again.
  await index(c, storage);
  assert.equal((await upToDate(c, storage)).upToDate, true);
});

test('a prompt appended to a transcript is noticed, and the pass that follows shows it', async () => {
  const { c, storage, transcript } = multiAgent();
  await index(c, storage);
  appendClaudePrompt(transcript, 'one more prompt after the index was saved');
  assert.match((await upToDate(c, storage)).why, /changed$/);
  const { engine } = await openEngine(c, storage);
  await engine.refresh();
  const claude = (await engine.listSessions()).find((s) => s.agent === 'claude-code');
  assert.ok(claude);
  const prompts = await engine.listPrompts(claude.key);
  assert.equal(prompts[prompts.length - 1].text, 'one more prompt after the index was saved');
  await engine.dispose();
  assert.equal((await upToDate(c, storage)).upToDate, true, 'saved and recorded again');
});

test('a transcript touched (same size), added or deleted is noticed', async () => {
  const { c, storage, transcript } = multiAgent();
  await index(c, storage);
  const st = statSync(transcript);
  utimesSync(transcript, st.atime, new Date(st.mtimeMs + 5000));
  assert.match((await upToDate(c, storage)).why, /changed$/);
  await index(c, storage);
  const added = join(dirname(transcript), '0badc0de-0000-4000-8000-000000000001.jsonl');
  copyFileSync(transcript, added);
  assert.match((await upToDate(c, storage)).why, /is new$/);
  await index(c, storage);
  rmSync(added);
  assert.match((await upToDate(c, storage)).why, /is gone$/);
  await index(c, storage);
  assert.equal((await upToDate(c, storage)).upToDate, true);
});

test('an archive journal the DB does not know, or a reading a crash cut short, needs a pass', async () => {
  const { c, storage } = multiAgent();
  await index(c, storage);
  const journalDir = join(storage, 'archive', 'journal');
  const journal = readdirSync(journalDir).find((n) => n.endsWith('.jsonl'));
  assert.ok(journal);
  const unknown = join(journalDir, `${'f'.repeat(32)}.jsonl`);
  writeFileSync(unknown, readFileSync(join(journalDir, journal), 'utf8').replace(/"source":"[^"]*"/, '"source":"/gone/elsewhere/transcript.jsonl"'));
  assert.match((await upToDate(c, storage)).why, /journal has transcripts the index does not/);
  rmSync(unknown);
  assert.equal((await upToDate(c, storage)).upToDate, true);
  writeFileSync(join(journalDir, `${basename(journal)}.4242-abcd.gen`), '{"v":2}\n');
  assert.match((await upToDate(c, storage)).why, /left unfinished/);
});

test('a temporary file of an unfinished write, a pack changed, or another process\'s save needs a pass', async () => {
  const { c, storage, transcript } = multiAgent();
  await index(c, storage);
  const temp = join(storage, '.index.db.4242-abcd.tmp');
  writeFileSync(temp, 'partial');
  assert.match((await upToDate(c, storage)).why, /left unfinished/);
  rmSync(temp);
  const pack = findFiles(join(storage, 'archive', 'packs'), /\.atb$/)[0];
  appendFileSync(pack, 'torn');
  assert.match((await upToDate(c, storage)).why, /not checked in this state/);
  await index(c, storage);
  assert.equal((await upToDate(c, storage)).upToDate, true);
  // Another process saves the index after this one read it.
  const { engine, logs } = await openEngine(c, storage);
  appendClaudePrompt(transcript, 'indexed by the other process');
  await index(c, storage);
  assert.equal(await engine.upToDate(), false, logs.map((l) => l.message).join('\n'));
  await engine.dispose();
});

test('a DB file whose stamp is not the checked one is checked: damage is found and the DB rebuilt', async () => {
  const { c, storage } = multiAgent();
  await index(c, storage);
  const db = join(storage, 'index.db');
  const page = 4096;
  assert.ok(statSync(db).size > 3 * page);
  // The third page overwritten (size kept, time changed): a page the integrity check reads.
  const fd = openSync(db, 'r+');
  writeSync(fd, Buffer.alloc(page, 0xff), 0, page, 2 * page);
  closeSync(fd);
  const { engine } = await openEngine(c, storage);
  assert.equal(engine.storeOutcome, 'rebuilt-corrupt');
  await engine.refresh();
  assert.ok((await engine.listSessions()).length >= 3, 'rebuilt from the journal and the transcripts');
  await engine.dispose();
});
