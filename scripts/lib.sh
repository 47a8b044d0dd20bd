# shellcheck shell=bash disable=SC2034  # vars are used by the scripts that source this
# Shared helpers for LiveDrop's infra scripts. Source it, don't run it.
set -euo pipefail

SCRIPTS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$SCRIPTS_DIR")"
# shellcheck source=versions.env
source "$SCRIPTS_DIR/versions.env"

# Runtime state lives only under .run/ and tools only under .tools/, so a
# checkout can be wiped clean with `rm -rf .run .tools`.
RUN_DIR="$ROOT/.run"
PID_DIR="$RUN_DIR/pids"
LOG_DIR="$RUN_DIR/logs"
DATA_DIR="$RUN_DIR/data"
TOOLS_DIR="$ROOT/.tools"
VENV="$TOOLS_DIR/venv"
TEMPORAL_BIN="$VENV/bin/temporal"
MARIADB_SOCK="$RUN_DIR/mariadb.sock"

# Addresses come ONLY from these variables (the apps read the same ones).
: "${REDIS_URL:=redis://127.0.0.1:6379}"
: "${MYSQL_URL:=mysql://livedrop:livedrop@127.0.0.1:3306/livedrop}"
: "${TEMPORAL_ADDRESS:=127.0.0.1:7233}"
: "${TEMPORAL_UI_PORT:=8233}"
: "${S3_ENDPOINT:=http://127.0.0.1:9000}"
export REDIS_URL MYSQL_URL TEMPORAL_ADDRESS TEMPORAL_UI_PORT S3_ENDPOINT

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*"; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

# Create a dir that git ignores by itself (a '*' .gitignore inside), so these
# scripts never depend on the root .gitignore being right.
mkdir_ignored() {
  mkdir -p "$1"
  [[ -f "$1/.gitignore" ]] || printf '*\n' >"$1/.gitignore"
}

# parse_url URL -> URL_USER URL_PASS URL_HOST URL_PORT URL_PATH (no %-decoding).
parse_url() {
  local re='^[a-z]+://(([^:@/]*)(:([^@/]*))?@)?([^:/@]+)(:([0-9]+))?(/([^?]*))?'
  [[ $1 =~ $re ]] || die "cannot parse URL '$1'"
  URL_USER=${BASH_REMATCH[2]} URL_PASS=${BASH_REMATCH[4]}
  URL_HOST=${BASH_REMATCH[5]} URL_PORT=${BASH_REMATCH[7]} URL_PATH=${BASH_REMATCH[9]}
}

parse_url "$REDIS_URL"
REDIS_HOST=$URL_HOST REDIS_PORT=${URL_PORT:-6379}
parse_url "$MYSQL_URL"
MYSQL_HOST=$URL_HOST MYSQL_PORT=${URL_PORT:-3306}
MYSQL_USER=${URL_USER:-livedrop} MYSQL_PASS=$URL_PASS MYSQL_DB=${URL_PATH:-livedrop}
MYSQL_TEST_DB="${MYSQL_DB}_test"
[[ $TEMPORAL_ADDRESS =~ ^([^:]+):([0-9]+)$ ]] || die "TEMPORAL_ADDRESS must be host:port, got '$TEMPORAL_ADDRESS'"
TEMPORAL_HOST=${BASH_REMATCH[1]} TEMPORAL_PORT=${BASH_REMATCH[2]}
parse_url "$S3_ENDPOINT"
S3_HOST=$URL_HOST S3_PORT=${URL_PORT:-80}
MOTO_BIN="$VENV/bin/moto_server"

# Human-readable address per service, used in messages.
svc_addr() {
  case $1 in
    redis) echo "$REDIS_HOST:$REDIS_PORT" ;;
    mariadb) echo "$MYSQL_HOST:$MYSQL_PORT" ;;
    temporal) echo "$TEMPORAL_HOST:$TEMPORAL_PORT (UI :$TEMPORAL_UI_PORT)" ;;
    s3) echo "$S3_HOST:$S3_PORT" ;;
    *) echo "?" ;;
  esac
}

# What /proc/<pid>/cmdline must contain for a pid file to be trusted; this is
# how we avoid killing an unrelated process that reused a stale pid.
svc_cmd() {
  case $1 in
    redis) echo redis-server ;;
    mariadb) echo mariadbd ;;
    temporal) echo temporal ;;
    s3) echo moto_server ;;
    apps) echo "${APPS_CMD_MATCH:-node}" ;; # the Node launcher
    *) die "unknown service '$1'" ;;
  esac
}

is_local_host() { [[ $1 == 127.* || $1 == localhost || $1 == ::1 ]]; }

# TCP connect test with bash's /dev/tcp (no nc needed); bounded so a
# black-holed host can't hang us.
port_open() { timeout 2 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null; }

# --- pid files: .run/pids/<svc>.pid -------------------------------------------
pid_file() { echo "$PID_DIR/$1.pid"; }
read_pid() { tr -dc '0-9' 2>/dev/null <"$(pid_file "$1")" || true; }
write_pid() { mkdir -p "$PID_DIR"; echo "$2" >"$(pid_file "$1")"; }
remove_pid() { rm -f "$(pid_file "$1")"; }

# pid_alive PID: running and not a zombie (an unreaped zombie still passes kill -0).
pid_alive() {
  [[ -n $1 ]] && kill -0 "$1" 2>/dev/null || return 1
  [[ $(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) != Z ]]
}

# svc_pid SVC: print the pid from the pid file if that process is alive AND is
# still the program we started; otherwise print nothing.
svc_pid() {
  local pid; pid=$(read_pid "$1")
  pid_alive "$pid" || return 0
  grep -qE -- "$(svc_cmd "$1")" <<<"$(pid_cmdline "$pid")" && echo "$pid"
  return 0
}
pid_cmdline() { tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null || true; }

# wait_for NAME CHECK_CMD TIMEOUT_S LOGFILE [ADDR]
# Polls CHECK_CMD (a command or function) every 0.5s until it succeeds. Fails
# fast if the process we started for NAME has already exited.
wait_for() {
  local name=$1 check=$2 timeout=$3 logfile=$4 addr=${5:-$(svc_addr "$1")}
  local deadline=$((SECONDS + timeout)) pid
  pid=$(read_pid "$name")
  until eval "$check" >/dev/null 2>&1; do
    if [[ -n $pid ]] && ! pid_alive "$pid"; then
      tail -n 15 "$logfile" >&2 2>/dev/null || true
      die "$name exited during startup (pid $pid) at $addr; see its log: $logfile"
    fi
    if ((SECONDS >= deadline)); then
      tail -n 15 "$logfile" >&2 2>/dev/null || true
      die "$name did not become ready within ${timeout}s at $addr; see its log: $logfile"
    fi
    sleep 0.5
  done
}

# --- runtime secrets: .run/secrets.env (mode 0600) ------------------------------
# Random per checkout, made on first run, so no running system uses a secret published in the code.
# Values already in the environment win (compose, CI or an operator may set them).
SECRETS_FILE="$RUN_DIR/secrets.env"
SECRET_KEYS=(JWT_SECRET ADMISSION_TOKEN_SECRET DEMO_PASSWORD)
random_secret() { head -c "$1" /dev/urandom | base64 | tr -d '\n/+=' | head -c "$1"; }
ensure_runtime_secrets() {
  mkdir_ignored "$RUN_DIR"
  local key
  for key in "${SECRET_KEYS[@]}"; do
    grep -q "^$key=" "$SECRETS_FILE" 2>/dev/null && continue
    (umask 077 && printf '%s=%s\n' "$key" "$(random_secret 40)" >>"$SECRETS_FILE")
    log "secrets: generated $key into $SECRETS_FILE"
  done
  chmod 600 "$SECRETS_FILE"
  load_runtime_secrets
}
load_runtime_secrets() {
  [[ -f $SECRETS_FILE ]] || return 0
  local key value
  while IFS='=' read -r key value; do
    [[ " ${SECRET_KEYS[*]} " == *" $key "* && -z ${!key:-} ]] && export "$key=$value"
  done <"$SECRETS_FILE"
  return 0
}
# Scripts that sourced this (bench, tests, tools minting tokens) use the same secrets as the running apps.
load_runtime_secrets
