import { LienthongError, type ProgramTrack } from '@lienthong/contracts';
import type { RoomMediaJournal } from './ownership/room-media-store.js';
import { presenceFields, type Presence, type ProgramEntry } from './presence-record.js';

/** How long a site told to rejoin keeps its room alive: browsers rejoin within seconds. */
export const rejoinGraceMs = 30_000;

/**
 * What one room knows of its sites, in one place: who is present on which router with which media
 * objects, the program everyone receives (each entry with the router it is produced on), and who
 * is expected back after a failure. Every change of a site or program entry is journaled, so a
 * successor owner adopts exactly this.
 */
export class RoomState {
  readonly sites = new Map<string, Presence>();
  readonly program = new Map<string, ProgramEntry>();
  /** Sites told to rejoin after a failure, and since when: the room is not empty while they come back. */
  readonly rejoining = new Map<string, number>();
  /** Where present sites and the program are recorded for a successor owner (none: not recorded). */
  journal: RoomMediaJournal = { touch: () => {} };

  /** `originSiteId`: the hall, whose tracks come first in the program. */
  constructor(private readonly originSiteId: string) {}

  /** The site's presence, if `sessionId` is its current session (else NOT_JOINED). */
  presence(siteId: string, sessionId: string): Presence {
    const site = this.sites.get(siteId);
    if (!site || site.sessionId !== sessionId) throw new LienthongError('NOT_JOINED');
    return site;
  }

  touchSite(siteId: string): void {
    this.journal.touch(presenceFields.site + siteId);
  }

  addToProgram(entry: ProgramEntry): void {
    this.program.set(entry.track.producerId, entry);
    this.journal.touch(presenceFields.program + entry.track.producerId);
  }

  dropFromProgram(producerId: string): void {
    if (this.program.delete(producerId)) this.journal.touch(presenceFields.program + producerId);
  }

  /**
   * The program, the hall's tracks first and the floor holder's after them, whatever order they
   * were produced in (after a restart the floor site may rejoin before the hall): sites show the
   * last video of this list.
   */
  programTracks(): ProgramTrack[] {
    const tracks = [...this.program.values()].map((e) => e.track);
    const hall = (t: ProgramTrack) => (t.siteId === this.originSiteId ? 0 : 1);
    return tracks.sort((a, b) => hall(a) - hall(b));
  }

  /** None of the sites told to rejoin is still expected (those past the grace are forgotten). */
  noRejoinExpected(): boolean {
    const expected = Date.now() - rejoinGraceMs;
    for (const [siteId, since] of this.rejoining) if (since < expected) this.rejoining.delete(siteId);
    return this.rejoining.size === 0;
  }
}
