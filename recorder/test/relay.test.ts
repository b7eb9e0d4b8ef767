import type { TapTrack } from '@lienthong/contracts';
import { createSocket, type Socket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { TapRelay } from '../src/tap/relay.js';

// Ports of the mixed-audio tests' range (README: 17200-17299).
const [videoPort, audioPort] = [17290, 17292];
const track = (kind: 'audio' | 'video', port: number, ssrc: number): TapTrack => ({
  kind,
  producerId: `p-${kind}`,
  consumerId: `c-${kind}`,
  siteId: 'hall',
  siteName: 'Hội trường',
  port,
  codec: kind === 'video' ? { mimeType: 'video/VP8', clockRate: 90000, payloadType: 101, parameters: {} } : { mimeType: 'audio/opus', clockRate: 48000, channels: 2, payloadType: 100, parameters: {} },
  ssrc,
});
const rtp = (pt: number, seq: number, ssrc: number) => {
  const p = Buffer.alloc(40);
  p[0] = 0x80;
  p[1] = pt;
  p.writeUInt16BE(seq, 2);
  p.writeUInt32BE(ssrc, 8);
  return p;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A socket standing for ffmpeg: what it received. */
async function sink() {
  const socket = createSocket('udp4');
  const got: Buffer[] = [];
  socket.on('message', (m) => got.push(m));
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return { socket, got, port: socket.address().port };
}

describe('tap relay', () => {
  const open: (TapRelay | Socket)[] = [];
  afterEach(() => open.splice(0).forEach((x) => x.close()));

  it('passes every track on, and stands silence in for a quiet audio track only while the part gets media', async () => {
    const [video, audio] = [await sink(), await sink()];
    const relay = await TapRelay.open('127.0.0.1', '127.0.0.1', [
      { track: track('video', videoPort, 1), to: video.port },
      { track: track('audio', audioPort, 2), to: audio.port },
    ]);
    const node = createSocket('udp4');
    open.push(relay, node, video.socket, audio.socket);
    const send = (p: Buffer, port: number) => node.send(p, port, '127.0.0.1');

    // Nothing has come yet: nothing is invented.
    await sleep(1300);
    expect(audio.got).toHaveLength(0);

    send(rtp(100, 7, 2), audioPort);
    for (let i = 0; i < 80; i++) {
      send(rtp(101, i, 1), videoPort);
      await sleep(20);
    }
    expect(video.got.length).toBeGreaterThan(70);
    expect(video.got[0]!.equals(rtp(101, 0, 1))).toBe(true);
    // The audio track went quiet after one packet while the video came: silence after it.
    const silence = audio.got.slice(1);
    expect(audio.got[0]!.equals(rtp(100, 7, 2))).toBe(true);
    expect(silence.length).toBeGreaterThan(10);
    expect(silence.map((p) => p.readUInt16BE(2)).slice(0, 3)).toEqual([8, 9, 10]);
    expect(silence.every((p) => p.readUInt32BE(8) === 2 && (p[1]! & 0x7f) === 100 && p.length === 15)).toBe(true);

    // Everything stopped: silence stops too (ffmpeg must see its input end).
    await sleep(2500);
    const count = audio.got.length;
    await sleep(500);
    expect(audio.got.length).toBe(count);
  });
});
