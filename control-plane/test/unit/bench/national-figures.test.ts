import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mainThreadProfile, summarizeProfile } from '../../../bench/national/cpu-profile.js';
import { percentiles, projectNational } from '../../../bench/national/figures.js';
import { repoRoot } from '../../../../infra/local/stack.js';

const frame = (id: number, functionName: string, url: string, children: number[] = []) => ({
  id,
  callFrame: { functionName, url, lineNumber: 0, columnNumber: 0, scriptId: '0' },
  hitCount: 0,
  children,
});

/**
 * root -> join (room.ts) -> createTransport (node.ts) ; root -> (idle) ; root -> emit (socket.io).
 * Samples every 1,000 µs from t = 10,000: join, createTransport x3, idle, emit, join (outside the window).
 */
function writeProfile(dir: string) {
  const room = `file://${repoRoot}/control-plane/src/live/room.ts`;
  const profile = {
    nodes: [
      frame(1, '(root)', '', [2, 4, 5]),
      frame(2, 'join', room, [3]),
      frame(3, 'createTransport', `file://${repoRoot}/control-plane/src/fleet/node.ts`),
      frame(4, '(idle)', ''),
      frame(5, 'emit', 'file:///somewhere/node_modules/socket.io/dist/socket.js'),
    ],
    startTime: 9_000,
    endTime: 17_000,
    samples: [2, 3, 3, 3, 4, 5, 2],
    timeDeltas: [1_000, 1_000, 1_000, 1_000, 1_000, 1_000, 1_000],
  };
  const file = path.join(dir, 'CPU.20261205.070000.4242.0.001.cpuprofile');
  writeFileSync(file, JSON.stringify(profile));
  writeFileSync(path.join(dir, 'CPU.20261205.070000.4242.1.002.cpuprofile'), '{}'); // another thread's
  return file;
}

describe('bench:national figures', () => {
  it('ranks self and inclusive time by file:function inside the window, idle apart', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bench-profile-'));
    const file = writeProfile(dir);
    expect(mainThreadProfile(dir, 4242)).toBe(file);
    expect(mainThreadProfile(dir, 1)).toBeNull();
    // Samples at 10,000..15,000 are in; the last one (16,000) is not.
    const summary = summarizeProfile(file, { fromUs: 10_000, toUs: 15_000 }, 10);
    expect(summary).toMatchObject({ busyMs: 5, idleMs: 1, samples: 6 });
    expect(summary.topSelf.map((f) => [f.frame, f.ms])).toEqual([
      ['control-plane/src/fleet/node.ts:createTransport', 3],
      ['control-plane/src/live/room.ts:join', 1],
      ['node_modules/socket.io/dist/socket.js:emit', 1],
    ]);
    expect(summary.topInclusive[0]).toEqual({ frame: 'control-plane/src/live/room.ts:join', ms: 4, percent: 80, cpuUsPerJoin: 8_000 });
    expect(summary.topInclusiveOwnCode.map((f) => f.frame)).toEqual(['control-plane/src/live/room.ts:join', 'control-plane/src/fleet/node.ts:createTransport']);
  });

  it('takes nearest-rank percentiles and projects replicas from the measured costs', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentiles(values)).toEqual({ p50: 50, p95: 95, p99: 99, max: 100 });
    expect(percentiles([])).toEqual({ p50: null, p95: null, p99: null, max: null });
    // 15,345 sites in 60 s at 4 ms each: 1.02 cores; at 20 µs per report: 0.31 core.
    expect(projectNational(4, 20)).toMatchObject({ joinCores: 1.02, healthReportCores: 0.31, replicasForJoins: 2, replicasDuringJoinStorm: 2 });
  });
});
