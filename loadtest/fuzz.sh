#!/usr/bin/env bash
# Fuzzes the running gateway with schemathesis (pinned in scripts/versions.env, installed by
# scripts/install-system.sh) from its own /openapi.json, once as a shopper, a creator and ops (fresh accounts
# with minted tokens): examples, coverage, fuzzing and stateful phases, every check (no 5xx, responses match the
# documented schemas and statuses, documented request bodies are what the server accepts, 405 for undeclared
# methods, auth enforced). Settings: loadtest/fuzz/schemathesis.toml. Reports (JUnit) in .run/fuzz/<role>/.
#   bash loadtest/fuzz.sh                        # ~3 min: FUZZ_MAX_TIME_S=50 per role
#   FUZZ_MAX_TIME_S=600 bash loadtest/fuzz.sh    # a longer run
#   FUZZ_BASE_URL=http://127.0.0.1:3200 FUZZ_ROLES=creator bash loadtest/fuzz.sh
# Exit 0 when no role found a failure. Needs the system up (scripts/apps-up.sh) and the same JWT secret
# (scripts/lib.sh loads .run/secrets.env).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"
cd "$ROOT"

BASE_URL=${FUZZ_BASE_URL:-http://${HOST:-127.0.0.1}:${GATEWAY_PORT:-3000}}
MAX_TIME_S=${FUZZ_MAX_TIME_S:-50}
ROLES=${FUZZ_ROLES:-shopper creator ops}
# A fixed seed makes a run repeat the same generated cases (the test command's bounded run, so CI does not
# turn red on a case no earlier run drew); unset, every run explores new ones (the chaos command's longer run).
SEED_ARGS=()
[[ -z ${FUZZ_SEED:-} ]] || SEED_ARGS=(--seed "$FUZZ_SEED")
ST="$VENV/bin/schemathesis"
OUT="$RUN_DIR/fuzz"
[[ -x $ST ]] || die "schemathesis is missing at $ST; run scripts/install-system.sh"
curl -fsS "$BASE_URL/openapi.json" >/dev/null || die "no gateway answering at $BASE_URL (start it: bash scripts/apps-up.sh)"
mkdir_ignored "$RUN_DIR"
mkdir -p "$OUT"

accounts=$(npx --no-install tsx loadtest/fuzz/fuzz-accounts.ts --ttl-s $((MAX_TIME_S * 3 + 600)))
failed=()
for role in $ROLES; do
  token=$(awk -v r="$role" '$1 == r { print $3 }' <<<"$accounts")
  [[ -n $token ]] || die "no $role account"
  log "fuzz: as $role for up to ${MAX_TIME_S}s against $BASE_URL"
  # One worker: the machine is small and the stateful phase runs alone anyway.
  if ! LIVEDROP_FUZZ_CACHE="$OUT/cache" "$ST" --no-color --config-file loadtest/fuzz/schemathesis.toml run "$BASE_URL/openapi.json" \
    -H "Authorization: Bearer $token" --max-time "$MAX_TIME_S" --workers 1 "${SEED_ARGS[@]}" \
    --report junit --report-dir "$OUT/$role" >"$OUT/$role.log" 2>&1; then
    failed+=("$role")
    sed -n '/^=* FAILURES =*$/,$p' "$OUT/$role.log" | tail -n 80
  fi
  sed -n 's/^ *\([0-9]* generated.*\)$/  \1/p' "$OUT/$role.log" | tail -n 1
done
((${#failed[@]} == 0)) || die "fuzz: failures as ${failed[*]}; full output in $OUT/<role>.log"
log "fuzz: no failures (reports in $OUT)"
