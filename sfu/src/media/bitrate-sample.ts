/**
 * A worker's bitrate in and out without asking every transport each heartbeat: each stats request
 * crosses the worker's channel, and a hot worker with 600 consumers asked 600 times a second is
 * slowed by the asking itself (bench:fan-out saw a worker past a full core stop reading its channel
 * under exactly that). At most `perRound` transports are asked per round, the next ones in turn, and
 * their sum is scaled to the whole set: every transport is read once every few seconds, and the total
 * is an estimate whenever a worker holds more than `perRound` (exact otherwise).
 */
export class BitrateSample<T> {
  private cursor = 0;

  constructor(private readonly perRound = 64) {}

  /** The transports to ask this round (a window rotating over `all`), and the factor their sum is scaled by. */
  next(all: readonly T[]): { ask: T[]; scale: number } {
    if (all.length <= this.perRound) return { ask: [...all], scale: 1 };
    const start = this.cursor % all.length;
    const ask = [...all.slice(start, start + this.perRound), ...all.slice(0, Math.max(0, start + this.perRound - all.length))];
    this.cursor = (start + this.perRound) % all.length;
    return { ask, scale: all.length / ask.length };
  }
}
