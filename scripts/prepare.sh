#!/usr/bin/env bash
# Shared first half of up.sh and test.sh: install what is missing, start (or reuse) Redis, MariaDB and
# Temporal, and migrate the database. Idempotent.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

bash scripts/install-system.sh
bash scripts/install-node-deps.sh
bash scripts/infra-up.sh
npm run --silent migrate
