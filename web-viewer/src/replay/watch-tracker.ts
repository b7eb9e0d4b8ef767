// What the member actually played, from the video's timeupdate ticks. Pure: no DOM here.
// A tick extends the current stretch only when the media moved forward by about the wall time
// since the last tick (normal playback); a jump (seek, skip ahead) starts a new stretch instead,
// so seeking to the end counts nothing that was not played. The server merges and clips again.
import type { WatchedInterval } from '@lienthong/contracts';

/** timeupdate fires every 15-250 ms; a gap above this between ticks is not continuous playback. */
const MAX_TICK_SEC = 1.5;

export class WatchTracker {
  private current: { startSec: number; endSec: number } | null = null;
  private finished: WatchedInterval[] = [];
  private lastTickAt: number | null = null;

  /**
   * One timeupdate of a playing video: `mediaSec` its currentTime, `nowMs` the wall clock,
   * `rate` its playbackRate. Returns nothing; read with `takePending`.
   */
  tick(mediaSec: number, nowMs: number, rate = 1): void {
    const cur = this.current;
    const wallSec = this.lastTickAt === null ? 0 : (nowMs - this.lastTickAt) / 1000;
    this.lastTickAt = nowMs;
    if (cur) {
      const advanced = mediaSec - cur.endSec;
      // Forward by no more than the wall time allows (with slack for a late tick): played.
      if (advanced >= 0 && advanced <= Math.max(wallSec * Math.max(rate, 1) + 0.25, 0) && wallSec <= MAX_TICK_SEC) {
        cur.endSec = mediaSec;
        return;
      }
      this.close();
    }
    this.current = { startSec: mediaSec, endSec: mediaSec };
  }

  /** Playback stopped (pause, seeking, ended, waiting): the next tick starts a new stretch. */
  interrupt(): void {
    this.close();
    this.lastTickAt = null;
  }

  /** Stretches played since the last call, the open one included (it stays open, from where it got to). */
  takePending(): WatchedInterval[] {
    const out = this.finished;
    this.finished = [];
    if (this.current && this.current.endSec > this.current.startSec) {
      out.push({ ...this.current });
      this.current = { startSec: this.current.endSec, endSec: this.current.endSec };
    }
    return out;
  }

  /** Puts back stretches a report failed to deliver, to go with the next one. */
  restore(intervals: WatchedInterval[]): void {
    this.finished = [...intervals, ...this.finished];
  }

  private close(): void {
    if (this.current && this.current.endSec > this.current.startSec) this.finished.push(this.current);
    this.current = null;
  }
}
