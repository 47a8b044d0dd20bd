#!/usr/bin/env bash
# Stops exactly what infra-up.sh (and the app launcher) started, using the pid
# files in .run/pids. Never kills by name, never touches reused services.
# Usage: infra-down.sh [apps|redis|mariadb|temporal|s3 ...]   (default: all)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

GRACE_S=20

stop_svc() {
  local svc=$1 f pid
  f=$(pid_file "$svc")
  if [[ ! -f $f ]]; then
    [[ $svc == apps ]] || log "$svc: no pid file, nothing of ours to stop"
    return 0
  fi
  pid=$(svc_pid "$svc")
  if [[ -z $pid ]]; then
    # Process gone, or the pid now belongs to another program: don't kill it.
    log "$svc: stale pid file ($(read_pid "$svc")) removed, nothing killed"
    remove_pid "$svc"
    return 0
  fi
  # TERM first so redis flushes its AOF, mariadb shuts InnoDB down cleanly and
  # temporal closes its sqlite file.
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + GRACE_S))
  while pid_alive "$pid" && ((SECONDS < deadline)); do sleep 0.2; done
  if pid_alive "$pid"; then
    kill -KILL "$pid" 2>/dev/null || true
    log "$svc: did not exit within ${GRACE_S}s of TERM; sent KILL to pid $pid"
  else
    log "$svc: stopped (pid $pid)"
  fi
  remove_pid "$svc"
}

# Apps first: they hold connections to the services below.
services=("$@")
((${#services[@]})) || services=(apps s3 temporal mariadb redis)
for svc in "${services[@]}"; do
  case $svc in
    apps | redis | mariadb | temporal | s3) stop_svc "$svc" ;;
    *) die "unknown service '$svc' (expected: apps redis mariadb temporal s3)" ;;
  esac
done
