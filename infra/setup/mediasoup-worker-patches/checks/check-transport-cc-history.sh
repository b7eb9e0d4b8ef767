#!/usr/bin/env bash
# Checks transport-cc-history.patch: builds the patched SendTimeHistory beside libwebrtc's own
# (renamed OldSendTimeHistory) and send-time-history-diff.cc, linked against the worker build's
# objects (PacketFeedback, the logger), and runs the differential check for SEEDS seeds (8).
# Prints one "all equal" line per seed; exits non-zero at the first difference.
source "$(dirname "$0")/../../lib.sh"

checks="$(cd "$(dirname "$0")" && pwd)"
ms="$LIENTHONG_ROOT/node_modules/mediasoup/worker"
rtp=deps/libwebrtc/libwebrtc/modules/congestion_controller/rtp
obj_dir="$(bash "$LIENTHONG_ROOT/infra/setup/mediasoup-worker.sh" --objects-dir)"
srtp_dir="$(bash "$LIENTHONG_ROOT/infra/setup/libsrtp2-openssl.sh")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The patched class: a tree holding the two files the patch changes.
mkdir -p "$work/tree/$rtp"
cp "$ms/$rtp/send_time_history.h" "$ms/$rtp/send_time_history.cc" "$work/tree/$rtp/"
patch -d "$work/tree" -p1 --quiet < "$checks/../transport-cc-history.patch"
# libwebrtc's own, renamed, beside it.
sed -e 's/\bSendTimeHistory\b/OldSendTimeHistory/g' -e 's/SEND_TIME_HISTORY_H_/OLD_SEND_TIME_HISTORY_H_/g' \
  "$ms/$rtp/send_time_history.h" > "$work/old_send_time_history.h"
sed -e 's/\bSendTimeHistory\b/OldSendTimeHistory/g' \
  -e 's|"modules/congestion_controller/rtp/send_time_history.h"|"old_send_time_history.h"|' \
  "$ms/$rtp/send_time_history.cc" > "$work/old_send_time_history.cc"

flags=(-std=c++17 -O2 -DNDEBUG -DMS_LITTLE_ENDIAN -DMS_EXECUTABLE -w -I"$work/tree/deps/libwebrtc/libwebrtc"
       -I"$ms/include" -I"$ms/deps/libwebrtc" -I"$ms/deps/libwebrtc/libwebrtc" -I"$srtp_dir/include" -I"$work"
       $(pkg-config --cflags libuv openssl))
pids=()
for unit in "$work/tree/$rtp/send_time_history.cc" "$work/old_send_time_history.cc" "$checks/send-time-history-diff.cc"; do
  g++ "${flags[@]}" -c "$unit" -o "$work/$(basename "$unit" .cc).o" & pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid" || die "the check does not compile"; done
mapfile -t objects < <(find "$obj_dir" -name '*.o' ! -name 'src_main.cpp.o' ! -name '*send_time_history*' | sort)
libdir="/usr/lib/$(gcc -print-multiarch)"
g++ -o "$work/check" "$work"/*.o "${objects[@]}" "$srtp_dir/libsrtp2.a" -luv -lssl -lcrypto -lusrsctp -lpthread \
  $(find "$libdir" -maxdepth 1 -name 'libabsl_*.so' | sort)
for seed in $(seq 1 "${SEEDS:-8}"); do "$work/check" "$seed"; done
