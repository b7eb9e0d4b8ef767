#!/usr/bin/env bash
# Installs the Debian packages lienthong needs, only those missing. apt-get update runs only then.
# Usage: system-packages.sh [--for-tests]
source "$(dirname "$0")/lib.sh"

packages=(
  # mediasoup 3.12 worker, built from source against Debian's libraries
  g++ make patch pkg-config libuv1-dev libssl-dev libsrtp2-dev libusrsctp-dev libabsl-dev nlohmann-json3-dev
  # libsrtp2's Debian source package, rebuilt with OpenSSL crypto
  dpkg-dev
  # recorder
  ffmpeg
  # embedded Redis for the one-machine run (only the binary; we start it as a child)
  redis-server
)
if [ "${1:-}" = --for-tests ]; then
  # poppler-utils: the minutes' tests read their PDFs' text (pdftotext) and draw a page (pdftoppm)
  packages+=(chromium iproute2 poppler-utils)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  log "Debian packages: all present"
  exit 0
fi
log "Debian packages: installing ${missing[*]}"
as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
