#!/usr/bin/env bash
# Installs the npm workspaces exactly as locked (npm ci), skipping the install when node_modules already
# matches package-lock.json. Safe to rerun.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

stamp=node_modules/.livedrop-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [[ -f $stamp && $(cat "$stamp") == "$want" ]]; then
  log "node modules: up to date with package-lock.json"
  exit 0
fi
log "node modules: npm ci"
# The browser tests drive Debian's chromium (install-system.sh): never let Playwright download one.
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
echo "$want" >"$stamp"
