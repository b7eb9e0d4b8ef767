import { measureReception, type Reception } from '../../src/site/receive/reception.js';
import type { InboundStats } from '../../src/site/stats.js';

/** One reading of the site page, about once a second. */
export interface Reading {
  /** seconds since the join click */
  t: number;
  level: string;
  stats: InboundStats;
  /** The loss the node reports back to the hall for its sound at this moment, % (what its Opus encoder hears). */
  hallHeardLossPercent: number;
}

const median = (xs: number[]) => {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};
const round1 = (x: number) => Math.round(x * 10) / 10;

/** What arrived between two readings, as the viewer saw it. */
function between(a: Reading, b: Reading): Reception {
  return measureReception(a.stats, b.stats);
}

/** Level changes as [t, level], the first being the level at the join. */
export function levelChanges(readings: Reading[]): [number, string][] {
  const changes: [number, string][] = [];
  for (const r of readings) if (changes.at(-1)?.[1] !== r.level) changes.push([Math.round(r.t), r.level]);
  return changes;
}

/** The most level changes inside any 60-s window starting at or after `from` s. */
export function maxChangesPerMinute(changes: [number, string][], from: number): number {
  const times = changes.slice(1).map(([t]) => t).filter((t) => t >= from);
  let most = 0;
  for (let i = 0; i < times.length; i += 1) most = Math.max(most, times.filter((t) => t >= times[i]! && t < times[i]! + 60).length);
  return most;
}

/** The receptions of one window [from, to) s, summed as one interval plus per-second medians. */
export function windowSummary(readings: Reading[], from: number, to: number) {
  const inside = readings.filter((r) => r.t >= from && r.t < to);
  if (inside.length < 2) return null;
  const first = inside[0]!;
  const last = inside.at(-1)!;
  const whole = between(first, last);
  const perSecond = inside.slice(1).map((r, i) => between(inside[i]!, r));
  const s = last.stats;
  const f = first.stats;
  return {
    seconds: round1(whole.seconds),
    medianFps: round1(median(perSecond.map((x) => x.fps))),
    frameWidth: s.videoFrameWidth,
    freezes: s.videoFreezeCount - f.videoFreezeCount,
    freezeSeconds: round1(s.videoFreezeSeconds - f.videoFreezeSeconds),
    concealedPercent: whole.concealedPercent,
    audioLossPercent: whole.audioLossPercent,
    videoLossAfterRtxPercent: whole.videoLossPercent,
    repairedPercent: whole.repairedPercent,
    videoKbps: Math.round(((s.videoBytesReceived - f.videoBytesReceived) * 8) / 1000 / Math.max(0.001, whole.seconds)),
    audioKbps: Math.round(((s.audioBytesReceived - f.audioBytesReceived) * 8) / 1000 / Math.max(0.001, whole.seconds)),
    jitterBufferMs: { video: whole.videoDelayMs, audio: whole.audioDelayMs },
    // Whether the hall's encoder hears this site's loss (and so turns its in-band FEC on).
    hallHeardLossPercent: { median: round1(median(inside.map((r) => r.hallHeardLossPercent))), max: Math.max(...inside.map((r) => r.hallHeardLossPercent)) },
  };
}

/** The join's first seconds: did the sound break up (the 1 Mbit/s start burst)? Worst 1-s concealment too. */
export function joinSummary(readings: Reading[], seconds = 8) {
  const start = readings.findIndex((r) => r.stats.audioSamplesReceived > 0);
  if (start < 0) return null;
  const inside = readings.slice(start).filter((r) => r.t <= readings[start]!.t + seconds);
  const worst = Math.max(0, ...inside.slice(1).map((r, i) => between(inside[i]!, r).concealedPercent));
  const whole = inside.length > 1 ? between(inside[0]!, inside.at(-1)!) : null;
  return { seconds, concealedPercent: whole?.concealedPercent ?? 0, worstSecondConcealedPercent: worst };
}

/** After the link recovers at `at` s: when a moving picture is back, and the full (640-wide) one. */
export function recoverySummary(readings: Reading[], at: number) {
  const after = readings.filter((r) => r.t >= at);
  const moving = (i: number) => i > 0 && between(after[i - 1]!, after[i]!).fps >= 5;
  const videoIdx = after.findIndex((_, i) => moving(i));
  const fullIdx = after.findIndex((r, i) => moving(i) && r.stats.videoFrameWidth >= 640 && r.level === 'full');
  const since = (i: number) => (i < 0 ? null : round1(after[i]!.t - at));
  return { videoBackSeconds: since(videoIdx), fullBackSeconds: since(fullIdx) };
}

/** The 2-s intervals a policy judged, for the table tests (web-viewer/test/traces). */
export function trace(readings: Reading[]): { t: number; level: string; reception: Reception }[] {
  const out = [];
  for (let i = 2; i < readings.length; i += 2) {
    out.push({ t: Math.round(readings[i]!.t), level: readings[i - 2]!.level, reception: between(readings[i - 2]!, readings[i]!) });
  }
  return out;
}
