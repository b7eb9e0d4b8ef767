// socket.io's own heartbeat, shared by every namespace of a replica. The ping also tells site
// health that a site is alive (its page answers the ping from its own JavaScript), so a steady
// link needs to send no reports to stay green.

/**
 * The server pings every socket this often; a site's pong refreshes its health's "last seen".
 * A ping and its pong cost the control plane about what a report does (~200 µs here): every 10 s
 * that is ~10 µs per site-second (bench:national: 15.2 µs of health per site-second in all,
 * against 36.6 with a ping every 5 s), and a frozen page shows as silent after 13 s.
 */
export const pingIntervalMs = 10_000;

/**
 * A pong unread because this process stalled must not end a connection: after a stall the timers
 * phase runs before the poll phase reads the socket, so the ping timeout outlasts any stall we ride
 * out (15 s). Interval + timeout: a dead link is noticed within 25 s, on either side.
 */
export const pingTimeoutMs = 15_000;
