#!/usr/bin/env bash
# Builds the mediasoup worker from the sources inside node_modules/mediasoup, against Debian's
# libraries and a libsrtp2 with OpenSSL crypto. mediasoup's own build wants meson, pip and
# GitHub-hosted wraps, none reachable offline; 3.12.16 is the last release Debian 12 can satisfy.
# The binary is cached outside the checkout, keyed by mediasoup version, flags, libraries and the
# patches applied; .lienthong/bin/mediasoup-worker links to the default build. Prints the
# binary's path on stdout.
#
# LIENTHONG_WORKER_PATCHES: which of mediasoup-worker-patches/*.patch to apply to a copy of the
# sources (node_modules is never edited): `none` (mediasoup's own worker), `all`, or patch names
# separated by commas. Unset: the default build, every patch (issue 16: with a WebRtcServer per
# worker, 1.4-1.6x the consumers per core of mediasoup's own binary). Only the default build moves
# the .lienthong/bin link; any other is built beside it (benches A/B them). `--objects-dir` prints
# where the build's objects are instead of its binary.
source "$(dirname "$0")/lib.sh"

ms="$LIENTHONG_ROOT/node_modules/mediasoup"
[ -f "$ms/package.json" ] || die "node_modules/mediasoup is missing: run npm ci first"
ms_version="$(node -p "require('$ms/package.json').version")"
srtp_dir="$(bash "$(dirname "$0")/libsrtp2-openssl.sh")"

default_patches=batched-send,remb-estimate,transport-cc-history
patches_dir="$(cd "$(dirname "$0")" && pwd)/mediasoup-worker-patches"
wanted="${LIENTHONG_WORKER_PATCHES:-$default_patches}"
patches=()
case "$wanted" in
  none) ;;
  all) mapfile -t patches < <(find "$patches_dir" -maxdepth 1 -name '*.patch' | sort) ;;
  *) IFS=, read -ra names <<< "$wanted"
     for name in "${names[@]}"; do
       file="$patches_dir/${name%.patch}.patch"
       [ -f "$file" ] || die "LIENTHONG_WORKER_PATCHES: no patch '$name' in $patches_dir"
       patches+=("$file")
     done ;;
esac

multiarch="$(gcc -print-multiarch)"
libdir="/usr/lib/$multiarch"
# @TREE@ stands for the worker's source tree: node_modules' own, or a patched copy.
cxxflags=(-std=c++17 -O2 -DNDEBUG -DMS_LITTLE_ENDIAN -DMS_EXECUTABLE -w
          -I"@TREE@/include" -I"@TREE@/deps/libwebrtc" -I"@TREE@/deps/libwebrtc/libwebrtc"
          -I"$srtp_dir/include" $(pkg-config --cflags libuv openssl))
mapfile -t absl_libs < <(find "$libdir" -maxdepth 1 -name 'libabsl_*.so' | sort)
ldlibs=("$srtp_dir/libsrtp2.a" -luv -lssl -lcrypto -lusrsctp -lpthread "${absl_libs[@]}")

toolchain_key() {
  # The stock build's key is what it was before patches existed: its cached binary stays valid.
  echo "mediasoup $ms_version"; echo "${cxxflags[*]}" | sed "s|@TREE@|/node_modules/mediasoup/worker|g"
  echo "${ldlibs[*]}"; g++ -dumpfullversion; dpkg-query -W libuv1-dev libssl-dev libusrsctp-dev libabsl-dev
}
key="$( { toolchain_key; [ "${#patches[@]}" = 0 ] || cat "${patches[@]}"; } | fingerprint)"
out_dir="$LIENTHONG_CACHE_DIR/mediasoup-worker-$ms_version-$key"
bin="$out_dir/mediasoup-worker"
link="$LIENTHONG_STATE_DIR/bin/mediasoup-worker"

# A patched copy of the sources mediasoup's build reads (its meson files list the units).
patched_tree() {
  tree="$out_dir.src/worker"
  if [ ! -f "$out_dir.src/applied" ]; then
    rm -rf "$out_dir.src"
    mkdir -p "$tree/deps"
    cp -R "$ms/worker/src" "$ms/worker/include" "$ms/worker/meson.build" "$tree/"
    cp -R "$ms/worker/deps/libwebrtc" "$tree/deps/"
    for p in "${patches[@]}"; do
      patch -d "$tree" -p1 --forward --quiet < "$p" >&2 || die "patch $(basename "$p") does not apply to mediasoup $ms_version"
    done
    touch "$out_dir.src/applied"
  fi
}

# Objects are shared by every build of this toolchain and reused per translation unit while the
# files it read (its .d list, relative to the tree) are unchanged: a patch recompiles the units it
# touches, a switch back and forth costs those units only.
obj_dir="$LIENTHONG_CACHE_DIR/mediasoup-worker-$ms_version-objects-$(toolchain_key | fingerprint)"

if [ ! -x "$bin" ]; then
  if [ "${#patches[@]}" = 0 ]; then tree="$ms/worker"; else patched_tree; fi
  meson_list() { sed -n "/^$2 = \[/,/^\]/p" "$1" | grep -oE "'[^']+\.(cpp|cc)'" | tr -d "'"; }
  mapfile -t sources < <(  # relative to the tree: exactly what mediasoup's meson files list
    meson_list "$tree/meson.build" common_sources
    echo src/main.cpp
    meson_list "$tree/deps/libwebrtc/meson.build" libwebrtc_sources | sed "s|^|deps/libwebrtc/|"
  )
  [ "${#sources[@]}" -gt 150 ] || die "found only ${#sources[@]} worker sources in mediasoup's meson files"

  mkdir -p "$obj_dir" "$out_dir"
  exec 9> "$obj_dir/.lock"
  flock 9
  log "mediasoup $ms_version worker${patches[*]:+ with $(basename -a "${patches[@]}" | tr '\n' ' ')}: compiling what changed of ${#sources[@]} sources with $(nproc) jobs (a few minutes the first time)"
  export obj_dir tree cxxflags_str="${cxxflags[*]//@TREE@/$tree}"
  printf '%s\n' "${sources[@]}" | xargs -P "$(nproc)" -I{} bash -c '
    set -o pipefail
    src="{}"; obj="$obj_dir/$(echo "$src" | tr / _).o"
    sums() { (cd "$tree" && xargs -d "\n" -a "$1" sha256sum | sha256sum); }
    [ -f "$obj" ] && [ -f "$obj.deps" ] && [ "$(sums "$obj.deps" 2>/dev/null)" = "$(cat "$obj.sum" 2>/dev/null)" ] && exit 0
    g++ $cxxflags_str -MMD -MF "$obj.d.tmp" -c "$tree/$src" -o "$obj.tmp" || { echo "failed: $src" >&2; exit 255; }
    sed -e "s/^[^:]*://" -e "s/\\\\$//" "$obj.d.tmp" | tr " " "\n" | grep -v "^$" | sed "s|^$tree/||" > "$obj.deps.tmp"
    sums "$obj.deps.tmp" > "$obj.sum.tmp" || { echo "cannot hash the files $src read" >&2; exit 255; }
    mv "$obj.tmp" "$obj" && mv "$obj.deps.tmp" "$obj.deps" && mv "$obj.sum.tmp" "$obj.sum" && rm -f "$obj.d.tmp"'
  log "mediasoup worker: linking"
  objects=()
  for src in "${sources[@]}"; do objects+=("$obj_dir/$(echo "$src" | tr / _).o"); done
  g++ -o "$bin.tmp" "${objects[@]}" "${ldlibs[@]}"
  mv "$bin.tmp" "$bin"
  flock -u 9
fi
[ -n "${LIENTHONG_WORKER_PATCHES:-}" ] || ln -sfn "$bin" "$link"
# --objects-dir: where this build's objects are (a patch's check links against them), not the binary.
if [ "${1:-}" = --objects-dir ]; then echo "$obj_dir"; else echo "$bin"; fi
