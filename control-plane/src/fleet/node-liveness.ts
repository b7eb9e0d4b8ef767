/**
 * When is a media node silent, as opposed to this process deaf? Pure: no clock, no timers.
 *
 * A node is declared dead after `timeoutMs` without a heartbeat, but only counting time this
 * process was awake to read one. The watchdog ticks every `tickMs`; a gap between two ticks
 * longer than `tickMs + stallSlackMs` means the event loop was stalled (CPU starvation, a long
 * synchronous job, SIGSTOP): heartbeats sent meanwhile sit unread in socket buffers, and after the
 * stall the timers phase runs before the poll phase reads them. Only `tickMs` of such a gap counts
 * as attentive time, so a stall of any length cannot make a healthy node look dead: a silent node
 * is still cut off after `timeoutMs` of attentive time.
 */
export interface LivenessConfig {
  timeoutMs: number;
  tickMs: number;
  /** How late a tick may be and still count in full (ordinary timer jitter, a GC pause). */
  stallSlackMs: number;
}

/** The watchdog's pace and tolerance for a node timeout (the /node gateway's own settings). */
export function livenessConfigFor(timeoutMs: number): LivenessConfig {
  // Checked often: a dead node's sites wait for this tick on top of the timeout itself.
  return { timeoutMs, tickMs: Math.max(100, Math.min(250, timeoutMs / 10)), stallSlackMs: Math.min(750, timeoutMs / 3) };
}

export class NodeLiveness {
  /** Attentive milliseconds since this clock started: grows only while the process can read. */
  private attentiveMs = 0;
  private lastTickAt: number | null = null;
  /** node id -> attentive time at its last heartbeat */
  private readonly heardAt = new Map<string, number>();
  /** the longest stall seen since the last call to takeStall() */
  private stallMs = 0;

  constructor(private readonly config: LivenessConfig) {
    if (config.tickMs + config.stallSlackMs >= config.timeoutMs)
      throw new Error('a watchdog tick plus its slack must be shorter than the node timeout');
  }

  /** A heartbeat (or registration) arrived from the node. */
  heard(nodeId: string): void {
    this.heardAt.set(nodeId, this.attentiveMs);
  }

  forget(nodeId: string): void {
    this.heardAt.delete(nodeId);
  }

  /** One watchdog tick at wall time `now`; answers the nodes silent for longer than the timeout. */
  tick(now: number): string[] {
    if (this.lastTickAt !== null) {
      const gap = Math.max(0, now - this.lastTickAt);
      const allowed = this.config.tickMs + this.config.stallSlackMs;
      if (gap > allowed) this.stallMs = Math.max(this.stallMs, gap);
      this.attentiveMs += Math.min(gap, allowed);
    }
    this.lastTickAt = now;
    const silent: string[] = [];
    for (const [nodeId, at] of this.heardAt) if (this.attentiveMs - at > this.config.timeoutMs) silent.push(nodeId);
    return silent;
  }

  /** How long the node has been silent in attentive time (for logs and metrics). */
  silenceOf(nodeId: string): number | null {
    const at = this.heardAt.get(nodeId);
    return at === undefined ? null : this.attentiveMs - at;
  }

  /** The longest event-loop stall seen since the last call (0: none), then forgets it. */
  takeStall(): number {
    const stall = this.stallMs;
    this.stallMs = 0;
    return stall;
  }
}
