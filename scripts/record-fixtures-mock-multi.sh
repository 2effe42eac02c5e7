# Shared part of scripts/record-fixtures-pi.sh and scripts/record-fixtures-qwen.sh (sourced, not run): one driver run
# of agent-recorder's run-<agent>.sh per fixture, trimmed, with its ground truth.
# The sourcing script sets: AGENT (pi|qwen), ROOT, REC (agent-recorder folder), PORT, FIXTURE_WORK, SUFFIX (-v<version>),
# SCEN, OUTS, and defines keeps_requests OUT (keep mock-requests.jsonl?) and tidy OUT (agent-specific clean-up: remove
# credentials, correct what the driver got wrong).

log() { echo "[record-fixtures-$AGENT] $*" >&2; }

# trim OUT: stderr only when there was some, no request log over 2 MB (or not kept), then tidy; then the ground truth
# of the run.
finish() { # finish OUT SCENARIO
  local out=$1 scenario=$2
  for f in "$out"/turn-*.err; do [ -s "$f" ] || rm -f "$f"; done
  if [ -f "$out/mock-requests.jsonl" ] && [ "$(stat -c %s "$out/mock-requests.jsonl")" -gt 2097152 ]; then
    rm -f "$out/mock-requests.jsonl"; log "${out#"$ROOT"/}: mock-requests.jsonl > 2 MB, removed"
  fi
  if ! keeps_requests "$out"; then rm -f "$out/mock-requests.jsonl"; fi
  tidy "$out"
  node "$REC/ground-truth.mjs" "$out" "$scenario" > "$out/ground-truth.json"
  log "done -> ${out#"$ROOT"/} (session $(tr '\n' ' ' < "$out/session-id.txt"))"
}

# drive SCENARIO OUT WORK [env...]: one driver run, print mode unless env says MODE=… (the caller decides whether WORK
# is fresh)
drive() {
  local scenario=$1 out=$2 work=$3; shift 3
  rm -rf "$out"
  log "${out#"$ROOT"/}: recording ($scenario, WORK=$work, port $PORT)"
  ( cd "$REC" && env MODE=print "$@" PORT="$PORT" WORK="$work" "./run-$AGENT.sh" "$SCEN/$scenario.json" "$out" ) >&2
  finish "$out" "$SCEN/$scenario.json"
}

# verify NAME OUT: the snapshots equal the trees make-scenarios.mjs expects (its generated scenarios only)
verify() { ( cd "$REC" && node make-scenarios.mjs --verify "$1" "$2" ) >&2 || { log "$2: --verify FAILED"; return 1; }; }

single() { # single NAME: scenario <agent>-NAME into fixture <agent>-NAME<suffix>, fresh WORK
  local name=$AGENT-$1$SUFFIX
  rm -rf "${FIXTURE_WORK:?}/$name"
  drive "$AGENT-$1" "$OUTS/$name" "$FIXTURE_WORK/$name"
}

# record_sessions DECOY_REPO: <agent>-sessions<suffix>/{a,decoy,b} in one WORK (one HOME): session a on demo-repo, a
# decoy session on WORK/DECOY_REPO (a folder whose session-folder name collides with demo-repo's), session b on
# demo-repo again (REUSE_REPO=1); ground-truth.json over all three. b/ holds the final HOME (all three sessions); a/
# and decoy/ keep theirs as they were after each run.
record_sessions() {
  local name=$AGENT-sessions$SUFFIX
  local work=$FIXTURE_WORK/$name out=$OUTS/$name
  rm -rf "$work" "$out"; mkdir -p "$out"
  drive "$AGENT-sessions-a" "$out/a" "$work"
  drive "$AGENT-decoy" "$out/decoy" "$work" REPO_NAME="$1"
  drive "$AGENT-sessions-b" "$out/b" "$work" REUSE_REPO=1
  node "$REC/ground-truth.mjs" --base "$out" --session a "$out/a" "$SCEN/$AGENT-sessions-a.json" \
    --session b "$out/b" "$SCEN/$AGENT-sessions-b.json" --decoy decoy "$out/decoy" > "$out/ground-truth.json"
}
