import type { Impairment } from '@lienthong/testing/impairment-relay';

/** One phase of a condition: the site's downlink impairment for so many seconds. */
export interface Phase {
  seconds: number;
  impairment: Partial<Impairment>;
}

export interface Condition {
  name: string;
  /** A fresh join at the start of the first phase; the last phase change (if any) is the recovery. */
  phases: Phase[];
  /** What the issue asks of this link (issue 19's goals), checked on the current policy's run. */
  goal: string;
}

const clean: Partial<Impairment> = { rateKbps: null, lossPercent: 0, burstPackets: 1, delayMs: 0 };
const link = (rateKbps: number, lossPercent: number, extra: Partial<Impairment> = {}): Partial<Impairment> => ({
  ...clean,
  rateKbps,
  lossPercent,
  delayMs: 100,
  ...extra,
});

/** The links of issue 19 (cap + random loss + 100 ms), a bursty one, and one that degrades and recovers. */
export function weakLinkConditions(steadySeconds: number): Condition[] {
  const steady = (name: string, impairment: Partial<Impairment>, goal: string): Condition => ({
    name,
    phases: [{ seconds: steadySeconds, impairment }],
    goal,
  });
  return [
    steady('clean', clean, 'full picture'),
    steady('256k-5%-100ms', link(256, 5), '>= 10 fps small layer, concealment < 2 %, no audio break-up at join'),
    steady('256k-10%-100ms', link(256, 10), 'a moving picture'),
    steady('256k-5%-bursty', link(256, 5, { burstPackets: 8 }), 'a moving picture'),
    steady('128k-5%-100ms', link(128, 5), 'a moving picture (tiny layer) and clear audio'),
    steady('64k-5%-100ms', link(64, 5), 'audio only by itself'),
    {
      name: 'degrade-and-recover',
      phases: [
        { seconds: 15, impairment: clean },
        { seconds: 45, impairment: link(256, 5) },
        { seconds: 75, impairment: clean },
      ],
      goal: 'video back within 15 s of the recovery, full layer within 60 s',
    },
  ];
}
