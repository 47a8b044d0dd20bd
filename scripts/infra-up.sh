#!/usr/bin/env bash
# Brings up redis, mariadb and temporal for LiveDrop. Reuses anything already
# answering at the configured address (ours from a previous run, or a system
# one); otherwise starts a local instance with state under .run/.
# Safe to run repeatedly: a second run only reuses.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

mkdir_ignored "$RUN_DIR"
mkdir -p "$PID_DIR" "$LOG_DIR" "$DATA_DIR"
SUMMARY=()

# start_bg SVC CMD...: detached from this shell (setsid: own session, so a ^C
# here or the terminal closing doesn't kill it), output to .run/logs/SVC.log.
# setsid doesn't fork here (we are not a group leader), so $! is the real pid.
start_bg() {
  local svc=$1; shift
  setsid nohup "$@" >>"$LOG_DIR/$svc.log" 2>&1 </dev/null &
  write_pid "$svc" $!
}

# reuse_or_start SVC CHECK_FN START_FN TIMEOUT: the common decision logic.
reuse_or_start() {
  local svc=$1 check=$2 start=$3 timeout=$4 var port host pid owned
  case $svc in
    redis) var=REDIS_URL host=$REDIS_HOST port=$REDIS_PORT ;;
    mariadb) var=MYSQL_URL host=$MYSQL_HOST port=$MYSQL_PORT ;;
    temporal) var=TEMPORAL_ADDRESS host=$TEMPORAL_HOST port=$TEMPORAL_PORT ;;
    s3) var=S3_ENDPOINT host=$S3_HOST port=$S3_PORT ;;
  esac
  pid=$(svc_pid "$svc") owned=""
  # "ours" only if our process was started for this port (it is in its cmdline).
  [[ -n $pid ]] && grep -qw -- "$port" <<<"$(pid_cmdline "$pid")" && owned=$pid
  if port_open "$host" "$port"; then
    # Something listens: it must be the right kind of server, or we stop here
    # rather than have the apps talk to the wrong thing.
    "$check" || die "port $port ($var) is in use by something that is not $svc"
    log "reusing $svc at $(svc_addr "$svc")${owned:+ (started by infra-up, pid $owned)}"
    SUMMARY+=("$(printf '%-9s %-34s reused%s' "$svc" "$(svc_addr "$svc")" "${owned:+ (ours, pid $owned)}")")
    return 0
  fi
  is_local_host "$host" || die "$var points at $host:$port, which does not answer; only local services can be started"
  # Ours but silent: hung, or $var now names a different port than it was
  # started with. Starting a second one would fight over .run/data/$svc.
  [[ -z $pid ]] || die "our $svc (pid $pid) is running but not answering at $(svc_addr "$svc"); run scripts/infra-down.sh $svc first"
  log "starting $svc at $(svc_addr "$svc")"
  "$start"
  wait_for "$svc" "$check" "$timeout" "$LOG_DIR/$svc.log"
  SUMMARY+=("$(printf '%-9s %-34s started (pid %s)' "$svc" "$(svc_addr "$svc")" "$(read_pid "$svc")")")
}

# --- redis ----------------------------------------------------------------------
redis_ready() { [[ $(redis-cli --no-auth-warning -u "$REDIS_URL" ping 2>/dev/null) == PONG ]]; }
redis_start() {
  mkdir -p "$DATA_DIR/redis"
  # AOF on, fsync once a second (a crash loses at most ~1 s of writes; docs/reliability.md "Durability"),
  # RDB snapshots off: durable queues without fork-heavy saves.
  # noeviction: BullMQ breaks if redis silently evicts its keys.
  start_bg redis redis-server --bind "$REDIS_HOST" --port "$REDIS_PORT" \
    --dir "$DATA_DIR/redis" --appendonly yes --appendfsync everysec --maxmemory-policy noeviction \
    --save "" --daemonize no
}

# --- mariadb --------------------------------------------------------------------
# Liveness only: ping exits 0 even when the login is refused (hence the
# "Access denied for user 'root'" warnings in the server log).
mariadb_ready() {
  mariadb-admin --no-defaults --protocol=TCP -h "$MYSQL_HOST" -P "$MYSQL_PORT" \
    --connect-timeout=3 ping >/dev/null 2>&1
}
mariadb_start() {
  local datadir="$DATA_DIR/mariadb"
  mkdir -p "$datadir"
  # --no-defaults everywhere: ignore /etc/mysql/*.cnf (system datadir/socket).
  if [[ ! -d $datadir/mysql ]]; then
    # Root gets unix_socket auth: only an OS root on our socket can administer.
    mariadb-install-db --no-defaults --user="$(id -un)" --datadir="$datadir" \
      --auth-root-authentication-method=socket --skip-test-db \
      >>"$LOG_DIR/mariadb.log" 2>&1 ||
      die "mariadb-install-db failed; see its log: $LOG_DIR/mariadb.log"
    log "mariadb: initialised datadir $datadir"
  fi
  # flush-log-at-trx-commit=2 and no binlog: dev/test speed over crash-durability.
  start_bg mariadb mariadbd --no-defaults --user="$(id -un)" --datadir="$datadir" \
    --port="$MYSQL_PORT" --bind-address="$MYSQL_HOST" --socket="$MARIADB_SOCK" \
    --pid-file="$datadir/mariadbd.pid" --skip-log-bin --innodb-buffer-pool-size=256M \
    --max-connections=500 --innodb-flush-log-at-trx-commit=2
}

sql_quote() { printf "%s" "${1//\'/\'\'}"; }
# The app user on both databases; works as long as we can reach root.
provision_sql() {
  local u p
  u=$(sql_quote "$MYSQL_USER") p=$(sql_quote "$MYSQL_PASS")
  cat <<SQL
CREATE DATABASE IF NOT EXISTS \`$MYSQL_DB\`;
CREATE DATABASE IF NOT EXISTS \`$MYSQL_TEST_DB\`;
CREATE USER IF NOT EXISTS '$u'@'%' IDENTIFIED BY '$p';
CREATE USER IF NOT EXISTS '$u'@'localhost' IDENTIFIED BY '$p';
ALTER USER '$u'@'%' IDENTIFIED BY '$p';
ALTER USER '$u'@'localhost' IDENTIFIED BY '$p';
GRANT ALL PRIVILEGES ON \`$MYSQL_DB\`.* TO '$u'@'%', '$u'@'localhost';
GRANT ALL PRIVILEGES ON \`$MYSQL_TEST_DB\`.* TO '$u'@'%', '$u'@'localhost';
-- Scratch databases named <db>_<something> (the migrations up/down test makes its own).
GRANT ALL PRIVILEGES ON \`${MYSQL_DB//_/\\_}\\_%\`.* TO '$u'@'%', '$u'@'localhost';
SQL
}
app_creds_ok() {
  local db
  for db in "$MYSQL_DB" "$MYSQL_TEST_DB"; do
    MYSQL_PWD=$MYSQL_PASS mariadb --no-defaults --protocol=TCP -h "$MYSQL_HOST" \
      -P "$MYSQL_PORT" -u "$MYSQL_USER" "$db" -e 'select 1' >/dev/null 2>&1 || return 1
  done
  # The scratch-database grant (added later) must be there too.
  MYSQL_PWD=$MYSQL_PASS mariadb --no-defaults --protocol=TCP -h "$MYSQL_HOST" -P "$MYSQL_PORT" -u "$MYSQL_USER" \
    -e "CREATE DATABASE IF NOT EXISTS \`${MYSQL_DB}_probe\`; DROP DATABASE \`${MYSQL_DB}_probe\`" >/dev/null 2>&1
}
# Runs SQL from stdin as db root: over our own socket if the server at
# MYSQL_URL is ours, else over the system default socket (a Debian-packaged
# mariadb, where OS root == db root).
mariadb_root() {
  local our_port
  our_port=$(mariadb --no-defaults --socket="$MARIADB_SOCK" -u root -N -e 'select @@port' 2>/dev/null || true)
  if [[ $our_port == "$MYSQL_PORT" ]]; then
    mariadb --no-defaults --socket="$MARIADB_SOCK" -u root
  else
    mariadb -u root
  fi
}
mariadb_provision() {
  app_creds_ok && return 0
  provision_sql | mariadb_root 2>>"$LOG_DIR/mariadb.log" ||
    die "MYSQL_URL credentials ($MYSQL_USER@$MYSQL_HOST:$MYSQL_PORT, databases $MYSQL_DB/$MYSQL_TEST_DB) are rejected, and 'mariadb -u root' over the socket could not fix them; create that user/password and grant it both databases, or fix MYSQL_URL"
  app_creds_ok || die "created $MYSQL_USER but it still cannot log in over TCP at $MYSQL_HOST:$MYSQL_PORT; check for conflicting accounts"
  log "mariadb: ensured user $MYSQL_USER and databases $MYSQL_DB, $MYSQL_TEST_DB"
}

# --- temporal -------------------------------------------------------------------
temporal_ready() {
  timeout 10 "$TEMPORAL_BIN" operator cluster health --address "$TEMPORAL_ADDRESS" 2>/dev/null | grep -q SERVING
}
# The UI counts too: the dev server is only "up" for us when both answer.
temporal_and_ui_ready() { temporal_ready && port_open "$TEMPORAL_HOST" "$TEMPORAL_UI_PORT"; }
temporal_start() {
  [[ -x $TEMPORAL_BIN ]] || die "temporal CLI missing at $TEMPORAL_BIN; run scripts/install-system.sh"
  port_open "$TEMPORAL_HOST" "$TEMPORAL_UI_PORT" &&
    die "port $TEMPORAL_UI_PORT (TEMPORAL_UI_PORT) is in use by something that is not the temporal UI"
  mkdir -p "$DATA_DIR/temporal"
  # --db-filename: sqlite file, so workflow history survives restarts. WAL + synchronous=normal: a commit is
  # no longer an fsync of a rollback journal (the server spent half its time in system calls; 25-40% less CPU
  # per order); survives a process crash, only an OS crash can lose the last commits (docs/benchmarks.md, Orders).
  # nice: like the workers (scripts/processes.ts), sagas run behind the request path, which never waits on Temporal.
  start_bg temporal nice -n "${LIVEDROP_WORKER_NICE:-10}" "$TEMPORAL_BIN" server start-dev --ip "$TEMPORAL_HOST" \
    --port "$TEMPORAL_PORT" --ui-port "$TEMPORAL_UI_PORT" \
    --db-filename "$DATA_DIR/temporal/temporal.db" --sqlite-pragma journal_mode=wal \
    --sqlite-pragma synchronous=normal --log-level warn --namespace default
}

# --- s3 (moto server) --------------------------------------------------------------
# Media storage when MEDIA_STORAGE=s3, and the real S3 server the S3 driver's tests talk to. In memory: a
# restart forgets its buckets (local development and tests only; production points S3_ENDPOINT elsewhere).
s3_ready() { [[ $(curl -fsS --max-time 3 "$S3_ENDPOINT/" 2>/dev/null) == *ListAllMyBucketsResult* ]]; }
s3_start() {
  [[ -x $MOTO_BIN ]] || die "moto_server missing at $MOTO_BIN; run scripts/install-system.sh"
  start_bg s3 "$MOTO_BIN" -H "$S3_HOST" -p "$S3_PORT"
}

reuse_or_start redis redis_ready redis_start 60
# A reused redis (someone else's) may run without AOF: say so rather than silently lose writes on a crash.
[[ $(redis-cli --no-auth-warning -u "$REDIS_URL" config get appendonly 2>/dev/null | sed -n 2p) == yes ]] ||
  log "WARNING: redis at $(svc_addr redis) runs without AOF (appendonly no); a crash loses every write since its last snapshot (docs/reliability.md, Durability)"
reuse_or_start mariadb mariadb_ready mariadb_start 60
mariadb_provision
# A reused temporal may have its UI elsewhere; only our own start waits for the UI.
if port_open "$TEMPORAL_HOST" "$TEMPORAL_PORT"; then
  reuse_or_start temporal temporal_ready temporal_start 90
else
  reuse_or_start temporal temporal_and_ui_ready temporal_start 90
fi

# Order sagas carry their order ids, so the Temporal UI finds an order's saga by `LiveDropOrderIds = '<order id>'`
# (workflows/src/shared.ts). Creating an existing search attribute is a no-op.
if [[ -x $TEMPORAL_BIN ]]; then
  for ns in $(printf '%s\n' default "${TEMPORAL_NAMESPACE:-default}" | sort -u); do
    "$TEMPORAL_BIN" operator search-attribute create --name LiveDropOrderIds --type KeywordList \
      --namespace "$ns" --address "$TEMPORAL_ADDRESS" >/dev/null ||
      die "could not register the LiveDropOrderIds search attribute on temporal namespace $ns"
  done
fi

reuse_or_start s3 s3_ready s3_start 60

log "infra is up:"
printf '  %s\n' "${SUMMARY[@]}"
