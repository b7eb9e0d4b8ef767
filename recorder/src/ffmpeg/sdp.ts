import type { TapTrack } from '@lienthong/contracts';

/**
 * The SDP ffmpeg reads a tap from: one m-line per track on the port the node sends it to.
 * Payload types and fmtp come from the consumer's own RTP parameters (the router's codecs), so
 * nothing is assumed about what the program carries. RTP and RTCP share the port (the node's
 * plain transport muxes them; ffmpeg recognises RTCP on the RTP socket).
 */
export function tapSdp(tracks: TapTrack[], listenIp: string): string {
  const lines = ['v=0', `o=- 0 0 IN IP4 ${listenIp}`, 's=lienthong recording', `c=IN IP4 ${listenIp}`, 't=0 0'];
  for (const t of tracks) {
    const { payloadType: pt, mimeType, clockRate, channels, parameters } = t.codec;
    const name = mimeType.split('/')[1];
    if (!name) throw new Error(`codec ${mimeType} has no name`);
    lines.push(`m=${t.kind} ${t.port} RTP/AVP ${pt}`);
    lines.push(`a=rtpmap:${pt} ${name}/${clockRate}${channels && channels > 1 ? `/${channels}` : ''}`);
    const fmtp = Object.entries(parameters).map(([k, v]) => `${k}=${v}`);
    if (fmtp.length) lines.push(`a=fmtp:${pt} ${fmtp.join(';')}`);
    lines.push('a=rtcp-mux', 'a=recvonly');
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** The archive container for the tracks as they come: WebM holds VP8/VP9/Opus, Matroska anything else (H264). */
export function archiveExtension(tracks: TapTrack[]): 'webm' | 'mkv' {
  const webm = new Set(['video/vp8', 'video/vp9', 'audio/opus']);
  return tracks.every((t) => webm.has(t.codec.mimeType.toLowerCase())) ? 'webm' : 'mkv';
}
