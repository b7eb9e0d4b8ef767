import { LienthongError, type BusyDetails } from '@lienthong/contracts';

/**
 * Joins are admitted through a bounded queue: a few run at once, a bounded number wait, and a
 * join that would wait longer than a browser waits for its answer is turned away at once with
 * BUSY and the queue's own estimate of when to come back. Without this a join storm queues
 * unboundedly, every join times out in the browser, still completes on the server, and the
 * browser's retry piles on top of it.
 */
export interface JoinAdmissionConfig {
  /** Joins carried out at the same time (each waits mostly on node round trips). */
  concurrency: number;
  /** A join expected to wait longer than this is refused: the browser gives up at 15 s. */
  maxWaitMs: number;
  /** Starting guess of one join's duration, before any was measured. */
  initialJoinMs: number;
}

export const defaultJoinAdmission: JoinAdmissionConfig = { concurrency: 32, maxWaitMs: 8000, initialJoinMs: 100 };

/** How many rejoins per second one replica absorbs comfortably (used to spread mass rejoins). */
const rejoinsPerSecond = 200;

/**
 * The window over which sites told to rejoin at the same moment (their node died) should spread
 * their rejoins: 2,000 sites over 10 s rather than in one burst.
 */
export function rejoinSpreadMs(sessions: number): number {
  return Math.min(60_000, Math.round((sessions / rejoinsPerSecond) * 1000));
}

interface Waiting {
  start(): void;
  abandoned(): boolean;
  refuse(error: LienthongError): void;
  queuedAt: number;
}

export class JoinAdmission {
  private running = 0;
  private readonly queue: Waiting[] = [];
  /** Moving average of a join's duration, ms. */
  private joinMs: number;
  private refusedCount = 0;

  constructor(
    private readonly config: JoinAdmissionConfig = defaultJoinAdmission,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.joinMs = config.initialJoinMs;
  }

  /**
   * Runs `join` when a slot is free. `abandoned` is asked when the slot comes: a join whose
   * socket went away meanwhile is dropped without running (it rejects with TIMEOUT).
   */
  async admit<T>(join: () => Promise<T>, abandoned: () => boolean): Promise<T> {
    if (this.running < this.config.concurrency) {
      this.running += 1;
    } else {
      const wait = this.expectedWaitMs();
      if (wait > this.config.maxWaitMs) throw this.busy(wait);
      await this.enqueue(abandoned); // resolves with its slot already counted
    }
    const started = this.now();
    try {
      return await join();
    } finally {
      this.running -= 1;
      this.joinMs = 0.9 * this.joinMs + 0.1 * (this.now() - started);
      this.next();
    }
  }

  /** Joins waiting and running now, and refused since start (for metrics and benches). */
  get stats() {
    return { running: this.running, queued: this.queue.length, refused: this.refusedCount, joinMs: this.joinMs };
  }

  private expectedWaitMs(): number {
    return ((this.queue.length + 1) / this.config.concurrency) * this.joinMs;
  }

  private enqueue(abandoned: () => boolean): Promise<void> {
    return new Promise<void>((start, refuse) => this.queue.push({ start, refuse, abandoned, queuedAt: this.now() }));
  }

  private next(): void {
    while (this.running < this.config.concurrency && this.queue.length) {
      const waiting = this.queue.shift()!;
      if (waiting.abandoned()) {
        waiting.refuse(new LienthongError('TIMEOUT', 'The site left before its join could start'));
        continue;
      }
      // Waited past what the browser waits: its answer would arrive after it gave up.
      if (this.now() - waiting.queuedAt > this.config.maxWaitMs) {
        waiting.refuse(this.busy(this.expectedWaitMs()));
        continue;
      }
      // The slot is counted here, so a join arriving meanwhile cannot jump the queue.
      this.running += 1;
      waiting.start();
    }
  }

  private busy(waitMs: number): LienthongError {
    this.refusedCount += 1;
    const details: BusyDetails = { retryAfterMs: Math.max(1000, Math.round(waitMs)) };
    return new LienthongError('BUSY', `${this.queue.length} joins are waiting on this replica`, undefined, details);
  }
}
