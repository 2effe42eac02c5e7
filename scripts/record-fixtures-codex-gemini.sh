#!/usr/bin/env bash
# Re-record the genuine Codex CLI / Gemini CLI transcript fixtures (and the multi-agent one) in
# test/fixtures/recorded/, driving the real CLIs against the scripted local mocks of agent-recorder.
# Nothing leaves the machine: the CLIs talk to a mock on 127.0.0.1 only.
#
# Usage: scripts/record-fixtures-codex-gemini.sh [NAME ...]
#   NAME: codex-exec | codex-tui | codex-big-file | codex-code-mode | codex-code-mode-tui | codex-binary-output |
#         gemini-print |
#         gemini-print-same-minute | gemini-tui | gemini-tui-rewind | multi-agent
#         (default: all but codex-big-file, codex-binary-output and the codex-code-mode ones, in this order; ~8 min)
#
# Another CLI version next to the existing recordings (which stay as they are): point CODEX_BIN / GEMINI_BIN at it
# and set FIXTURE_SUFFIX; every single-session recording NAME then goes to recorded/<NAME><suffix>/ (work dir
# $WORK_BASE/<NAME><suffix>). A suffix of the form -v<version> must match the CLI's --version, e.g.
#   CODEX_BIN=/tmp/agents/node_modules/@openai/codex-linux-x64/vendor/x86_64-unknown-linux-musl/bin/codex \
#   FIXTURE_SUFFIX=-v0.171.0 PORT_BASE=18300 scripts/record-fixtures-codex-gemini.sh codex-exec codex-tui codex-big-file \
#     codex-code-mode
# codex-code-mode needs a CLI whose bundled model catalog has gpt-5.6-sol with tool_mode code_mode_only (0.145.0 and
# 0.171.0 do); it was also recorded with 0.145.0 (npm install @openai/codex@0.145.0 into a folder of its own, then
# CODEX_BIN=<that folder>/node_modules/@openai/codex-linux-x64/vendor/x86_64-unknown-linux-musl/bin/codex
# FIXTURE_SUFFIX=-v0.145.0 … codex-code-mode).
#
# Env (defaults in brackets):
#   AGENT_RECORDER  agent-recorder folder [/work/shared/tools/agent-recorder]
#   CODEX_BIN       [/tmp/agents/node_modules/@openai/codex-linux-x64/vendor/x86_64-unknown-linux-musl/bin/codex]
#                   (codex-exec, codex-tui, multi-agent: 0.169.0; the *-v<version> ones: that version)
#   GEMINI_BIN      [/tmp/agents/node_modules/@google/gemini-cli/bundle/gemini.js]                                (0.61.0)
#   CLAUDE_BIN      [/tmp/agents/node_modules/@anthropic-ai/claude-code-linux-x64/claude]  (2.1.197; multi-agent only)
#   WORK_BASE       stable work dirs, WORK=$WORK_BASE/<name> [/tmp/agent-trail-fixtures]
#                   (the repo path WORK/demo-repo ends up inside the transcripts, keep it stable)
#   PORT_BASE       first of 14 mock ports [18280] (+0..+3, +10..+13 single recordings, +4..+8 multi-agent, +9 rewind)
#   FIXTURE_SUFFIX  appended to the fixture and work dir names of single-session recordings [empty]
#
# Scenarios: test/fixtures/scenarios/{codex-exec,codex-tui,codex-big-file,codex-code-mode,codex-binary-output,gemini-print,gemini-tui,
#            gemini-tui-rewind,multi-*}.json (codex-big-file = agent-recorder's scenarios/codex-big-file.json, copied)
#            (gemini-print-same-minute replays gemini-print.json, codex-code-mode-tui codex-code-mode.json)
# Output:    test/fixtures/recorded/<name>/ (multi-agent: codex/ other/ claude/ gemini/ home/ ground-truth.json)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
REC=${AGENT_RECORDER:-/work/shared/tools/agent-recorder}
export CODEX_BIN=${CODEX_BIN:-/tmp/agents/node_modules/@openai/codex-linux-x64/vendor/x86_64-unknown-linux-musl/bin/codex}
export GEMINI_BIN=${GEMINI_BIN:-/tmp/agents/node_modules/@google/gemini-cli/bundle/gemini.js}
export CLAUDE_BIN=${CLAUDE_BIN:-/tmp/agents/node_modules/@anthropic-ai/claude-code-linux-x64/claude}
WORK_BASE=${WORK_BASE:-/tmp/agent-trail-fixtures}
PORT_BASE=${PORT_BASE:-18280}
SUFFIX=${FIXTURE_SUFFIX:-}
SC=$ROOT/test/fixtures/scenarios
RECORDED=$ROOT/test/fixtures/recorded

log() { echo "[record-fixtures] $*" >&2; }

# A -v<version> suffix names the CLI version the fixtures hold: refuse to record another one under that name.
# check_suffix_version NAME: NAME's CLI (codex-* → CODEX_BIN, gemini-* → GEMINI_BIN) must print that version.
check_suffix_version() {
  local want=${SUFFIX#-v} got
  [[ $SUFFIX == -v* ]] || return 0
  case $1 in
    codex-*)  got=$("$CODEX_BIN" --version 2>/dev/null | grep -v '^WARNING' | awk '{print $NF}') ;;
    gemini-*) got=$(node "$GEMINI_BIN" --version 2>/dev/null | tail -n 1) ;;
    *) return 0 ;;
  esac
  [ "$got" = "$want" ] && return 0
  echo "FIXTURE_SUFFIX=$SUFFIX but the CLI for $1 is version '$got'" >&2; exit 2
}

# Gemini CLI 0.61 names a chat file session-<UTC start minute>-<first 8 of the session id>.jsonl. A resume first
# initializes a fresh chat file for the same session id and then switches to the old one; when the resume starts in
# the same minute as the original session, both names are the same file, the init resets the messages and the old
# records' toolCalls are lost from the final `$set messages` (gemini-print-same-minute records exactly that).
# wait_second LO HI: sleep until the current UTC second is within [LO, HI] (timing of the first prompt).
wait_second() {
  local s
  while :; do s=$((10#$(date -u +%S))); [ "$s" -ge "$1" ] && [ "$s" -le "$2" ] && return 0; sleep 0.5; done
}

# Keep the fixture small: drop a big request log, never keep embedded .git dirs.
prune() {
  local out=$1
  find "$out" -name mock-requests.jsonl -size +2M -print -delete
  find "$out" -name .git -prune -exec rm -rf {} +
}

# resumed_in_later_minute OUT: a gemini session resumed in a later minute than its start has 2 chat files.
# (CLI start-up time varies by seconds, so the recordings that need it are retried until it holds.)
resumed_in_later_minute() {
  [ "$(grep -c '/chats/' "$1/session-files.txt")" -ge 2 ] && return 0
  log "$1: the gemini resume ran in the chat file's minute; recording it again"; return 1
}

# Tidy the driver output before ground-truth.mjs reads it.
# codex --version also prints a "could not create PATH aliases" WARNING (CODEX_HOME under /tmp) into the
# driver's codex-version.txt; keep only the version line there (ground-truth.mjs reads it as cli_version).
# A resumed gemini session lists its id once per chat file (see wait_second): keep each id once in session-id.txt.
clean_versions() {
  local f
  for f in $(find "$1" -name codex-version.txt); do sed -i '/^WARNING: /d' "$f"; done
  for f in $(find "$1" -name session-id.txt); do awk 'NF && !seen[$0]++' "$f" > "$f.tmp" && mv "$f.tmp" "$f"; done
}

# Versions of every CLI involved, next to the driver's own *-version.txt.
versions() {
  local out=$1
  {
    echo "codex:  $("$CODEX_BIN" --version 2>/dev/null || echo '?')"
    echo "gemini: $(node "$GEMINI_BIN" --version 2>/dev/null || echo '?')"
    [ "${2:-}" = claude ] && echo "claude: $("$CLAUDE_BIN" --version 2>/dev/null || echo '?')"
    echo "node:   $(node --version)"
  } > "$out/versions.txt"
}

# record NAME DRIVER PORT [MODE]: one session in its own WORK.
record() {
  local name=$1 driver=$2 port=$3 mode=${4:-}
  local scen=${SCENARIO_NAME:-$name}
  check_suffix_version "$name"
  name=$name$SUFFIX
  local out=$RECORDED/$name work=$WORK_BASE/$name
  log "recording $name ($driver${mode:+ MODE=$mode}, scenario $scen, port $port)"
  rm -rf "$out" "$work"; mkdir -p "$work"
  [ -n "${WAIT_SECOND:-}" ] && wait_second $WAIT_SECOND
  if [ -n "$mode" ]; then
    MODE=$mode PORT=$port WORK=$work "$REC/$driver" "$SC/$scen.json" "$out"
  else
    PORT=$port WORK=$work "$REC/$driver" "$SC/$scen.json" "$out"
  fi
  clean_versions "$out"
  node "$REC/ground-truth.mjs" "$out" "$SC/$scen.json" > "$out/ground-truth.json"
  versions "$out"
  prune "$out"
}

# gemini-tui-rewind: phase 1 = run-gemini.sh MODE=tmux with the turns that have no "rewind_before";
# phase 2 (here): `gemini --yolo --resume latest` in tmux, /rewind to the scenario's rewind_before.to_prompt,
# action 1 "Rewind conversation and revert code changes", then the remaining prompt is typed.
# Extra output: snapshots/turn-N-rewound (tree right after the rewind), snapshots/turn-N (after the prompt typed
# after the rewind), tui-rewind-*.txt, mock-requests-rewind.jsonl, rewind.json (what happened, for tests).
record_gemini_rewind() {
  local name=gemini-tui-rewind
  local out=$RECORDED/$name work=$WORK_BASE/$name port=$((PORT_BASE + 9))
  local full=$SC/$name.json phase1=$work/scenario-phase1.json
  log "recording $name (run-gemini.sh MODE=tmux + /rewind, port $port)"
  rm -rf "$out" "$work"; mkdir -p "$work"
  node -e 'const fs=require("fs");const s=JSON.parse(fs.readFileSync(process.argv[1],"utf8"));s.turns=s.turns.filter(t=>!t.rewind_before);fs.writeFileSync(process.argv[2],JSON.stringify(s,null,2))' "$full" "$phase1"
  MODE=tmux PORT=$port WORK=$work "$REC/run-gemini.sh" "$phase1" "$out"
  clean_versions "$out"
  node "$REC/ground-truth.mjs" "$out" "$phase1" > "$out/ground-truth.json"
  cp "$phase1" "$out/scenario-phase1.json"

  local repo=$work/demo-repo home=$work/home sock=agentrec-gemrw-$$
  local n k ktext ptext
  n=$(node -e 'const s=require(process.argv[1]);console.log(s.turns.findIndex(t=>t.rewind_before)+1)' "$full")
  k=$(node -e 'const s=require(process.argv[1]);console.log(s.turns[Number(process.argv[2])-1].rewind_before.to_prompt)' "$full" "$n")
  ktext=$(node -e 'const s=require(process.argv[1]);console.log(s.turns[Number(process.argv[2])-1].prompt)' "$full" "$k")
  ptext=$(node -e 'const s=require(process.argv[1]);console.log(s.turns[Number(process.argv[2])-1].prompt)' "$full" "$n")
  # resume in a later minute than the chat file's (see wait_second), as a user coming back to a session would
  local fmin; fmin=$(cd "$home/.gemini/tmp" && ls */chats/*.jsonl | head -n 1 | sed -E 's/.*T[0-9]{2}-([0-9]{2})-[^/]*$/\1/')
  while [ "$(date -u +%M)" = "$fmin" ]; do sleep 1; done
  : > "$out/mock-requests-rewind.jsonl"
  # the mock runs in the repo: after a rewind the request has no "Workspace Directories" context, ${CWD} falls back to its cwd
  ( cd "$repo" && exec node "$REC/gemini-mock.mjs" --scenario "$full" --port "$port" --log "$out/mock-requests-rewind.jsonl" \
      --repo "$repo" --stepsnap "$out/step-snapshots" > "$out/mock-rewind.out" 2>&1 ) &
  local mock=$!
  RW_CLEANUP="tmux -L $sock kill-server 2>/dev/null; kill $mock 2>/dev/null"
  trap 'eval "$RW_CLEANUP" || true' EXIT   # our own mock and tmux server only
  for i in $(seq 50); do (echo > /dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.1; done
  local T=(tmux -L "$sock")
  "${T[@]}" new-session -d -s g -x 200 -y 50 -c "$repo" \
    "env HOME=$home GEMINI_API_KEY=mock-gemini-key GOOGLE_GEMINI_BASE_URL=http://127.0.0.1:$port HTTPS_PROXY=http://127.0.0.1:$port HTTP_PROXY=http://127.0.0.1:$port NO_PROXY=127.0.0.1,localhost node $GEMINI_BIN --yolo --resume latest; sleep 5"
  cap() { "${T[@]}" capture-pane -p -t g; }
  snap() { mkdir -p "$out/snapshots/$1"; ( cd "$repo" && tar --exclude=.git -cf - . ) | tar -xf - -C "$out/snapshots/$1"
           ( cd "$out/snapshots" && git diff --no-index "$2" "$1" > "$out/$1.diff" || true ); }
  sleep 10; cap > "$out/tui-rewind-0-resumed.txt"
  "${T[@]}" send-keys -t g -l "/rewind"; sleep 1; "${T[@]}" send-keys -t g Enter; sleep 3
  cap > "$out/tui-rewind-1-list.txt"
  for i in $(seq 40); do cap | grep -qF "● $ktext" && break; "${T[@]}" send-keys -t g Up; sleep 0.5; done
  cap > "$out/tui-rewind-2-selected.txt"
  "${T[@]}" send-keys -t g Enter; sleep 2; cap > "$out/tui-rewind-3-confirm.txt"
  grep -q "1. Rewind conversation and revert code changes" "$out/tui-rewind-3-confirm.txt" || log "WARNING: rewind confirm dialog not as expected"
  "${T[@]}" send-keys -t g Enter; sleep 3; cap > "$out/tui-rewind-4-done.txt"
  snap "turn-$n-rewound" "turn-$((n - 1))"
  "${T[@]}" send-keys -t g C-u; sleep 0.5          # the rewound prompt's text is put back into the input box
  "${T[@]}" send-keys -t g -l "$ptext"; sleep 1; "${T[@]}" send-keys -t g Enter
  local done=0
  for i in $(seq 120); do
    sleep 1
    if node -e 'let n=0;for(const l of require("fs").readFileSync(process.argv[1],"utf8").split("\n")){try{const j=JSON.parse(l);if(j.dir==="plan"&&j.kind==="main"&&!j.parts.some(p=>p.functionCall))n++}catch{}}process.exit(n>0?0:1)' "$out/mock-requests-rewind.jsonl"; then done=1; sleep 4; break; fi
  done
  [ $done = 1 ] || log "WARNING: timed out waiting for prompt $n after the rewind"
  cap > "$out/tui-turn-$n.txt"
  snap "turn-$n" "turn-$n-rewound"
  "${T[@]}" send-keys -t g -l "/quit"; sleep 0.5; "${T[@]}" send-keys -t g Enter; sleep 4
  "${T[@]}" kill-server 2>/dev/null || true
  kill "$mock" 2>/dev/null || true
  trap - EXIT
  # the agent state again (phase 2 appended to the chat and left a stub chat file)
  rm -rf "$out/gemini-home/tmp"; cp -a "$home/.gemini/tmp" "$out/gemini-home/"
  cp -a "$home/.gemini/projects.json" "$out/gemini-home/"
  ( cd "$home" && find . -path './.gemini/tmp/*/chats/*' -type f | sort ) > "$out/session-files.txt"
  echo "phase 2: node gemini.js --yolo --resume latest (tmux), /rewind to prompt $k, action 1, prompt $n typed" >> "$out/meta.txt"
  node - "$out" "$full" "$n" "$k" "$home" > "$out/rewind.json" <<'JS'
const fs = require('fs'), path = require('path'), cp = require('child_process');
const [out, full, n, k, home] = process.argv.slice(2);
const sc = JSON.parse(fs.readFileSync(full, 'utf8')), N = Number(n), K = Number(k);
const files = fs.readFileSync(path.join(out, 'session-files.txt'), 'utf8').split('\n').filter(Boolean);
let rewindTo = null, chat = null, targetText = sc.turns[K - 1].prompt, targetId = null;
for (const f of files) for (const l of fs.readFileSync(path.join(home, f), 'utf8').split('\n').filter(Boolean)) {
  const j = JSON.parse(l);
  if (j.$rewindTo) { rewindTo = j.$rewindTo; chat = f; }
  if (j.type === 'user' && Array.isArray(j.content) && j.content.some(p => p.text === targetText)) targetId = j.id;
}
const same = (a, b) => { try { cp.execFileSync('diff', ['-r', a, b], { stdio: 'ignore' }); return true; } catch { return false; } };
const snaps = path.join(out, 'snapshots'), before = fs.existsSync(path.join(snaps, `turn-${K}-user-edit`)) ? `turn-${K}-user-edit` : `turn-${K - 1}`;
let diff = '';
try { cp.execFileSync('git', ['diff', '--no-index', '--stat', before, `turn-${N}-rewound`], { cwd: snaps }); } catch (e) { diff = String(e.stdout); }
console.log(JSON.stringify({
  note: 'phase 2 of the recording: /rewind in a resumed TUI session. ground-truth.json covers phase 1 (prompts 1..' + (N - 1) + ') only.',
  rewound_prompt: K, rewound_prompt_text: targetText, action: sc.turns[N - 1].rewind_before.action,
  rewind_to_message_id: rewindTo, rewind_to_is_prompt_message_id: rewindTo !== null && rewindTo === targetId, chat_file: chat,
  tree_before_rewind: `snapshots/turn-${N - 1}`, tree_after_rewind: `snapshots/turn-${N}-rewound`,
  tree_when_rewound_prompt_was_submitted: `snapshots/${before}`,
  after_rewind_equals_tree_when_rewound_prompt_was_submitted: same(path.join(snaps, before), path.join(snaps, `turn-${N}-rewound`)),
  difference_to_that_tree: diff.trim() || null,
  prompt_after_rewind: { prompt: N, text: sc.turns[N - 1].prompt, tree_after: `snapshots/turn-${N}` },
}, null, 1));
JS
  versions "$out"
  prune "$out"
}

# multi-agent: codex, decoy 1 (codex in other-repo), claude, gemini, decoy 2 (gemini in other-repo; the newest
# gemini chat overall); one WORK, one shared HOME.
record_multi() {
  local out=$RECORDED/multi-agent work=$WORK_BASE/multi-agent
  log "recording multi-agent"
  rm -rf "$out" "$work"; mkdir -p "$work" "$out"
  local p=$((PORT_BASE + 4))
  CODEX_HOME=$work/home/.codex PORT=$p WORK=$work "$REC/run-codex.sh" "$SC/multi-codex.json" "$out/codex"
  CODEX_HOME=$work/home/.codex PORT=$((p + 1)) WORK=$work REPO_NAME=other-repo "$REC/run-codex.sh" "$SC/multi-other.json" "$out/other"
  REUSE_REPO=1 PORT=$((p + 2)) WORK=$work "$REC/run-claude.sh" "$SC/multi-claude.json" "$out/claude"
  # its resume (prompt 2) must start in a later minute than the chat file: time it, retry from a copy if needed
  tar -C "$work" -cf "$work/pre-gemini.tar" demo-repo home
  for attempt in 1 2 3 4; do
    wait_second 51 53
    REUSE_REPO=1 PORT=$((p + 3)) WORK=$work "$REC/run-gemini.sh" "$SC/multi-gemini.json" "$out/gemini"
    resumed_in_later_minute "$out/gemini" && break
    rm -rf "$out/gemini" "$work/demo-repo" "$work/home"; tar -C "$work" -xf "$work/pre-gemini.tar"
  done
  rm -f "$work/pre-gemini.tar"
  REUSE_REPO=1 PORT=$((p + 4)) WORK=$work REPO_NAME=other-repo "$REC/run-gemini.sh" "$SC/multi-other-gemini.json" "$out/other-gemini"
  # The shared HOME as one folder, so a test can point HOME (and CODEX_HOME=home/.codex) at it.
  # Only the agents' transcript state is kept (no caches, logs, sqlite, binaries, shadow git repos).
  mkdir -p "$out/home"
  ( cd "$work/home"
    for d in .codex/sessions .codex/config.toml .codex/history.jsonl .codex/session_index.jsonl \
             .claude/projects .claude/file-history .claude.json \
             .gemini/tmp .gemini/projects.json .gemini/settings.json; do
      [ -e "$d" ] && cp -a --parents "$d" "$out/home/"
    done )
  find "$out/home/.gemini/tmp" -mindepth 2 -maxdepth 2 ! -name chats ! -name .project_root ! -name logs.json -exec rm -rf {} + 2>/dev/null || true
  # the per-session copies are all in home/ already
  rm -rf "$out"/{codex,other}/codex-home "$out"/claude/claude-home "$out"/{gemini,other-gemini}/gemini-home
  clean_versions "$out"
  ( cd "$work" && tar -czf "$out/repos.tar.gz" demo-repo other-repo )
  node "$REC/ground-truth.mjs" --base "$out" \
    --session codex "$out/codex" "$SC/multi-codex.json" \
    --session claude "$out/claude" "$SC/multi-claude.json" \
    --session gemini "$out/gemini" "$SC/multi-gemini.json" \
    --decoy other "$out/other" --decoy other-gemini "$out/other-gemini" > "$out/ground-truth.json"
  { echo "WORK during run: $work"; echo "HOME during run: $work/home (CODEX_HOME=$work/home/.codex) -> home/"
    echo "order: codex (demo-repo), other (codex, other-repo, decoy), claude (demo-repo, REUSE_REPO=1), gemini (demo-repo, REUSE_REPO=1), other-gemini (gemini, other-repo, decoy)"
  } > "$out/meta.txt"
  versions "$out" claude
  prune "$out"
}

NAMES=("$@"); [ ${#NAMES[@]} -eq 0 ] && NAMES=(codex-exec codex-tui gemini-print gemini-print-same-minute gemini-tui gemini-tui-rewind multi-agent)
for n in "${NAMES[@]}"; do
  case $n in
    gemini-tui-rewind|multi-agent)
      [ -z "$SUFFIX" ] || { echo "FIXTURE_SUFFIX is for single-session recordings, not $n" >&2; exit 2; } ;;
  esac
done
for n in "${NAMES[@]}"; do
  case $n in
    codex-exec)   record codex-exec   run-codex.sh  $((PORT_BASE + 0)) ;;
    codex-tui)    record codex-tui    run-codex.sh  $((PORT_BASE + 1)) tmux ;;
    codex-big-file) record codex-big-file run-codex.sh $((PORT_BASE + 10)) ;;
    codex-code-mode) record codex-code-mode run-codex.sh $((PORT_BASE + 11)) ;;
    codex-code-mode-tui) SCENARIO_NAME=codex-code-mode record codex-code-mode-tui run-codex.sh $((PORT_BASE + 12)) tmux ;;
    codex-binary-output) record codex-binary-output run-codex.sh $((PORT_BASE + 13)) ;;
    gemini-print) for attempt in 1 2 3 4; do
                    WAIT_SECOND="51 53" record gemini-print run-gemini.sh $((PORT_BASE + 2))
                    resumed_in_later_minute "$RECORDED/gemini-print$SUFFIX" && break
                  done ;;
    gemini-print-same-minute) WAIT_SECOND="2 5" SCENARIO_NAME=gemini-print record gemini-print-same-minute run-gemini.sh $((PORT_BASE + 2)) ;;
    gemini-tui)   record gemini-tui   run-gemini.sh $((PORT_BASE + 3)) tmux ;;
    gemini-tui-rewind) record_gemini_rewind ;;
    multi-agent)  record_multi ;;
    *) echo "unknown recording: $n" >&2; exit 2 ;;
  esac
done
log "done"
