/*
 * The fan-out bench's native helpers (compiled by the bench with the system cc), so neither the
 * receivers nor the raw baseline share a process with what is measured.
 *
 *   fanout-io sink [paced]  N receivers, each its own UDP socket, read with recvmmsg under epoll
 *                     (paced: polled each millisecond, never waited on, so no datagram wakes the
 *                     sink up at its sender's expense); counts
 *                     RTP media packets (clear header, so SRTP counts too) and those missing from each receiver's sequence. A receiver can be made a
 *                     WebRTC peer of a mediasoup WebRtcTransport: ICE binding requests (repeated as
 *                     consent) and a DTLS client handshake offering SRTP, as a browser does; it
 *                     never decrypts the media, it only counts it. Once told to ("rtcp I EXT"), the
 *                     peer also sends what a browser's receiver sends, SRTCP-protected with the keys
 *                     of its DTLS handshake (RFC 5764 "EXTRACTOR-dtls_srtp", libsrtp2): transport-cc
 *                     feedback (RTPFB FMT 15, draft-holmer-rmcat-transport-wide-cc-extensions-01)
 *                     every 100 ms for the transport-wide sequence numbers it got (header extension
 *                     id EXT, read in the clear; 0: none), and a receiver report (RFC 3550, with the
 *                     LSR/DLSR of the last sender report it decrypted, and an SDES CNAME) each second.
                     With a REMB rate ("rtcp I EXT BPS", BPS > 0) the report's compound packet also
                     carries a REMB (PSFB FMT 15, draft-alvestrand-rmcat-remb-03) of BPS for the
                     media SSRC it receives: a receiver that estimates its downlink itself, as a
                     browser does when transport-cc is not negotiated.
 *   fanout-io fanout  the raw C baseline: every packet received on one socket is sent to each
 *                     destination with sendmmsg (batches of 256); input loss from RTP sequence gaps.
 *
 * Line protocol on stdin/stdout. sink: prints "fingerprint <sha-256>", then answers
 * "open N" -> "ports p1 p2 ...", "ice I PORT UFRAG PWD" -> later "ready I PROFILE" (DTLS done, and
 * the SRTP profile the node chose),
 * "rtcp I EXT [BPS]" (no answer), "count" -> "count PACKETS LOST CPU_MS FEEDBACKS REPORTS SRS SRTCP_ERRORS REMBS". fanout: prints "port P", then "dest p1 p2 ..." -> "ok",
 * "count" -> "count RECEIVED LOST SENT CPU_MS". "quit" ends either.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <srtp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define BATCH 64
#define MAX_PACKET 2048
/* Transport-wide sequence numbers a receiver holds between two feedback packets. */
#define TCC_PENDING 1024
/* Statuses one feedback packet reports at most (more wait for the next packet). */
#define TCC_MAX_STATUS 700

typedef struct {
  int64_t seq; /* unwrapped */
  int64_t atUs;
} Arrival;

typedef struct {
  int fd;
  uint16_t port;
  /* WebRTC peer state (unused for a plain receiver) */
  int webrtc;
  struct sockaddr_in peer;
  char ufrag[64], pwd[128];
  SSL *ssl;
  int ready;
  int lastSeq; /* -1 until the first media packet */
  /* RTCP a browser's receiver sends (once "rtcp" enabled it and the DTLS handshake gave keys) */
  int rtcp, tccId;
  uint32_t rembBps; /* 0: no REMB */
  srtp_t srtpOut, srtpIn;
  uint32_t ownSsrc, mediaSsrc;
  double nextFeedback, nextReport;
  /* transport-cc: arrivals since the last feedback, the next sequence number to report */
  Arrival *pending;
  int pendingCount;
  int64_t tccLast, tccNext; /* -1 until the first */
  uint8_t feedbackCount;
  /* receiver report (RFC 3550 A.3, A.8), of the media SSRC */
  int64_t rrBase, rrMax; /* unwrapped; rrMax -1 until the first */
  uint64_t rrReceived, rrExpectedPrior, rrReceivedPrior;
  int64_t lastTransit;
  uint32_t jitter; /* x16 */
  uint32_t lastSrNtp;
  double lastSrAt;
} Receiver;

static Receiver *receivers;
static int receiverCount, receiverCap;
static int epfd;
static unsigned long long packets, packetsLost;
static SSL_CTX *dtls;
static char fingerprint[128];
static unsigned long long feedbacksSent, reportsSent, srsReceived, srtcpErrors, rembsSent;

static double nowSec(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

static double cpuMs(void) {
  struct rusage u;
  getrusage(RUSAGE_SELF, &u);
  return (u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1e3 + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e3;
}

static int isMediaRtp(const unsigned char *p, ssize_t n) {
  int pt = p[1] & 0x7f;
  return n >= 12 && (p[0] >> 6) == 2 && pt >= 96 && pt < 127;
}

static int udpSocket(uint16_t port, int rcvbuf) {
  int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
  if (fd < 0) { perror("socket"); exit(1); }
  if (rcvbuf) setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
  struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(fd, (struct sockaddr *)&a, sizeof a) < 0) { perror("bind"); exit(1); }
  return fd;
}

static uint16_t localPort(int fd) {
  struct sockaddr_in a;
  socklen_t l = sizeof a;
  getsockname(fd, (struct sockaddr *)&a, &l);
  return ntohs(a.sin_port);
}

/* ---- STUN binding request (RFC 5389 / 8445 short-term credentials) ---- */

static uint32_t crc32(const unsigned char *p, size_t n) {
  uint32_t c = 0xffffffff;
  for (size_t i = 0; i < n; i++) {
    c ^= p[i];
    for (int k = 0; k < 8; k++) c = (c >> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c;
}

static size_t stunAttr(unsigned char *m, size_t at, uint16_t type, const void *v, uint16_t len) {
  m[at] = type >> 8; m[at + 1] = type & 0xff; m[at + 2] = len >> 8; m[at + 3] = len & 0xff;
  memcpy(m + at + 4, v, len);
  size_t padded = (len + 3) & ~3u;
  memset(m + at + 4 + len, 0, padded - len);
  return at + 4 + padded;
}

static void setStunLength(unsigned char *m, size_t bodyLen) {
  m[2] = bodyLen >> 8; m[3] = bodyLen & 0xff;
}

static void sendBindingRequest(Receiver *r) {
  unsigned char m[512];
  m[0] = 0x00; m[1] = 0x01;
  const uint32_t cookie = htonl(0x2112A442);
  memcpy(m + 4, &cookie, 4);
  RAND_bytes(m + 8, 12);
  char user[200];
  int ul = snprintf(user, sizeof user, "%s:bench", r->ufrag);
  size_t at = 20;
  at = stunAttr(m, at, 0x0006, user, ul);
  uint32_t priority = htonl(0x6e7f1eff);
  at = stunAttr(m, at, 0x0024, &priority, 4);
  unsigned char tie[8];
  RAND_bytes(tie, 8);
  at = stunAttr(m, at, 0x802A, tie, 8); /* ICE-CONTROLLING */
  at = stunAttr(m, at, 0x0025, "", 0);  /* USE-CANDIDATE */
  setStunLength(m, at - 20 + 24);
  unsigned char mac[20];
  unsigned int macLen = 0;
  HMAC(EVP_sha1(), r->pwd, (int)strlen(r->pwd), m, at, mac, &macLen);
  at = stunAttr(m, at, 0x0008, mac, 20);
  setStunLength(m, at - 20 + 8);
  uint32_t fp = htonl(crc32(m, at) ^ 0x5354554e);
  at = stunAttr(m, at, 0x8028, &fp, 4);
  sendto(r->fd, m, at, 0, (struct sockaddr *)&r->peer, sizeof r->peer);
}

/* ---- DTLS client over memory BIOs, as a browser's (SRTP profile offered, certificate shown) ---- */

static void makeDtlsContext(void) {
  dtls = SSL_CTX_new(DTLS_client_method());
  EVP_PKEY *key = EVP_EC_gen("P-256");
  X509 *cert = X509_new();
  X509_set_version(cert, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert), -86400);
  X509_gmtime_adj(X509_getm_notAfter(cert), 30 * 86400);
  X509_set_pubkey(cert, key);
  X509_NAME *name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *)"fan-out bench", -1, -1, 0);
  X509_set_issuer_name(cert, name);
  X509_sign(cert, key, EVP_sha256());
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int mdLen = 0;
  X509_digest(cert, EVP_sha256(), md, &mdLen);
  for (unsigned int i = 0; i < mdLen; i++) sprintf(fingerprint + 3 * i, i + 1 < mdLen ? "%02X:" : "%02X", md[i]);
  SSL_CTX_use_certificate(dtls, cert);
  SSL_CTX_use_PrivateKey(dtls, key);
  SSL_CTX_set_verify(dtls, SSL_VERIFY_NONE, NULL);
  /* Chromium's offer, in its order (GCM on, SHA1_32 off: webrtc's CryptoOptions defaults). The
     node is the DTLS server and picks by its own preference: a site's real cipher. */
  if (SSL_CTX_set_tlsext_use_srtp(dtls, "SRTP_AES128_CM_SHA1_80:SRTP_AEAD_AES_256_GCM:SRTP_AEAD_AES_128_GCM") != 0) {
    fprintf(stderr, "no SRTP profile\n");
    exit(1);
  }
}

static void flushDtls(Receiver *r) {
  BIO *out = SSL_get_wbio(r->ssl);
  unsigned char buf[8192];
  int n = BIO_read(out, buf, sizeof buf);
  if (n > 0) sendto(r->fd, buf, n, 0, (struct sockaddr *)&r->peer, sizeof r->peer);
}

/* SRTP sessions from the handshake's keying material (RFC 5764 4.2), the DTLS client's side:
   client write key and salt out, the server's in; the profile is the one the node chose. */
static const char *makeSrtpSessions(Receiver *r) {
  const SRTP_PROTECTION_PROFILE *profile = SSL_get_selected_srtp_profile(r->ssl);
  srtp_policy_t policy;
  memset(&policy, 0, sizeof policy);
  int keyLen, saltLen;
  switch (profile ? profile->id : 0) {
    case SRTP_AES128_CM_SHA1_80:
      keyLen = 16, saltLen = 14;
      srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&policy.rtp);
      srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&policy.rtcp);
      break;
    case SRTP_AEAD_AES_256_GCM:
      keyLen = 32, saltLen = 12;
      srtp_crypto_policy_set_aes_gcm_256_16_auth(&policy.rtp);
      srtp_crypto_policy_set_aes_gcm_256_16_auth(&policy.rtcp);
      break;
    case SRTP_AEAD_AES_128_GCM:
      keyLen = 16, saltLen = 12;
      srtp_crypto_policy_set_aes_gcm_128_16_auth(&policy.rtp);
      srtp_crypto_policy_set_aes_gcm_128_16_auth(&policy.rtcp);
      break;
    default:
      fprintf(stderr, "fanout-io: no SRTP profile from the DTLS handshake\n");
      exit(1);
  }
  unsigned char km[2 * (32 + 14)], out[32 + 14], in[32 + 14];
  if (SSL_export_keying_material(r->ssl, km, 2 * (keyLen + saltLen), "EXTRACTOR-dtls_srtp", 19, NULL, 0, 0) != 1) {
    fprintf(stderr, "fanout-io: no SRTP keys from the DTLS handshake\n");
    exit(1);
  }
  memcpy(out, km, keyLen); memcpy(out + keyLen, km + 2 * keyLen, saltLen);
  memcpy(in, km + keyLen, keyLen); memcpy(in + keyLen, km + 2 * keyLen + saltLen, saltLen);
  policy.window_size = 1024;
  policy.ssrc.type = ssrc_any_outbound;
  policy.key = out;
  if (srtp_create(&r->srtpOut, &policy) != srtp_err_status_ok) { fprintf(stderr, "fanout-io: srtp_create\n"); exit(1); }
  policy.ssrc.type = ssrc_any_inbound;
  policy.key = in;
  if (srtp_create(&r->srtpIn, &policy) != srtp_err_status_ok) { fprintf(stderr, "fanout-io: srtp_create\n"); exit(1); }
  return profile->name;
}

static void stepDtls(Receiver *r, int index) {
  SSL_do_handshake(r->ssl);
  flushDtls(r);
  if (!r->ready && SSL_is_init_finished(r->ssl)) {
    const char *profile = makeSrtpSessions(r);
    r->ready = 1;
    printf("ready %d %s\n", index, profile);
    fflush(stdout);
  }
}

static void startWebRtc(int index, int port, const char *ufrag, const char *pwd) {
  Receiver *r = &receivers[index];
  r->webrtc = 1;
  r->peer = (struct sockaddr_in){ .sin_family = AF_INET, .sin_port = htons(port) };
  r->peer.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  snprintf(r->ufrag, sizeof r->ufrag, "%s", ufrag);
  snprintf(r->pwd, sizeof r->pwd, "%s", pwd);
  sendBindingRequest(r);
  r->ssl = SSL_new(dtls);
  BIO *in = BIO_new(BIO_s_mem()), *out = BIO_new(BIO_s_mem());
  BIO_set_mem_eof_return(in, -1);
  BIO_set_mem_eof_return(out, -1);
  SSL_set_bio(r->ssl, in, out);
  SSL_set_options(r->ssl, SSL_OP_NO_QUERY_MTU);
  SSL_set_mtu(r->ssl, 1200);
  SSL_set_connect_state(r->ssl);
  stepDtls(r, index);
}

/* ---- RTCP a browser's receiver sends, SRTCP-protected ---- */

static void put16(unsigned char *p, uint16_t v) { p[0] = v >> 8; p[1] = v & 0xff; }
static void put24(unsigned char *p, uint32_t v) { p[0] = (v >> 16) & 0xff; p[1] = (v >> 8) & 0xff; p[2] = v & 0xff; }
static void put32(unsigned char *p, uint32_t v) { put16(p, v >> 16); put16(p + 2, v & 0xffff); }
static uint32_t get32(const unsigned char *p) { return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]; }

/* A 16-bit sequence number unwrapped next to the last one (-1: none yet). */
static int64_t unwrap(int64_t last, uint16_t seq) { return last < 0 ? seq : last + (int16_t)(uint16_t)(seq - (uint16_t)last); }

static int64_t realUs(void) {
  struct timespec t;
  clock_gettime(CLOCK_REALTIME, &t);
  return (int64_t)t.tv_sec * 1000000 + t.tv_nsec / 1000;
}

/* The transport-wide sequence number in an RTP packet's header extension `id` (one- or two-byte
   form), or -1. The header and its extensions are in the clear under SRTP. */
static int transportSeq(const unsigned char *p, size_t n, int id) {
  if (!(p[0] & 0x10)) return -1;
  size_t at = 12 + 4 * (p[0] & 0x0f);
  if (at + 4 > n) return -1;
  unsigned profile = p[at] << 8 | p[at + 1];
  size_t end = at + 4 + 4 * (size_t)(p[at + 2] << 8 | p[at + 3]);
  if (end > n) return -1;
  at += 4;
  if (profile == 0xBEDE) {
    while (at < end) {
      int eid = p[at] >> 4, len = (p[at] & 0x0f) + 1;
      if (p[at] == 0) { at++; continue; }
      if (eid == 15) break;
      if (eid == id && len >= 2 && at + 3 <= end) return p[at + 1] << 8 | p[at + 2];
      at += 1 + len;
    }
  } else if ((profile & 0xfff0) == 0x1000) {
    while (at + 2 <= end) {
      int eid = p[at], len = p[at + 1];
      if (eid == 0) { at++; continue; }
      if (eid == id && len >= 2 && at + 4 <= end) return p[at + 2] << 8 | p[at + 3];
      at += 2 + len;
    }
  }
  return -1;
}

static void sendSrtcp(Receiver *r, unsigned char *pkt, int len) {
  if (srtp_protect_rtcp(r->srtpOut, pkt, &len) != srtp_err_status_ok) { srtcpErrors++; return; }
  sendto(r->fd, pkt, len, 0, (struct sockaddr *)&r->peer, sizeof r->peer);
}

/* Transport-cc feedback for every sequence number from the first not yet reported to the highest
   received: a status each (not received, or received with its arrival delta in 250 us units,
   one byte when 0..63.75 ms, else two signed bytes), in two-bit status vector chunks. */
static void sendFeedback(Receiver *r) {
  static int64_t at[TCC_MAX_STATUS];
  static unsigned char pkt[4096];
  int64_t hi = -1;
  for (int i = 0; i < r->pendingCount; i++)
    if (r->pending[i].seq >= r->tccNext && r->pending[i].seq > hi) hi = r->pending[i].seq;
  for (int64_t lo = r->tccNext; lo <= hi;) {
    int count = hi - lo + 1 < TCC_MAX_STATUS ? (int)(hi - lo + 1) : TCC_MAX_STATUS;
    int first = -1;
    for (int i = 0; i < count; i++) at[i] = -1;
    for (int i = 0; i < r->pendingCount; i++) {
      int64_t k = r->pending[i].seq - lo;
      if (k >= 0 && k < count && at[k] < 0) at[k] = r->pending[i].atUs;
    }
    for (int i = 0; i < count && first < 0; i++)
      if (at[i] >= 0) first = i;
    if (first < 0) { lo += count; continue; } /* all lost: nothing to anchor a reference time */
    int64_t ref = at[first] / 64000, prev = ref * 64000;
    int chunks = (count + 6) / 7, d = 20 + 2 * chunks;
    pkt[0] = 0x80 | 15;
    pkt[1] = 205;
    put32(pkt + 4, r->ownSsrc);
    put32(pkt + 8, r->mediaSsrc);
    put16(pkt + 12, (uint16_t)lo);
    put16(pkt + 14, count);
    put24(pkt + 16, (uint32_t)ref & 0xffffff);
    pkt[19] = r->feedbackCount++;
    for (int c = 0; c < chunks; c++) {
      uint16_t chunk = 0xC000;
      for (int k = 0; k < 7; k++) {
        int i = c * 7 + k, symbol = 0;
        if (i < count && at[i] >= 0) {
          int64_t delta = (at[i] - prev) / 250;
          if (delta < -32768) delta = -32768;
          if (delta > 32767) delta = 32767;
          if (delta >= 0 && delta <= 255) { symbol = 1; pkt[d++] = (unsigned char)delta; }
          else { symbol = 2; put16(pkt + d, (uint16_t)(int16_t)delta); d += 2; }
          prev += delta * 250;
        }
        chunk |= symbol << (2 * (6 - k));
      }
      put16(pkt + 20 + 2 * c, chunk);
    }
    int padding = (4 - d % 4) % 4;
    if (padding) {
      memset(pkt + d, 0, padding);
      d += padding;
      pkt[d - 1] = padding;
      pkt[0] |= 0x20;
    }
    put16(pkt + 2, d / 4 - 1);
    sendSrtcp(r, pkt, d);
    feedbacksSent++;
    lo += count;
  }
  if (hi >= r->tccNext) r->tccNext = hi + 1;
  r->pendingCount = 0;
}

/* A REMB after `at` in a compound packet (draft-alvestrand-rmcat-remb-03 2.2): PSFB FMT 15, media
   SSRC 0, "REMB", one SSRC, the rate as an 18-bit mantissa and a 6-bit exponent. */
static int appendRemb(Receiver *r, unsigned char *pkt, int at) {
  uint32_t mantissa = r->rembBps;
  int exponent = 0;
  while (mantissa > 0x3ffff) { mantissa >>= 1; exponent++; }
  pkt[at] = 0x80 | 15;
  pkt[at + 1] = 206;
  put16(pkt + at + 2, 5);
  put32(pkt + at + 4, r->ownSsrc);
  put32(pkt + at + 8, 0);
  memcpy(pkt + at + 12, "REMB", 4);
  pkt[at + 16] = 1;
  pkt[at + 17] = (exponent << 2) | (mantissa >> 16);
  put16(pkt + at + 18, mantissa & 0xffff);
  put32(pkt + at + 20, r->mediaSsrc);
  rembsSent++;
  return at + 24;
}

/* A receiver report of the media SSRC (RFC 3550 6.4.2, A.3) and an SDES CNAME, one compound packet. */
static void sendReport(Receiver *r, int index, double now) {
  static unsigned char pkt[256 + SRTP_MAX_TRAILER_LEN + 4];
  if (r->rrMax < 0) return;
  int64_t expected = r->rrMax - r->rrBase + 1, lost = expected - (int64_t)r->rrReceived;
  if (lost > 0x7fffff) lost = 0x7fffff;
  if (lost < -0x800000) lost = -0x800000;
  int64_t expectedInterval = expected - (int64_t)r->rrExpectedPrior, lostInterval = expectedInterval - (int64_t)(r->rrReceived - r->rrReceivedPrior);
  r->rrExpectedPrior = expected;
  r->rrReceivedPrior = r->rrReceived;
  pkt[0] = 0x81;
  pkt[1] = 201;
  put16(pkt + 2, 7);
  put32(pkt + 4, r->ownSsrc);
  put32(pkt + 8, r->mediaSsrc);
  pkt[12] = expectedInterval > 0 && lostInterval > 0 ? (unsigned char)((lostInterval << 8) / expectedInterval) : 0;
  put24(pkt + 13, (uint32_t)lost & 0xffffff);
  put32(pkt + 16, (uint32_t)r->rrMax);
  put32(pkt + 20, r->jitter >> 4);
  put32(pkt + 24, r->lastSrNtp);
  put32(pkt + 28, r->lastSrAt > 0 ? (uint32_t)((now - r->lastSrAt) * 65536) : 0);
  char cname[32];
  int n = snprintf(cname, sizeof cname, "fanout-io-%d", index), at = 32 + 8;
  pkt[32] = 0x81;
  pkt[33] = 202;
  put32(pkt + 36, r->ownSsrc);
  pkt[at++] = 1;
  pkt[at++] = n;
  memcpy(pkt + at, cname, n);
  at += n;
  do pkt[at++] = 0; while (at % 4);
  put16(pkt + 34, (at - 32) / 4 - 1);
  if (r->rembBps) at = appendRemb(r, pkt, at);
  sendSrtcp(r, pkt, at);
  reportsSent++;
}

/* An RTP packet (media or mediasoup's probation) for the feedback and the report. */
static void onRtp(Receiver *r, const unsigned char *p, size_t n, int64_t atUs) {
  int seq = transportSeq(p, n, r->tccId);
  if (r->tccId && seq >= 0) {
    int64_t u = unwrap(r->tccLast, (uint16_t)seq);
    if (r->tccNext < 0) r->tccNext = u;
    if (u > r->tccLast) r->tccLast = u;
    if (r->pendingCount == TCC_PENDING) sendFeedback(r);
    r->pending[r->pendingCount++] = (Arrival){ u, atUs };
  }
  if (!isMediaRtp(p, n)) return;
  uint32_t ssrc = get32(p + 8);
  if (!r->mediaSsrc) r->mediaSsrc = ssrc;
  if (ssrc != r->mediaSsrc) return;
  int64_t u = unwrap(r->rrMax, (uint16_t)(p[2] << 8 | p[3]));
  if (r->rrMax < 0) r->rrBase = r->rrMax = u;
  else if (u > r->rrMax) r->rrMax = u;
  /* Interarrival jitter in the 90 kHz clock of the media (A.8). */
  int64_t transit = (int64_t)(uint32_t)((uint64_t)atUs * 9 / 100) - (int64_t)get32(p + 4);
  if (r->rrReceived) {
    int32_t dt = (int32_t)(uint32_t)(transit - r->lastTransit);
    if (dt < 0) dt = -dt;
    r->jitter += dt - ((r->jitter + 8) >> 4);
  }
  r->lastTransit = transit;
  r->rrReceived++;
}

/* SRTCP from mediasoup: its sender reports give the report's LSR. */
static void onRtcp(Receiver *r, unsigned char *p, int len, double now) {
  if (srtp_unprotect_rtcp(r->srtpIn, p, &len) != srtp_err_status_ok) { srtcpErrors++; return; }
  for (int at = 0; at + 4 <= len;) {
    int size = ((p[at + 2] << 8 | p[at + 3]) + 1) * 4;
    if (p[at + 1] == 200 && at + 20 <= len) {
      r->lastSrNtp = get32(p + at + 10);
      r->lastSrAt = now;
      srsReceived++;
    }
    at += size;
  }
}

static void enableRtcp(int index, int tccId, uint32_t rembBps) {
  Receiver *r = &receivers[index];
  r->rembBps = rembBps;
  int on = 1;
  /* Kernel receive times, for the feedback's arrival deltas. */
  setsockopt(r->fd, SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof on);
  r->tccId = tccId;
  r->pending = calloc(TCC_PENDING, sizeof *r->pending);
  r->tccLast = r->tccNext = r->rrMax = -1;
  RAND_bytes((unsigned char *)&r->ownSsrc, sizeof r->ownSsrc);
  /* Receivers are not in step: each starts its timers at a random phase. */
  double now = nowSec();
  r->nextFeedback = now + (rand() % 100) / 1000.0;
  r->nextReport = now + (rand() % 1000) / 1000.0;
  r->rtcp = 1;
}

/* ---- sink ---- */

static void openReceivers(int n) {
  if (receiverCount + n > receiverCap) {
    receiverCap = (receiverCount + n) * 2;
    receivers = realloc(receivers, receiverCap * sizeof *receivers);
  }
  printf("ports");
  for (int i = 0; i < n; i++) {
    Receiver *r = &receivers[receiverCount];
    memset(r, 0, sizeof *r);
    r->lastSeq = -1;
    r->fd = udpSocket(0, 1 << 20);
    r->port = localPort(r->fd);
    struct epoll_event ev = { .events = EPOLLIN, .data.u32 = receiverCount + 1 };
    epoll_ctl(epfd, EPOLL_CTL_ADD, r->fd, &ev);
    printf(" %u", r->port);
    receiverCount++;
  }
  printf("\n");
  fflush(stdout);
}

static void drain(int index) {
  Receiver *r = &receivers[index];
  static unsigned char bufs[BATCH][MAX_PACKET + SRTP_MAX_TRAILER_LEN];
  static char controls[BATCH][CMSG_SPACE(sizeof(struct timespec))];
  static struct mmsghdr msgs[BATCH];
  static struct iovec iov[BATCH];
  for (;;) {
    for (int i = 0; i < BATCH; i++) {
      iov[i] = (struct iovec){ bufs[i], MAX_PACKET };
      msgs[i].msg_hdr = (struct msghdr){ .msg_iov = &iov[i], .msg_iovlen = 1 };
      if (r->rtcp) {
        msgs[i].msg_hdr.msg_control = controls[i];
        msgs[i].msg_hdr.msg_controllen = sizeof controls[i];
      }
    }
    int n = recvmmsg(r->fd, msgs, BATCH, MSG_DONTWAIT, NULL);
    if (n <= 0) return;
    int64_t batchUs = r->rtcp ? realUs() : 0;
    for (int i = 0; i < n; i++) {
      unsigned char *p = bufs[i];
      ssize_t len = msgs[i].msg_len;
      int rtpOrRtcp = len >= 12 && (p[0] >> 6) == 2;
      if (rtpOrRtcp && p[1] >= 192 && p[1] <= 223) {
        if (r->rtcp && r->ready) onRtcp(r, p, (int)len, nowSec());
        continue;
      }
      if (isMediaRtp(p, len)) {
        packets++;
        /* Copies this receiver missed, by its stream's sequence numbers: no clock to skew, however
           late either process reads its counters. A jump back (reordering) is not counted. */
        int seq = (p[2] << 8) | p[3];
        unsigned gap = (uint16_t)(seq - r->lastSeq - 1);
        if (r->lastSeq >= 0 && gap < 1000) packetsLost += gap;
        r->lastSeq = seq;
      }
      if (rtpOrRtcp) {
        if (r->rtcp) {
          int64_t atUs = batchUs;
          for (struct cmsghdr *c = CMSG_FIRSTHDR(&msgs[i].msg_hdr); c; c = CMSG_NXTHDR(&msgs[i].msg_hdr, c))
            if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPNS) {
              struct timespec t;
              memcpy(&t, CMSG_DATA(c), sizeof t);
              atUs = (int64_t)t.tv_sec * 1000000 + t.tv_nsec / 1000;
            }
          onRtp(r, p, len, atUs);
        }
      }
      else if (r->ssl && len > 0 && p[0] >= 20 && p[0] <= 63) {
        BIO_write(SSL_get_rbio(r->ssl), p, (int)len);
        stepDtls(r, index);
      }
    }
    if (n < BATCH) return;
  }
}

/* ---- raw C fan-out ---- */

static int inFd, outFd;
static struct sockaddr_in *dests;
static int destCount, destCap;
static unsigned long long received, lost, sent;
static int lastSeq = -1;

/* Packets missing before this one, by its RTP sequence number (reordering counts as loss). */
static void countGap(const unsigned char *p, ssize_t n) {
  if (n < 12) return;
  int seq = (p[2] << 8) | p[3];
  if (lastSeq >= 0) lost += (uint16_t)(seq - lastSeq - 1) < 1000 ? (uint16_t)(seq - lastSeq - 1) : 0;
  lastSeq = seq;
}

static void fanOut(void) {
  static unsigned char bufs[BATCH][MAX_PACKET];
  static struct mmsghdr in[BATCH], out[256];
  static struct iovec iov[BATCH];
  for (;;) {
    for (int i = 0; i < BATCH; i++) {
      iov[i] = (struct iovec){ bufs[i], MAX_PACKET };
      in[i].msg_hdr = (struct msghdr){ .msg_iov = &iov[i], .msg_iovlen = 1 };
    }
    int n = recvmmsg(inFd, in, BATCH, MSG_DONTWAIT, NULL);
    if (n <= 0) return;
    received += n;
    for (int i = 0; i < n; i++) {
      countGap(bufs[i], in[i].msg_len);
      struct iovec body = { bufs[i], in[i].msg_len };
      for (int d = 0; d < destCount; d += 256) {
        int k = destCount - d < 256 ? destCount - d : 256;
        for (int j = 0; j < k; j++)
          out[j].msg_hdr = (struct msghdr){ .msg_name = &dests[d + j], .msg_namelen = sizeof *dests, .msg_iov = &body, .msg_iovlen = 1 };
        int s = sendmmsg(outFd, out, k, 0);
        if (s > 0) sent += s;
      }
    }
  }
}

/* ---- commands ---- */

static int command(const char *mode, char *line) {
  char *cmd = strtok(line, " \n");
  if (!cmd) return 1;
  if (!strcmp(cmd, "quit")) return 0;
  if (!strcmp(cmd, "open")) openReceivers(atoi(strtok(NULL, " \n")));
  else if (!strcmp(cmd, "ice")) {
    int index = atoi(strtok(NULL, " \n")), port = atoi(strtok(NULL, " \n"));
    char *ufrag = strtok(NULL, " \n"), *pwd = strtok(NULL, " \n");
    startWebRtc(index, port, ufrag, pwd);
  } else if (!strcmp(cmd, "rtcp")) {
    int index = atoi(strtok(NULL, " \n")), tccId = atoi(strtok(NULL, " \n"));
    char *remb = strtok(NULL, " \n");
    enableRtcp(index, tccId, remb ? (uint32_t)strtoul(remb, NULL, 10) : 0);
    return 1;
  } else if (!strcmp(cmd, "dest")) {
    for (char *p; (p = strtok(NULL, " \n"));) {
      if (destCount == destCap) dests = realloc(dests, (destCap = destCap * 2 + 64) * sizeof *dests);
      dests[destCount] = (struct sockaddr_in){ .sin_family = AF_INET, .sin_port = htons(atoi(p)) };
      dests[destCount++].sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    }
    printf("ok\n");
  } else if (!strcmp(cmd, "count")) {
    if (!strcmp(mode, "sink"))
      printf("count %llu %llu %.1f %llu %llu %llu %llu %llu\n", packets, packetsLost, cpuMs(), feedbacksSent, reportsSent, srsReceived, srtcpErrors, rembsSent);
    else printf("count %llu %llu %llu %.1f\n", received, lost, sent, cpuMs());
  }
  fflush(stdout);
  return 1;
}

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "";
  if (strcmp(mode, "sink") && strcmp(mode, "fanout")) {
    fprintf(stderr, "usage: fanout-io sink|fanout\n");
    return 2;
  }
  prctl(PR_SET_PDEATHSIG, SIGTERM); /* ends with the bench, however it ends */
  epfd = epoll_create1(0);
  struct epoll_event ev = { .events = EPOLLIN, .data.u32 = 0 };
  epoll_ctl(epfd, EPOLL_CTL_ADD, 0, &ev);
  if (!strcmp(mode, "sink")) {
    if (srtp_init() != srtp_err_status_ok) { fprintf(stderr, "fanout-io: srtp_init\n"); return 1; }
    makeDtlsContext();
    printf("fingerprint %s\n", fingerprint);
  } else {
    inFd = udpSocket(0, 4 << 20);
    outFd = socket(AF_INET, SOCK_DGRAM, 0);
    int sndbuf = 4 << 20;
    setsockopt(outFd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf);
    ev.data.u32 = 1;
    epoll_ctl(epfd, EPOLL_CTL_ADD, inFd, &ev);
    printf("port %u\n", localPort(inFd));
  }
  fflush(stdout);

  char line[65536];
  size_t have = 0;
  double lastConsent = nowSec(), lastTick = 0;
  struct epoll_event events[256];
  /* A paced sink never sleeps in epoll_wait: a datagram for a socket nobody waits on costs its
     sender the enqueue only, not a wake-up of this process (on this machine kind a cross-CPU
     wake-up is a hypervisor exit, ~5 us charged to the sending forwarder per packet that finds
     the sink asleep). Real receivers are other machines: their wake-ups are not the forwarder's. */
  const int paced = !strcmp(mode, "sink") && argc > 2 && !strcmp(argv[2], "paced");
  const struct timespec pace = { 0, 1000000 };
  for (;;) {
    int n = epoll_wait(epfd, events, 256, paced ? 0 : 10);
    if (paced && n == 0) nanosleep(&pace, NULL);
    for (int i = 0; i < n; i++) {
      uint32_t id = events[i].data.u32;
      if (id == 0) {
        ssize_t r = read(0, line + have, sizeof line - 1 - have);
        if (r <= 0) return 0;
        have += r;
        char *nl;
        while ((nl = memchr(line, '\n', have))) {
          *nl = 0;
          size_t used = nl - line + 1;
          char cmd[65536];
          memcpy(cmd, line, used);
          memmove(line, line + used, have - used);
          have -= used;
          if (!command(mode, cmd)) return 0;
        }
      } else if (!strcmp(mode, "sink")) drain(id - 1);
      else fanOut();
    }
    /* Every 10 ms: DTLS retransmissions, ICE consent every 2 s as a browser keeps it, and each
       peer's RTCP when due. */
    double now = nowSec();
    if (now - lastTick < 0.01) continue;
    lastTick = now;
    int consent = now - lastConsent > 2;
    if (consent) lastConsent = now;
    for (int i = 0; i < receiverCount; i++) {
      Receiver *r = &receivers[i];
      if (!r->webrtc) continue;
      if (!r->ready && DTLSv1_handle_timeout(r->ssl) > 0) flushDtls(r);
      if (consent) sendBindingRequest(r);
      if (!r->rtcp || !r->ready) continue;
      if (now >= r->nextFeedback) {
        if (r->tccId) sendFeedback(r);
        r->nextFeedback = r->nextFeedback + 0.1 > now ? r->nextFeedback + 0.1 : now + 0.1;
      }
      if (now >= r->nextReport) {
        sendReport(r, i, now);
        r->nextReport = now + 1;
      }
    }
  }
}
