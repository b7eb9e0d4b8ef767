#!/usr/bin/env bash
# Sets up everything lienthong needs on a Debian/Ubuntu machine with Node 20, idempotently:
# Debian packages, node modules, the mediasoup worker (built from source, cached), the Prisma
# client and the web build. A second run on a ready machine takes seconds.
#   infra/setup.sh              for `npm start`
#   infra/setup.sh --for-tests  also Chromium, and a PostgreSQL and Redis for the tests if none runs
source "$(dirname "$0")/setup/lib.sh"
mode="${1:-}"
case "$mode" in ""|--for-tests) ;; *) die "unknown option '$mode' (use --for-tests or nothing)";; esac
here="$(dirname "$0")/setup"
started=$SECONDS

command -v node >/dev/null || die "Node.js 20 or later is required (https://nodejs.org or Debian's nodejs)"
node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' || die "Node.js 20 or later is required, found $(node -v)"

bash "$here/system-packages.sh" $mode
if [ "$mode" = --for-tests ]; then bash "$here/test-services.sh"; fi
bash "$here/node-modules.sh"
bash "$here/mediasoup-worker.sh" >/dev/null
bash "$here/prisma-client.sh" >/dev/null
bash "$here/web-build.sh"
log "ready in $((SECONDS - started)) s"
