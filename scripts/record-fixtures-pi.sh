#!/usr/bin/env bash
# Re-record the genuine Pi coding agent fixtures in test/fixtures/recorded/pi-*-v<version>/ with the real Pi CLI
# (@mariozechner/pi-coding-agent, plain Node) driven against agent-recorder's scripted local mock (no network, no
# account, no key).
#
# Usage: scripts/record-fixtures-pi.sh [NAME ...]
#   NAME: pi-notes-cli | pi-big-file | pi-shell-failures | pi-sessions (default: all)
#   pi-sessions = two sessions on one repo plus a decoy session of another folder in the same HOME:
#     a/ (pi-sessions-a.json), decoy/ (pi-decoy.json, repo WORK/demo/repo, whose session folder name collides with
#     WORK/demo-repo's), b/ (pi-sessions-b.json, REUSE_REPO=1), and ground-truth.json over all three.
# Env:
#   PI_BIN          Pi's dist/cli.js (default: /tmp/agents-pi-qwen/node_modules/@mariozechner/pi-coding-agent/dist/cli.js)
#   AGENT_RECORDER  agent-recorder folder (default: ../shared/tools/agent-recorder relative to the repo root)
#   PORT            mock port, used by every recording in turn (they run one after another; default 18391)
#   FIXTURE_WORK    parent of the per-recording WORK dirs (default /tmp/agent-trail-fixtures-pi). The repo path ends
#                   up inside the transcripts and in the session folder name, so keep the default to reproduce them.
# The fixture dirs carry the CLI version as a suffix (`pi --version`), so a newer Pi is recorded next to the older one.
# Scenarios: test/fixtures/scenarios/pi-{notes-cli,big-file}.json are agent-recorder's generated ones (copied);
# pi-{shell-failures,sessions-a,sessions-b,decoy}.json come from scripts/scenarios/piQwenExtra.mjs.
# Ids and timestamps differ on every run; edits and line origins do not.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
REC=${AGENT_RECORDER:-$ROOT/../shared/tools/agent-recorder}
REC=$(cd "$REC" && pwd)
export PI_BIN=${PI_BIN:-/tmp/agents-pi-qwen/node_modules/@mariozechner/pi-coding-agent/dist/cli.js}
PORT=${PORT:-18391}
FIXTURE_WORK=${FIXTURE_WORK:-/tmp/agent-trail-fixtures-pi}
SCEN=$ROOT/test/fixtures/scenarios
OUTS=$ROOT/test/fixtures/recorded
[ -f "$PI_BIN" ] || { echo "PI_BIN not found: $PI_BIN" >&2; exit 1; }
[ -x "$REC/run-pi.sh" ] || { echo "agent-recorder not found at $REC (set AGENT_RECORDER)" >&2; exit 1; }
VERSION=$(node "$PI_BIN" --version 2>&1 | tail -1)   # pi prints its version on stderr
SUFFIX=-v$VERSION

log() { echo "[record-fixtures-pi] $*" >&2; }

# The whole Pi/Qwen addition must stay small: pi-big-file drops its request log (~1 MB of repeated 23 KB file reads).
keeps_requests() { [ "$(basename "$1")" != "pi-big-file$SUFFIX" ]; }

# trim OUT: stderr only when there was some, no request log over 2 MB (or not kept, see above), no auth file (the
# mock needs no key; Pi keeps an empty auth.json), then the ground truth of the run.
finish() { # finish OUT SCENARIO
  local out=$1 scenario=$2
  for f in "$out"/turn-*.err; do [ -s "$f" ] || rm -f "$f"; done
  if [ -f "$out/mock-requests.jsonl" ] && [ "$(stat -c %s "$out/mock-requests.jsonl")" -gt 2097152 ]; then
    rm -f "$out/mock-requests.jsonl"; log "${out#"$ROOT"/}: mock-requests.jsonl > 2 MB, removed"
  fi
  if ! keeps_requests "$out"; then rm -f "$out/mock-requests.jsonl"; fi
  rm -f "$out/pi-home/agent/auth.json"
  node "$REC/ground-truth.mjs" "$out" "$scenario" > "$out/ground-truth.json"
  log "done -> ${out#"$ROOT"/} (session $(tr '\n' ' ' < "$out/session-id.txt"))"
}

# run SCENARIO OUT WORK PORT [env...]: one driver run (the caller decides whether WORK is fresh)
drive() {
  local scenario=$1 out=$2 work=$3 port=$4; shift 4
  rm -rf "$out"
  log "${out#"$ROOT"/}: recording ($scenario, WORK=$work, port $port)"
  ( cd "$REC" && env MODE=print "$@" PORT="$port" WORK="$work" ./run-pi.sh "$SCEN/$scenario.json" "$out" ) >&2
  finish "$out" "$SCEN/$scenario.json"
}

# verify NAME OUT: the snapshots equal the trees make-scenarios.mjs expects (generated scenarios only)
verify() { ( cd "$REC" && node make-scenarios.mjs --verify "$1" "$2" ) >&2 || { log "$2: --verify FAILED"; return 1; }; }

single() { # single NAME (without the pi- prefix)
  local name=pi-$1$SUFFIX
  rm -rf "${FIXTURE_WORK:?}/$name"
  drive "pi-$1" "$OUTS/$name" "$FIXTURE_WORK/$name" "$PORT"
}

record_sessions() {
  local name=pi-sessions$SUFFIX
  local work=$FIXTURE_WORK/$name out=$OUTS/$name
  rm -rf "$work" "$out"; mkdir -p "$out"
  drive pi-sessions-a "$out/a" "$work" "$PORT"
  # decoy: same HOME, repo WORK/demo/repo. Pi names the session folder "--" + cwd with every / \ : replaced by "-"
  # + "--", so WORK/demo/repo and WORK/demo-repo share one folder: only the header's cwd tells them apart.
  drive pi-decoy "$out/decoy" "$work" "$PORT" REPO_NAME=demo/repo
  drive pi-sessions-b "$out/b" "$work" "$PORT" REUSE_REPO=1
  node "$REC/ground-truth.mjs" --base "$out" --session a "$out/a" "$SCEN/pi-sessions-a.json" \
    --session b "$out/b" "$SCEN/pi-sessions-b.json" --decoy decoy "$out/decoy" > "$out/ground-truth.json"
  # b/pi-home holds the final HOME state (all three sessions); a/ and decoy/ keep theirs as they were after each run
}

want=("$@"); [ ${#want[@]} -gt 0 ] || want=(pi-notes-cli pi-big-file pi-shell-failures pi-sessions)
for w in "${want[@]}"; do
  case $w in
    pi-notes-cli) single notes-cli; verify notes-cli "$OUTS/pi-notes-cli$SUFFIX" ;;
    pi-big-file) single big-file; verify big-file "$OUTS/pi-big-file$SUFFIX" ;;
    pi-shell-failures) single shell-failures ;;
    pi-sessions) record_sessions ;;
    *) echo "unknown recording: $w" >&2; exit 2 ;;
  esac
done
