// transport-cc-history.patch, checked against libwebrtc's own SendTimeHistory (renamed
// OldSendTimeHistory by check-transport-cc-history.sh): both are given the same random calls, in
// the order TransportFeedbackAdapter makes them, and every answer must be equal. Usage: SEED [OPS].
#include "modules/congestion_controller/rtp/send_time_history.h"
#include "old_send_time_history.h"
#include <cstdio>
#include <cstdlib>
#include <random>

using namespace webrtc;

namespace {

bool Same(const PacketFeedback& a, const PacketFeedback& b) {
  return a.creation_time_ms == b.creation_time_ms && a.arrival_time_ms == b.arrival_time_ms &&
         a.send_time_ms == b.send_time_ms && a.sequence_number == b.sequence_number &&
         a.long_sequence_number == b.long_sequence_number && a.payload_size == b.payload_size &&
         a.unacknowledged_data == b.unacknowledged_data && a.ssrc == b.ssrc &&
         a.rtp_sequence_number == b.rtp_sequence_number;
}

}  // namespace

int main(int argc, char** argv) {
  const unsigned seed = argc > 1 ? std::atoi(argv[1]) : 1;
  const long ops = argc > 2 ? std::atol(argv[2]) : 400000;
  std::mt19937 rng(seed);
  auto pick = [&](int n) { return static_cast<int>(rng() % n); };
  OldSendTimeHistory old_history(60000);
  SendTimeHistory new_history(60000);
  int64_t now = 1000;
  uint16_t next = static_cast<uint16_t>(rng());
  long op = 0, checks = 0;
  auto expect = [&](bool equal, const char* what) {
    checks++;
    if (!equal) {
      std::fprintf(stderr, "seed %u, call %ld: %s differs\n", seed, op, what);
      std::exit(1);
    }
  };

  for (; op < ops; op++) {
    const int kind = pick(100);
    if (kind < 40) {
      // A packet handed to the transport (AddPacket: RemoveOld, then AddNewPacket).
      if (pick(50) == 0) next += 1 + pick(5);            // numbers skipped
      if (pick(20000) == 0) next += 20000 + pick(30000);  // a jump either way once unwrapped
      PacketFeedback packet(now, next, 200 + pick(1000), 0, 0, PacedPacketInfo());
      if (pick(2)) {
        packet.ssrc = 1234;
        packet.rtp_sequence_number = static_cast<uint16_t>(op);
      }
      old_history.RemoveOld(now);
      new_history.RemoveOld(now);
      old_history.AddNewPacket(packet);
      new_history.AddNewPacket(packet);
      next++;
      if (pick(10) == 0) {  // a number already held, maybe sent meanwhile, given again
        PacketFeedback again(now, next - 1 - pick(20), 200 + pick(1000), 0, 0, PacedPacketInfo());
        old_history.AddNewPacket(again);
        new_history.AddNewPacket(again);
      }
    } else if (kind < 70) {
      // Sent (ProcessSentPacket), now and then twice.
      const uint16_t seq = next - 1 - pick(40);
      const int a = static_cast<int>(old_history.OnSentPacket(seq, now));
      expect(a == static_cast<int>(new_history.OnSentPacket(seq, now)), "OnSentPacket");
    } else if (kind < 75) {
      const size_t bytes = 100 + pick(500);
      old_history.AddUntracked(bytes, now);
      new_history.AddUntracked(bytes, now);
    } else if (kind < 85) {
      const uint16_t seq = next - 1 - pick(300);
      const auto a = old_history.GetPacket(seq);
      const auto b = new_history.GetPacket(seq);
      expect(a.has_value() == b.has_value() && (!a || Same(*a, *b)), "GetPacket");
    } else if (kind < 95) {
      // A feedback's run of numbers, in order (GetPacketFeedbackVector), kept or removed.
      const uint16_t first = next - 1 - pick(200);
      const int count = 1 + pick(30);
      const bool remove = pick(4) != 0;
      for (int i = 0; i < count; i++) {
        PacketFeedback a(now + 5, static_cast<uint16_t>(first + i));
        PacketFeedback b(now + 5, static_cast<uint16_t>(first + i));
        expect(old_history.GetFeedback(&a, remove) == new_history.GetFeedback(&b, remove), "GetFeedback");
        expect(Same(a, b), "GetFeedback's packet");
      }
    } else {
      now += pick(100) == 0 ? 30000 + pick(40000) : pick(3);  // now and then past the age limit
    }
    expect(old_history.GetOutstandingData(0, 0) == new_history.GetOutstandingData(0, 0), "GetOutstandingData");
    const auto a = old_history.GetFirstUnackedSendTime();
    const auto b = new_history.GetFirstUnackedSendTime();
    expect(a.has_value() == b.has_value() && (!a || *a == *b), "GetFirstUnackedSendTime");
  }
  std::printf("seed %u: %ld calls, %ld answers, all equal\n", seed, op, checks);
  return 0;
}
