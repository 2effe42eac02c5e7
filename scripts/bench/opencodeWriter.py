#!/usr/bin/env python3
"""The writing side of `npm run bench:live -- --agent opencode` (bench data only; never used by tests): acts as a running
OpenCode on a copy of the realistic corpus's database, with SQLite itself (Python's sqlite3, WAL mode as OpenCode's).

usage: opencodeWriter.py DB SESSION_ID, then one prompt text per line on stdin. For each line it adds a user message
shaped like the session's first one (a copy of its JSON with a new id and time, no summary) and its text part, moves
the session's update time and event number on as OpenCode does when a message arrives, commits, and prints "ok".
"""
import json
import os
import sqlite3
import sys
import time


def main():
    db_path, session = sys.argv[1], sys.argv[2]
    db = sqlite3.connect(db_path, isolation_level=None)
    db.execute('PRAGMA journal_mode=WAL')
    first = db.execute("SELECT id, data FROM message WHERE session_id = ? AND json_extract(data, '$.role') = 'user' ORDER BY time_created, id LIMIT 1", (session,)).fetchone()
    if first is None:
        sys.exit('no user message in session %s' % session)
    part = db.execute("SELECT data FROM part WHERE message_id = ? AND json_extract(data, '$.type') = 'text' ORDER BY id LIMIT 1", (first[0],)).fetchone()
    if part is None:
        sys.exit('no text part in message %s' % first[0])
    message_data = json.loads(first[1])
    message_data.pop('summary', None)
    part_data = json.loads(part[0])
    has_events = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'event_sequence'").fetchone() is not None
    n = 0
    for line in sys.stdin:
        text = line.rstrip('\n')
        n += 1
        now = int(time.time() * 1000)
        # Ids after every recorded one (OpenCode's are time-ordered): 'z' sorts after its hex digits.
        mid = 'msg_z%012x%04d%s' % (now, n, os.urandom(4).hex())
        pid = 'prt_z%012x%04d%s' % (now, n, os.urandom(4).hex())
        message_data['time'] = {'created': now}
        part_data.update({'id': pid, 'messageID': mid, 'sessionID': session, 'text': text})
        db.execute('BEGIN IMMEDIATE')
        db.execute('INSERT INTO message (id, session_id, time_created, time_updated, data) VALUES (?, ?, ?, ?, ?)', (mid, session, now, now, json.dumps(message_data)))
        db.execute('INSERT INTO part (id, message_id, session_id, time_created, time_updated, data) VALUES (?, ?, ?, ?, ?, ?)', (pid, mid, session, now, now, json.dumps(part_data)))
        db.execute('UPDATE session SET time_updated = ? WHERE id = ?', (now, session))
        if has_events:
            db.execute('UPDATE event_sequence SET seq = seq + 1 WHERE aggregate_id = ?', (session,))
        db.execute('COMMIT')
        print('ok', flush=True)


main()
