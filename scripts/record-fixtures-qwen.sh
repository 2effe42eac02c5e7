#!/usr/bin/env bash
# Re-record the genuine Qwen Code fixtures in test/fixtures/recorded/qwen-*-v<version>/ with the real Qwen Code CLI
# (@qwen-code/qwen-code, plain Node bundle; `qwen "<prompt>" --yolo -o json`, then `--resume <id>`) driven against
# agent-recorder's scripted local mock (OpenAI Chat Completions; no network, no account, no key).
#
# Usage: scripts/record-fixtures-qwen.sh [NAME ...]
#   NAME: qwen-notes-cli | qwen-big-file | qwen-shell-failures | qwen-sessions | qwen-tui | qwen-tui-rewind |
#         qwen-tui-rewind-first
#         (default: all)
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

AGENT=qwen
# shellcheck source=record-fixtures-mock-multi.sh
source "$ROOT/scripts/record-fixtures-mock-multi.sh"

# The whole Pi/Qwen addition must stay small. Only qwen-notes-cli keeps its request log: every Qwen request repeats
# ~40 KB of system prompt, reminders and tools, so the other logs would add ~3 MB and show nothing new.
keeps_requests() { [ "$(basename "$1")" = "qwen-notes-cli$SUFFIX" ]; }
# the mock needs none; Qwen keeps oauth_creds.json / .env only after a login
tidy() { rm -f "$1/qwen-home/dot-qwen/oauth_creds.json" "$1/qwen-home/dot-qwen/.env"; }

# The TUI run uses the notes-cli scenario under its own name (fixture qwen-tui-v…, WORK …/qwen-tui-v…).
record_tui() {
  local name=qwen-tui$SUFFIX
  rm -rf "${FIXTURE_WORK:?}/$name"
  drive qwen-notes-cli "$OUTS/$name" "$FIXTURE_WORK/$name" MODE=tmux
  verify notes-cli "$OUTS/$name"
}

# qwen-tui-rewind: ONE live TUI process (a resumed session offers no file restore: "File restore is unavailable for
# this turn (no captured file changes, or this turn predates the current session)"): P1, hand edit, P2 as in
# run-qwen.sh MODE=tmux, then rewind (Esc Esc) to P2 -> "Restore code and conversation", then P3 (the turn with
# rewind_before).
# Uses agent-recorder's common.sh helpers and repeats run-qwen.sh's setup (settings.json, env, tmux command).
# Extra output: snapshots/turn-3-rewound (tree right after the rewind), tui-rewind-*.txt, rewind.json (summary);
# ground-truth.json covers P1 and P2 (scenario-phase1.json).
# qwen-tui-rewind-first (record_rewind 1): the same, rewinding to P1 (before the first prompt: the conversation keeps
# none), and no P3 after it (the file it edits no longer exists).
record_rewind() (
  set -euo pipefail
  local target=${1:-2} name=qwen-tui-rewind$SUFFIX
  [ "$target" = 2 ] || name=qwen-tui-rewind-first$SUFFIX
  OUT=$OUTS/$name WORK=$FIXTURE_WORK/$name REPO_NAME=demo-repo HERE=$REC SCENARIO=$SCEN/qwen-tui-rewind.json
  local model=qwen3-coder-plus
  rm -rf "$OUT" "$WORK"; mkdir -p "$WORK"
  log "${OUT#"$ROOT"/}: recording (TUI + rewind, WORK=$WORK, port $PORT)"
  export HOME=$WORK/home
  # shellcheck source=/dev/null
  source "$REC/common.sh"; prepare_run
  mkdir -p "$HOME/.qwen"
  init_repo
  cat > "$HOME/.qwen/settings.json" <<JSON
{
  "security": { "auth": { "selectedType": "openai" }, "folderTrust": { "enabled": false } },
  "model": { "name": "$model" },
  "privacy": { "usageStatisticsEnabled": false },
  "telemetry": { "enabled": false },
  "general": { "enableAutoUpdate": false, "disableAutoUpdate": true, "disableUpdateNag": true }
}
JSON
  start_mock
  load_prompts
  list_all "$HOME" > "$OUT/.files-before"
  cd "$REPO"
  local sid; sid=$(node -e 'console.log(require("crypto").randomUUID())')
  TMUX_SESS=qwen; TMUX_SOCK=pq-rewind-$$
  local T=(tmux -L "$TMUX_SOCK")
  "${T[@]}" new-session -d -s "$TMUX_SESS" -x 200 -y 50 -c "$REPO" \
    "env HOME=$HOME OPENAI_API_KEY=sk-mock-0000 OPENAI_BASE_URL=http://127.0.0.1:$PORT/v1 OPENAI_MODEL=$model HTTPS_PROXY=http://127.0.0.1:$PORT HTTP_PROXY=http://127.0.0.1:$PORT NO_PROXY=127.0.0.1,localhost TERM=xterm-256color node $QWEN_BIN --yolo -m $model --session-id $sid; sleep 5"
  cap() { "${T[@]}" capture-pane -p -t "$TMUX_SESS"; }
  tui_wait_for "Type your message" 90 || log "input box not seen after 90 s"
  sleep 2; cap > "$OUT/tui-start.txt"
  type_prompt() { # type_prompt N: type prompt N and wait for its final answer
    local n=$1 before; before=$(count_final)
    echo "[record-fixtures-qwen] tmux turn $n: $(unjson "${PROMPTS[$((n - 1))]}")" >> "$OUT/meta.txt"
    "${T[@]}" send-keys -t "$TMUX_SESS" -l "$(unjson "${PROMPTS[$((n - 1))]}")"; sleep 1; "${T[@]}" send-keys -t "$TMUX_SESS" Enter
    wait_final "$before" || log "turn $n: timed out waiting"
    cap > "$OUT/tui-turn-$n.txt"
  }
  apply_user_edits 1; type_prompt 1; snapshot turn-1
  apply_user_edits 2; type_prompt 2; snapshot turn-2
  # rewind: Esc twice on the empty input box opens the selector (typing /rewind + Enter showed no selector in 0.24.4);
  # it lists the prompts with the newest selected: pick #<target>, then the first option
  "${T[@]}" send-keys -t "$TMUX_SESS" Escape; sleep 0.4; "${T[@]}" send-keys -t "$TMUX_SESS" Escape
  tui_wait_for "Rewind Conversation" 20 || log "rewind selector not seen"
  sleep 1; cap > "$OUT/tui-rewind-1-list.txt"
  local i; for i in $(seq 10); do cap | grep -q "› #$target " && break; "${T[@]}" send-keys -t "$TMUX_SESS" Up; sleep 0.5; done
  "${T[@]}" send-keys -t "$TMUX_SESS" Enter; sleep 2; cap > "$OUT/tui-rewind-2-options.txt"
  grep -q '› Restore code and conversation' "$OUT/tui-rewind-2-options.txt" || log "WARNING: 'Restore code and conversation' not offered/selected"
  "${T[@]}" send-keys -t "$TMUX_SESS" Enter; sleep 3; cap > "$OUT/tui-rewind-3-done.txt"
  echo "[record-fixtures-qwen] Esc Esc (rewind) to #$target, 'Restore code and conversation'" >> "$OUT/meta.txt"
  snapshot turn-3-rewound
  "${T[@]}" send-keys -t "$TMUX_SESS" C-u; sleep 0.5   # the rewound prompt may be put back into the input box
  if [ "$target" = 2 ]; then type_prompt 3; snapshot turn-3; fi
  "${T[@]}" send-keys -t "$TMUX_SESS" -l "/quit"; sleep 0.5; "${T[@]}" send-keys -t "$TMUX_SESS" Enter; sleep 4
  "${T[@]}" kill-server 2>/dev/null || true
  node "$QWEN_BIN" --version > "$OUT/qwen-version.txt" 2>/dev/null || true
  mkdir -p "$OUT/qwen-home"; cp -a "$HOME/.qwen" "$OUT/qwen-home/dot-qwen"
  ( cd "$WORK" && tar -czf "$OUT/repo.tar.gz" "$REPO_NAME" )
  list_all "$HOME" | comm -13 "$OUT/.files-before" - > "$OUT/session-files.txt"; rm -f "$OUT/.files-before"
  echo "$sid" > "$OUT/session-id.txt"
  { echo "repo path during run: $REPO"; echo "HOME during run: $HOME"; echo "mode: tmux (one process) + /rewind"; echo "session id(s): $sid"; } >> "$OUT/meta.txt"
  node -e 'const fs=require("fs");const s=JSON.parse(fs.readFileSync(process.argv[1],"utf8"));s.turns=s.turns.filter(t=>!t.rewind_before);fs.writeFileSync(process.argv[2],JSON.stringify(s,null,2)+"\n")' "$SCENARIO" "$OUT/scenario-phase1.json"
  finish "$OUT" "$OUT/scenario-phase1.json"
  # what the rewind did to the tree, against the tree when P2 was submitted (hand edit included)
  node - "$OUT" "$target" > "$OUT/rewind.json" <<'JS'
const fs = require('fs'), path = require('path'), cp = require('child_process');
const out = process.argv[2], snaps = path.join(out, 'snapshots');
const tree = d => { const r = {}; const walk = (p, rel) => { for (const e of fs.readdirSync(p, { withFileTypes: true })) { const q = path.join(p, e.name), k = rel ? rel + '/' + e.name : e.name; if (e.isDirectory()) walk(q, k); else r[k] = fs.readFileSync(q, 'utf8'); } }; walk(path.join(snaps, d), ''); return r; };
const target = Number(process.argv[3]);
const before = tree(target === 2 ? 'turn-2-user-edit' : 'turn-0'), after2 = tree('turn-2'), rewound = tree('turn-3-rewound');
const files = [...new Set([...Object.keys(before), ...Object.keys(after2), ...Object.keys(rewound)])].sort();
const P = target === 2 ? 'P2' : 'P1-P2';
const state = f => rewound[f] === undefined ? (before[f] === undefined ? (after2[f] === undefined ? 'absent throughout' : `created during ${P}, deleted by the rewind`) : `DELETED (existed before ${P})`)
  : before[f] === undefined ? (after2[f] === rewound[f] ? `KEPT although created during ${P}` : `created during ${P}, changed by the rewind`)
  : rewound[f] === before[f] ? (after2[f] === before[f] ? `unchanged by ${P}` : `restored to its content before ${P}`) : `NOT restored (differs from before ${P})`;
const chat = fs.readFileSync(path.join(out, 'session-files.txt'), 'utf8').split('\n').find(f => f.includes('/chats/') && f.endsWith('.jsonl'));
const rec = chat ? fs.readFileSync(path.join(out, 'qwen-home/dot-qwen', chat.replace(/^\.\/\.qwen\//, '')), 'utf8').split('\n').filter(Boolean).map(JSON.parse) : [];
const rw = rec.find(r => r.subtype === 'rewind');
console.log(JSON.stringify({
  note: target === 2
    ? 'qwen-tui-rewind: rewind (Esc Esc) to prompt 2 ("Restore code and conversation") in the same TUI process, then prompt 3. ground-truth.json covers prompts 1-2 (scenario-phase1.json).'
    : 'qwen-tui-rewind-first: rewind (Esc Esc) to prompt 1 ("Restore code and conversation") in the same TUI process, nothing after it. ground-truth.json covers prompts 1-2 (scenario-phase1.json).',
  [target === 2 ? 'tree_before_p2' : 'tree_before_p1']: target === 2 ? 'snapshots/turn-2-user-edit' : 'snapshots/turn-0', tree_after_p2: 'snapshots/turn-2', tree_after_rewind: 'snapshots/turn-3-rewound', ...(target === 2 ? { tree_after_p3: 'snapshots/turn-3' } : {}),
  files: Object.fromEntries(files.map(f => [f, state(f)])),
  rewind_record: rw ? { uuid: rw.uuid, parentUuid: rw.parentUuid, systemPayload: rw.systemPayload } : null,
}, null, 1));
JS
)

want=("$@"); [ ${#want[@]} -gt 0 ] || want=(qwen-notes-cli qwen-big-file qwen-shell-failures qwen-sessions qwen-tui qwen-tui-rewind)
for w in "${want[@]}"; do
  case $w in
    qwen-notes-cli) single notes-cli; verify notes-cli "$OUTS/qwen-notes-cli$SUFFIX" ;;
    qwen-big-file) single big-file; verify big-file "$OUTS/qwen-big-file$SUFFIX" ;;
    qwen-shell-failures) single shell-failures ;;
    # decoy repo WORK/demo_repo: Qwen names the project folder after the cwd with every non-alphanumeric character
    # replaced by "-" (sanitizeCwd), so WORK/demo_repo and WORK/demo-repo share one projects/<dir>/chats/
    qwen-sessions) record_sessions demo_repo ;;
    qwen-tui) record_tui ;;
    qwen-tui-rewind) record_rewind 2 ;;
    qwen-tui-rewind-first) record_rewind 1 ;;
    *) echo "unknown recording: $w" >&2; exit 2 ;;
  esac
done
