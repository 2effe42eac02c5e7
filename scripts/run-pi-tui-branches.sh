#!/usr/bin/env bash
# Drive the real Pi TUI (tmux) through a scenario whose turns may start with a branch action (scenario field
# `tui_before`), which agent-recorder's run-pi.sh cannot type: it only sends prompts. Everything else is run-pi.sh's
# MODE=tmux (same config, same mock, same snapshots and output layout, agent-recorder's common.sh helpers).
# Actions (keys as Pi 0.73.1's tree selector takes them, dist/modes/interactive/components/tree-selector.js):
#   tree-branch-p<N>  /tree, move up to prompt N's message (from the leaf, counting user entries), Enter, choose
#                     "Summarize" (a branch_summary entry; the mock answers the summary request), then clear the editor
#                     (Pi puts prompt N's text there) so the turn's own prompt is typed instead
#   tree-label-p<N>   /tree, select prompt N's message, Shift+L, type the label "cli attempt", Enter, Escape
#                     (the leaf stays where it was; Pi appends a `label` entry)
# Usage: run-pi-tui-branches.sh SCENARIO.json OUT_DIR   Env: PI_BIN, PORT, WORK, REPO_NAME, PI_MODEL, AGENT_RECORDER
set -euo pipefail
HERE=$(cd "${AGENT_RECORDER:?set AGENT_RECORDER to agent-recorder\'s folder}" && pwd)
SCENARIO=$(realpath "$1"); OUT=$(realpath -m "$2")
PORT=${PORT:-18091}; REPO_NAME=${REPO_NAME:-demo-repo}; PI_MODEL=${PI_MODEL:-claude-sonnet-4-5}; MODE=tmux
WORK=${WORK:-$(mktemp -d /tmp/agent-recorder.XXXX)}
PI_BIN=${PI_BIN:?}
export HOME=$WORK/home
# shellcheck source=/dev/null
source "$HERE/common.sh"; prepare_run
mkdir -p "$HOME/.pi/agent"
init_repo
cat > "$HOME/.pi/agent/models.json" <<JSON
{ "providers": { "anthropic": { "baseUrl": "http://127.0.0.1:$PORT" } } }
JSON
cat > "$HOME/.pi/agent/settings.json" <<JSON
{ "defaultProvider": "anthropic", "defaultModel": "$PI_MODEL", "quietStartup": true }
JSON
start_mock
export ANTHROPIC_API_KEY=sk-ant-api03-mock-0000000000000000000000000000 PI_OFFLINE=1 PI_SKIP_VERSION_CHECK=1
export HTTPS_PROXY=http://127.0.0.1:$PORT HTTP_PROXY=http://127.0.0.1:$PORT NO_PROXY=127.0.0.1,localhost
load_prompts
mapfile -t BEFORE < <(node -e 'const s=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));for(const t of s.turns)console.log(t.tui_before||"-")' "$SCENARIO")
list_all "$HOME" > "$OUT/.files-before"
cd "$REPO"
TMUX_SESS=pi; TMUX_SOCK=agentrec-pi-branches-$$
T() { tmux -L "$TMUX_SOCK" "$@"; }
key() { T send-keys -t "$TMUX_SESS" "$@"; sleep 0.4; }
screen() { T capture-pane -p -t "$TMUX_SESS"; }
# select_prompt N: in the open tree, move the cursor up until it is on prompt N's user entry ("› … user: <prompt N>")
select_prompt() {
  local want; want=$(unjson "${PROMPTS[$(($1 - 1))]}"); want=${want:0:40}
  local dir
  for dir in Up Down; do   # the cursor starts on the leaf: the prompt may be above it or on another branch below
    for _ in $(seq 40); do screen | grep '›' | grep -q -F -- "user: $want" && return 0; key $dir; done
  done
  echo "[pi-branches] prompt $1 not found in the tree" | tee -a "$OUT/meta.txt"; return 1
}
open_tree() { key -l "/tree"; key Enter; tui_wait_for "Session Tree" 20; }
before_turn() {
  case $1 in
    -) ;;
    tree-branch-p*)
      open_tree; select_prompt "${1#tree-branch-p}"; key Enter
      tui_wait_for "Summarize branch?" 20; key Down; key Enter        # "Summarize"
      tui_wait_for "Navigated to selected point" 60; screen > "$OUT/tui-$1.txt"; key C-u ;;
    tree-label-p*)
      open_tree; select_prompt "${1#tree-label-p}"; key S-l
      tui_wait_for "Label (empty to remove)" 20; key -l "cli attempt"; key Enter; screen > "$OUT/tui-$1.txt"; key Escape ;;
    *) echo "unknown tui_before action: $1" >&2; exit 2 ;;
  esac
  echo "[pi-branches] $1 done" | tee -a "$OUT/meta.txt"
}
T new-session -d -s "$TMUX_SESS" -x 200 -y 50 -c "$REPO" \
  "env HOME=$HOME ANTHROPIC_API_KEY=$ANTHROPIC_API_KEY PI_OFFLINE=1 PI_SKIP_VERSION_CHECK=1 HTTPS_PROXY=$HTTPS_PROXY HTTP_PROXY=$HTTP_PROXY NO_PROXY=$NO_PROXY TERM=xterm-256color node $PI_BIN --provider anthropic --model $PI_MODEL; sleep 5"
tui_wait_for "$PI_MODEL" 90 || echo "[pi-branches] TUI footer not seen after 90 s" | tee -a "$OUT/meta.txt"
sleep 2; screen > "$OUT/tui-start.txt"
n=0
for pj in "${PROMPTS[@]}"; do
  n=$((n+1)); p=$(unjson "$pj")
  before_turn "${BEFORE[$((n-1))]}"
  apply_user_edits $n
  before=$(count_final)
  echo "[pi-branches] tmux turn $n: $p" | tee -a "$OUT/meta.txt"
  key -l "$p"; sleep 0.6; key Enter
  wait_final "$before" || echo "[pi-branches] turn $n: timed out waiting" | tee -a "$OUT/meta.txt"
  screen > "$OUT/tui-turn-$n.txt"
  snapshot turn-$n
done
key -l "/quit"; key Enter; sleep 3
SID=$(find "$HOME/.pi/agent/sessions" -name '*.jsonl' | head -1 | xargs -r head -1 | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{try{console.log(JSON.parse(s).id)}catch{console.log("")}})')
node "$PI_BIN" --version > "$OUT/pi-version.txt" 2>&1 || true
mkdir -p "$OUT/pi-home"
cp -a "$HOME/.pi/agent" "$OUT/pi-home/agent"
( cd "$WORK" && tar -czf "$OUT/repo.tar.gz" "$REPO_NAME" )
list_all "$HOME" | comm -13 "$OUT/.files-before" - > "$OUT/session-files.txt"; rm -f "$OUT/.files-before"
echo "$SID" > "$OUT/session-id.txt"
{ echo "repo path during run: $REPO"; echo "HOME during run: $HOME"; echo "mode: $MODE"; echo "session id(s): $SID"; } >> "$OUT/meta.txt"
echo "[pi-branches] done -> $OUT"
