import { defaultSource, recorderRequests, transportTupleSchema, type ProgramTrack } from '@lienthong/contracts';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { sameTracks } from '../src/job/record-part.js';

/**
 * A rolling update, from the recorder's side: this recorder with a control plane of the release
 * before presentations were recorded, and a recorder of that release with this control plane. The
 * old release's openTap is kept here as it was on the wire (its zod shapes, copied from that
 * release's contract), so the wire stays compatible both ways.
 */
const oldOpenTap = {
  request: z.object({ recordingId: z.string(), video: transportTupleSchema, audio: z.array(transportTupleSchema).min(1).max(4) }),
  response: z.object({ tapId: z.string(), tracks: z.array(z.object({ producerId: z.string(), port: z.number() }).passthrough()) }),
};

const track = (producerId: string, kind: 'audio' | 'video', source = defaultSource(kind)): ProgramTrack => ({ producerId, kind, source, siteId: 'hall', siteName: 'Hội trường', unitName: 'TW' });
const camera = track('camera', 'video');
const microphone = track('microphone', 'audio');
const screen = track('screen', 'video', 'presentation');
const tapTrack = (producerId: string, kind: 'audio' | 'video', port: number) => ({
  kind,
  producerId,
  consumerId: `${producerId}-consumer`,
  siteId: 'hall',
  siteName: 'Hội trường',
  port,
  codec: { mimeType: kind === 'video' ? 'video/VP8' : 'audio/opus', clockRate: kind === 'video' ? 90000 : 48000, payloadType: kind === 'video' ? 101 : 100 },
  ssrc: 1234,
});
const port = (n: number) => ({ ip: '127.0.0.1', port: n });

describe('the recording tap during a rolling update', () => {
  it('this recorder with an old control plane: its request is taken, and a shared screen the tap lacks starts no new part', () => {
    const request = { recordingId: '0b6f3a52-8d0e-4a43-9c39-5d3c1b3a2f10', video: port(51000), presentation: port(51002), audio: [port(51004)], features: ['presentation'] };
    expect(recorderRequests.openTap.request.parse(request)).toMatchObject({ features: ['presentation'] });
    // The old control plane reads the ports it knows, and ignores the rest.
    expect(oldOpenTap.request.parse(request)).toEqual({ recordingId: request.recordingId, video: port(51000), audio: [port(51004)] });
    // Its answer has no features: this recorder reads "none" and judges the program without the screen.
    const answer = recorderRequests.openTap.response.parse({ tapId: 'tap-1', tracks: [tapTrack('camera', 'video', 51000), tapTrack('microphone', 'audio', 51004)] });
    expect(answer.features).toEqual([]);
    const tapped = answer.tracks.map((t) => t.producerId);
    expect(sameTracks([camera, microphone, screen], tapped, answer.features)).toBe(true);
    // The floor moving still ends the part.
    expect(sameTracks([camera, microphone, track('floor-camera', 'video'), screen], tapped, answer.features)).toBe(false);
  });

  it('this recorder with this control plane: the screen coming or going ends the part', () => {
    const withScreen = ['camera', 'screen', 'microphone'];
    expect(sameTracks([camera, microphone, screen], withScreen, ['presentation'])).toBe(true);
    expect(sameTracks([camera, microphone], withScreen, ['presentation'])).toBe(false);
    expect(sameTracks([camera, microphone, screen], ['camera', 'microphone'], ['presentation'])).toBe(false);
  });

  it('an old recorder with this control plane: its request is valid, and it reads the answer it knows', () => {
    const old = { recordingId: '0b6f3a52-8d0e-4a43-9c39-5d3c1b3a2f10', video: port(51000), audio: [port(51004)] };
    expect(recorderRequests.openTap.request.parse(old)).toEqual(old);
    const answer = { tapId: 'tap-2', tracks: [tapTrack('camera', 'video', 51000), tapTrack('microphone', 'audio', 51004)], features: [] };
    expect(oldOpenTap.response.parse(recorderRequests.openTap.response.parse(answer))).toMatchObject({ tapId: 'tap-2', tracks: [{ producerId: 'camera' }, { producerId: 'microphone' }] });
  });

  it('ignores features it does not know, on either side', () => {
    const answer = recorderRequests.openTap.response.parse({ tapId: 'tap-3', tracks: [], features: ['presentation', 'captions'] });
    expect(answer.features).toEqual(['presentation']);
  });
});
