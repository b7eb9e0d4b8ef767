import type { TapTrack } from '@lienthong/contracts';
import { describe, expect, it } from 'vitest';
import { archiveExtension, tapSdp } from '../src/ffmpeg/sdp.js';

const vp8: TapTrack = {
  kind: 'video',
  producerId: 'p-v',
  consumerId: 'c-v',
  siteId: 'hall',
  siteName: 'Hội trường',
  port: 50000,
  codec: { mimeType: 'video/VP8', clockRate: 90000, payloadType: 101, parameters: {} },
  ssrc: 1234,
};
const opus: TapTrack = { ...vp8, kind: 'audio', port: 50002, codec: { mimeType: 'audio/opus', clockRate: 48000, channels: 2, payloadType: 100, parameters: { useinbandfec: 1 } } };
const h264: TapTrack = {
  ...vp8,
  codec: { mimeType: 'video/H264', clockRate: 90000, payloadType: 102, parameters: { 'packetization-mode': 1, 'profile-level-id': '42e01f' } },
};

describe('tap SDP', () => {
  it('describes each track on its port with the consumer payload type, rtcp-mux, fmtp when there is one', () => {
    const sdp = tapSdp([vp8, opus], '10.0.0.5');
    expect(sdp.split('\r\n')).toEqual([
      'v=0',
      'o=- 0 0 IN IP4 10.0.0.5',
      's=lienthong recording',
      'c=IN IP4 10.0.0.5',
      't=0 0',
      'm=video 50000 RTP/AVP 101',
      'a=rtpmap:101 VP8/90000',
      'a=rtcp-mux',
      'a=recvonly',
      'm=audio 50002 RTP/AVP 100',
      'a=rtpmap:100 opus/48000/2',
      'a=fmtp:100 useinbandfec=1',
      'a=rtcp-mux',
      'a=recvonly',
      '',
    ]);
  });

  it('describes every audio track of a mixed part, each on its own port with its own payload type', () => {
    const floor: TapTrack = { ...opus, siteId: 'xa-a', port: 50004, codec: { ...opus.codec, payloadType: 111 }, ssrc: 5678 };
    const sdp = tapSdp([vp8, opus, floor], '127.0.0.1').split('\r\n');
    expect(sdp.filter((l) => l.startsWith('m='))).toEqual(['m=video 50000 RTP/AVP 101', 'm=audio 50002 RTP/AVP 100', 'm=audio 50004 RTP/AVP 111']);
    expect(sdp).toContain('a=rtpmap:111 opus/48000/2');
    expect(archiveExtension([vp8, opus, floor])).toBe('webm');
  });

  it('keeps H264 parameters (ffmpeg needs packetization-mode)', () => {
    expect(tapSdp([h264], '127.0.0.1')).toContain('a=fmtp:102 packetization-mode=1;profile-level-id=42e01f\r\n');
  });

  it('archives VP8/Opus as WebM, anything else as Matroska', () => {
    expect(archiveExtension([vp8, opus])).toBe('webm');
    expect(archiveExtension([h264, opus])).toBe('mkv');
  });
});
