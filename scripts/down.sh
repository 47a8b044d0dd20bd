#!/usr/bin/env bash
# Stops what scripts/up.sh started (apps, then the S3 server, Temporal, MariaDB, Redis), by pid, nothing else.
# `bash scripts/down.sh apps` stops only the LiveDrop processes.
exec bash "$(dirname "${BASH_SOURCE[0]}")/infra-down.sh" "$@"
