import { healthHeartbeatMs, reportIsNews, siteHealthReportSchema, type SiteHealthReport } from '@lienthong/contracts';
import { describe, expect, it } from 'vitest';
import { healthReport, HealthReporter, roundTripMs, type LinkReading } from '../src/site/health-reporter';
import { emptyInbound, emptyOutbound } from '../src/site/stats';

const report = (entries: Record<string, unknown>[]) => new Map(entries.map((e, i) => [`s${i}`, e]));

describe('roundTripMs', () => {
  it("reads the selected candidate pair's current round trip", () => {
    const stats = report([
      { type: 'transport', selectedCandidatePairId: 'cp2' },
      { type: 'candidate-pair', id: 'cp1', currentRoundTripTime: 0.9 },
      { type: 'candidate-pair', id: 'cp2', currentRoundTripTime: 0.0425 },
    ]);
    expect(roundTripMs(stats)).toBe(43);
  });
  it('falls back to the nominated pair, and says null when nothing was measured', () => {
    expect(roundTripMs(report([{ type: 'candidate-pair', id: 'a', state: 'succeeded', nominated: true, currentRoundTripTime: 0.2 }]))).toBe(200);
    expect(roundTripMs(report([{ type: 'transport', selectedCandidatePairId: 'x' }]))).toBeNull();
  });
});

describe('healthReport', () => {
  const reading = (t: number, videoBytes: number, packets: number, lost: number, sent = 0): LinkReading => ({
    inbound: { ...emptyInbound(t), videoBytesReceived: videoBytes, videoPacketsReceived: packets, videoPacketsLost: lost, videoFramesDecoded: t / 40, protocol: 'udp' },
    outbound: { ...emptyOutbound(t), videoBytesSent: sent },
    rttMs: 30,
  });

  it('turns two readings a second apart into a valid report with the receive state', () => {
    const r = healthReport(reading(1000, 0, 0, 0), reading(2000, 125_000, 95, 5, 62_500), {
      level: 'low',
      adapted: 'low',
      switches: { automatic: true },
    });
    expect(r).toEqual({ rttMs: 30, inKbps: 1000, outKbps: 500, lossPercent: 5, fps: 25, level: 'low', adapted: 'low', automatic: true, protocol: 'udp' });
    expect(siteHealthReportSchema.parse(r)).toEqual(r);
  });

  it('stays inside the contract when counters reset or nothing arrived', () => {
    const r = healthReport(reading(1000, 500_000, 900, 0, 100_000), reading(2000, 0, 0, 0, 0), { level: 'full', adapted: 'full', switches: { automatic: false } });
    expect(siteHealthReportSchema.parse(r)).toMatchObject({ inKbps: 0, outKbps: 0, lossPercent: 0 });
  });
});

describe('HealthReporter.offer', () => {
  const steady: SiteHealthReport = { rttMs: 40, inKbps: 900, outKbps: 0, lossPercent: 0.2, fps: 25, level: 'full', adapted: 'full', automatic: true, protocol: 'udp' };
  function reporter() {
    let t = 0;
    const sent: SiteHealthReport[] = [];
    const r = new HealthReporter(() => null, () => ({ level: 'full', adapted: 'full', switches: { automatic: true } }), (x) => sent.push(x), () => t);
    return { r, sent, at: (ms: number) => (t = ms) };
  }

  it('sends a steady link once per heartbeat, not every second', () => {
    const { r, sent, at } = reporter();
    for (let s = 0; s < 70; s++) {
      at(s * 1000);
      r.offer({ ...steady, inKbps: 900 + (s % 2) * 50, lossPercent: 0.2 + (s % 3) * 0.1 });
    }
    // At 0 s, then one heartbeat later each time (30 s, 60 s): the jitter in between is not news,
    // and the site's liveness is its socket's pong, not these.
    expect(healthHeartbeatMs).toBe(30_000);
    expect(sent.map((x) => x.inKbps)).toEqual([900, 900, 900]);
  });

  it('sends news at once: a loss bucket crossed, a bitrate halved, a step down, RTT first measured', () => {
    const cases: [string, Partial<SiteHealthReport>][] = [
      ['loss', { lossPercent: 6 }],
      ['bitrate', { inKbps: 450 }],
      ['adapted', { adapted: 'low' }],
      ['protocol', { protocol: 'tcp' }],
    ];
    for (const [, change] of cases) {
      const { r, sent, at } = reporter();
      r.offer(steady);
      at(1000);
      r.offer({ ...steady, ...change });
      expect(sent).toHaveLength(2);
    }
    const { r, sent, at } = reporter();
    r.offer({ ...steady, rttMs: null });
    at(1000);
    r.offer(steady);
    expect(sent).toHaveLength(2);
  });

  it('agrees with reportIsNews on what is not news (jitter inside a bucket)', () => {
    expect(reportIsNews(steady, { ...steady, inKbps: 1000, lossPercent: 0.9, rttMs: 60, fps: 20 })).toBe(false);
  });
});
