import { LienthongError } from '@lienthong/contracts';
import type { ProducedTracks } from '../site-media.js';
import type { RoomHandle, RoomOperation } from './room-handle.js';

// During a rolling update a conference's owner may run the version before this replica's: an
// operation it does not have is refused, and the replica does what that version did instead.

/**
 * Whether the owner refused `operation` for not having it: UNKNOWN_MESSAGE, or BAD_REQUEST
 * "No room operation" from the versions before that code.
 */
export const refusedAsUnknown = (err: unknown, operation: RoomOperation) =>
  err instanceof LienthongError && (err.code === 'UNKNOWN_MESSAGE' || (err.code === 'BAD_REQUEST' && err.message === `No room operation ${operation}`));

/** A site's camera and microphone made by its room's owner in one operation, or one track at a time by an owner without it. */
export async function produceTracks(room: RoomHandle, siteId: string, sessionId: string, { transportId, dtlsParameters, tracks }: ProducedTracks): Promise<string[]> {
  try {
    return await room.produceTracks(siteId, sessionId, { transportId, dtlsParameters, tracks });
  } catch (err) {
    if (!refusedAsUnknown(err, 'produceTracks')) throw err;
    const producerIds: string[] = [];
    for (const [i, track] of tracks.entries())
      producerIds.push(await room.produceTrack(siteId, sessionId, { transportId, ...track, ...(i === 0 && dtlsParameters && { dtlsParameters }) }));
    return producerIds;
  }
}
