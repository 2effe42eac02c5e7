#!/usr/bin/env python3
"""Builds a large OpenCode-shaped database for scripts/bench/benchOpencodeDb.ts (bench data only; never used by tests).

Copies the recorded rows of test/fixtures/recorded/opencode-notes-cli-v1.18.33 (the 1.18.33 schema, its session,
messages and parts) into SESSIONS sessions with new ids, spread round-robin over DIRS project folders
(/bench/opencode/project-<k>), each session's messages repeated REPEAT times (so sessions are long), times shifted
so every row is newer than the last. The workspace a bench reads is one of the folders: the others are the decoys a
reading must skip.

usage: makeOpencodeDb.py OUT.db [SESSIONS=400] [DIRS=10] [REPEAT=5]
NO_EVENTS=1 leaves out table event_sequence (as in databases of OpenCode 1.2 to 1.1x), so readings fall back to one
aggregate per table over the workspace's sessions.
"""
import os
import shutil
import sqlite3
import sys
import tempfile

here = os.path.dirname(os.path.abspath(__file__))
fixture = os.path.join(here, '..', '..', 'test', 'fixtures', 'recorded', 'opencode-notes-cli-v1.18.33', 'opencode-home', 'data')


def main():
    out = sys.argv[1]
    sessions = int(sys.argv[2]) if len(sys.argv) > 2 else 400
    dirs = int(sys.argv[3]) if len(sys.argv) > 3 else 10
    repeat = int(sys.argv[4]) if len(sys.argv) > 4 else 5
    # A copy: even a read-only sqlite3 connection may rewrite the fixture's -shm.
    tmp = tempfile.mkdtemp(prefix='at-opencode-bench-src-')
    for name in ('opencode.db', 'opencode.db-wal', 'opencode.db-shm'):
        src = os.path.join(fixture, name)
        if os.path.exists(src):
            shutil.copy(src, os.path.join(tmp, name))
    src = sqlite3.connect(os.path.join(tmp, 'opencode.db'))
    for suffix in ('', '-wal', '-shm'):
        if os.path.exists(out + suffix):
            os.remove(out + suffix)
    dst = sqlite3.connect(out)
    no_events = os.environ.get('NO_EVENTS') == '1'
    for (name, sql) in src.execute("SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY type DESC"):
        if no_events and name.startswith('event'):
            continue
        dst.execute(sql)
    dst.execute('PRAGMA journal_mode=WAL')
    cols = [r[1] for r in src.execute('PRAGMA table_info(session)')]
    session = dict(zip(cols, src.execute('SELECT * FROM session').fetchone()))
    messages = src.execute('SELECT id, time_created, time_updated, data FROM message ORDER BY id').fetchall()
    parts = src.execute('SELECT id, message_id, time_created, time_updated, data FROM part ORDER BY id').fetchall()
    t0 = session['time_created']
    span = max(r[2] for r in messages + [(0, 0, 0)]) - t0 + 1000
    for i in range(sessions):
        sid = 'ses_%06d%s' % (i, session['id'][10:])
        directory = '/bench/opencode/project-%d' % (i % dirs)
        row = dict(session, id=sid, directory=directory, title='Bench session %d' % i)
        shift = i * span * repeat
        row['time_created'] = session['time_created'] + shift
        row['time_updated'] = session['time_updated'] + shift + span * (repeat - 1)
        dst.execute('INSERT INTO session (%s) VALUES (%s)' % (', '.join(cols), ', '.join('?' * len(cols))), [row[c] for c in cols])
        if not no_events:
            # The event log itself is left out (the reader never reads it): only each session's last event number.
            dst.execute('INSERT INTO event_sequence (aggregate_id, seq) VALUES (?, ?)', (sid, 100 * repeat))
        for r in range(repeat):
            off = shift + r * span
            tag = '%06d%02d' % (i, r)
            mid = lambda m: 'msg_%s%s' % (tag, m[4:])
            for (m, tc, tu, data) in messages:
                data = data.replace('/tmp/agent-trail-fixtures-opencode/opencode-chain-v1.18.33/demo-repo', directory)
                data = data.replace('"parentID":"msg_', '"parentID":"msg_%s' % tag)
                dst.execute('INSERT INTO message VALUES (?, ?, ?, ?, ?)', (mid(m), sid, tc + off, tu + off, data))
            for (p, m, tc, tu, data) in parts:
                data = data.replace('/tmp/agent-trail-fixtures-opencode/opencode-chain-v1.18.33/demo-repo', directory)
                dst.execute('INSERT INTO part VALUES (?, ?, ?, ?, ?, ?)', ('prt_%s%s' % (tag, p[4:]), mid(m), sid, tc + off, tu + off, data))
        if i % 50 == 49:
            dst.commit()
    dst.commit()
    dst.execute('PRAGMA wal_checkpoint(TRUNCATE)')
    dst.close()
    src.close()
    shutil.rmtree(tmp)
    print('%s: %d sessions x %d prompts in %d folders, %.1f MB' % (out, sessions, repeat * 3, dirs, os.path.getsize(out) / 1e6))


main()
