#!/usr/bin/env bash
# Builds a static libsrtp2 with OpenSSL crypto from Debian's own source package.
# Debian's libsrtp2 uses its built-in AES/SHA-1 and lacks the AES-GCM profiles: ~2x the CPU per
# SRTP packet in mediasoup, so half the sites per core. Prints the build directory on stdout.
source "$(dirname "$0")/lib.sh"

version="$(dpkg-query -W -f='${Version}' libsrtp2-dev)"
key="$(printf 'libsrtp2 %s openssl %s' "$version" "$(gcc -dumpfullversion)" | fingerprint)"
out="$LIENTHONG_CACHE_DIR/libsrtp2-openssl-$key"
if [ -f "$out/libsrtp2.a" ]; then echo "$out"; exit 0; fi

log "libsrtp2 $version: fetching Debian's source package"
work="$(mktemp -d "$LIENTHONG_CACHE_DIR/libsrtp2-work.XXXXXX")"
trap 'rm -rf "$work"' EXIT
codename="$(. /etc/os-release && echo "$VERSION_CODENAME")"
uri="$(grep -rhoE '^URIs:\s*\S+' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' | grep -v security | head -1 || true)"
[ -n "$uri" ] || uri="$(grep -hoE '^deb\s+\S+' /etc/apt/sources.list 2>/dev/null | awk '{print $2}' | grep -v security | head -1 || true)"
[ -n "$uri" ] || die "cannot find the machine's Debian mirror in /etc/apt"
# A private apt directory holding only a deb-src line: the machine's own apt state is untouched.
mkdir -p "$work/apt/sources.list.d" "$work/apt/lists/partial"
echo "deb-src $uri $codename main" > "$work/apt/sources.list"
apt_opts=(-o "Dir::Etc::SourceList=$work/apt/sources.list" -o "Dir::Etc::SourceParts=$work/apt/sources.list.d"
          -o "Dir::State::Lists=$work/apt/lists" -o "APT::Sandbox::User=root")
apt-get "${apt_opts[@]}" update -qq
(cd "$work" && apt-get "${apt_opts[@]}" source -qq "libsrtp2=$version" >/dev/null 2>&1 || \
  apt-get "${apt_opts[@]}" source -qq libsrtp2 >/dev/null)
src="$(find "$work" -mindepth 1 -maxdepth 1 -type d -name 'libsrtp2-*' | head -1)"
[ -d "$src" ] || die "libsrtp2 source did not unpack"

log "libsrtp2: configuring with --enable-openssl and building libsrtp2.a"
(cd "$src" && ./configure --enable-openssl --disable-pcap CFLAGS='-O2 -fPIC' >/dev/null && make -s -j"$(nproc)" libsrtp2.a >/dev/null)
grep -q '^#define OPENSSL 1' "$src/crypto/include/config.h" 2>/dev/null || grep -q 'OPENSSL 1' "$src/config.h" \
  || die "libsrtp2 configure did not enable OpenSSL"
tmp_out="$out.tmp.$$"
mkdir -p "$tmp_out/include"
cp "$src/libsrtp2.a" "$tmp_out/"
cp "$src/include/srtp.h" "$tmp_out/include/"
mv "$tmp_out" "$out"
log "libsrtp2: built at $out"
echo "$out"
