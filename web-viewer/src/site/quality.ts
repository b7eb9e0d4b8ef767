import type { InboundNumber, InboundStats } from './stats';

/** What the "Chất lượng kết nối" line shows, from two inbound samples a few seconds apart. */
export type QualityLevel = 'good' | 'fair' | 'poor' | 'none';

export interface Quality {
  level: QualityLevel;
  kbps: number;
  lossPercent: number;
  fps: number;
}

export const noQuality: Quality = { level: 'none', kbps: 0, lossPercent: 0, fps: 0 };

/** Thresholds for a conference program (one talking-head/hall stream, 0.3-2 Mbps). */
const GOOD_LOSS = 2;
const FAIR_LOSS = 8;
const GOOD_FPS = 15;
const FAIR_FPS = 8;

export function assessQuality(before: InboundStats, after: InboundStats): Quality {
  const seconds = (after.timestamp - before.timestamp) / 1000;
  if (!(seconds > 0)) return noQuality;
  const delta = (key: InboundNumber) => Math.max(0, after[key] - before[key]);
  const received = delta('videoPacketsReceived') + delta('audioPacketsReceived');
  if (received === 0) return noQuality;
  const lost = delta('videoPacketsLost') + delta('audioPacketsLost');
  const bytes = delta('videoBytesReceived') + delta('audioBytesReceived');
  const hasVideo = delta('videoPacketsReceived') > 0;
  const fps = hasVideo ? delta('videoFramesDecoded') / seconds : 0;
  const lossPercent = (100 * lost) / (lost + received);
  const level: QualityLevel =
    lossPercent < GOOD_LOSS && (!hasVideo || fps >= GOOD_FPS)
      ? 'good'
      : lossPercent < FAIR_LOSS && (!hasVideo || fps >= FAIR_FPS)
        ? 'fair'
        : 'poor';
  return {
    level,
    kbps: Math.round((bytes * 8) / 1000 / seconds),
    lossPercent: Math.round(lossPercent * 10) / 10,
    fps: Math.round(fps),
  };
}
