#!/usr/bin/env bash
# Re-record the genuine GitHub Copilot CLI fixtures in test/fixtures/recorded/copilot-*-v<version>/ with the real CLI
# (npm @github/copilot; native binary in @github/copilot-linux-x64) in BYOK mode against agent-recorder's scripted
# mock (no network, no GitHub account). Print mode: `copilot -p … --session-id <uuid>`, then `--resume <uuid>`.
#
# Usage: scripts/record-fixtures-copilot.sh [NAME ...]
#   NAME: copilot-notes-cli | copilot-second-session | copilot-decoy | copilot-big-file | copilot-tui-rewind |
#         copilot-tui-rewind-conversation
#         (default: all; the first three share one WORK and HOME and are always recorded together, in that order).
#   copilot-tui-rewind: notes-cli typed into the TUI (MODE=tmux), then phase 2 (this script): `copilot --resume <id>`
#         in tmux, `/rewind`, pick prompt 2, "Conversation + files", Restore, `/exit`. The driver's `copilot-home/` is
#         the state before the rewind, `copilot-home-after-rewind/` the state after it; `rewind.json` sums it up.
#   copilot-tui-rewind-conversation: the same with "Conversation only" (files left as they are).
#   copilot-tui-rewind-first: the same as copilot-tui-rewind, rewinding to before prompt 1 (the log keeps no prompt).
# Env: COPILOT_BIN (default /tmp/agents/node_modules/@github/copilot-linux-x64/copilot), PORT (default 18492),
#      and AGENT_RECORDER, FIXTURE_WORK (default /tmp/agent-trail-fixtures-copilot), FIXTURE_SUFFIX, MODE: see
#      scripts/record-fixtures-lib.sh. The first run in a WORK unpacks the CLI (~235 MB) into WORK/home/.cache.
# Ids, timestamps and backup hashes of session files differ on every run; the edits and line origins do not.
AGENT=copilot BIN_VAR=COPILOT_BIN DEFAULT_BIN=/tmp/agents/node_modules/@github/copilot-linux-x64/copilot
PORT=${PORT:-18492}
source "$(dirname "$0")/record-fixtures-lib.sh"

# tmux helpers for phase 2 of copilot-tui-rewind (own tmux server, env passed explicitly as the driver does)
rw_tmux() { tmux -L "agentrec-copilot-rewind-$$" "$@"; }
rw_screen() { rw_tmux capture-pane -p -t rw; }
rw_wait() { # rw_wait TEXT: poll the screen until it shows TEXT (60 s)
  local i; for i in $(seq 60); do rw_screen | grep -q -F -- "$1" && return 0; sleep 1; done
  log "copilot-tui-rewind: timed out waiting for '$1' (screen in the next tui-rewind-*.txt)"
}
record_tui_rewind() { # record_tui_rewind files|conversation|first
  local variant=$1 scenario=copilot-tui-rewind target=2
  case $variant in
    conversation) scenario=copilot-tui-rewind-conversation ;;
    first) scenario=copilot-tui-rewind-first; target=1 ;;
  esac
  local name=$scenario$SUFFIX work=$FIXTURE_WORK/${scenario#copilot-}$SUFFIX
  local out=$OUTS/$name
  rm -rf "$work"
  # phase 1: the driver (its own mock, stopped when it ends)
  MODE=tmux run "$scenario" "$PORT" "$work"
  local sid repo=$work/demo-repo
  sid=$(cat "$out/session-id.txt")
  # phase 2: resume in the TUI and rewind to before prompt $target (no model request is needed; the mock runs anyway)
  node "$REC/mock-multi.mjs" --scenario "$SCEN/$scenario.json" --port "$PORT" --log "$out/mock-rewind-requests.jsonl" \
    --cwd "$repo" --repo "$repo" > "$out/mock-rewind.out" 2>&1 &
  local mock_pid=$!
  sleep 1
  local envs="HOME=$work/home COPILOT_PROVIDER_BASE_URL=http://127.0.0.1:$PORT COPILOT_PROVIDER_TYPE=anthropic COPILOT_PROVIDER_API_KEY=sk-ant-api03-mock-0000000000000000000000000000 COPILOT_PROVIDER_MODEL_ID=claude-sonnet-4.5 COPILOT_PROVIDER_WIRE_MODEL=claude-sonnet-4-5 COPILOT_AUTO_UPDATE=false COPILOT_OFFLINE=1 HTTPS_PROXY=http://127.0.0.1:$PORT HTTP_PROXY=http://127.0.0.1:$PORT NO_PROXY=127.0.0.1,localhost TERM=xterm-256color"
  rw_tmux new-session -d -s rw -x 200 -y 50 -c "$repo" "env $envs $COPILOT_BIN --yolo --no-auto-update --model claude-sonnet-4.5 --resume $sid; sleep 5"
  rw_wait "Do you trust the files in this folder"; rw_tmux send-keys -t rw Enter
  sleep 3; rw_tmux send-keys -t rw -l "/rewind"; sleep 1; rw_tmux send-keys -t rw Enter
  rw_wait "Rewind to a previous point"; rw_screen > "$out/tui-rewind-1-pick.txt"
  rw_tmux send-keys -t rw Down; sleep 1                                           # 3. → 2.
  [ "$target" = 1 ] && { rw_tmux send-keys -t rw Down; sleep 1; }                 # 2. → 1.
  rw_tmux send-keys -t rw Enter
  rw_wait "Conversation + files"; rw_screen > "$out/tui-rewind-2-mode.txt"
  if [ "$variant" != conversation ]; then
    rw_tmux send-keys -t rw Down; sleep 1; rw_tmux send-keys -t rw Enter          # "Conversation + files"
    rw_wait "Enter Restore"; rw_screen > "$out/tui-rewind-3-files.txt"
    rw_tmux send-keys -t rw Enter
  else
    rw_tmux send-keys -t rw Enter                                                 # "Conversation only"
  fi
  rw_wait "Rewound"; sleep 2; rw_screen > "$out/tui-rewind-4-done.txt"
  rw_tmux send-keys -t rw C-u; sleep 0.5; rw_tmux send-keys -t rw -l "/exit"; sleep 0.5; rw_tmux send-keys -t rw Enter; sleep 5
  rw_tmux kill-server 2>/dev/null || true
  kill "$mock_pid" 2>/dev/null || true; wait "$mock_pid" 2>/dev/null || true
  mkdir -p "$out/copilot-home-after-rewind"
  cp -a "$work/home/.copilot" "$out/copilot-home-after-rewind/dot-copilot"
  ( cd "$work" && tar -czf "$out/repo-after-rewind.tar.gz" demo-repo )
  gzip -9 -f "$out/mock-rewind-requests.jsonl"
  trim "$out"; rm -f "$out"/copilot-home-after-rewind/dot-copilot/session-store.db*
  # phase 1 of the conversation-only variant is the same recording as copilot-tui-rewind's: keep it small
  [ "$variant" = files ] || rm -rf "$out/step-snapshots" "$out/mock-requests.jsonl.gz" "$out/mock-rewind-requests.jsonl.gz"
  # what the rewind did: the work tree against the snapshots, and the session files before/after
  node -e '
    const fs = require("fs"), path = require("path"), crypto = require("crypto");
    const [out, repo, sid] = process.argv.slice(1);
    const tree = (root) => { const m = {}; const walk = (d) => { for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.name === ".git") continue; const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p); else m[path.relative(root, p)] = crypto.createHash("sha256").update(fs.readFileSync(p)).digest("hex"); } };
      walk(root); return m; };
    const same = (a, b) => JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());
    const now = tree(repo);
    const snaps = fs.readdirSync(path.join(out, "snapshots")).filter((s) => same(tree(path.join(out, "snapshots", s)), now));
    const st = (home) => { const d = path.join(out, home, "dot-copilot", "session-state", sid);
      const ev = fs.readFileSync(path.join(d, "events.jsonl"), "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
      const idx = JSON.parse(fs.readFileSync(path.join(d, "rewind-file-snapshots", "index.json"), "utf8"));
      return { events: ev.length, event_types_after_last_user_message: ev.slice(ev.map((e) => e.type).lastIndexOf("user.message")).map((e) => e.type).filter((t, i, a) => a.indexOf(t) === i),
        prompts: ev.filter((e) => e.type === "user.message").map((e) => e.data.content),
        rewind_snapshots: idx.snapshots.map((s) => s.userMessage), backups: fs.readdirSync(path.join(d, "rewind-file-snapshots", "backups")).length }; };
    const r = { rewound_to: "before prompt " + process.argv[5] + " (TUI /rewind, " + (process.argv[4] !== "conversation" ? "Conversation + files" : "Conversation only") + ")", session_id: sid,
      work_tree_after_rewind_equals_snapshots: snaps, before: st("copilot-home"), after: st("copilot-home-after-rewind") };
    fs.writeFileSync(path.join(out, "rewind.json"), JSON.stringify(r, null, 2) + "\n");
  ' "$out" "$repo" "$sid" "$variant" "$target"
  log "$name: rewind done ($(node -e 'const r=require(process.argv[1]);console.log("tree == "+r.work_tree_after_rewind_equals_snapshots.join(",")+", events "+r.before.events+" -> "+r.after.events)' "$out/rewind.json"))"
}

# the lib's record_main calls this for names it does not know
record_extra() {
  case $1 in
    copilot-tui-rewind) record_tui_rewind files ;;
    copilot-tui-rewind-conversation) record_tui_rewind conversation ;;
    copilot-tui-rewind-first) record_tui_rewind first ;;
    *) echo "unknown recording: $1" >&2; exit 2 ;;
  esac
}
EXTRA_NAMES="copilot-tui-rewind copilot-tui-rewind-conversation copilot-tui-rewind-first"
record_main "$@"
