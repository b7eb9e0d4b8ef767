# Shared helpers for the setup scripts (sourced, not run).
set -euo pipefail

LIENTHONG_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
LIENTHONG_CACHE_DIR="${LIENTHONG_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/lienthong}"
LIENTHONG_STATE_DIR="$LIENTHONG_ROOT/.lienthong"
mkdir -p "$LIENTHONG_CACHE_DIR" "$LIENTHONG_STATE_DIR/bin"

log() { printf '[setup] %s\n' "$*" >&2; }
die() { printf '[setup] error: %s\n' "$*" >&2; exit 1; }

# Run as root, through sudo when we are not root already.
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    die "'$*' needs root and sudo is missing"; fi
}

# sha256 of the given strings and files, short.
fingerprint() { sha256sum | cut -c1-16; }

# A TCP port answers on 127.0.0.1?
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# A step's stamp file holds the fingerprint of its inputs at its last success.
stamp_is_current() { [ -f "$1" ] && [ "$(cat "$1")" = "$2" ]; }
write_stamp() { echo "$2" > "$1"; }
