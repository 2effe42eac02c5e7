#!/usr/bin/env python3
"""A large Cursor IDE store for `npm run bench:cursor` (docs/benchmarks.md): a `User` folder whose global
state.vscdb holds SIZE_MB of composer/bubble/checkpoint rows, almost all of them other workspaces' (long
conversations, big tool results and file states), plus one workspace (/bench/cursor/project-0) with a few composers.
Written in WAL mode as Cursor's is, and left with the last rows only in the -wal (the process exits without
closing, so SQLite does not checkpoint): a reader must read the WAL.

    python3 scripts/bench/makeCursorStateDb.py OUT_DIR SIZE_MB [WORKSPACE_COMPOSERS] [BUBBLES_PER_COMPOSER]

Shapes as in test/fixtures/cursor-state (docs/formats/cursorStateVscdb.md); deterministic (seeded).
"""
import json
import os
import random
import sqlite3
import sys

out, size_mb = sys.argv[1], int(sys.argv[2])
ws_composers = int(sys.argv[3]) if len(sys.argv) > 3 else 4
ws_bubbles = int(sys.argv[4]) if len(sys.argv) > 4 else 60
rng = random.Random(14)
T0 = 1796300000000
WORKSPACE = '/bench/cursor/project-0'

user = os.path.join(out, 'User')
gdir = os.path.join(user, 'globalStorage')
os.makedirs(gdir, exist_ok=True)
gpath = os.path.join(gdir, 'state.vscdb')
for suffix in ('', '-wal', '-shm'):
    if os.path.exists(gpath + suffix):
        os.remove(gpath + suffix)

# Filler text: slices of one large pseudo-random block (realistic sizes without generating GBs of randomness).
WORDS = 'const let function return import export from await async if else for while class interface type the a to of and in is it file line test'.split()
BLOCK = ' '.join(rng.choice(WORDS) for _ in range(400_000))


def text(n):
    start = rng.randrange(0, len(BLOCK) - n - 1)
    return BLOCK[start:start + n]


def uid(i, kind):
    return '%08x-%04x-4%03x-8%03x-%012x' % (i, kind, i % 4096, kind % 4096, rng.getrandbits(48))


def uri(path):
    return {'$mid': 1, 'fsPath': path, 'external': 'file://' + path, 'path': path, 'scheme': 'file'}


def composer_rows(cid, folder, n_bubbles, big):
    rows = []
    headers = []
    files = ['%s/src/file%d.ts' % (folder, k) for k in range(6)]
    v0 = {f: text(rng.randrange(2_000, 40_000 if big else 8_000)) + '\n' for f in files}
    for j in range(n_bubbles):
        bid = uid(j, 2)
        btype = 1 if j % 8 == 0 else 2
        headers.append({'bubbleId': bid, 'type': btype})
        b = {'_v': 3, 'type': btype, 'bubbleId': bid, 'createdAt': '2026-12-03T10:%02d:%02d.000Z' % (j // 60 % 60, j % 60), 'codeBlocks': [], 'toolResults': []}
        if btype == 1:
            b['text'] = text(rng.randrange(50, 800))
        else:
            kind = j % 4
            if kind == 0:
                b['text'] = text(rng.randrange(200, 3_000))
                b['thinking'] = {'text': text(rng.randrange(200, 2_000))}
            elif kind == 1:
                f = rng.choice(files)
                cp = uid(j, 3)
                b['checkpointId'] = cp
                b['afterCheckpointId'] = cp + 'a'
                b['toolFormerData'] = {'tool': 7, 'toolCallId': 'call_' + bid, 'status': 'completed', 'name': 'edit_file',
                                       'rawArgs': json.dumps({'target_file': f, 'instructions': 'edit', 'code_edit': text(rng.randrange(500, 5_000))}),
                                       'params': json.dumps({'relativeWorkspacePath': f[len(folder) + 1:]}), 'result': json.dumps({'diff': {}, 'isApplied': True})}
                old = v0[f].split('\n')
                rows.append(('checkpointId:%s:%s' % (cid, cp), json.dumps({'files': [{'uri': uri(f), 'originalModelDiffWrtV0': [{'original': {'startLineNumber': 1, 'endLineNumberExclusive': 2}, 'modified': [text(80)]}]}], 'nonExistentFiles': []})))
                rows.append(('checkpointId:%s:%s' % (cid, cp + 'a'), json.dumps({'files': [{'uri': uri(f), 'originalModelDiffWrtV0': [{'original': {'startLineNumber': 1, 'endLineNumberExclusive': min(3, len(old) + 1)}, 'modified': [text(80), text(60)]}]}], 'nonExistentFiles': []})))
            elif kind == 2:
                out_len = rng.randrange(1_000, 400_000 if big else 20_000)
                b['toolFormerData'] = {'tool': 15, 'toolCallId': 'call_' + bid, 'status': 'completed', 'name': 'run_terminal_cmd',
                                       'rawArgs': json.dumps({'command': 'npm test', 'is_background': False}), 'result': json.dumps({'output': text(out_len), 'exitCode': 0})}
            else:
                b['toolFormerData'] = {'tool': 5, 'toolCallId': 'call_' + bid, 'status': 'completed', 'name': 'read_file',
                                       'rawArgs': json.dumps({'target_file': rng.choice(files)}), 'result': json.dumps({'contents': text(rng.randrange(1_000, 60_000 if big else 10_000))})}
        rows.append(('bubbleId:%s:%s' % (cid, bid), json.dumps(b)))
    composer = {'_v': 10, 'composerId': cid, 'name': text(30), 'status': 'completed', 'createdAt': T0, 'lastUpdatedAt': T0 + n_bubbles * 1000,
                'fullConversationHeadersOnly': headers, 'modelConfig': {'modelName': 'claude-4-sonnet'},
                'originalFileStates': {'file://' + f: {'content': c, 'firstEditBubbleId': headers[1]['bubbleId'], 'isNewlyCreated': False} for f, c in v0.items()}}
    rows.insert(0, ('composerData:' + cid, json.dumps(composer)))
    return rows


def workspace(wid, folder, ids):
    d = os.path.join(user, 'workspaceStorage', wid)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, 'workspace.json'), 'w') as f:
        json.dump({'folder': 'file://' + folder}, f)
    p = os.path.join(d, 'state.vscdb')
    if os.path.exists(p):
        os.remove(p)
    w = sqlite3.connect(p)
    w.execute('CREATE TABLE ItemTable (key TEXT UNIQUE ON CONFLICT REPLACE, value BLOB)')
    w.execute('CREATE TABLE cursorDiskKV (key TEXT UNIQUE ON CONFLICT REPLACE, value BLOB)')
    w.execute('INSERT INTO ItemTable VALUES (?, ?)', ('composer.composerData', json.dumps({'allComposers': [{'composerId': c} for c in ids]})))
    w.commit()
    w.close()


db = sqlite3.connect(gpath)
db.execute('PRAGMA journal_mode=WAL')
db.execute('PRAGMA synchronous=OFF')
db.execute('CREATE TABLE ItemTable (key TEXT UNIQUE ON CONFLICT REPLACE, value BLOB)')
db.execute('CREATE TABLE cursorDiskKV (key TEXT UNIQUE ON CONFLICT REPLACE, value BLOB)')
db.commit()

mine = [uid(i, 1) for i in range(ws_composers)]
workspace('ws-bench-0', WORKSPACE, mine)
written = 0
k = 0
others = 0
# Other workspaces' composers, until the database has its size; the workspace's own composers interleaved early.
while written < size_mb * 1_000_000:
    folder = '/bench/cursor/other-%d' % (k % 150)
    cid = uid(1000 + k, 1)
    rows = composer_rows(cid, folder, rng.randrange(40, 400), big=True)
    db.executemany('INSERT INTO cursorDiskKV VALUES (?, ?)', rows)
    written += sum(len(r[0]) + len(r[1]) for r in rows)
    if k % 150 < 8:
        workspace('ws-other-%d' % (k % 150), folder, [cid])
    k += 1
    others += 1
    if k % 20 == 0:
        db.commit()
        print('%d MB, %d composers' % (written // 1_000_000, others), flush=True)
    if k == 1:
        for cid in mine[:-1]:
            db.executemany('INSERT INTO cursorDiskKV VALUES (?, ?)', composer_rows(cid, WORKSPACE, ws_bubbles, big=False))
db.commit()
db.execute('PRAGMA wal_checkpoint(TRUNCATE)')
# The workspace's newest composer only in the WAL, as a chat Cursor is writing.
db.executemany('INSERT INTO cursorDiskKV VALUES (?, ?)', composer_rows(mine[-1], WORKSPACE, ws_bubbles, big=False))
db.commit()
with open(os.path.join(out, 'manifest.json'), 'w') as f:
    json.dump({'sizeMb': size_mb, 'workspace': WORKSPACE, 'composers': mine, 'bubblesPerComposer': ws_bubbles, 'otherComposers': others}, f)
sys.stdout.flush()
os._exit(0)  # without closing: the last rows stay only in the -wal
