#!/usr/bin/env bash
# Re-record the genuine Claude Code transcript fixtures in test/fixtures/recorded/claude-*/ with the real
# Claude Code CLI driven against the scripted local mock of agent-recorder (no network, no account).
#
# Usage: scripts/record-fixtures-claude.sh [NAME ...]
#   NAME: claude-print | claude-decoy | claude-tui | claude-shell-edits | claude-subagent | claude-subagent-async |
#         claude-big-file | claude-hooks | claude-bash-failures | claude-monorepo (default: all; the last five were
#         first recorded with 2.1.332, claude-hooks also with 2.1.250).
#   claude-decoy shares its HOME and WORK with claude-print, so asking for either one records both, in order.
# Env:
#   CLAUDE_BIN      Claude Code binary (default: /tmp/agents/node_modules/@anthropic-ai/claude-code-linux-x64/claude)
#   AGENT_RECORDER  agent-recorder folder (default: ../shared/tools/agent-recorder relative to the repo root)
#   PORT_BASE       first mock port; recordings use PORT_BASE..PORT_BASE+4 (default 18180)
#   FIXTURE_WORK    parent of the per-recording WORK dirs (default /tmp/agent-trail-fixtures). The repo path ends up
#                   inside the transcripts (WORK/demo-repo), so keep the default to reproduce the committed paths.
#   FIXTURE_SUFFIX  appended to every fixture (and WORK) dir name, e.g. `-v2.1.332`, so a newer CLI version is recorded
#                   next to the older recordings instead of over them (default: none).
#
# The unsuffixed recordings are Claude Code 2.1.197; the `-v2.1.332` ones 2.1.332 (claude-big-file exists only there).
# Ids, timestamps and backup times differ on every run; edits and line origins do not.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
REC=${AGENT_RECORDER:-$ROOT/../shared/tools/agent-recorder}
REC=$(cd "$REC" && pwd)
export CLAUDE_BIN=${CLAUDE_BIN:-/tmp/agents/node_modules/@anthropic-ai/claude-code-linux-x64/claude}
PORT_BASE=${PORT_BASE:-18180}
FIXTURE_WORK=${FIXTURE_WORK:-/tmp/agent-trail-fixtures}
SUFFIX=${FIXTURE_SUFFIX:-}
SCEN=$ROOT/test/fixtures/scenarios
OUTS=$ROOT/test/fixtures/recorded
[ -x "$CLAUDE_BIN" ] || { echo "CLAUDE_BIN not executable: $CLAUDE_BIN" >&2; exit 1; }
[ -x "$REC/run-claude.sh" ] || { echo "agent-recorder not found at $REC (set AGENT_RECORDER)" >&2; exit 1; }

log() { echo "[record-fixtures-claude] $*" >&2; }

# Trim an output dir to what the fixtures need and write ground-truth.json.
finish() { # finish NAME SCENARIO [WORK]   (NAME includes the suffix)
  local name=$1 scenario=$2 work=${3:-} out=$OUTS/$1
  for f in "$out"/turn-*.err; do [ -s "$f" ] || rm -f "$f"; done   # keep stderr only when there was some
  if [ -f "$out/mock-requests.jsonl" ] && [ "$(stat -c %s "$out/mock-requests.jsonl")" -gt 2097152 ]; then
    rm -f "$out/mock-requests.jsonl"; log "$name: mock-requests.jsonl > 2 MB, removed"
  fi
  # the TUI also keeps the prompt history (print mode writes none)
  if [ -n "$work" ] && [ -f "$work/home/.claude/history.jsonl" ]; then cp "$work/home/.claude/history.jsonl" "$out/claude-home/history.jsonl"; fi
  node "$REC/ground-truth.mjs" "$out" "$scenario" > "$out/ground-truth.json"
  log "$name: done -> ${out#"$ROOT"/} (session $(tr '\n' ' ' < "$out/session-id.txt"))"
}

# run NAME MODE PORT [extra env...]: fresh WORK and OUT, then run-claude.sh
run() {
  local scenario=$1 mode=$2 port=$3; shift 3
  local name=$scenario$SUFFIX
  local work=$FIXTURE_WORK/$name out=$OUTS/$name
  rm -rf "$work" "$out"
  log "$name: recording (MODE=$mode, WORK=$work)"
  ( cd "$REC" && env "$@" MODE="$mode" PORT="$port" WORK="$work" ./run-claude.sh "$SCEN/$scenario.json" "$out" ) >&2
  finish "$name" "$SCEN/$scenario.json" "$work"
}

record_print_and_decoy() {
  run claude-print print "$PORT_BASE" CHECKPOINTING=1
  # Decoy: same WORK (and so the same HOME) as claude-print, but the repo is WORK/demo_repo. Claude's project dir
  # name for /tmp/agent-trail-fixtures/claude-print/demo_repo equals the one for .../demo-repo ('_' and '-' both
  # become '-'), so both sessions end up in the same ~/.claude/projects/<dir>/. Do not delete WORK in between.
  local work=$FIXTURE_WORK/claude-print$SUFFIX out=$OUTS/claude-decoy$SUFFIX
  rm -rf "$out" "$work/demo_repo"
  log "claude-decoy: recording (WORK=$work, REPO_NAME=demo_repo)"
  ( cd "$REC" && env CHECKPOINTING=1 MODE=print PORT=$((PORT_BASE + 1)) WORK="$work" REPO_NAME=demo_repo \
      ./run-claude.sh "$SCEN/claude-decoy.json" "$out" ) >&2
  finish "claude-decoy$SUFFIX" "$SCEN/claude-decoy.json"
  # the main session's ground truth with the decoy listed as "must not be attributed to demo-repo"
  node "$REC/ground-truth.mjs" --base "$OUTS" --session main "$OUTS/claude-print$SUFFIX" "$SCEN/claude-print.json" \
    --decoy decoy "$out" > "$out/ground-truth-main-with-decoy.json"
}

# Subagent: the mock must also script the subagent's own requests. The mock picks a turn by `match` on the latest
# prompt, and a subagent's conversation starts with the Agent tool's prompt, so the scenario's `subagent_turns`
# (matched by a marker in that prompt) are appended to `turns` for the mock only. run-claude.sh sends one prompt per
# entry of `turns`, so we start the mock ourselves on the port with the combined scenario; the driver's own mock then
# fails to bind (EADDRINUSE, logged to mock.out) and the CLI talks to ours.
record_subagent() { # record_subagent SCENARIO PORT
  local scenario=$1 port=$2
  local name=$scenario$SUFFIX
  local work=$FIXTURE_WORK/$name out=$OUTS/$name
  local mockscn
  mockscn=$(mktemp /tmp/claude-subagent-mock.XXXX.json)
  rm -rf "$work" "$out"; mkdir -p "$out" "$work"
  node -e 'const fs=require("fs");const s=JSON.parse(fs.readFileSync(process.argv[1],"utf8"));
    s.turns=[...s.turns,...(s.subagent_turns||[])];delete s.subagent_turns;fs.writeFileSync(process.argv[2],JSON.stringify(s,null,1))' \
    "$SCEN/$scenario.json" "$mockscn"
  node "$REC/claude-mock.mjs" --scenario "$mockscn" --port "$port" --log "$out/mock-requests.jsonl" \
    --repo "$work/demo-repo" --stepsnap "$out/step-snapshots" > "$out/mock-subagent.out" 2>&1 &
  local mock_pid=$!
  for _ in $(seq 50); do (echo > /dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.1; done
  log "$name: recording (own mock pid $mock_pid on $port, WORK=$work)"
  ( cd "$REC" && env CHECKPOINTING=1 MODE=print PORT=$port WORK="$work" ./run-claude.sh "$SCEN/$scenario.json" "$out" ) >&2 || true
  kill "$mock_pid" 2>/dev/null || true; wait "$mock_pid" 2>/dev/null || true
  rm -f "$mockscn" "$out/mock.out"; mv "$out/mock-subagent.out" "$out/mock.out"
  finish "$name" "$SCEN/$scenario.json" "$work"
}

want=("$@"); [ ${#want[@]} -gt 0 ] || want=(claude-print claude-decoy claude-tui claude-shell-edits claude-subagent claude-subagent-async claude-big-file claude-hooks claude-bash-failures claude-monorepo)
done_pd=0
for w in "${want[@]}"; do
  case $w in
    claude-print|claude-decoy) [ $done_pd = 1 ] || { record_print_and_decoy; done_pd=1; } ;;
    claude-tui) run claude-tui tmux $((PORT_BASE + 2)) ;;
    claude-shell-edits) run claude-shell-edits print $((PORT_BASE + 3)) CHECKPOINTING=1 ;;
    claude-subagent) record_subagent claude-subagent $((PORT_BASE + 4)) ;;
    claude-subagent-async) record_subagent claude-subagent-async $((PORT_BASE + 6)) ;;
    claude-big-file) run claude-big-file print $((PORT_BASE + 5)) CHECKPOINTING=1 ;;
    claude-hooks) run claude-hooks print $((PORT_BASE + 7)) CHECKPOINTING=1 ;;
    claude-bash-failures) run claude-bash-failures print $((PORT_BASE + 8)) CHECKPOINTING=1 ;;
    claude-monorepo) run claude-monorepo print $((PORT_BASE + 9)) CHECKPOINTING=1 REPO_NAME=monorepo ;;
    *) echo "unknown recording: $w" >&2; exit 2 ;;
  esac
done
