#!/usr/bin/env bash
# Builds the mediasoup worker from the sources inside node_modules/mediasoup, against Debian's
# libraries and a libsrtp2 with OpenSSL crypto. mediasoup's own build wants meson, pip and
# GitHub-hosted wraps, none reachable offline; 3.12.16 is the last release Debian 12 can satisfy.
# The binary is cached outside the checkout, keyed by mediasoup version, flags and libraries;
# .lienthong/bin/mediasoup-worker links to it. Prints the binary's path on stdout.
source "$(dirname "$0")/lib.sh"

ms="$LIENTHONG_ROOT/node_modules/mediasoup"
[ -f "$ms/package.json" ] || die "node_modules/mediasoup is missing: run npm ci first"
ms_version="$(node -p "require('$ms/package.json').version")"
srtp_dir="$(bash "$(dirname "$0")/libsrtp2-openssl.sh")"

multiarch="$(gcc -print-multiarch)"
libdir="/usr/lib/$multiarch"
cxxflags=(-std=c++17 -O2 -DNDEBUG -DMS_LITTLE_ENDIAN -DMS_EXECUTABLE -w
          -I"$ms/worker/include" -I"$ms/worker/deps/libwebrtc" -I"$ms/worker/deps/libwebrtc/libwebrtc"
          -I"$srtp_dir/include" $(pkg-config --cflags libuv openssl))
mapfile -t absl_libs < <(find "$libdir" -maxdepth 1 -name 'libabsl_*.so' | sort)
ldlibs=("$srtp_dir/libsrtp2.a" -luv -lssl -lcrypto -lusrsctp -lpthread "${absl_libs[@]}")

# Translation units: exactly what mediasoup's meson files list.
meson_list() { sed -n "/^$2 = \[/,/^\]/p" "$1" | grep -oE "'[^']+\.(cpp|cc)'" | tr -d "'"; }
mapfile -t sources < <(
  meson_list "$ms/worker/meson.build" common_sources | sed "s|^|$ms/worker/|"
  echo "$ms/worker/src/main.cpp"
  meson_list "$ms/worker/deps/libwebrtc/meson.build" libwebrtc_sources | sed "s|^|$ms/worker/deps/libwebrtc/|"
)
[ "${#sources[@]}" -gt 150 ] || die "found only ${#sources[@]} worker sources in mediasoup's meson files"

key="$( { echo "mediasoup $ms_version"; echo "${cxxflags[*]}" | sed "s|$LIENTHONG_ROOT||g"; echo "${ldlibs[*]}";
          g++ -dumpfullversion; dpkg-query -W libuv1-dev libssl-dev libusrsctp-dev libabsl-dev; } | fingerprint)"
out_dir="$LIENTHONG_CACHE_DIR/mediasoup-worker-$ms_version-$key"
bin="$out_dir/mediasoup-worker"
link="$LIENTHONG_STATE_DIR/bin/mediasoup-worker"

if [ ! -x "$bin" ]; then
  obj_dir="$out_dir.objects"   # kept across an interrupted build: finished objects are reused
  mkdir -p "$obj_dir" "$out_dir"
  log "mediasoup $ms_version worker: compiling ${#sources[@]} sources with $(nproc) jobs (a few minutes, once)"
  export obj_dir ms cxxflags_str="${cxxflags[*]}"
  printf '%s\n' "${sources[@]}" | xargs -P "$(nproc)" -I{} bash -c '
    src="{}"; obj="$obj_dir/$(echo "$src" | sed "s|^$ms/worker/||; s|/|_|g").o"
    [ -f "$obj" ] && exit 0
    g++ $cxxflags_str -c "$src" -o "$obj.tmp" && mv "$obj.tmp" "$obj" || { echo "failed: $src" >&2; exit 255; }'
  log "mediasoup worker: linking"
  g++ -o "$bin.tmp" "$obj_dir"/*.o "${ldlibs[@]}"
  mv "$bin.tmp" "$bin"
  rm -rf "$obj_dir"
fi
ln -sfn "$bin" "$link"
echo "$bin"
