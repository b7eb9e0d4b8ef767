/**
 * How long a session whose socket dropped keeps its media waiting for the site to resume it on a
 * new socket. Long enough for socket.io's reconnection (1-5 s between attempts) to reach a live
 * replica, and for a relayed resume to find the new owner of a room whose owner died.
 */
export const sessionResumeGraceMs = 15_000;

/**
 * Sessions of a room whose socket dropped without leaving: their media goes on (the node still
 * forwards to the site) until the site resumes the session on a new socket or the grace runs out.
 */
export class DetachedSessions {
  private readonly timers = new Map<string, { sessionId: string; timer: ReturnType<typeof setTimeout> }>();

  constructor(private readonly graceMs = sessionResumeGraceMs) {}

  /** `expired` runs once the grace is over, unless the session was resumed or left meanwhile. */
  detach(siteId: string, sessionId: string, expired: () => void): void {
    this.settle(siteId);
    const timer = setTimeout(() => {
      if (this.timers.get(siteId)?.sessionId !== sessionId) return;
      this.timers.delete(siteId);
      expired();
    }, this.graceMs);
    timer.unref?.();
    this.timers.set(siteId, { sessionId, timer });
  }

  /** The site's session is attached again (resumed) or gone (left, replaced): no expiry for it. */
  settle(siteId: string): void {
    const pending = this.timers.get(siteId);
    if (!pending) return;
    clearTimeout(pending.timer);
    this.timers.delete(siteId);
  }

  get size(): number {
    return this.timers.size;
  }

  clear(): void {
    for (const { timer } of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
