#!/usr/bin/env bash
# npm ci, only when package-lock.json changed since the last install.
source "$(dirname "$0")/lib.sh"
cd "$LIENTHONG_ROOT"
stamp="node_modules/.lienthong-lock"
want="$(cat package-lock.json | fingerprint)"
if stamp_is_current "$stamp" "$want"; then
  log "node modules: up to date"
  exit 0
fi
log "node modules: npm ci"
# mediasoup's postinstall would download a prebuilt worker (offline: fails the install); naming the
# worker we build ourselves skips it. Prisma's engines download is not needed either (WASM client).
export MEDIASOUP_WORKER_BIN="$LIENTHONG_STATE_DIR/bin/mediasoup-worker"
export PRISMA_SCHEMA_ENGINE_BINARY="${PRISMA_SCHEMA_ENGINE_BINARY:-$LIENTHONG_ROOT/package.json}"
export PRISMA_SKIP_POSTINSTALL_GENERATE=1 CHECKPOINT_DISABLE=1
npm ci --no-audit --no-fund --loglevel=error
write_stamp "$stamp" "$want"
