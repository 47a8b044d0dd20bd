#!/usr/bin/env bash
# Browser journeys (web/e2e, Playwright driving Debian's chromium) against the whole running system.
# Builds the web app, starts the apps if they are not up (with the payment sandbox's random declines off,
# so a journey's order is never declined by chance) and stops only what it started. Artifacts of a
# failing journey (screenshot + browser console per tab): .run/e2e/.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

[[ -x ${CHROMIUM_PATH:-/usr/bin/chromium} ]] || die "chromium not found at ${CHROMIUM_PATH:-/usr/bin/chromium}: run scripts/install-system.sh"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
mkdir -p "$RUN_DIR/e2e" "$LOG_DIR"
npm run --silent build:web >"$LOG_DIR/web-build.log" 2>&1 || { tail -30 "$LOG_DIR/web-build.log" >&2; die "web build failed"; }

e2e_started_apps=0
if [[ -z $(svc_pid apps) ]]; then
  PAYMENT_DECLINE_RATE=0 bash scripts/apps-up.sh
  e2e_started_apps=1
fi
trap 'if ((e2e_started_apps)); then bash scripts/infra-down.sh apps >"$LOG_DIR/apps-stop.log" 2>&1; fi' EXIT
npx --no-install playwright test -c web/e2e/playwright.config.ts "$@"
