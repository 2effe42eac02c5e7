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
#   cline-tui-undo: notes-cli in the TUI, then phase 2 (this script): `cline --id <session>` in tmux, `/undo`
#         ("Restore to a previous checkpoint"), the checkpoint of prompt 3, "Restore chat and workspace", quit. Cline
#         starts a NEW session holding copies of the messages before prompt 3 and resets the work tree; the first
#         session stays as it was. cline-home-after-undo/ and repo-after-undo.tar.gz are the state after it; undo.json
#         sums it up.
# Env: CLINE_BIN (default /tmp/agents/node_modules/@cline/cli-linux-x64/bin/cline), PORT (default 18494),
#      and AGENT_RECORDER, FIXTURE_WORK (default /tmp/agent-trail-fixtures-cline), FIXTURE_SUFFIX, MODE: see
#      scripts/record-fixtures-lib.sh.
# repo.tar.gz of every fixture holds the repo's .git with Cline's checkpoint refs (refs/cline/checkpoints/…).
# Ids, timestamps and checkpoint commit hashes differ on every run; the edits and line origins do not.
AGENT=cline BIN_VAR=CLINE_BIN DEFAULT_BIN=/tmp/agents/node_modules/@cline/cli-linux-x64/bin/cline
PORT=${PORT:-18494}
source "$(dirname "$0")/record-fixtures-lib.sh"
# the lib's record_main calls this for names it does not know
# tmux helpers for phase 2 of cline-tui-undo (own tmux server, env passed explicitly as the driver does)
un_tmux() { tmux -L "agentrec-cline-undo-$$" "$@"; }
un_screen() { un_tmux capture-pane -p -t un; }
un_wait() { # un_wait TEXT: poll the screen until it shows TEXT (60 s)
  local i; for i in $(seq 60); do un_screen | grep -q -F -- "$1" && return 0; sleep 1; done
  log "cline-tui-undo: timed out waiting for '$1'"
}
record_tui_undo() {
  local name=cline-tui-undo$SUFFIX work=$FIXTURE_WORK/tui-undo$SUFFIX
  local out=$OUTS/$name repo=$work/demo-repo
  rm -rf "$work"
  run cline-tui-undo "$PORT" "$work"
  local sid; sid=$(head -1 "$out/session-id.txt")
  node "$REC/mock-multi.mjs" --scenario "$SCEN/cline-tui-undo.json" --port "$PORT" --log "$work/mock-undo-requests.jsonl" \
    --cwd "$repo" > "$work/mock-undo.out" 2>&1 &
  local mock_pid=$!
  sleep 1
  un_tmux new-session -d -s un -x 200 -y 50 -c "$repo" \
    "env HOME=$work/home HTTPS_PROXY=http://127.0.0.1:$PORT HTTP_PROXY=http://127.0.0.1:$PORT NO_PROXY=127.0.0.1,localhost TERM=xterm-256color $CLINE_BIN --id $sid -P openai -m claude-sonnet-4-5; sleep 5"
  un_wait "Ask anything"; sleep 2
  un_tmux send-keys -t un -l "/undo"; sleep 1; un_tmux send-keys -t un Enter
  un_wait "Enter to select"; un_screen > "$out/tui-undo-1-pick.txt"
  un_tmux send-keys -t un Enter                                          # the newest checkpoint: before prompt 3
  un_wait "Restore chat and workspace"; un_screen > "$out/tui-undo-2-mode.txt"
  un_tmux send-keys -t un Down; sleep 1; un_tmux send-keys -t un Enter   # "Restore chat and workspace"
  sleep 6; un_screen > "$out/tui-undo-3-done.txt"
  un_tmux send-keys -t un C-u; sleep 0.5; un_tmux send-keys -t un C-c; sleep 1; un_tmux send-keys -t un C-c; sleep 4
  un_tmux kill-server 2>/dev/null || true
  local pid
  for pid in $(grep -l -s -F -- "--cline-hub-daemon" /proc/[0-9]*/cmdline 2>/dev/null | cut -d/ -f3); do
    if { tr '\0' ' ' < "/proc/$pid/cmdline"; } 2>/dev/null | grep -q -F -- "--cwd $repo "; then kill "$pid" 2>/dev/null || true; fi
  done
  kill "$mock_pid" 2>/dev/null || true; wait "$mock_pid" 2>/dev/null || true
  mkdir -p "$out/cline-home-after-undo"
  cp -a "$work/home/.cline" "$out/cline-home-after-undo/dot-cline"
  rm -rf "$out/cline-home-after-undo/dot-cline/data/db" "$out/cline-home-after-undo/dot-cline/data/settings/providers.json" \
    "$out/cline-home-after-undo/dot-cline/data/secrets.json"
  find "$out/cline-home-after-undo" -path '*/logs/*' -type f -size +200k -delete
  ( cd "$work" && tar -czf "$out/repo-after-undo.tar.gz" demo-repo )
  node -e '
    const fs = require("fs"), path = require("path");
    const [out, sid] = process.argv.slice(1);
    const dir = path.join(out, "cline-home-after-undo/dot-cline/data/sessions");
    const sessions = fs.readdirSync(dir).sort().map((id) => {
      const manifest = JSON.parse(fs.readFileSync(path.join(dir, id, id + ".json"), "utf8"));
      const messages = JSON.parse(fs.readFileSync(path.join(dir, id, id + ".messages.json"), "utf8")).messages;
      const started = Date.parse(manifest.started_at);
      return { id, started_at: manifest.started_at, status: manifest.status, messages: messages.length,
        messages_before_start: messages.filter((m) => m.ts < started).length,
        prompts: messages.filter((m) => m.role === "user" && Array.isArray(m.content) && m.content.some((b) => b.type === "text")).map((m) => m.id) };
    });
    const r = { restored: "checkpoint of prompt 3 (/undo, Restore chat and workspace)", source_session: sid, sessions };
    fs.writeFileSync(path.join(out, "undo.json"), JSON.stringify(r, null, 2) + "\n");
  ' "$out" "$sid"
  log "$name: undo done ($(node -e 'const r=require(process.argv[1]);console.log(r.sessions.map((s)=>s.id+": "+s.messages+" messages, "+s.messages_before_start+" before its start").join("; "))' "$out/undo.json"))"
}

record_extra() {
  case $1 in
    cline-tui-undo) record_tui_undo ;;
    cline-print)
      rm -rf "$FIXTURE_WORK/print$SUFFIX"
      MODE=print run cline-print "$PORT" "$FIXTURE_WORK/print$SUFFIX" ;;
    *) echo "unknown recording: $1" >&2; exit 2 ;;
  esac
}
EXTRA_NAMES="cline-print cline-tui-undo"
record_main "$@"
