/**
 * The SRTP suite a site's browser gets from the node: mediasoup, as the DTLS server, picks it from
 * Chromium's offer. The site-endpoint e2e test reads it in a real browser (which names the DTLS-SRTP
 * profile: `SRTP_` + this); bench:fan-out's WebRTC receivers make Chromium's offer and its bare
 * SRTP consumers use this suite, so the bench prices the cipher sites really get.
 */
export const siteSrtpSuite = 'AEAD_AES_256_GCM' as const;
