#!/usr/bin/env bash
# Re-record the genuine Qwen Code fixtures in test/fixtures/recorded/qwen-*-v<version>/ with the real Qwen Code CLI
# (@qwen-code/qwen-code, plain Node bundle; `qwen "<prompt>" --yolo -o json`, then `--resume <id>`) driven against
# agent-recorder's scripted local mock (OpenAI Chat Completions; no network, no account, no key).
#
# Usage: scripts/record-fixtures-qwen.sh [NAME ...]
#   NAME: qwen-notes-cli | qwen-big-file | qwen-shell-failures | qwen-sessions | qwen-tui (default: all)
#   qwen-tui = the notes-cli scenario typed into the interactive TUI through tmux (MODE=tmux): only the TUI keeps
#     file-history backups (~/.qwen/file-history/<sessionId>/<sha256(path)[0:16]>@vN) and file_history_snapshot records.
#   qwen-sessions = two sessions on one repo plus a decoy session of another folder in the same HOME:
#     a/ (qwen-sessions-a.json), decoy/ (qwen-decoy.json, repo WORK/demo_repo, whose project folder name collides
#     with WORK/demo-repo's), b/ (qwen-sessions-b.json, REUSE_REPO=1), and ground-truth.json over all three.
# Env:
#   QWEN_BIN        Qwen Code's cli-entry.js (default: /tmp/agents-pi-qwen/node_modules/@qwen-code/qwen-code/cli-entry.js)
#   AGENT_RECORDER  agent-recorder folder (default: ../shared/tools/agent-recorder relative to the repo root)
#   PORT            mock port, used by every recording in turn (they run one after another; default 18393)
#   FIXTURE_WORK    parent of the per-recording WORK dirs (default /tmp/agent-trail-fixtures-qwen). The repo path ends
#                   up inside the transcripts and in the project folder name, so keep the default to reproduce them.
# The fixture dirs carry the CLI version as a suffix (`qwen --version`), so a newer Qwen Code is recorded next to the older one.
# Scenarios: test/fixtures/scenarios/qwen-{notes-cli,big-file}.json are agent-recorder's generated ones (copied);
# qwen-{shell-failures,sessions-a,sessions-b,decoy}.json come from scripts/scenarios/piQwenExtra.mjs.
# Ids and timestamps differ on every run; edits and line origins do not.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
REC=${AGENT_RECORDER:-$ROOT/../shared/tools/agent-recorder}
REC=$(cd "$REC" && pwd)
export QWEN_BIN=${QWEN_BIN:-/tmp/agents-pi-qwen/node_modules/@qwen-code/qwen-code/cli-entry.js}
PORT=${PORT:-18393}
FIXTURE_WORK=${FIXTURE_WORK:-/tmp/agent-trail-fixtures-qwen}
SCEN=$ROOT/test/fixtures/scenarios
OUTS=$ROOT/test/fixtures/recorded
[ -f "$QWEN_BIN" ] || { echo "QWEN_BIN not found: $QWEN_BIN" >&2; exit 1; }
[ -x "$REC/run-qwen.sh" ] || { echo "agent-recorder not found at $REC (set AGENT_RECORDER)" >&2; exit 1; }
VERSION=$(node "$QWEN_BIN" --version 2>/dev/null | tail -1)
SUFFIX=-v$VERSION

log() { echo "[record-fixtures-qwen] $*" >&2; }

# The whole Pi/Qwen addition must stay small. Only qwen-notes-cli keeps its request log: every Qwen request repeats
# ~40 KB of system prompt, reminders and tools, so the other logs would add ~3 MB and show nothing new.
keeps_requests() { [ "$(basename "$1")" = "qwen-notes-cli$SUFFIX" ]; }

# trim OUT: stderr only when there was some, no request log over 2 MB (or not kept, see above), no credentials (the
# mock needs none; Qwen keeps oauth_creds.json / .env only after a login, removed if present), then the ground truth.
finish() { # finish OUT SCENARIO
  local out=$1 scenario=$2
  for f in "$out"/turn-*.err; do [ -s "$f" ] || rm -f "$f"; done
  if [ -f "$out/mock-requests.jsonl" ] && [ "$(stat -c %s "$out/mock-requests.jsonl")" -gt 2097152 ]; then
    rm -f "$out/mock-requests.jsonl"; log "${out#"$ROOT"/}: mock-requests.jsonl > 2 MB, removed"
  fi
  if ! keeps_requests "$out"; then rm -f "$out/mock-requests.jsonl"; fi
  rm -f "$out/qwen-home/dot-qwen/oauth_creds.json" "$out/qwen-home/dot-qwen/.env"
  node "$REC/ground-truth.mjs" "$out" "$scenario" > "$out/ground-truth.json"
  log "done -> ${out#"$ROOT"/} (session $(tr '\n' ' ' < "$out/session-id.txt"))"
}

# run SCENARIO OUT WORK PORT [env...]: one driver run (the caller decides whether WORK is fresh)
drive() {
  local scenario=$1 out=$2 work=$3 port=$4; shift 4
  rm -rf "$out"
  log "${out#"$ROOT"/}: recording ($scenario, WORK=$work, port $port)"
  ( cd "$REC" && env MODE=print "$@" PORT="$port" WORK="$work" ./run-qwen.sh "$SCEN/$scenario.json" "$out" ) >&2
  finish "$out" "$SCEN/$scenario.json"
}

# verify NAME OUT: the snapshots equal the trees make-scenarios.mjs expects (generated scenarios only)
verify() { ( cd "$REC" && node make-scenarios.mjs --verify "$1" "$2" ) >&2 || { log "$2: --verify FAILED"; return 1; }; }

single() { # single NAME (without the qwen- prefix)
  local name=qwen-$1$SUFFIX
  rm -rf "${FIXTURE_WORK:?}/$name"
  drive "qwen-$1" "$OUTS/$name" "$FIXTURE_WORK/$name" "$PORT"
}

record_sessions() {
  local name=qwen-sessions$SUFFIX
  local work=$FIXTURE_WORK/$name out=$OUTS/$name
  rm -rf "$work" "$out"; mkdir -p "$out"
  drive qwen-sessions-a "$out/a" "$work" "$PORT"
  # decoy: same HOME, repo WORK/demo_repo. Qwen names the project folder after the cwd with every non-alphanumeric
  # character replaced by "-" (sanitizeCwd), so WORK/demo_repo and WORK/demo-repo share one projects/<dir>/chats/:
  # only the records' cwd tells them apart.
  drive qwen-decoy "$out/decoy" "$work" "$PORT" REPO_NAME=demo_repo
  drive qwen-sessions-b "$out/b" "$work" "$PORT" REUSE_REPO=1
  node "$REC/ground-truth.mjs" --base "$out" --session a "$out/a" "$SCEN/qwen-sessions-a.json" \
    --session b "$out/b" "$SCEN/qwen-sessions-b.json" --decoy decoy "$out/decoy" > "$out/ground-truth.json"
  # b/qwen-home holds the final HOME state (all three sessions); a/ and decoy/ keep theirs as they were after each run
}

# The TUI run uses the notes-cli scenario under its own name (fixture qwen-tui-v…, WORK …/qwen-tui-v…).
record_tui() {
  local name=qwen-tui$SUFFIX
  rm -rf "${FIXTURE_WORK:?}/$name"
  drive qwen-notes-cli "$OUTS/$name" "$FIXTURE_WORK/$name" "$PORT" MODE=tmux
  verify notes-cli "$OUTS/$name"
}

want=("$@"); [ ${#want[@]} -gt 0 ] || want=(qwen-notes-cli qwen-big-file qwen-shell-failures qwen-sessions qwen-tui)
for w in "${want[@]}"; do
  case $w in
    qwen-notes-cli) single notes-cli; verify notes-cli "$OUTS/qwen-notes-cli$SUFFIX" ;;
    qwen-big-file) single big-file; verify big-file "$OUTS/qwen-big-file$SUFFIX" ;;
    qwen-shell-failures) single shell-failures ;;
    qwen-sessions) record_sessions ;;
    qwen-tui) record_tui ;;
    *) echo "unknown recording: $w" >&2; exit 2 ;;
  esac
done
