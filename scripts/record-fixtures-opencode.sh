#!/usr/bin/env bash
# Re-record the genuine OpenCode fixtures in test/fixtures/recorded/opencode-*/ with the real OpenCode CLI
# (opencode-ai on npm, a Bun single-file binary) driven by agent-recorder's run-opencode.sh against the scripted local
# mock (mock-multi.mjs, Anthropic Messages wire format; no network, no account).
#
# Usage: scripts/record-fixtures-opencode.sh [NAME ...]
#   NAME: opencode-notes-cli | opencode-shell-failures | opencode-decoy | opencode-clone | opencode-big-file |
#         opencode-wal-kill | opencode-legacy | opencode-legacy-chain (default: all).
#   opencode-notes-cli, opencode-shell-failures, opencode-decoy and opencode-clone share one WORK (one HOME, one
#   opencode.db), so asking for any of them records all four, in that order: notes-cli (session 1 on demo-repo),
#   shell-failures (session 2 on the same repo, REUSE_REPO=1, hand edit in between), decoy (a session on the separate
#   repo WORK/demo-repo-other) and clone (a session in WORK/demo-repo-clone, a `git clone` of demo-repo: same root
#   commit, so the same OpenCode project id). Each fixture holds the agent's data dir as it was after its own run, so
#   the clone's opencode.db holds all four sessions.
#   opencode-wal-kill: notes-cli's first two prompts, with the CLI SIGKILLed in prompt 2 right after its second tool
#   step was stored (see kill_wrapper); the data dir is copied before anything else opens the database, so the rows
#   of prompt 2 exist only in opencode.db-wal.
#   opencode-undo: notes-cli, then phase 2 (this script) on the same HOME through `opencode serve`'s HTTP API, which
#   the TUI's /undo and /redo call: revert to prompt 3 (data dir copied to opencode-home-after-undo/, work tree to
#   repo-after-undo.tar.gz), unrevert (opencode-home-after-redo/), revert again and send prompt 4, which makes
#   OpenCode delete the reverted messages (opencode-home-after-next-prompt/), then `opencode session delete`
#   (opencode-home-after-delete/). undo.json sums it up.
#   opencode-legacy: notes-cli with OpenCode 1.1.65, the last release that kept sessions as JSON files under
#   ~/.local/share/opencode/storage/ (1.2.0 moved them into opencode.db).
#   opencode-legacy-chain: the notes-cli, shell-failures and decoy chain (as above, one HOME) with OpenCode 1.1.65;
#   keeps opencode-legacy-shell-failures and opencode-legacy-decoy (notes-cli only sets up the repo and session 1,
#   its output is opencode-notes-cli's again and is not kept). Mock ports PORT_BASE..PORT_BASE+2.
# Env:
#   OPENCODE_BIN         current OpenCode binary (default /tmp/agents-opencode/node_modules/opencode-linux-x64/bin/opencode)
#   OPENCODE_LEGACY_BIN  OpenCode 1.1.x binary for opencode-legacy
#                        (default /tmp/agents-opencode/old/node_modules/opencode-linux-x64/bin/opencode)
#   AGENT_RECORDER       agent-recorder folder (default: ../shared/tools/agent-recorder relative to the repo root)
#   PORT_BASE            first mock port; recordings use PORT_BASE..PORT_BASE+8 (default 18590)
#   FIXTURE_WORK         parent of the per-recording WORK dirs (default /tmp/agent-trail-fixtures-opencode). The repo
#                        path ends up inside the database rows and the snapshot git config, so keep the default to
#                        reproduce the committed paths.
#   FIXTURE_SUFFIX       appended to every fixture (and WORK) dir name (default: -v<version of the binary used>).
# Ids, timestamps and snapshot tree hashes of untracked content differ on every run; edits and line origins do not.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
REC=${AGENT_RECORDER:-$ROOT/../shared/tools/agent-recorder}
REC=$(cd "$REC" && pwd)
OPENCODE_BIN=${OPENCODE_BIN:-/tmp/agents-opencode/node_modules/opencode-linux-x64/bin/opencode}
OPENCODE_LEGACY_BIN=${OPENCODE_LEGACY_BIN:-/tmp/agents-opencode/old/node_modules/opencode-linux-x64/bin/opencode}
PORT_BASE=${PORT_BASE:-18590}
FIXTURE_WORK=${FIXTURE_WORK:-/tmp/agent-trail-fixtures-opencode}
SCEN=$ROOT/test/fixtures/scenarios
OUTS=$ROOT/test/fixtures/recorded
[ -x "$REC/run-opencode.sh" ] || { echo "agent-recorder not found at $REC (set AGENT_RECORDER)" >&2; exit 1; }

log() { echo "[record-fixtures-opencode] $*" >&2; }
version_of() { "$1" --version 2>/dev/null | grep -Eo '^[0-9]+\.[0-9]+\.[0-9]+' | head -1; }
suffix_for() { if [ -n "${FIXTURE_SUFFIX:-}" ]; then echo "$FIXTURE_SUFFIX"; else echo "-v$(version_of "$1")"; fi; }

# Trim an output dir to what the fixtures need and write ground-truth.json.
finish() { # finish NAME SCENARIO
  local name=$1 scenario=$2 out=$OUTS/$1
  for f in "$out"/turn-*.err "$out"/opencode-export.err; do [ -s "$f" ] || rm -f "$f"; done
  rm -f "$out/mock.out"
  # The request log (what the CLI sent: system prompt, tools, tool results as the model saw them, the title request)
  # is kept for opencode-notes-cli and opencode-shell-failures only; elsewhere it repeats the same at 0.1-1.4 MB.
  case $name in
    opencode-notes-cli-v1.18*|opencode-shell-failures-*) ;;
    *) rm -f "$out/mock-requests.jsonl" ;;
  esac
  if [ -f "$out/mock-requests.jsonl" ] && [ "$(stat -c %s "$out/mock-requests.jsonl")" -gt 2097152 ]; then
    rm -f "$out/mock-requests.jsonl"; log "$name: mock-requests.jsonl > 2 MB, removed"
  fi
  # No secrets: the only key is the mock's fake one in opencode.json; the account/credential tables must be empty.
  local db=$out/opencode-home/data/opencode.db
  if [ -f "$db" ] && command -v sqlite3 >/dev/null; then
    local tmp; tmp=$(mktemp -d "${TMPDIR:-/tmp}/agents-opencode-check.XXXX")
    cp "$out"/opencode-home/data/opencode.db* "$tmp/"
    local n; n=$(sqlite3 "$tmp/opencode.db" "select (select count(*) from account)+(select count(*) from credential)+(select count(*) from control_account)")
    rm -rf "$tmp"
    [ "$n" = 0 ] || { log "$name: account/credential rows in opencode.db, refusing to keep it"; exit 1; }
  fi
  node "$REC/ground-truth.mjs" "$out" "$scenario" > "$out/ground-truth.json"
  log "$name: done -> ${out#"$ROOT"/} (session $(tr '\n' ' ' < "$out/session-id.txt"), $(du -sh "$out" | cut -f1))"
}

# opencode.db-wal is ~2-3.5 MB per recording (every streamed part update rewrites pages) and even after a clean exit it
# still holds the last transactions (e.g. the project's time_updated), so it cannot be dropped without losing rows.
# opencode-notes-cli and opencode-wal-kill keep db, -wal and -shm byte for byte as the agent left them; the other
# fixtures keep the same bytes gzipped (opencode.db-wal.gz, ~8x smaller): gunzip it next to a copy of opencode.db
# and opencode.db-shm before opening the database.
gzip_wal() { # gzip_wal NAME
  local data=$OUTS/$1/opencode-home/data
  [ -f "$data/opencode.db-wal" ] || return 0
  gzip -n -9 "$data/opencode.db-wal"
  echo "record-fixtures-opencode: opencode.db-wal gzipped to opencode.db-wal.gz (same bytes; gunzip before opening)" >> "$OUTS/$1/meta.txt"
}

# drive NAME SCENARIO PORT WORK BIN [env...]: run-opencode.sh into a fresh OUT
drive() {
  local name=$1 scenario=$2 port=$3 work=$4 bin=$5; shift 5
  local out=$OUTS/$name
  rm -rf "$out"
  log "$name: recording (WORK=$work, $*)"
  ( cd "$REC" && env "$@" OPENCODE_BIN="$bin" PORT="$port" WORK="$work" ./run-opencode.sh "$scenario" "$out" ) >&2
}

record_chain() {
  local sfx; sfx=$(suffix_for "$OPENCODE_BIN")
  local work=$FIXTURE_WORK/opencode-chain$sfx
  rm -rf "$work"
  drive "opencode-notes-cli$sfx" "$SCEN/opencode-notes-cli.json" "$PORT_BASE" "$work" "$OPENCODE_BIN"
  finish "opencode-notes-cli$sfx" "$SCEN/opencode-notes-cli.json"
  drive "opencode-shell-failures$sfx" "$SCEN/opencode-shell-failures.json" $((PORT_BASE + 1)) "$work" "$OPENCODE_BIN" REUSE_REPO=1
  finish "opencode-shell-failures$sfx" "$SCEN/opencode-shell-failures.json"
  gzip_wal "opencode-shell-failures$sfx"
  drive "opencode-decoy$sfx" "$SCEN/opencode-decoy.json" $((PORT_BASE + 2)) "$work" "$OPENCODE_BIN" REPO_NAME=demo-repo-other
  finish "opencode-decoy$sfx" "$SCEN/opencode-decoy.json"
  gzip_wal "opencode-decoy$sfx"
  # A second checkout of demo-repo: same root commit, so the same project id, but another directory
  git clone -q "$work/demo-repo" "$work/demo-repo-clone"
  drive "opencode-clone$sfx" "$SCEN/opencode-clone.json" $((PORT_BASE + 6)) "$work" "$OPENCODE_BIN" REUSE_REPO=1 REPO_NAME=demo-repo-clone
  finish "opencode-clone$sfx" "$SCEN/opencode-clone.json"
  gzip_wal "opencode-clone$sfx"
  # both sessions of demo-repo, with the decoy and the clone listed as "must not be attributed to demo-repo"
  node "$REC/ground-truth.mjs" --base "$OUTS" \
    --session notes "$OUTS/opencode-notes-cli$sfx" "$SCEN/opencode-notes-cli.json" \
    --session shell "$OUTS/opencode-shell-failures$sfx" "$SCEN/opencode-shell-failures.json" \
    --decoy decoy "$OUTS/opencode-decoy$sfx" --decoy clone "$OUTS/opencode-clone$sfx" \
    > "$OUTS/opencode-decoy$sfx/ground-truth-demo-repo-with-decoy.json"
}

record_big_file() {
  local sfx; sfx=$(suffix_for "$OPENCODE_BIN")
  local work=$FIXTURE_WORK/opencode-big-file$sfx
  rm -rf "$work"
  drive "opencode-big-file$sfx" "$SCEN/opencode-big-file.json" $((PORT_BASE + 3)) "$work" "$OPENCODE_BIN"
  finish "opencode-big-file$sfx" "$SCEN/opencode-big-file.json"
  gzip_wal "opencode-big-file$sfx"
}

# The -wal fixture. OpenCode keeps opencode.db in WAL mode; a normal exit (or the next process that opens the
# database, e.g. `opencode export`) checkpoints the WAL into opencode.db. To catch rows that exist only in the WAL, a
# wrapper stands in for the binary: on its second `run` it starts the real CLI, waits until the mock has taken the
# step snapshot that follows prompt 2's second tool step (the mock takes it when the CLI sends its next request, i.e.
# after the tool results were stored), SIGKILLs that CLI (its own child, by PID) and copies the data dir before the
# driver's next command opens the database.
record_wal_kill() {
  local sfx; sfx=$(suffix_for "$OPENCODE_BIN")
  local name=opencode-wal-kill$sfx
  local work=$FIXTURE_WORK/$name out=$OUTS/$name
  rm -rf "$work"
  local wrapper
  wrapper=$(mktemp "${TMPDIR:-/tmp}/agents-opencode-wrapper.XXXX.sh")
  cat > "$wrapper" <<'SH'
#!/usr/bin/env bash
# stands in for opencode during the opencode-wal-kill recording (see record-fixtures-opencode.sh)
set -u
if [ "${1:-}" != run ]; then exec "$WAL_REAL_BIN" "$@"; fi
count_file=$WAL_OUT/.run-count; n=$(( $(cat "$count_file" 2>/dev/null || echo 0) + 1 )); echo $n > "$count_file"
[ "$n" = 2 ] || exec "$WAL_REAL_BIN" "$@"
"$WAL_REAL_BIN" "$@" & pid=$!
for _ in $(seq 600); do [ -d "$WAL_OUT/step-snapshots/turn-2-step-2" ] && break; kill -0 $pid 2>/dev/null || break; sleep 0.1; done
sleep 0.3
kill -KILL $pid 2>/dev/null; wait $pid 2>/dev/null
mkdir -p "$WAL_OUT/opencode-home-at-kill"
cp -a "$HOME/.local/share/opencode" "$WAL_OUT/opencode-home-at-kill/data"
echo "SIGKILLed opencode run (pid $pid) after step-snapshots/turn-2-step-2 appeared" >> "$WAL_OUT/meta.txt"
exit 137
SH
  chmod +x "$wrapper"
  drive "$name" "$SCEN/opencode-wal-kill.json" $((PORT_BASE + 4)) "$work" "$wrapper" WAL_REAL_BIN="$OPENCODE_BIN" WAL_OUT="$out"
  rm -f "$wrapper" "$out/.run-count"
  # the data dir as the killed CLI left it replaces the driver's copy (taken after `opencode export` had opened,
  # recovered and checkpointed the database)
  [ -d "$out/opencode-home-at-kill/data" ] || { log "$name: the wrapper did not kill the CLI"; exit 1; }
  rm -rf "$out/opencode-home/data"; mv "$out/opencode-home-at-kill/data" "$out/opencode-home/data"; rmdir "$out/opencode-home-at-kill"
  finish "$name" "$SCEN/opencode-wal-kill.json"
}

# Phase 2 of opencode-undo: the recorded session driven through `opencode serve` (the TUI is a client of the same
# server routes: /undo = POST /session/<id>/revert with the last prompt's message id, /redo = POST …/unrevert).
record_undo() {
  local sfx; sfx=$(suffix_for "$OPENCODE_BIN")
  local name=opencode-undo$sfx
  local work=$FIXTURE_WORK/$name out=$OUTS/$name mock_port=$((PORT_BASE + 7)) api_port=$((PORT_BASE + 8))
  rm -rf "$work"
  drive "$name" "$SCEN/opencode-undo.json" "$mock_port" "$work" "$OPENCODE_BIN"
  local sid repo=$work/demo-repo data=$work/home/.local/share/opencode
  sid=$(head -1 "$out/session-id.txt")
  node "$REC/mock-multi.mjs" --scenario "$SCEN/opencode-undo-next.json" --port "$mock_port" --log "$out/mock-undo-requests.jsonl" \
    --cwd "$repo" > "$out/mock-undo.out" 2>&1 &
  local mock_pid=$!
  ( cd "$repo" && env HOME="$work/home" XDG_DATA_HOME= XDG_CONFIG_HOME= XDG_STATE_HOME= XDG_CACHE_HOME= \
      ANTHROPIC_API_KEY=sk-ant-api03-mock-0000000000000000000000000000 OPENCODE_DISABLE_AUTOUPDATE=1 \
      OPENCODE_DISABLE_MODELS_FETCH=1 OPENCODE_DISABLE_SHARE=1 OPENCODE_DISABLE_LSP_DOWNLOAD=1 \
      OPENCODE_DISABLE_DEFAULT_PLUGINS=1 OPENCODE_DISABLE_CLAUDE_CODE=1 HTTPS_PROXY=http://127.0.0.1:$mock_port \
      HTTP_PROXY=http://127.0.0.1:$mock_port NO_PROXY=127.0.0.1,localhost \
      "$OPENCODE_BIN" serve --port "$api_port" --hostname 127.0.0.1 > "$out/serve.out" 2>&1 ) &
  local serve_pid=$!
  local api=http://127.0.0.1:$api_port i
  for i in $(seq 60); do curl -s --noproxy '*' "$api/session" >/dev/null 2>&1 && break; sleep 1; done
  call() { curl -s --noproxy '*' -X POST -H 'content-type: application/json' "$api/session/$sid/$1" -d "$2"; echo; }
  copy_data() { mkdir -p "$out/$1"; cp -a "$data" "$out/$1/data"; rm -rf "$out/$1/data/snapshot" "$out/$1/data/log" "$out/$1/data/bin"; }
  local p3
  p3=$(curl -s --noproxy '*' "$api/session/$sid/message" | node -e '
    const m = JSON.parse(require("fs").readFileSync(0, "utf8")).filter((x) => x.info.role === "user");
    console.log(m[2].info.id)')
  echo "undo: revert to $p3 (prompt 3)" >> "$out/meta.txt"
  call revert "{\"messageID\":\"$p3\"}" > "$out/undo-revert.json"; sleep 2
  copy_data opencode-home-after-undo
  ( cd "$work" && tar -czf "$out/repo-after-undo.tar.gz" demo-repo )
  call unrevert '{}' > "$out/undo-unrevert.json"; sleep 2
  copy_data opencode-home-after-redo
  call revert "{\"messageID\":\"$p3\"}" > /dev/null; sleep 2
  call message '{"parts":[{"type":"text","text":"say hello"}]}' > "$out/undo-next-prompt.json"; sleep 2
  copy_data opencode-home-after-next-prompt
  ( cd "$work" && tar -czf "$out/repo-after-next-prompt.tar.gz" demo-repo )
  kill "$serve_pid" 2>/dev/null || true; wait "$serve_pid" 2>/dev/null || true
  kill "$mock_pid" 2>/dev/null || true; wait "$mock_pid" 2>/dev/null || true
  ( cd "$repo" && env HOME="$work/home" XDG_DATA_HOME= XDG_CONFIG_HOME= XDG_STATE_HOME= XDG_CACHE_HOME= OPENCODE_DISABLE_AUTOUPDATE=1 \
      "$OPENCODE_BIN" session delete "$sid" ) > "$out/session-delete.out" 2>&1 || echo "session delete exit $?" >> "$out/meta.txt"
  copy_data opencode-home-after-delete
  local d
  for d in "$out"/opencode-home-after-*/data; do [ -f "$d/opencode.db-wal" ] && gzip -n -9 "$d/opencode.db-wal"; done
  rm -f "$out/mock-undo-requests.jsonl" "$out/mock-undo.out"
  finish "$name" "$SCEN/opencode-undo.json"
  gzip_wal "$name"
  node -e '
    const { execFileSync } = require("child_process"), fs = require("fs"), path = require("path"), os = require("os");
    const [out, sid] = process.argv.slice(1);
    const st = (home) => { const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "h13rw-undo-")); const d = path.join(out, home, "data");
      for (const f of fs.readdirSync(d)) if (f.startsWith("opencode.db")) fs.copyFileSync(path.join(d, f), path.join(tmp, f.replace(/\.gz$/, "")));
      for (const f of fs.readdirSync(tmp)) if (fs.readFileSync(path.join(tmp, f))[0] === 0x1f && f.endsWith("-wal")) execFileSync("sh", ["-c", `gunzip -c < ${tmp}/${f} > ${tmp}/x && mv ${tmp}/x ${tmp}/${f}`]);
      const q = (sql) => execFileSync("sqlite3", [path.join(tmp, "opencode.db"), sql], { encoding: "utf8" }).trim();
      const r = { sessions: Number(q("select count(*) from session")), revert: q(`select coalesce(revert, "") from session where id = "${sid}"`) || null,
        messages: Number(q(`select count(*) from message where session_id = "${sid}"`)), parts: Number(q(`select count(*) from part where session_id = "${sid}"`)),
        prompts: q(`select id from message where session_id = "${sid}" and json_extract(data, "$.role") = "user" order by id`).split("\n").filter(Boolean) };
      fs.rmSync(tmp, { recursive: true }); return r; };
    const r = { session_id: sid };
    for (const h of ["opencode-home", "opencode-home-after-undo", "opencode-home-after-redo", "opencode-home-after-next-prompt", "opencode-home-after-delete"]) r[h] = st(h);
    fs.writeFileSync(path.join(out, "undo.json"), JSON.stringify(r, null, 2) + "\n");
  ' "$out" "$sid"
  log "$name: phase 2 done ($(node -e 'const r=require(process.argv[1]);console.log(["opencode-home","opencode-home-after-undo","opencode-home-after-redo","opencode-home-after-next-prompt","opencode-home-after-delete"].map((h)=>h+": "+r[h].messages+" msgs, revert "+(r[h].revert?"set":"none")).join("; "))' "$out/undo.json"))"
}

record_legacy() {
  [ -x "$OPENCODE_LEGACY_BIN" ] || { log "OPENCODE_LEGACY_BIN not executable: $OPENCODE_LEGACY_BIN"; exit 1; }
  local sfx; sfx=$(suffix_for "$OPENCODE_LEGACY_BIN")
  local work=$FIXTURE_WORK/opencode-notes-cli$sfx
  rm -rf "$work"
  drive "opencode-notes-cli$sfx" "$SCEN/opencode-notes-cli.json" $((PORT_BASE + 5)) "$work" "$OPENCODE_LEGACY_BIN"
  finish "opencode-notes-cli$sfx" "$SCEN/opencode-notes-cli.json"
}

record_legacy_chain() {
  [ -x "$OPENCODE_LEGACY_BIN" ] || { log "OPENCODE_LEGACY_BIN not executable: $OPENCODE_LEGACY_BIN"; exit 1; }
  local sfx; sfx=$(suffix_for "$OPENCODE_LEGACY_BIN")
  local work=$FIXTURE_WORK/opencode-legacy-chain$sfx
  rm -rf "$work"
  drive "opencode-legacy-notes-cli$sfx" "$SCEN/opencode-notes-cli.json" "$PORT_BASE" "$work" "$OPENCODE_LEGACY_BIN"
  rm -rf "${OUTS:?}/opencode-legacy-notes-cli$sfx"
  drive "opencode-legacy-shell-failures$sfx" "$SCEN/opencode-shell-failures.json" $((PORT_BASE + 1)) "$work" "$OPENCODE_LEGACY_BIN" REUSE_REPO=1
  finish "opencode-legacy-shell-failures$sfx" "$SCEN/opencode-shell-failures.json"
  drive "opencode-legacy-decoy$sfx" "$SCEN/opencode-decoy.json" $((PORT_BASE + 2)) "$work" "$OPENCODE_LEGACY_BIN" REPO_NAME=demo-repo-other
  finish "opencode-legacy-decoy$sfx" "$SCEN/opencode-decoy.json"
}

want=("$@"); [ ${#want[@]} -gt 0 ] || want=(opencode-notes-cli opencode-big-file opencode-wal-kill opencode-legacy opencode-legacy-chain)
done_chain=0
for w in "${want[@]}"; do
  case $w in
    opencode-notes-cli|opencode-shell-failures|opencode-decoy|opencode-clone) [ $done_chain = 1 ] || { record_chain; done_chain=1; } ;;
    opencode-big-file) record_big_file ;;
    opencode-wal-kill) record_wal_kill ;;
    opencode-legacy) record_legacy ;;
    opencode-legacy-chain) record_legacy_chain ;;
    opencode-undo) record_undo ;;
    *) echo "unknown recording: $w" >&2; exit 2 ;;
  esac
done
