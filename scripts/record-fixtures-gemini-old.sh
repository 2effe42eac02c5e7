#!/usr/bin/env bash
# Record the fixtures of older Gemini CLI builds in test/fixtures/recorded/ with agent-recorder's run-gemini.sh and
# gemini-mock.mjs (real CLIs, scripted local model, nothing leaves the machine).
#
# Usage: scripts/record-fixtures-gemini-old.sh [NAME ...]
#   NAME: gemini-legacy-print     Gemini CLI 0.24.5, scenario gemini-legacy-print.json: the legacy whole-document
#                                 session-*.json whose write_file/replace results carry no resultDisplay
#         gemini-legacy-continue  0.24.5, scenario gemini-continue.json: "System: Please continue." in a legacy file
#         gemini-jsonl-continue   0.41.2, scenario gemini-continue.json: the same in the JSONL log
#   (default: all three, ~2 min)
#
# Env (defaults in brackets):
#   AGENT_RECORDER     agent-recorder folder [/work/shared/tools/agent-recorder]
#   GEMINI_0_24_BIN    [/tmp/at-gemini-agents/v0.24.5/node_modules/@google/gemini-cli/dist/index.js]
#   GEMINI_0_41_BIN    [/tmp/at-gemini-agents/v0.41.2/node_modules/@google/gemini-cli/bundle/gemini.js]
#                      (npm install @google/gemini-cli@0.24.5 / @0.41.2 into those folders)
#   WORK_BASE          stable work dirs, WORK=$WORK_BASE/<name> [/tmp/agent-trail-fixtures]
#   PORT_BASE          mock port; PORT_BASE+1 is the tunnel [18320]
#
# Two things the driver cannot do for these builds, done here:
# - They send every request through an undici ProxyAgent when HTTPS_PROXY is set and ignore NO_PROXY, so they never
#   reach the mock the driver points HTTPS_PROXY at. scripts/geminiViaTunnel.mjs (the GEMINI_BIN handed to the driver)
#   points them at scripts/mockTunnel.mjs, which tunnels to the mock only and refuses everything else (tunnel.jsonl).
# - 0.24's checkpointing shadow git needs a committer identity, which the driver's throw-away HOME lacks: set by env.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
REC=${AGENT_RECORDER:-/work/shared/tools/agent-recorder}
GEMINI_0_24_BIN=${GEMINI_0_24_BIN:-/tmp/at-gemini-agents/v0.24.5/node_modules/@google/gemini-cli/dist/index.js}
GEMINI_0_41_BIN=${GEMINI_0_41_BIN:-/tmp/at-gemini-agents/v0.41.2/node_modules/@google/gemini-cli/bundle/gemini.js}
WORK_BASE=${WORK_BASE:-/tmp/agent-trail-fixtures}
PORT_BASE=${PORT_BASE:-18320}
SC=$ROOT/test/fixtures/scenarios
RECORDED=$ROOT/test/fixtures/recorded
export GIT_AUTHOR_NAME=agent-recorder GIT_AUTHOR_EMAIL=recorder@example.invalid
export GIT_COMMITTER_NAME=agent-recorder GIT_COMMITTER_EMAIL=recorder@example.invalid

log() { echo "[record-gemini-old] $*" >&2; }

# A legacy session document is pretty-printed JSON: the driver reads session ids from first lines only.
session_ids() {
  local out=$1 home=$2 f
  : > "$out/session-id.txt"
  for f in $(grep '/chats/' "$out/session-files.txt" || true); do
    node -e 'const fs=require("fs"),t=fs.readFileSync(process.argv[1],"utf8");let id;try{id=JSON.parse(t).sessionId}catch{id=JSON.parse(t.split("\n")[0]).sessionId}if(id)console.log(id)' "$home/$f"
  done | awk 'NF && !seen[$0]++' > "$out/session-id.txt"
}

# record NAME SCENARIO CLI_ENTRY
record() {
  local name=$1 scen=$2 entry=$3
  local out=$RECORDED/$name work=$WORK_BASE/$name port=$PORT_BASE tunnel=$((PORT_BASE + 1))
  [ -f "$entry" ] || { log "missing Gemini CLI entry $entry"; exit 2; }
  log "recording $name ($(node "$entry" --version 2>/dev/null || echo '?'), scenario $scen, port $port)"
  rm -rf "$out" "$work"; mkdir -p "$work" "$out"
  node "$ROOT/scripts/mockTunnel.mjs" "$tunnel" "$port" "$out/tunnel.jsonl" &
  local tunnel_pid=$!
  trap 'kill '"$tunnel_pid"' 2>/dev/null || true' EXIT
  for _ in $(seq 50); do (echo > /dev/tcp/127.0.0.1/$tunnel) 2>/dev/null && break; sleep 0.1; done
  TUNNEL_PORT=$tunnel GEMINI_REAL_BIN=$entry GEMINI_BIN=$ROOT/scripts/geminiViaTunnel.mjs PORT=$port WORK=$work \
    "$REC/run-gemini.sh" "$SC/$scen.json" "$out"
  kill "$tunnel_pid" 2>/dev/null || true
  trap - EXIT
  if grep -q '"refused"' "$out/tunnel.jsonl"; then log "WARNING: the CLI tried to reach other hosts (refused): see $out/tunnel.jsonl"; fi
  session_ids "$out" "$work/home"
  node "$REC/ground-truth.mjs" "$out" "$SC/$scen.json" > "$out/ground-truth.json"
  { echo "gemini: $(cat "$out/gemini-version.txt")"; echo "node:   $(node --version)"; } > "$out/versions.txt"
  find "$out" -name mock-requests.jsonl -size +2M -print -delete
  find "$out" -name .git -prune -exec rm -rf {} +
}

NAMES=("$@"); [ ${#NAMES[@]} -eq 0 ] && NAMES=(gemini-legacy-print gemini-legacy-continue gemini-jsonl-continue)
for n in "${NAMES[@]}"; do
  case $n in
    gemini-legacy-print)    record gemini-legacy-print gemini-legacy-print "$GEMINI_0_24_BIN" ;;
    gemini-legacy-continue) record gemini-legacy-continue gemini-continue "$GEMINI_0_24_BIN" ;;
    gemini-jsonl-continue)  record gemini-jsonl-continue gemini-continue "$GEMINI_0_41_BIN" ;;
    *) echo "unknown recording: $n" >&2; exit 2 ;;
  esac
done
log "done"
