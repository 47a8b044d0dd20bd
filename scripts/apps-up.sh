#!/usr/bin/env bash
# Starts every LiveDrop process in the background through the Node launcher (scripts/run-all.ts),
# records its pid for infra-down.sh, and waits until each process answers /readyz.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

PORTS=("gateway:${GATEWAY_PORT:-3000}" "read-api:${READ_API_PORT:-3001}" "waiting-room:${WAITING_ROOM_PORT:-3002}"
  "temporal-worker:${TEMPORAL_WORKER_PORT:-3003}" "jobs-worker:${JOBS_WORKER_PORT:-3004}")
HOST_ADDR=${HOST:-127.0.0.1}
mkdir_ignored "$RUN_DIR"
mkdir -p "$LOG_DIR" "$PID_DIR"
ensure_runtime_secrets # JWT and admission-token secrets for the apps (exported: the launcher passes them on)
APPS_LOG="$LOG_DIR/apps.log"

if [[ -n $(svc_pid apps) ]]; then
  log "apps: already running (pid $(svc_pid apps)); restart with: bash scripts/down.sh apps && bash scripts/apps-up.sh"
else
  # A port held by something else would make one process die at boot; say which one up front.
  for entry in "${PORTS[@]}"; do
    port_open "$HOST_ADDR" "${entry#*:}" && die "port ${entry#*:} (${entry%%:*}) is already in use by another program"
  done
  setsid nohup node --import tsx scripts/run-all.ts >"$APPS_LOG" 2>&1 </dev/null &
  write_pid apps $!
  log "apps: started (pid $!), log $APPS_LOG"
fi

for entry in "${PORTS[@]}"; do
  name=${entry%%:*} port=${entry#*:}
  wait_for apps "curl -fsS http://$HOST_ADDR:$port/readyz" 120 "$APPS_LOG" "$name on $HOST_ADDR:$port"
done
log "apps: all five processes are ready"
