import { firstStill, stillStep, type StillAction, type StillPhase } from './slide-stills';

/** What the still taker works on: the media session's presentation consumer while it receives sound only. */
export interface StillSource {
  /**
   * The presentation stills are taken of (its producer id) while the level is sound only and a
   * presentation is shown; null otherwise (the normal receive levels own the consumer then).
   */
  stillSubject(): string | null;
  /** Frames decoded by the consumer now serving that presentation (null: it is gone). */
  stillFrames(producerId: string): Promise<number | null>;
  /** Carries out the policy's action on that consumer (ignored if the level or program moved meanwhile). */
  applyStill(producerId: string, action: StillAction): Promise<void>;
}

/** How often the taker looks: a resumed consumer is paused again within this of its first new frame. */
const TICK_MS = 250;

/**
 * Runs the slide-still policy against a media session: a timer that does nothing (no stats read)
 * unless the site receives sound only while a presentation is shown.
 */
export class StillTaker {
  private timer: ReturnType<typeof setInterval> | null = null;
  private run: { producerId: string; phase: StillPhase } | null = null;
  private busy = false;
  /** Stills put on screen in this media session (for the diagnostics hook). */
  shown = 0;

  constructor(
    private readonly source: StillSource,
    private readonly now: () => number = () => performance.now(),
  ) {}

  start(): void {
    this.timer ??= setInterval(() => void this.tick(), TICK_MS);
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.run = null;
  }

  private async tick(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      await this.step();
    } catch (err) {
      // A request lost with the connection: the next tick (or the next join) starts again.
      console.warn('lienthong: slide still failed', err);
    } finally {
      this.busy = false;
    }
  }

  private async step(): Promise<void> {
    const producerId = this.source.stillSubject();
    if (producerId === null) {
      this.run = null;
      return;
    }
    const run = this.run?.producerId === producerId ? this.run : null;
    // Waiting needs only the clock; the consumer's statistics are read when something may happen.
    if (run?.phase.kind === 'waiting' && this.now() < run.phase.until) return;
    const frames = await this.source.stillFrames(producerId);
    if (frames === null || this.timer === null) return;
    const now = this.now();
    if (!run) {
      this.run = { producerId, phase: firstStill(now, frames) };
      return;
    }
    const step = stillStep(run.phase, now, frames);
    run.phase = step.phase;
    if (step.shown) this.shown += 1;
    if (step.action) await this.source.applyStill(producerId, step.action);
  }
}
