#!/usr/bin/env bash
# Re-record the genuine Pi coding agent fixtures in test/fixtures/recorded/pi-*-v<version>/ with the real Pi CLI
# (@mariozechner/pi-coding-agent, plain Node) driven against agent-recorder's scripted local mock (no network, no
# account, no key).
#
# Usage: scripts/record-fixtures-pi.sh [NAME ...]
#   NAME: pi-notes-cli | pi-big-file | pi-shell-failures | pi-sessions | pi-tui | pi-branches (default: all)
#   pi-tui = the notes-cli scenario typed into the interactive TUI through tmux (MODE=tmux).
#   pi-branches = test/fixtures/scenarios/pi-branches.json in the TUI with `/tree` branching and a label between prompts
#     (scripts/run-pi-tui-branches.sh: run-pi.sh's tmux mode plus the scenario's `tui_before` key actions).
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

AGENT=pi
# shellcheck source=record-fixtures-mock-multi.sh
source "$ROOT/scripts/record-fixtures-mock-multi.sh"

# The whole Pi/Qwen addition must stay small: pi-big-file drops its request log (~1 MB of repeated 23 KB file reads).
keeps_requests() { [ "$(basename "$1")" != "pi-big-file$SUFFIX" ]; }
# The mock needs no key; Pi keeps an (empty) auth.json, where real keys and OAuth tokens would be: removed.
# run-pi.sh takes the session id from the first session file under sessions/ (find order), which in a HOME with
# earlier sessions can be another session's: the id is taken again from the one session file this run created.
tidy() {
  rm -f "$1/pi-home/agent/auth.json"
  local files; files=$(grep '^\./\.pi/agent/sessions/.*\.jsonl$' "$1/session-files.txt" || true)
  if [ -n "$files" ] && [ "$(wc -l <<< "$files")" = 1 ]; then
    node -e 'const fs=require("fs");console.log(JSON.parse(fs.readFileSync(process.argv[1],"utf8").split("\n")[0]).id)' \
      "$1/pi-home/agent/${files#./.pi/agent/}" > "$1/session-id.txt"
  fi
}

# pi-tui: the notes-cli scenario typed into the interactive TUI through tmux (fixture pi-tui-v…, WORK …/pi-tui-v…).
record_tui() {
  local name=pi-tui$SUFFIX
  rm -rf "${FIXTURE_WORK:?}/$name"
  drive pi-notes-cli "$OUTS/$name" "$FIXTURE_WORK/$name" MODE=tmux
  verify notes-cli "$OUTS/$name"
}

# pi-branches: the TUI with /tree branching (its own driver, see the header).
record_branches() {
  local name=pi-branches$SUFFIX out=$OUTS/pi-branches$SUFFIX
  rm -rf "${FIXTURE_WORK:?}/$name" "$out"
  log "${out#"$ROOT"/}: recording (pi-branches, WORK=$FIXTURE_WORK/$name, port $PORT)"
  AGENT_RECORDER=$REC PORT=$PORT WORK=$FIXTURE_WORK/$name "$ROOT/scripts/run-pi-tui-branches.sh" "$SCEN/pi-branches.json" "$out" >&2
  finish "$out" "$SCEN/pi-branches.json"
}

want=("$@"); [ ${#want[@]} -gt 0 ] || want=(pi-notes-cli pi-big-file pi-shell-failures pi-sessions pi-tui pi-branches)
for w in "${want[@]}"; do
  case $w in
    pi-notes-cli) single notes-cli; verify notes-cli "$OUTS/pi-notes-cli$SUFFIX" ;;
    pi-big-file) single big-file; verify big-file "$OUTS/pi-big-file$SUFFIX" ;;
    pi-shell-failures) single shell-failures ;;
    # decoy repo WORK/demo/repo: Pi names the session folder "--" + cwd with every / \ : replaced by "-" + "--", so
    # WORK/demo/repo and WORK/demo-repo share one folder; only the header's cwd tells them apart
    pi-sessions) record_sessions demo/repo ;;
    pi-tui) record_tui ;;
    pi-branches) record_branches ;;
    *) echo "unknown recording: $w" >&2; exit 2 ;;
  esac
done
