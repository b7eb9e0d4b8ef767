import type { Namespace, Socket } from 'socket.io';

/** The socket.io room of a conference's site sockets: its events go there, on every replica. */
export const conferenceRoomName = (conferenceId: string) => `conference:${conferenceId}`;

/** Sockets listening to their conference whose join or resume the owner has not answered yet. */
const entering = new WeakSet<Socket>();
/** The site each socket holds a session of, once the owner answered its join or resume. */
const sessionSites = new WeakMap<Socket, string>();

/**
 * Runs `enter` (an admit or a resume) with the socket already listening to the conference's
 * events: a program change made while the answer is on its way still reaches the site after
 * the answer's own snapshot (the browser keeps the later of the two). Until `enter` settles the
 * socket listens but holds no session: `sessionsHere` leaves it out.
 */
export async function listening<T>(socket: Socket, conferenceId: string, siteId: string, enter: () => Promise<T>): Promise<T> {
  entering.add(socket);
  await socket.join(conferenceRoomName(conferenceId));
  try {
    const entered = await enter();
    sessionSites.set(socket, siteId);
    return entered;
  } catch (err) {
    await socket.leave(conferenceRoomName(conferenceId));
    throw err;
  } finally {
    entering.delete(socket);
  }
}

/** A session a replica holds: its socket id, and its site (null from a replica that did not say). */
export type HeldSession = [sessionId: string, siteId: string | null];

/**
 * The sockets of this replica that hold a session in the conference, with their sites: listening,
 * and not on the way in. A resume waiting for a new owner to adopt the room is not a session the
 * room lacks.
 */
export function sessionsHere(sites: Namespace, conferenceId: string): HeldSession[] {
  const held: HeldSession[] = [];
  for (const id of sites.adapter.rooms.get(conferenceRoomName(conferenceId)) ?? []) {
    const socket = sites.sockets.get(id);
    if (socket && entering.has(socket)) continue;
    held.push([id, (socket && sessionSites.get(socket)) ?? null]);
  }
  return held;
}
