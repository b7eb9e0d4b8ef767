/*
 * The fan-out bench's native helpers (compiled by the bench with the system cc), so neither the
 * receivers nor the raw baseline share a process with what is measured.
 *
 *   fanout-io sink    N receivers, each its own UDP socket, read with recvmmsg under epoll; counts
 *                     RTP media packets (clear header, so SRTP counts too) and those missing from each receiver's sequence. A receiver can be made a
 *                     WebRTC peer of a mediasoup WebRtcTransport: ICE binding requests (repeated as
 *                     consent) and a DTLS client handshake offering SRTP, as a browser does; it
 *                     never decrypts what follows, it only counts it.
 *   fanout-io fanout  the raw C baseline: every packet received on one socket is sent to each
 *                     destination with sendmmsg (batches of 256); input loss from RTP sequence gaps.
 *
 * Line protocol on stdin/stdout. sink: prints "fingerprint <sha-256>", then answers
 * "open N" -> "ports p1 p2 ...", "ice I PORT UFRAG PWD" -> later "ready I" (DTLS done),
 * "count" -> "count PACKETS LOST CPU_MS". fanout: prints "port P", then "dest p1 p2 ..." -> "ok",
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
} Receiver;

static Receiver *receivers;
static int receiverCount, receiverCap;
static int epfd;
static unsigned long long packets, packetsLost;
static SSL_CTX *dtls;
static char fingerprint[128];

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
  if (SSL_CTX_set_tlsext_use_srtp(dtls, "SRTP_AES128_CM_SHA1_80") != 0) { fprintf(stderr, "no SRTP profile\n"); exit(1); }
}

static void flushDtls(Receiver *r) {
  BIO *out = SSL_get_wbio(r->ssl);
  unsigned char buf[8192];
  int n = BIO_read(out, buf, sizeof buf);
  if (n > 0) sendto(r->fd, buf, n, 0, (struct sockaddr *)&r->peer, sizeof r->peer);
}

static void stepDtls(Receiver *r, int index) {
  SSL_do_handshake(r->ssl);
  flushDtls(r);
  if (!r->ready && SSL_is_init_finished(r->ssl)) {
    r->ready = 1;
    printf("ready %d\n", index);
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
  static unsigned char bufs[BATCH][MAX_PACKET];
  static struct mmsghdr msgs[BATCH];
  static struct iovec iov[BATCH];
  for (;;) {
    for (int i = 0; i < BATCH; i++) {
      iov[i] = (struct iovec){ bufs[i], MAX_PACKET };
      msgs[i].msg_hdr = (struct msghdr){ .msg_iov = &iov[i], .msg_iovlen = 1 };
    }
    int n = recvmmsg(r->fd, msgs, BATCH, MSG_DONTWAIT, NULL);
    if (n <= 0) return;
    for (int i = 0; i < n; i++) {
      unsigned char *p = bufs[i];
      ssize_t len = msgs[i].msg_len;
      if (isMediaRtp(p, len)) {
        packets++;
        /* Copies this receiver missed, by its stream's sequence numbers: no clock to skew, however
           late either process reads its counters. A jump back (reordering) is not counted. */
        int seq = (p[2] << 8) | p[3];
        unsigned gap = (uint16_t)(seq - r->lastSeq - 1);
        if (r->lastSeq >= 0 && gap < 1000) packetsLost += gap;
        r->lastSeq = seq;
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
  } else if (!strcmp(cmd, "dest")) {
    for (char *p; (p = strtok(NULL, " \n"));) {
      if (destCount == destCap) dests = realloc(dests, (destCap = destCap * 2 + 64) * sizeof *dests);
      dests[destCount] = (struct sockaddr_in){ .sin_family = AF_INET, .sin_port = htons(atoi(p)) };
      dests[destCount++].sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    }
    printf("ok\n");
  } else if (!strcmp(cmd, "count")) {
    if (!strcmp(mode, "sink")) printf("count %llu %llu %.1f\n", packets, packetsLost, cpuMs());
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
  double lastConsent = nowSec();
  struct epoll_event events[256];
  for (;;) {
    int n = epoll_wait(epfd, events, 256, 50);
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
    /* DTLS retransmissions, and ICE consent every 2 s as a browser keeps it. */
    double now = nowSec();
    int consent = now - lastConsent > 2;
    if (consent) lastConsent = now;
    for (int i = 0; i < receiverCount; i++) {
      Receiver *r = &receivers[i];
      if (!r->webrtc) continue;
      if (!r->ready && DTLSv1_handle_timeout(r->ssl) > 0) flushDtls(r);
      if (consent) sendBindingRequest(r);
    }
  }
}
