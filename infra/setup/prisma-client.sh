#!/usr/bin/env bash
# Generates the control plane's Prisma client (src/generated/prisma) when schema.prisma, the
# Prisma config or Prisma's version changed since the last run; otherwise returns at once.
# Prints the generated directory on stdout.
source "$(dirname "$0")/lib.sh"

cp_dir="$LIENTHONG_ROOT/control-plane"
out_dir="$cp_dir/src/generated/prisma"
stamp="$out_dir/.lienthong-stamp"
prisma_cli="$LIENTHONG_ROOT/node_modules/prisma/build/index.js"
[ -f "$prisma_cli" ] || die "node_modules/prisma is missing: run npm ci first"

key="$( { cat "$cp_dir/prisma/schema.prisma" "$cp_dir/prisma.config.ts"
          node -p "require('$LIENTHONG_ROOT/node_modules/prisma/package.json').version"
          node -p "require('$LIENTHONG_ROOT/node_modules/@prisma/client/package.json').version"; } | fingerprint)"

if [ ! -f "$out_dir/client.ts" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$key" ]; then
  # `prisma generate` insists that PRISMA_SCHEMA_ENGINE_BINARY names an existing file (else it
  # tries to download the native engine), but never runs it. Keep a real engine if one is set.
  if [ ! -f "${PRISMA_SCHEMA_ENGINE_BINARY:-}" ]; then
    PRISMA_SCHEMA_ENGINE_BINARY="$LIENTHONG_STATE_DIR/bin/prisma-schema-engine-unavailable"
    printf '#!/bin/sh\necho "the native Prisma schema engine is not installed (offline)" >&2\nexit 1\n' \
      >"$PRISMA_SCHEMA_ENGINE_BINARY"
    chmod +x "$PRISMA_SCHEMA_ENGINE_BINARY"
  fi
  log "prisma client: generating"
  (cd "$cp_dir" && PRISMA_SCHEMA_ENGINE_BINARY="$PRISMA_SCHEMA_ENGINE_BINARY" CHECKPOINT_DISABLE=1 \
    PRISMA_HIDE_UPDATE_MESSAGE=1 node "$prisma_cli" generate >&2)
  echo "$key" >"$stamp"
fi
echo "$out_dir"
