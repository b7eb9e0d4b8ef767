// A replica facing a room owner of the version before (a rolling update): what it has no
// operation for is done the way that version did it.
import { LienthongError } from '@lienthong/contracts';
import { describe, expect, it } from 'vitest';
import type { RoomHandle } from '../../src/live/ownership/room-handle.js';
import { produceTracks } from '../../src/live/ownership/rolling-update.js';

const camera = { kind: 'video' as const, rtpParameters: { codecs: [], encodings: [{ ssrc: 1 }] } };
const microphone = { kind: 'audio' as const, rtpParameters: { codecs: [], encodings: [{ ssrc: 2 }] } };
const dtlsParameters = { fingerprints: [{ algorithm: 'sha-256', value: 'AA' }] };

/** An owner whose produceTracks fails with `refusal`, and whose produceTrack makes what it is asked. */
function ownerRefusing(refusal: LienthongError) {
  const made: unknown[] = [];
  const room = {
    produceTracks: () => Promise.reject(refusal),
    produceTrack: (_siteId: string, _sessionId: string, track: unknown) => {
      made.push(track);
      return Promise.resolve(`producer-${made.length}`);
    },
  } as unknown as RoomHandle;
  return { room, made };
}

describe('producing a join’s tracks through an owner of the version before', () => {
  it.each([
    ['the answer of the versions before (BAD_REQUEST, by name)', new LienthongError('BAD_REQUEST', 'No room operation produceTracks')],
    ['UNKNOWN_MESSAGE', new LienthongError('UNKNOWN_MESSAGE', 'No room operation produceTracks')],
  ])('makes one track at a time when it refuses the operation with %s, the connect with the first', async (_name, refusal) => {
    const { room, made } = ownerRefusing(refusal);
    const ids = await produceTracks(room, 'site', 'session', { transportId: 't', dtlsParameters, tracks: [camera, microphone] });
    expect(ids).toEqual(['producer-1', 'producer-2']);
    expect(made).toEqual([
      { transportId: 't', ...camera, dtlsParameters },
      { transportId: 't', ...microphone },
    ]);
  });

  it('passes on any other refusal, trying nothing else', async () => {
    const { room, made } = ownerRefusing(new LienthongError('BAD_REQUEST', 'No room operation produceTrack'));
    await expect(produceTracks(room, 'site', 'session', { transportId: 't', tracks: [camera] })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const limit = ownerRefusing(new LienthongError('CONFLICT', 'one camera per site'));
    await expect(produceTracks(limit.room, 'site', 'session', { transportId: 't', tracks: [camera] })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect([...made, ...limit.made]).toEqual([]);
  });
});
