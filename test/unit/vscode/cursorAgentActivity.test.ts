// When a Cursor composer counts as working, from the events the observer feeds in (a fake clock: no timing
// assertions): database writes trigger at most one status read per poll interval, "generating" makes a composer
// active, file changes are credited to it while it is and shortly after, never before or long after.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CursorAgentActivity, runsInCursor } from '../../../src/vscode/blame/cursorAgentActivity';

const timings = { pollMs: 100, graceMs: 1_000 };

describe('Cursor agent activity', () => {
  it('reads the statuses on a database write, then at most once per poll interval, and once more for writes in between', () => {
    const a = new CursorAgentActivity(timings);
    assert.deepEqual(a.storeChanged(1_000), { pollNow: true });
    assert.deepEqual(a.storeChanged(1_040), { pollNow: false, pollDue: 1_100 });
    assert.deepEqual(a.storeChanged(1_060), { pollNow: false, pollDue: 1_100 });
    assert.equal(a.pollDue(1_100), true, 'the writes in between are read once');
    assert.equal(a.pollDue(1_150), false, 'nothing changed since');
    assert.deepEqual(a.storeChanged(1_250), { pollNow: true });
  });

  it('credits file changes to the generating composer while it works and shortly after, to nobody otherwise', () => {
    const a = new CursorAgentActivity(timings);
    assert.equal(a.fileChanged(0), undefined, 'nobody seen working yet');
    assert.equal(a.statuses(10, [{ composerId: 'c1', status: 'completed' }]), undefined);
    assert.equal(a.fileChanged(20), undefined);
    assert.equal(a.statuses(100, [{ composerId: 'c1', status: 'generating', lastUpdatedAt: 5 }, { composerId: 'c2', status: 'none' }]), 'c1', 'c1 started');
    assert.equal(a.fileChanged(150), 'c1');
    assert.equal(a.statuses(600, [{ composerId: 'c1', status: 'generating' }]), undefined, 'still the same composer: not a new start');
    assert.equal(a.shouldRecheck(700), true);
    assert.equal(a.fileChanged(1_500), 'c1', 'within the grace period after it was last seen generating');
    assert.equal(a.statuses(1_550, [{ composerId: 'c1', status: 'completed' }]), undefined);
    assert.equal(a.fileChanged(1_599), 'c1', 'the last edits land as the status flips');
    assert.equal(a.fileChanged(1_601), undefined);
    assert.equal(a.shouldRecheck(1_601), false);
  });

  it('of several generating composers, credits the one written last', () => {
    const a = new CursorAgentActivity(timings);
    assert.equal(
      a.statuses(0, [
        { composerId: 'old', status: 'generating', lastUpdatedAt: 10 },
        { composerId: 'new', status: 'generating', lastUpdatedAt: 20 },
      ]),
      'new',
    );
    assert.equal(a.fileChanged(5), 'new');
    assert.equal(a.statuses(50, [{ composerId: 'old', status: 'generating', lastUpdatedAt: 30 }]), 'old');
    assert.equal(a.fileChanged(60), 'old');
  });

  it('runs only inside Cursor', () => {
    assert.equal(runsInCursor('Cursor'), true);
    assert.equal(runsInCursor('Cursor Nightly'), true);
    assert.equal(runsInCursor('Visual Studio Code'), false);
    assert.equal(runsInCursor('code-server'), false);
  });
});
