#!/usr/bin/env bash
# Fault injection: for each fault, a whole drop under load (loadtest/full-drop.js through the k6-format runner),
# the fault injected while orders are in flight, the time until every process answers /readyz again, then the
# audit of MySQL vs Redis vs payments (loadtest/audit/audit.ts --reconcile). Writes one table row per fault into
# docs/reliability.md (between the chaos markers) and, unless CHAOS_FUZZ=0, ends with a longer fuzz run.
#   bash loadtest/chaos.sh                                     # every fault (~15 min)
#   CHAOS_FAULTS=worker-kill,gateway-kill bash loadtest/chaos.sh   # the quick ones (app processes only)
# Faults: worker-kill (Temporal worker SIGKILLed mid-payment; the launcher restarts it), temporal-restart (the
# Temporal dev server restarted), mysql-freeze (mysqld SIGSTOPped CHAOS_FREEZE_S=20 s), redis-old-snapshot (Redis
# restarted from an AOF copied CHAOS_SNAPSHOT_LAG_S=5 s earlier), redis-flush (FLUSHDB of the apps' Redis
# database), controller-kill (admission controller SIGKILLed; its restart takes the lease), gateway-kill
# (a gateway SIGKILLed with live sockets).
# Faults on Redis, MariaDB or Temporal run only when this checkout's scripts/infra-up.sh started that server
# (its pid file): a server someone else started (shared by other checkouts) is never touched — the row says
# "skipped". CHAOS_ALLOW_SHARED=1 lifts that for redis-flush only (it flushes just the apps' own database).
# Needs the system from scripts/apps-up.sh (its launcher restarts killed processes). Exit 1 when a fault row
# shows anything oversold, lost, charged without a sale or stuck.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"
cd "$ROOT"

ALL_FAULTS=(worker-kill temporal-restart mysql-freeze redis-old-snapshot redis-flush controller-kill gateway-kill)
IFS=',' read -r -a FAULTS <<<"${CHAOS_FAULTS:-$(IFS=,; echo "${ALL_FAULTS[*]}")}"
BASE_URL=${CHAOS_BASE_URL:-http://${HOST:-127.0.0.1}:${GATEWAY_PORT:-3000}}
SHOPPERS=${CHAOS_SHOPPERS:-60} STOCK=${CHAOS_STOCK:-20} ADMISSION_RATE=${CHAOS_ADMISSION_RATE:-10}
FREEZE_S=${CHAOS_FREEZE_S:-20} SNAPSHOT_LAG_S=${CHAOS_SNAPSHOT_LAG_S:-5} RECOVER_TIMEOUT_S=${CHAOS_RECOVER_TIMEOUT_S:-180}
DOC=${CHAOS_DOC_PATH:-$ROOT/docs/reliability.md}
OUT="$RUN_DIR/chaos"
APPS_LOG="$LOG_DIR/apps.log"
PORTS=("${GATEWAY_PORT:-3000}" "${READ_API_PORT:-3001}" "${WAITING_ROOM_PORT:-3002}" "${TEMPORAL_WORKER_PORT:-3003}" "${JOBS_WORKER_PORT:-3004}")
mkdir_ignored "$RUN_DIR"
mkdir -p "$OUT"

[[ -n $(svc_pid apps) ]] || die "the apps are not running from this checkout; start them: bash scripts/apps-up.sh"
for f in "${FAULTS[@]}"; do [[ " ${ALL_FAULTS[*]} " == *" $f "* ]] || die "unknown fault '$f' (known: ${ALL_FAULTS[*]})"; done

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
sql() { MYSQL_PWD=$MYSQL_PASS mariadb --no-defaults --protocol=TCP -h "$MYSQL_HOST" -P "$MYSQL_PORT" -u "$MYSQL_USER" -N -B "$MYSQL_DB" -e "$1"; }
# The pid the launcher last reported for one of its processes ("<name> | started (pid N)").
child_pid() { sed -n "s/^$1 *| started (pid \([0-9]*\))$/\1/p" "$APPS_LOG" | tail -n 1; }
all_ready() {
  local port
  for port in "${PORTS[@]}"; do curl -fsS -m 2 "http://${HOST:-127.0.0.1}:$port/readyz" >/dev/null 2>&1 || return 1; done
}
# Seconds from $1 until every process is ready again (or "> timeout").
wait_recovered() {
  local t0=$1 deadline=$((SECONDS + RECOVER_TIMEOUT_S))
  until all_ready; do
    ((SECONDS < deadline)) || { echo "> ${RECOVER_TIMEOUT_S}"; return 0; }
    sleep 0.2
  done
  since "$t0"
}
ours() { [[ -n $(svc_pid "$1") ]]; }
# Why a fault cannot run here (a shared server), or nothing: checked before a drop is spent on it.
skip_reason() {
  case $1 in
    temporal-restart) ours temporal || echo "Temporal at $TEMPORAL_ADDRESS was not started by this checkout" ;;
    mysql-freeze) ours mariadb || echo "MariaDB at $MYSQL_HOST:$MYSQL_PORT was not started by this checkout" ;;
    redis-old-snapshot) ours redis || echo "Redis at $REDIS_HOST:$REDIS_PORT was not started by this checkout" ;;
    redis-flush) ours redis || [[ ${CHAOS_ALLOW_SHARED:-0} == 1 ]] || echo "Redis at $REDIS_HOST:$REDIS_PORT was not started by this checkout" ;;
  esac
  return 0
}

# --- the faults: each prints what it did on one line (or "SKIP: why") ----------------------------------------
kill_child() {
  local name=$1 pid
  pid=$(child_pid "$name")
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || { echo "SKIP: no running $name in $APPS_LOG"; return; }
  kill -KILL "$pid"
  echo "$name pid $pid SIGKILLed"
}
fault_worker-kill() { kill_child temporal-worker; }
fault_controller-kill() { kill_child waiting-room; }
fault_gateway-kill() { kill_child gateway; }
fault_temporal-restart() {
  ours temporal || { echo "SKIP: Temporal at $TEMPORAL_ADDRESS was not started by this checkout"; return; }
  bash scripts/infra-down.sh temporal >>"$OUT/infra.log" 2>&1
  bash scripts/infra-up.sh >>"$OUT/infra.log" 2>&1
  echo "Temporal dev server stopped and started again"
}
fault_mysql-freeze() {
  ours mariadb || { echo "SKIP: MariaDB at $MYSQL_HOST:$MYSQL_PORT was not started by this checkout"; return; }
  local pid; pid=$(svc_pid mariadb)
  kill -STOP "$pid"
  sleep "$FREEZE_S"
  kill -CONT "$pid"
  echo "mysqld pid $pid frozen (SIGSTOP) for ${FREEZE_S} s"
}
fault_redis-flush() {
  ours redis || [[ ${CHAOS_ALLOW_SHARED:-0} == 1 ]] || { echo "SKIP: Redis at $REDIS_HOST:$REDIS_PORT was not started by this checkout"; return; }
  redis-cli --no-auth-warning -u "$REDIS_URL" FLUSHDB >/dev/null
  echo "FLUSHDB of $REDIS_URL"
}
# Called when orders are flowing: copy the AOF now, let the drop run on, then restart Redis from the copy.
fault_redis-old-snapshot() {
  ours redis || { echo "SKIP: Redis at $REDIS_HOST:$REDIS_PORT was not started by this checkout"; return; }
  local dir="$DATA_DIR/redis" copy="$OUT/redis-snapshot"
  redis-cli --no-auth-warning -u "$REDIS_URL" BGREWRITEAOF >/dev/null
  until [[ $(redis-cli --no-auth-warning -u "$REDIS_URL" INFO persistence | tr -d '\r' | sed -n 's/^aof_rewrite_in_progress://p') == 0 ]]; do sleep 0.1; done
  rm -rf "$copy" && cp -a "$dir/appendonlydir" "$copy"
  sleep "$SNAPSHOT_LAG_S"
  bash scripts/infra-down.sh redis >>"$OUT/infra.log" 2>&1
  rm -rf "$dir/appendonlydir" && cp -a "$copy" "$dir/appendonlydir"
  bash scripts/infra-up.sh >>"$OUT/infra.log" 2>&1
  echo "Redis restarted from its AOF as it was ${SNAPSHOT_LAG_S} s earlier"
}

# --- one drop under load with one fault ---------------------------------------------------------------------
ROWS=()
bad=0
run_fault() {
  local fault=$1 base_drop drop="" k6_log="$OUT/$fault.k6.log" k6_pid t0 what recovered audit_json result k6_status
  local skip; skip=$(skip_reason "$fault")
  if [[ -n $skip ]]; then
    log "chaos: $fault skipped: $skip"
    ROWS+=("| $fault | skipped: $skip | – | – | – | – | – | – | – | skipped |")
    return
  fi
  base_drop=$(sql 'select coalesce(max(id), 0) from drops')
  log "chaos: $fault — a drop of $STOCK units for $SHOPPERS shoppers"
  node loadtest/runner/k6.mjs run -e BASE_URL="$BASE_URL" -e SHOPPERS="$SHOPPERS" -e STOCK="$STOCK" \
    -e ADMISSION_RATE="$ADMISSION_RATE" -e LATENCY_THRESHOLDS=off -e ORDER_FINAL_TIMEOUT_S=90 --quiet \
    --summary-export "$OUT/$fault.summary.json" \
    loadtest/full-drop.js >"$k6_log" 2>&1 &
  k6_pid=$!
  # Inject once orders are in flight (the drop exists and has orders), or when the run ends without any.
  local deadline=$((SECONDS + 300))
  while kill -0 "$k6_pid" 2>/dev/null && ((SECONDS < deadline)); do
    drop=$(sql "select coalesce(max(id), 0) from drops where id > $base_drop")
    [[ $drop != 0 && $(sql "select count(*) from orders where drop_id = $drop") -gt 0 ]] && break
    sleep 0.3
  done
  t0=$(now)
  what=$("fault_$fault")
  log "chaos: $fault: $what"
  if [[ $what == SKIP:* ]]; then
    recovered="-"
  else
    recovered=$(wait_recovered "$t0")
  fi
  k6_status=0
  wait "$k6_pid" || k6_status=$?
  result=$(sed -n 's/^RESULT \(.*"script":"full-drop".*\)$/\1/p' "$k6_log" | tail -n 1)
  [[ -n $result ]] && drop=$(node -pe 'JSON.parse(process.argv[1]).dropId' "$result")
  if [[ -z $drop || $drop == 0 ]]; then
    ROWS+=("| $fault | $what | $recovered | – | – | – | – | – | no drop ran (k6 exit $k6_status, see .run/chaos/$fault.k6.log) |")
    bad=1
    return
  fi
  npx --no-install tsx loadtest/audit/audit.ts --drop "$drop" --reconcile >"$OUT/$fault.audit.log" 2>&1 || true
  audit_json=$(sed -n 's/^RESULT //p' "$OUT/$fault.audit.log" | tail -n 1)
  local row
  row=$(node -e '
    const [fault, what, recovered, k6Status, resultText, auditText, summaryFile] = process.argv.slice(1);
    const r = resultText ? JSON.parse(resultText) : {};
    let metrics = {};
    try { metrics = JSON.parse(require("fs").readFileSync(summaryFile, "utf8")).metrics || {}; } catch {}
    const count = (name) => { const m = metrics[name]; return m ? Number((m.values || m).count || 0) : 0; };
    const a = auditText ? JSON.parse(auditText) : { violations: NaN, byRule: {} };
    const by = a.byRule || {};
    const n = (...rules) => rules.reduce((s, k) => s + (by[k] || 0), 0);
    const oversold = n("oversold", "negative_stock") + count("oversold");
    // An order a shopper placed that never reached a final state, by the client or by the server.
    const lost = count("final_state_missing");
    const charged = n("charged_but_not_sold");
    const stuck = (r.stuck || 0) + n("order_not_final", "stale_reservation");
    const ok = a.violations === 0 && oversold + lost + charged + stuck === 0;
    const sold = r.soldUnits === undefined ? "?" : `${r.soldUnits}/${r.stock}`;
    console.log(`| ${fault} | ${what} | ${recovered} | ${sold} | ${oversold} | ${lost} | ${charged} | ${stuck} | ` +
      `${a.violations} violation(s)${a.violations ? ": " + Object.keys(by).join(", ") : ""}; k6 exit ${k6Status} | ${ok ? "ok" : "FAILED"} |`);
  ' "$fault" "$what" "$recovered" "$k6_status" "$result" "$audit_json" "$OUT/$fault.summary.json")
  ROWS+=("$row")
  [[ $row == *"| FAILED |" ]] && bad=1
  log "chaos: $row"
}

for fault in "${FAULTS[@]}"; do
  run_fault "$fault"
  # The next fault starts from a serving system.
  wait_recovered "$(now)" >/dev/null
done

# --- docs/reliability.md: the table between the markers (appended the first time) --------------------------
table="$OUT/table.md"
{
  echo "<!-- chaos:begin (generated by bash loadtest/chaos.sh; do not edit by hand) -->"
  echo "Last run: $(date -u +%Y-%m-%dT%H:%MZ), \`CHAOS_FAULTS=$(IFS=,; echo "${FAULTS[*]}")\`, a drop of $STOCK units for $SHOPPERS shoppers per fault"
  echo "(\`loadtest/full-drop.js\`), then \`loadtest/audit/audit.ts --reconcile\`. *Recovered* = seconds from the fault until all"
  echo "five processes answer \`/readyz\` again; *lost* = orders a shopper placed that never reached a final state; *stuck* ="
  echo "orders or reservations the server still holds open. A k6 exit other than 0 means shoppers saw errors (e.g. a killed"
  echo "gateway's connections), not that anything was lost."
  echo
  echo "| fault | what was done | recovered (s) | sold/stock | oversold | lost | charged, not sold | stuck | audit | result |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${ROWS[@]}"
  echo "<!-- chaos:end -->"
} >"$table"
node -e '
  const fs = require("fs");
  const [doc, table] = process.argv.slice(1);
  const text = fs.existsSync(doc) ? fs.readFileSync(doc, "utf8") : "# Reliability\n";
  const block = fs.readFileSync(table, "utf8").trimEnd();
  const re = /<!-- chaos:begin[\s\S]*?<!-- chaos:end -->/;
  fs.writeFileSync(doc, re.test(text) ? text.replace(re, block) : `${text.trimEnd()}\n\n## Faults survived\n\n${block}\n`);
' "$DOC" "$table"
log "chaos: table written to $DOC"
cat "$table"

if [[ ${CHAOS_FUZZ:-1} == 1 ]]; then
  FUZZ_BASE_URL=$BASE_URL FUZZ_MAX_TIME_S=${CHAOS_FUZZ_MAX_TIME_S:-200} bash loadtest/fuzz.sh || bad=1
fi
exit "$bad"
