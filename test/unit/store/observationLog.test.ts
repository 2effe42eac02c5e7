// The observation log: contents the extension saw change, kept next to the archive across restarts; a torn last
// line (crash mid-append) is skipped and does not swallow the next append.
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { MemoryBlobArchive, PackBlobArchive } from '../../../src/store/blobArchive';
import { ObservationLog } from '../../../src/store/observationLog';

describe('ObservationLog', () => {
  it('round-trips per path through the file and the blob archive; drive letters are folded', () => {
    const dir = mkdtempSync(join(tmpdir(), 'at-obs-'));
    const file = join(dir, 'observations.jsonl');
    const archive = new PackBlobArchive(join(dir, 'packs'));
    const log = new ObservationLog(file, archive);
    log.append('/w/a.js', '2026-01-01T10:00:00.000Z', 'one\n');
    log.append('/w/b.js', '2026-01-01T10:00:01.000Z', 'other\n');
    log.append('C:\\w\\c.js', '2026-01-01T10:00:02.000Z', 'win\n');
    log.append('/w/a.js', '2026-01-01T10:00:03.000Z', 'two\n');
    assert.deepEqual(log.forPath('/w/a.js').map((o) => o.content), ['one\n', 'two\n']);
    archive.close();

    const again = new ObservationLog(file, new PackBlobArchive(join(dir, 'packs')));
    assert.deepEqual(again.forPath('/w/a.js'), [
      { timestamp: '2026-01-01T10:00:00.000Z', content: 'one\n' },
      { timestamp: '2026-01-01T10:00:03.000Z', content: 'two\n' },
    ]);
    assert.deepEqual(again.forPath('c:/w/c.js').map((o) => o.content), ['win\n']);
    assert.deepEqual(again.forPath('/w/none.js'), []);
  });

  it('keeps the session an observation names (observed attribution) across a restart', () => {
    const dir = mkdtempSync(join(tmpdir(), 'at-obs-'));
    const file = join(dir, 'observations.jsonl');
    const archive = new PackBlobArchive(join(dir, 'packs'));
    const log = new ObservationLog(file, archive);
    log.append('/w/a.js', '2026-01-01T10:00:00.000Z', 'one\n', { agent: 'cursor', sessionId: 'c1' });
    log.append('/w/a.js', '2026-01-01T10:00:01.000Z', 'two\n');
    archive.close();
    assert.deepEqual(new ObservationLog(file, new PackBlobArchive(join(dir, 'packs'))).forPath('/w/a.js'), [
      { timestamp: '2026-01-01T10:00:00.000Z', content: 'one\n', by: { agent: 'cursor', sessionId: 'c1' } },
      { timestamp: '2026-01-01T10:00:01.000Z', content: 'two\n' },
    ]);
  });

  it('skips a torn last line and appends after it on a line of its own', () => {
    const dir = mkdtempSync(join(tmpdir(), 'at-obs-'));
    const file = join(dir, 'observations.jsonl');
    const archive = new PackBlobArchive(join(dir, 'packs'));
    new ObservationLog(file, archive).append('/w/a.js', '2026-01-01T10:00:00.000Z', 'one\n');
    appendFileSync(file, '{"path":"/w/a.js","timestamp":"2026-01-01T10:0');
    const torn = new ObservationLog(file, archive);
    assert.deepEqual(torn.forPath('/w/a.js').map((o) => o.content), ['one\n']);
    assert.equal(torn.damagedLines, 1);
    torn.append('/w/a.js', '2026-01-01T10:00:05.000Z', 'two\n');
    assert.equal(readFileSync(file, 'utf8').split('\n').length, 4, 'three lines and the final newline');
    const after = new ObservationLog(file, archive);
    assert.deepEqual(after.forPath('/w/a.js').map((o) => o.content), ['one\n', 'two\n']);
    assert.equal(after.damagedLines, 1);
  });

  it('works in memory without a file', () => {
    const log = new ObservationLog(undefined, new MemoryBlobArchive());
    log.append('/w/a.js', '2026-01-01T10:00:00.000Z', 'x\n');
    assert.deepEqual(log.forPath('/w/a.js'), [{ timestamp: '2026-01-01T10:00:00.000Z', content: 'x\n' }]);
  });
});
