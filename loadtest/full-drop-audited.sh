#!/usr/bin/env bash
# Runs loadtest/full-drop.js, then audits the drop it sold (MySQL vs Redis vs payments).
# Exit status: the k6 run's if it failed, else the audit's. Extra args go to the runner (e.g. -e SHOPPERS=20).
#   bash loadtest/full-drop-audited.sh -e BASE_URL=http://127.0.0.1:3000 -e SHOPPERS=20 -e STOCK=5
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
out=$(mktemp)
trap 'rm -f "$out"' EXIT
node loadtest/runner/k6.mjs run "$@" loadtest/full-drop.js 2>&1 | tee "$out"
k6_status=${PIPESTATUS[0]}
drop_id=$(sed -n 's/^RESULT .*"script":"full-drop","dropId":\([0-9]*\).*/\1/p' "$out" | tail -1)
[[ -n $drop_id ]] || { echo "full-drop printed no RESULT line (k6 exit $k6_status)" >&2; exit $((k6_status ? k6_status : 1)); }
npx --no-install tsx loadtest/audit/audit.ts --drop "$drop_id" --reconcile
audit_status=$?
((k6_status == 0)) || exit "$k6_status"
exit "$audit_status"
