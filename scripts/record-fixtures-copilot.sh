#!/usr/bin/env bash
# Re-record the genuine GitHub Copilot CLI fixtures in test/fixtures/recorded/copilot-*-v<version>/ with the real CLI
# (npm @github/copilot; native binary in @github/copilot-linux-x64) in BYOK mode against agent-recorder's scripted
# mock (no network, no GitHub account). Print mode: `copilot -p … --session-id <uuid>`, then `--resume <uuid>`.
#
# Usage: scripts/record-fixtures-copilot.sh [NAME ...]
#   NAME: copilot-notes-cli | copilot-second-session | copilot-decoy | copilot-big-file (default: all; the first
#         three share one WORK and HOME and are always recorded together, in that order).
# Env: COPILOT_BIN (default /tmp/agents/node_modules/@github/copilot-linux-x64/copilot), PORT (default 18492),
#      and AGENT_RECORDER, FIXTURE_WORK (default /tmp/agent-trail-fixtures-copilot), FIXTURE_SUFFIX, MODE: see
#      scripts/record-fixtures-lib.sh. The first run in a WORK unpacks the CLI (~235 MB) into WORK/home/.cache.
# Ids, timestamps and backup hashes of session files differ on every run; the edits and line origins do not.
AGENT=copilot BIN_VAR=COPILOT_BIN DEFAULT_BIN=/tmp/agents/node_modules/@github/copilot-linux-x64/copilot
PORT=${PORT:-18492}
source "$(dirname "$0")/record-fixtures-lib.sh"
record_main "$@"
