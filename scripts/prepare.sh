#!/usr/bin/env bash
# Shared first half of up.sh and test.sh: install what is missing, start (or reuse) Redis, MariaDB and
# Temporal, and migrate the database. Idempotent.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

bash scripts/install-system.sh
bash scripts/install-node-deps.sh
mkdir -p "$LOG_DIR"
log "web app: vite build → web/dist (served by the gateway at /)"
npm run --silent build:web >"$LOG_DIR/web-build.log" 2>&1 || { tail -30 "$LOG_DIR/web-build.log" >&2; die "web build failed"; }
bash scripts/infra-up.sh
npm run --silent migrate
