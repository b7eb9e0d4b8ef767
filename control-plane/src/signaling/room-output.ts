import { namespaces, uuidSchema, type ConsoleEvent, type ConsoleEventName } from '@lienthong/contracts';
import type { Server } from 'socket.io';
import { z } from 'zod';
import type { RoomOutput } from '../live/conference-room.js';
import { rejoinSpreadMs } from './join-admission.js';
import { conferenceRoomName, sessionsHere, type HeldSession } from './conference-listeners.js';
import { endSessions } from './site-gateway.js';

const connectedSessionsQuery = 'connectedSessions';
// A session id alone from a replica of the version before (no site).
const heldSessionsSchema = z.array(z.union([z.string().max(64), z.tuple([z.string().max(64), z.string().max(64).nullable()])])).max(100_000);
const asHeld = (entry: z.infer<typeof heldSessionsSchema>[number]): HeldSession => (typeof entry === 'string' ? [entry, null] : entry);

/**
 * Every replica answers the others' question of which sessions it holds in a conference: ids and
 * sites only (fetchSockets would carry every socket's join context across Redis, megabytes for a national room).
 * A replica that does not answer (stalled) fails the question after the adapter's request timeout.
 */
export function answerSessionQueries(io: Server): void {
  io.on(connectedSessionsQuery, (conferenceId: unknown, answer: unknown) => {
    if (typeof answer !== 'function') return;
    const id = uuidSchema.safeParse(conferenceId);
    (answer as (held: HeldSession[]) => void)(id.success ? sessionsHere(io.of(namespaces.site), id.data) : []);
  });
}

/**
 * How a conference's room (on its owner replica) reaches browsers: socket.io rooms named by the
 * conference and by socket id, which the Redis adapter carries to whichever replica holds them.
 */
export function roomOutput(io: Server, conferenceId: string): RoomOutput {
  const sites = io.of(namespaces.site);
  const consoles = io.of(namespaces.console);
  const toConsole = <K extends ConsoleEventName>(viewerId: string, event: K, payload: ConsoleEvent<K>) => consoles.to(viewerId).emit(event, payload);
  return {
    toAll: (event, payload) => sites.to(conferenceRoomName(conferenceId)).emit(event, payload),
    toSession: (sessionId, event, payload) => sites.to(sessionId).emit(event, payload),
    toViewer: (viewerId) => ({
      started: (siteId, consumer) => toConsole(viewerId, 'previewStarted', { conferenceId, siteId, consumer }),
      stopped: (siteId) => toConsole(viewerId, 'previewStopped', { conferenceId, siteId }),
      lost: () => toConsole(viewerId, 'previewsLost', { conferenceId }),
    }),
    endAll: (reason, sessions) => endSessions(sites, conferenceRoomName(conferenceId), reason, rejoinSpreadMs(sessions)),
    // Every socket is in a socket.io room named by its id; the adapter asks every replica.
    liveSessions: async (sessionIds) => (sessionIds.length ? new Set((await sites.in([...sessionIds]).fetchSockets()).map((s) => s.id)) : new Set()),
    connectedSessions: async () => {
      const elsewhere = (await io.serverSideEmitWithAck(connectedSessionsQuery, conferenceId)) as unknown[];
      return new Map([...sessionsHere(sites, conferenceId), ...elsewhere.flatMap((held) => heldSessionsSchema.parse(held).map(asHeld))]);
    },
    endSessions: (sessionIds, reason) => endSessions(sites, [...sessionIds], reason, rejoinSpreadMs(sessionIds.length)),
  };
}
