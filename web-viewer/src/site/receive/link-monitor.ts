import { assessQuality } from '../quality';
import type { InboundStats } from '../stats';
import type { LinkSample } from './adapter';
import { measureReception } from './reception';

export const SAMPLE_MS = 2_000;

/**
 * Reads the receive statistics every 2 s and rates each interval: one sampler feeds both the
 * quality line and the adaptation policy (what the viewer got: see reception.ts).
 */
export class LinkMonitor {
  private timer: ReturnType<typeof setInterval> | null = null;
  private previous: InboundStats | null = null;

  constructor(
    private readonly read: () => Promise<InboundStats>,
    private readonly onSample: (sample: LinkSample) => void,
  ) {}

  start(): void {
    this.stop();
    this.timer = setInterval(() => void this.sample(), SAMPLE_MS);
    void this.sample();
  }

  /** Start the next interval now: what arrived before a level change says nothing about after it. */
  rebase(): void {
    this.previous = null;
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.previous = null;
  }

  private async sample(): Promise<void> {
    try {
      const current = await this.read();
      if (this.timer === null) return;
      if (this.previous) this.onSample({ quality: assessQuality(this.previous, current), reception: measureReception(this.previous, current) });
      this.previous = current;
    } catch {
      // The transport closed between samples; the next join starts over.
    }
  }
}
