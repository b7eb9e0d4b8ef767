import { describe, expect, it } from 'vitest';
import { gentleStart, LAST_LINK_MAX_AGE_MS } from '../src/site/receive/gentle-start';
import { measureReception } from '../src/site/receive/reception';
import { layersFor, spatialLayersOf } from '../src/site/receive/receive-level';
import { emptyInbound, type InboundStats } from '../src/site/stats';

const at = (ms: number, patch: Partial<InboundStats> = {}): InboundStats => ({ ...emptyInbound(ms), ...patch });

describe('measureReception: what the viewer got between two samples', () => {
  it('separates loss left after retransmission, freezes, concealment and buffer delay', () => {
    const r = measureReception(
      at(0, { videoPacketsReceived: 1000, videoPacketsLost: 10, videoFramesDecoded: 100, audioPacketsReceived: 500, audioSamplesReceived: 96_000, videoJitterBufferDelay: 10, videoJitterBufferEmitted: 100 }),
      at(2000, {
        videoPacketsReceived: 1200,
        videoPacketsLost: 22,
        videoRetransmittedPackets: 10,
        videoFramesDecoded: 130,
        videoFreezeSeconds: 0.5,
        videoJitterBufferDelay: 16,
        videoJitterBufferEmitted: 130,
        videoBytesReceived: 50_000,
        audioPacketsReceived: 590,
        audioPacketsLost: 10,
        audioSamplesReceived: 192_000,
        audioSamplesConcealed: 4_800,
        audioJitterBufferDelay: 9_600,
        audioJitterBufferEmitted: 96_000,
      }),
    );
    expect(r).toEqual({
      seconds: 2,
      silent: false,
      video: true,
      fps: 15,
      freezeSeconds: 0.5,
      videoLossPercent: 0.9,
      repairedPercent: 5,
      audioLossPercent: 10,
      concealedPercent: 5,
      videoDelayMs: 200,
      audioDelayMs: 100,
      kbps: 200,
    });
  });

  it('says nothing arrived when nothing did', () => {
    expect(measureReception(at(0), at(2000))).toMatchObject({ silent: true, seconds: 2 });
    expect(measureReception(at(2000), at(2000)).silent).toBe(true);
  });
});

describe('gentle start: where a join begins', () => {
  const now = Date.UTC(2026, 11, 5);
  it.each([
    ['an unknown fibre site starts full, node default estimate', 'fibre', null, { level: 'full', startKbps: null }],
    ['a weak-profile site starts on the small layer', 'weak', null, { level: 'low', startKbps: 300 }],
    ['3G too', 'cellular_3g', null, { level: 'low', startKbps: 300 }],
    ['a site whose last session ended on the tiny layer starts there', 'fibre', { level: 'tiny', kbps: 110, at: now - 3600_000 }, { level: 'tiny', startKbps: 132 }],
    ['on sound only, at a floor of 100 kbit/s', 'weak', { level: 'audio', kbps: 40, at: now }, { level: 'audio', startKbps: 100 }],
    ['a weak profile whose last session carried the full picture starts full', 'weak', { level: 'full', kbps: 900, at: now }, { level: 'full', startKbps: null }],
    ['a measure older than a month is ignored', 'dsl', { level: 'tiny', kbps: 110, at: now - LAST_LINK_MAX_AGE_MS - 1 }, { level: 'full', startKbps: null }],
  ] as const)('%s', (_name, profile, last, expected) => {
    expect(gentleStart(profile, last, now)).toEqual(expected);
  });
});

describe('layers asked of the node for each level', () => {
  it.each([
    ['full', 3, { spatialLayer: 3 }],
    ['low', 3, { spatialLayer: 1 }],
    ['tiny', 3, { spatialLayer: 0 }],
    ['full', 2, { spatialLayer: 3 }],
    ['low', 2, { spatialLayer: 0 }],
    // an older hall without the tiny layer: a slide-rate picture (the small layer's lowest temporal layer)
    ['tiny', 2, { spatialLayer: 0, temporalLayer: 0 }],
  ] as const)('%s with %i spatial layers', (level, layers, expected) => {
    expect(layersFor(level, layers)).toEqual(expected);
  });

  it.each([
    ['S3T3', 3],
    ['S2T3', 2],
    ['L1T3', 1],
    [undefined, 1],
  ] as const)('%s has %i spatial layers', (mode, n) => {
    expect(spatialLayersOf(mode)).toBe(n);
  });
});
