# Shared part of scripts/record-fixtures-{copilot,cline}.sh (sourced, not run): records agent-recorder runs of the
# mock-multi agents into test/fixtures/recorded/<agent>-<scenario>-v<version>/, trims them and writes ground truth.
# The sourcing script sets AGENT (copilot|cline), BIN_VAR (name of the env var that run-<agent>.sh reads the binary
# from) and DEFAULT_BIN, optionally EXTRA_NAMES and a function record_extra NAME for recordings of its own, then
# calls record_main "$@".
#
# Recordings (names without the version suffix):
#   <agent>-notes-cli       generated scenario: 3 prompts, a hand edit before P2, shell-made create/append, a failing
#                           command (exit 2), a rename (mv), a sed -i edit and a delete (rm)
#   <agent>-big-file        generated scenario: a committed 23 KB file and a created 15.7 KB file edited, hand edits
#   <agent>-second-session  a second session in the repo (and HOME) that <agent>-notes-cli left (REUSE_REPO=1): a hand
#                           edit before P1, an edit, a created file, a failing command (exit 1), a rename by shell
#   <agent>-decoy           a session of another repo (REPO_NAME=other-repo) in the same HOME, also writing src/notes.js
# second-session and decoy continue the WORK of notes-cli, so asking for any of the three records all three, in order.
# Env:
#   <BIN_VAR>       the agent's binary (default DEFAULT_BIN)
#   AGENT_RECORDER  agent-recorder folder (default: ../shared/tools/agent-recorder relative to the repo root)
#   PORT            mock port, used by every recording in turn (each driver run stops its mock at exit)
#   FIXTURE_WORK    parent of the WORK dirs (default /tmp/agent-trail-fixtures-<agent>). The repo path ends up inside
#                   the transcripts (WORK/demo-repo), so keep the default to reproduce the committed paths.
#   FIXTURE_SUFFIX  appended to fixture and WORK dir names (default: -v<version> from `<binary> --version`)
#   MODE            passed to the driver (default: the driver's: print for Copilot, tmux for Cline)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
REC=${AGENT_RECORDER:-$ROOT/../shared/tools/agent-recorder}
REC=$(cd "$REC" && pwd)
SCEN=$ROOT/test/fixtures/scenarios
OUTS=$ROOT/test/fixtures/recorded

log() { echo "[record-fixtures-$AGENT] $*" >&2; }

# Trim an output dir to what a fixture needs (no agent binaries, caches, credentials or empty stderr).
trim() { # trim OUT
  local out=$1
  for f in "$out"/turn-*.err; do [ -s "$f" ] || rm -f "$f"; done
  # every request repeats the ~50 KB system prompt and tool list: gzip keeps the log at a tenth of its size
  [ -f "$out/mock-requests.jsonl" ] && gzip -9 -f "$out/mock-requests.jsonl"
  if [ -f "$out/mock-requests.jsonl.gz" ] && [ "$(stat -c %s "$out/mock-requests.jsonl.gz")" -gt 2097152 ]; then
    rm -f "$out/mock-requests.jsonl.gz"; log "$(basename "$out"): mock-requests.jsonl.gz > 2 MB, removed"
  fi
  # The agents' SQLite side stores (Copilot ~/.copilot/session-store.db, Cline ~/.cline/data/db) grow with every
  # session in the HOME and hold nothing the session files lack: keep them once, in notes-cli, as a format sample
  case $out in
    *-notes-cli*) ;;
    *) rm -f "$out"/copilot-home/dot-copilot/session-store.db*; rm -rf "$out/cline-home/dot-cline/data/db" ;;
  esac
  # the TUIs log verbosely (Copilot's TUI: ~4 MB per run): drop big logs, keep small ones as samples
  find "$out" -path '*/logs/*' -type f -size +200k -print -delete | sed 's#^#[trim] removed #' >&2
  # Cline keeps the provider key the driver gave `cline auth` (the mock's dummy key) here: never commit a key file
  rm -f "$out/cline-home/dot-cline/data/settings/providers.json" "$out/cline-home/dot-cline/data/secrets.json"
  # the unpacked Copilot CLI is under ~/.cache (not copied by the driver); make sure nothing of it slipped in
  rm -rf "$out/copilot-home/dot-copilot/pkg"
}

# run SCENARIO PORT WORK [extra env...]: record SCENARIO (a file in test/fixtures/scenarios) into OUTS/SCENARIO$SUFFIX
run() {
  local scenario=$1 port=$2 work=$3; shift 3
  local name=$scenario$SUFFIX out=$OUTS/$scenario$SUFFIX
  rm -rf "$out"
  log "$name: recording (WORK=$work, port $port)"
  ( cd "$REC" && env "$@" ${MODE:+MODE=$MODE} PORT="$port" WORK="$work" "./run-$AGENT.sh" "$SCEN/$scenario.json" "$out" ) >&2
  trim "$out"
  # run-cline.sh lists every session of the HOME in session-id.txt (newest first); a fixture names only its own,
  # the session folder this run created
  if [ "$AGENT" = cline ]; then
    sed -n 's#^\./\.cline/data/sessions/\([^/]*\)/.*#\1#p' "$out/session-files.txt" | sort -u > "$out/session-id.txt"
  fi
  node "$REC/ground-truth.mjs" "$out" "$SCEN/$scenario.json" > "$out/ground-truth.json"
  log "$name: done -> ${out#"$ROOT"/} (session $(tr '\n' ' ' < "$out/session-id.txt"))"
}

verify() { # verify SCENARIO_KIND NAME: the snapshots equal the expected trees of a generated scenario
  ( cd "$REC" && node make-scenarios.mjs --verify "$1" "$OUTS/$2$SUFFIX" ) >&2
}

record_sessions() {
  local work=$FIXTURE_WORK/notes-cli$SUFFIX
  rm -rf "$work"
  run "$AGENT-notes-cli" "$PORT" "$work"
  verify notes-cli "$AGENT-notes-cli"
  run "$AGENT-second-session" "$PORT" "$work" REUSE_REPO=1
  run "$AGENT-decoy" "$PORT" "$work" REPO_NAME=other-repo
  # line origins across both demo-repo sessions, with the other-repo session listed as a decoy
  node "$REC/ground-truth.mjs" --base "$OUTS" \
    --session notes "$OUTS/$AGENT-notes-cli$SUFFIX" "$SCEN/$AGENT-notes-cli.json" \
    --session second "$OUTS/$AGENT-second-session$SUFFIX" "$SCEN/$AGENT-second-session.json" \
    --decoy decoy "$OUTS/$AGENT-decoy$SUFFIX" > "$OUTS/$AGENT-second-session$SUFFIX/ground-truth-sessions.json"
}

record_main() {
  local bin=${!BIN_VAR:-$DEFAULT_BIN}
  [ -x "$bin" ] || { echo "$BIN_VAR not executable: $bin" >&2; exit 1; }
  [ -x "$REC/run-$AGENT.sh" ] || { echo "agent-recorder not found at $REC (set AGENT_RECORDER)" >&2; exit 1; }
  export "$BIN_VAR=$bin"
  FIXTURE_WORK=${FIXTURE_WORK:-/tmp/agent-trail-fixtures-$AGENT}
  if [ -z "${FIXTURE_SUFFIX+x}" ]; then
    # `copilot --version` prints "GitHub Copilot CLI 1.0.102.", `cline --version` "3.0.65": take the first x.y.z
    mkdir -p "$FIXTURE_WORK/version-home"   # a throw-away HOME: Copilot unpacks itself into ~/.cache on first run
    SUFFIX=-v$(HOME=$FIXTURE_WORK/version-home "$bin" --version 2>/dev/null | grep -oE '[0-9]+\.[0-9]+\.[0-9]+' | head -1)
  else
    SUFFIX=$FIXTURE_SUFFIX
  fi
  # shellcheck disable=SC2206  # EXTRA_NAMES: agent-specific recordings the sourcing script handles in record_extra
  local want=("$@"); [ ${#want[@]} -gt 0 ] || want=("$AGENT-notes-cli" "$AGENT-big-file" ${EXTRA_NAMES:-})
  local done_sessions=0 w
  for w in "${want[@]}"; do
    case $w in
      "$AGENT-notes-cli"|"$AGENT-second-session"|"$AGENT-decoy") [ $done_sessions = 1 ] || { record_sessions; done_sessions=1; } ;;
      "$AGENT-big-file")
        rm -rf "$FIXTURE_WORK/big-file$SUFFIX"
        run "$AGENT-big-file" "$PORT" "$FIXTURE_WORK/big-file$SUFFIX"
        verify big-file "$AGENT-big-file" ;;
      *) if declare -F record_extra > /dev/null; then record_extra "$w"; else echo "unknown recording: $w" >&2; exit 2; fi ;;
    esac
  done
}
