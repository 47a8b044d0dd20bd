#!/usr/bin/env bash
# Command (a) of the README: installs everything, starts the whole system with a seeded demo drop and
# prints where to look. Idempotent: rerunning reuses what is already installed and running.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

bash scripts/prepare.sh
bash scripts/apps-up.sh
npx --no-install tsx scripts/seed-demo.ts

cat <<MSG

LiveDrop is running.
  API (gateway)      http://127.0.0.1:${GATEWAY_PORT:-3000}        (OpenAPI: /openapi.json, WebSocket: /ws)
  read-api           http://127.0.0.1:${READ_API_PORT:-3001}
  Temporal UI        http://127.0.0.1:${TEMPORAL_UI_PORT}
  S3 (media, moto)   ${S3_ENDPOINT}   (used when MEDIA_STORAGE=s3; default store: .run/media)
  Metrics            http://127.0.0.1:${GATEWAY_PORT:-3000}/metrics (and /metrics on every port above 3000-3004)
  Logs               .run/logs/apps.log (processes), .run/logs/{redis,mariadb,temporal,s3}.log
  Stop everything    bash scripts/down.sh
MSG
