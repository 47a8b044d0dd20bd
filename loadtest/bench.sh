#!/usr/bin/env bash
# One command for every benchmark: brings the infrastructure up, starts a fresh LiveDrop system for the run,
# runs the baselines (redis-benchmark, a bare node:http hello-world) and each area's benchmark in the same run,
# audits every drop it touched, prints target / measured / pass and rewrites the generated top of
# docs/benchmarks.md.
#   bash loadtest/bench.sh                                               # ~10 min on a 2-core box
#   BENCH_DURATION_S=5 BENCH_WS_SOCKETS=2000 bash loadtest/bench.sh       # quicker, smaller
#   BENCH_ONLY=join,orders bash loadtest/bench.sh                         # a subset
# BENCH_FRESH=1 (default): the five processes run on ports 3200-3204 against a recreated MySQL database
#   (livedrop_benchsys, ids starting at <epoch s>·1000) and their own Redis database (BENCH_REDIS_DB, default 2,
#   flushed), so leftovers of other runs, tests or databases cannot collide with the run's drops, users or
#   workflow ids. BENCH_FRESH=0 reuses (or starts) the default system from scripts/apps-up.sh instead.
# The HTTP targets (join vs hello-world, join p99 and cached read p99 at a fixed rate) are judged with compiled
#   generators, wrk (Debian) and vegeta (.tools/bin): loadtest/bench/http-bench.ts; scripts/install-system.sh installs them.
# Settings: loadtest/bench/run-bench.ts (SETTINGS). Exit 1 when a target is missed, 2 when it could not run.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"
cd "$ROOT"

# 10,000 sockets on each side of the gateway: raise the descriptor limit for us and what we start.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
# ...all from this one machine: no per-address socket cap for the gateways the benchmark starts.
export WS_MAX_SOCKETS_PER_IP=0

bash scripts/infra-up.sh
mkdir -p "$LOG_DIR"

bench_pid=""
started_apps=0
cleanup() {
  if [[ -n $bench_pid ]] && kill -0 "$bench_pid" 2>/dev/null; then
    kill -TERM "$bench_pid" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$bench_pid" 2>/dev/null || break; sleep 0.2; done
  fi
  if ((started_apps)); then bash scripts/infra-down.sh apps >"$LOG_DIR/apps-stop.log" 2>&1 || true; fi
}
trap cleanup EXIT

if [[ ${BENCH_FRESH:-1} == 1 ]]; then
  parse_url "$REDIS_URL"
  export MYSQL_URL="${MYSQL_URL%/*}/livedrop_benchsys"
  export REDIS_URL="redis://${URL_HOST}:${URL_PORT:-6379}/${BENCH_REDIS_DB:-2}"
  export GATEWAY_PORT=3200 READ_API_PORT=3201 WAITING_ROOM_PORT=3202 TEMPORAL_WORKER_PORT=3203 JOBS_WORKER_PORT=3204
  # The gateway's /metrics on its ops port: the full drop's accepted latency as the server measured it. Given to
  # the system's gateway only (the single-area benches start gateways of their own).
  export BENCH_GATEWAY_METRICS_URL=http://127.0.0.1:3205/metrics
  export READ_API_URL="http://127.0.0.1:3201" TEMPORAL_TASK_QUEUE="livedrop-bench-$$" LOG_LEVEL=warn
  # Sign-ups of the k6 shoppers all come from this one IP: no per-IP auth limit for the benchmark system.
  export RATE_LIMIT_AUTH_PER_IP_PER_MIN=0 RATE_LIMIT_SIGNUP_PER_IP_PER_HOUR=0
  for port in 3200 3201 3202 3203 3204 3205; do port_open 127.0.0.1 "$port" && die "port $port is in use (stop the earlier bench run)"; done
  node --import tsx loadtest/tools/fresh-bench-db.ts
  GATEWAY_OPS_PORT=3205 setsid node --import tsx scripts/run-all.ts >"$LOG_DIR/bench-apps.log" 2>&1 </dev/null &
  bench_pid=$!
  log "bench: fresh system started (pid $bench_pid), log $LOG_DIR/bench-apps.log"
  for port in 3200 3201 3202 3203 3204; do
    for i in $(seq 600); do
      curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
      kill -0 "$bench_pid" 2>/dev/null || die "the bench system exited; see $LOG_DIR/bench-apps.log"
      ((i < 600)) || die "port $port not ready after 120 s; see $LOG_DIR/bench-apps.log"
      sleep 0.2
    done
  done
  BENCH_BASE_URL="http://127.0.0.1:3200"
else
  npm run --silent migrate
  if [[ -z $(svc_pid apps) ]]; then
    RATE_LIMIT_AUTH_PER_IP_PER_MIN=0 RATE_LIMIT_SIGNUP_PER_IP_PER_HOUR=0 WS_MAX_SOCKETS_PER_IP=0 LOG_LEVEL=warn bash scripts/apps-up.sh
    started_apps=1
  else
    log "bench: reusing the running apps (pid $(svc_pid apps))"
  fi
  BENCH_BASE_URL="${BENCH_BASE_URL:-http://${HOST:-127.0.0.1}:${GATEWAY_PORT:-3000}}"
fi

BENCH_BASE_URL="$BENCH_BASE_URL" node --import tsx loadtest/bench/run-bench.ts
