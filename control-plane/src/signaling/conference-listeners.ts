import type { Namespace, Socket } from 'socket.io';

/** The socket.io room of a conference's site sockets: its events go there, on every replica. */
export const conferenceRoomName = (conferenceId: string) => `conference:${conferenceId}`;

/** Sockets listening to their conference whose join or resume the owner has not answered yet. */
const entering = new WeakSet<Socket>();

/**
 * Runs `enter` (an admit or a resume) with the socket already listening to the conference's
 * events: a program change made while the answer is on its way still reaches the site after
 * the answer's own snapshot (the browser keeps the later of the two). Until `enter` settles the
 * socket listens but holds no session: `sessionsHere` leaves it out.
 */
export async function listening<T>(socket: Socket, conferenceId: string, enter: () => Promise<T>): Promise<T> {
  entering.add(socket);
  await socket.join(conferenceRoomName(conferenceId));
  try {
    return await enter();
  } catch (err) {
    await socket.leave(conferenceRoomName(conferenceId));
    throw err;
  } finally {
    entering.delete(socket);
  }
}

/**
 * The sockets of this replica that hold a session in the conference: listening, and not on the
 * way in. A resume waiting for a new owner to adopt the room is not a session the room lacks.
 */
export function sessionsHere(sites: Namespace, conferenceId: string): string[] {
  const ids = sites.adapter.rooms.get(conferenceRoomName(conferenceId)) ?? [];
  return [...ids].filter((id) => {
    const socket = sites.sockets.get(id);
    return !socket || !entering.has(socket);
  });
}
