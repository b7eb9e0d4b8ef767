// socket.io's own heartbeat, shared by every namespace of a replica. The ping also tells site
// health that a site is alive (its page answers the ping from its own JavaScript), so a steady
// link needs to send no reports to stay green.

/** The server pings every socket this often; a site's pong refreshes its health's "last seen". */
export const pingIntervalMs = 5_000;

/**
 * A pong unread because this process stalled must not end a connection: after a stall the timers
 * phase runs before the poll phase reads the socket, so the ping timeout outlasts any stall we ride out.
 */
export const pingTimeoutMs = 20_000;
