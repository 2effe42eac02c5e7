#!/usr/bin/env bash
# Re-record the genuine Cline CLI fixtures in test/fixtures/recorded/cline-*-v<version>/ with the real CLI (npm
# `cline`; Bun binary in @cline/cli-linux-x64) against agent-recorder's scripted mock (OpenAI-compatible provider,
# no network, no account). The driver types the prompts into the interactive TUI in tmux (MODE=tmux, the default:
# the only way to give one Cline session several prompts); it needs tmux.
#
# Usage: scripts/record-fixtures-cline.sh [NAME ...]
#   NAME: cline-notes-cli | cline-second-session | cline-decoy | cline-big-file | cline-print (default: all; the
#         first three share one WORK and HOME and are always recorded together, in that order).
#   cline-print: notes-cli in print mode (`cline --json "<prompt>"` per prompt): three one-prompt sessions, and the
#         CLI's JSON event stream on stdout (turn-N.out).
# Env: CLINE_BIN (default /tmp/agents/node_modules/@cline/cli-linux-x64/bin/cline), PORT (default 18494),
#      and AGENT_RECORDER, FIXTURE_WORK (default /tmp/agent-trail-fixtures-cline), FIXTURE_SUFFIX, MODE: see
#      scripts/record-fixtures-lib.sh.
# repo.tar.gz of every fixture holds the repo's .git with Cline's checkpoint refs (refs/cline/checkpoints/…).
# Ids, timestamps and checkpoint commit hashes differ on every run; the edits and line origins do not.
AGENT=cline BIN_VAR=CLINE_BIN DEFAULT_BIN=/tmp/agents/node_modules/@cline/cli-linux-x64/bin/cline
PORT=${PORT:-18494}
source "$(dirname "$0")/record-fixtures-lib.sh"
# the lib's record_main calls this for names it does not know
record_extra() {
  case $1 in
    cline-print)
      rm -rf "$FIXTURE_WORK/print$SUFFIX"
      MODE=print run cline-print "$PORT" "$FIXTURE_WORK/print$SUFFIX" ;;
    *) echo "unknown recording: $1" >&2; exit 2 ;;
  esac
}
EXTRA_NAMES=cline-print
record_main "$@"
