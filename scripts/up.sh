#!/usr/bin/env bash
# Command (a) of the README: installs everything, starts the whole system with a seeded demo drop and
# prints where to look. Idempotent: rerunning reuses what is already installed and running.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

bash scripts/prepare.sh
ensure_runtime_secrets # JWT/admission-token secrets and the demo password, random per checkout (.run/secrets.env)
bash scripts/apps-up.sh
# The seed's own lines (accounts, the demo drop) follow the address, so the app's URL is what a person sees first.
seeded=$(npx --no-install tsx scripts/seed-demo.ts)

cat <<MSG

Web app            http://127.0.0.1:${GATEWAY_PORT:-3000}/   (open it: drops, the waiting room, creator studio, ops console)
$seeded

LiveDrop is running.
  API (gateway)      http://127.0.0.1:${GATEWAY_PORT:-3000}        (OpenAPI: /openapi.json, WebSocket: /ws)
  read-api           http://127.0.0.1:${READ_API_PORT:-3001}
  Temporal UI        http://127.0.0.1:${TEMPORAL_UI_PORT}
  Metrics            /metrics on the process ports 3002-3004 and read-api; the gateway's with an ops token, or on GATEWAY_OPS_PORT
  Demo password      ${DEMO_PASSWORD} (every demo account; DEMO_PASSWORD in .run/secrets.env)
  S3 (media, moto)   ${S3_ENDPOINT}   (used when MEDIA_STORAGE=s3; default store: .run/media)
  Logs               .run/logs/apps.log (processes), .run/logs/{redis,mariadb,temporal,s3}.log
  Stop everything    bash scripts/down.sh
MSG
