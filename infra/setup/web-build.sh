#!/usr/bin/env bash
# Builds the web app (Vite) only when its sources, the contracts or the lockfile changed.
source "$(dirname "$0")/lib.sh"
cd "$LIENTHONG_ROOT"
stamp="web-viewer/dist/.lienthong-build"
want="$( { find web-viewer/src contracts/src web-viewer/index.html web-viewer/vite.config.ts web-viewer/public -type f 2>/dev/null | sort | xargs sha256sum; sha256sum package-lock.json; } | fingerprint)"
if stamp_is_current "$stamp" "$want"; then
  log "web app: up to date"
  exit 0
fi
log "web app: building"
npm run build -w web-viewer --silent >/dev/null
write_stamp "$stamp" "$want"
