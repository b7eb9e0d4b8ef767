import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { repoRoot } from '../local/stack.js';

// bench:national at a tiny scale: 20 sites, one replica, two join paths (the batched baseline,
// then the ready one the site page uses), --profile. Checks the document has its
// figures and that the 20 joins succeeded each time; no timing is asserted (the bench measures time).
// Uses the bench's own loopback addresses 127.0.94.1-2 and its ports 19400-19799.

const percentiles = z.object({ p50: z.number(), p95: z.number(), p99: z.number(), max: z.number() });
const frames = z.array(z.object({ frame: z.string(), ms: z.number(), percent: z.number(), cpuUsPerJoin: z.number().nullable() })).min(1);
const reportSchema = z.object({
  bench: z.literal('national'),
  configurations: z
    .array(
      z.object({
        replicas: z.literal(1),
        joinPath: z.enum(['batched', 'ready']),
        sites: z.literal(20),
        joins: z.object({
          succeeded: z.number(),
          failed: z.number(),
          failedByCode: z.record(z.string(), z.number()),
          joinAckMs: percentiles,
          readyMs: percentiles,
          joinsPerSecond: z.number(),
        }),
        controlPlane: z.object({
          cpuMsPerJoin: z.number().positive(),
          cpuMsPerJoinWithoutHealth: z.number(),
          usPerHealthReport: z.number(),
          usPerSiteSecondOfHealth: z.number(),
          eventLoopLag: z.object({ joinP99Ms: z.number().positive(), steadyP99Ms: z.number().positive() }),
        }),
        mediaNodes: z.object({ cpuMsPerJoin: z.number().positive() }),
        siteClients: z.object({ processes: z.literal(2), cpuMsPerJoin: z.number().positive() }),
        redis: z.object({ commandsPerJoin: z.number().positive(), commandsPerSecondSteady: z.number().positive() }),
        nodeCommands: z.object({ perJoin: z.number().positive(), joinPhaseByCommand: z.record(z.string(), z.number()) }),
        siteRequests: z.object({ perJoin: z.number().positive(), joinPhaseByRequest: z.record(z.string(), z.number()) }),
        postgres: z.object({ transactionsPerJoin: z.number().positive() }),
        healthReports: z.object({
          steadyPerSecond: z.number().min(0),
          rules: z.object({
            previous: z.object({ heartbeatMs: z.literal(3000), reportsPerSecond: z.number().positive(), usPerSiteSecond: z.number() }),
            page: z.object({ heartbeatMs: z.number(), reportsPerSecond: z.number().min(0), usPerSiteSecond: z.number() }),
          }),
        }),
        nodeLost: z.number(),
        projection: z.object({ label: z.string().startsWith('PROJECTION'), replicasDuringJoinStorm: z.number().int() }),
        profile: z
          .array(z.object({ file: z.string(), samples: z.number().positive(), busyMs: z.number().positive(), topSelf: frames, topInclusive: frames, topInclusiveOwnCode: frames }))
          .length(1),
      }),
    )
    .length(2),
  versusBaseline: z.array(z.object({ replicas: z.number(), joinPath: z.string() })).length(2),
});

function runBench(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'control-plane/bench/national/main.ts', '--profile'], {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('bench:national', () => {
  it('joins 20 simulated sites over the real gateway and reports every figure, with the join phase profiled', { timeout: 400_000 }, async () => {
    // Short phases: the figures are checked for being there, never for their size.
    const phases = { ARRIVAL_SECONDS: '2', IDLE_SECONDS: '2', SETTLE_SECONDS: '1', REPORT_SECONDS: '2' };
    const run = await runBench({ SITES: '20', ...phases, REPLICAS: '1', JOIN_PATHS: 'batched,ready', CLIENTS: '2', RTC_PORTS: '19400-19799' });
    expect(run.code, run.stderr.slice(-4000)).toBe(0);
    const report = reportSchema.parse(JSON.parse(run.stdout));
    expect(report.configurations.map((c) => c.joinPath)).toEqual(['batched', 'ready']);
    for (const config of report.configurations) {
      expect(config.joins).toMatchObject({ succeeded: 20, failed: 0, failedByCode: {} });
      expect(config.nodeLost).toBe(0);
      // The profile covers the join phase, and its file is kept for a closer look.
      const [profile] = config.profile;
      expect(existsSync(path.join(repoRoot, profile!.file))).toBe(true);
      expect(profile!.topInclusiveOwnCode.every((f) => f.frame.startsWith('control-plane/src/') || f.frame.startsWith('contracts/src/'))).toBe(true);
    }
    // Counted, not timed: steady links send fewer reports under the page's rule than under the one before.
    for (const config of report.configurations) expect(config.healthReports.rules.page.reportsPerSecond).toBeLessThan(config.healthReports.rules.previous.reportsPerSecond);
    // Counted, not timed: both joins open their media with the join (no openMedia) and connect no transport
    // on their own: the hello of the device check, the join and both tracks in one request. The batched one
    // starts the program with one more request and node command (none for a site that joined before it);
    // the ready one needs none: its join told the page's DTLS parameters, and the node made its media ready.
    const [batched, ready] = report.configurations;
    for (const config of [batched!, ready!]) {
      expect(config.siteRequests.joinPhaseByRequest).toMatchObject({ hello: 20, join: 20, produceTracks: 20 });
      expect(config.siteRequests.joinPhaseByRequest.openMedia).toBeUndefined();
      expect(config.siteRequests.joinPhaseByRequest.produce).toBeUndefined();
      expect(config.nodeCommands.joinPhaseByCommand).toMatchObject({ openSession: 20, produceTracks: 20 });
      expect(config.nodeCommands.joinPhaseByCommand.connectWebRtcTransport).toBeUndefined();
    }
    expect(batched!.siteRequests.joinPhaseByRequest.startConsumers).toBeGreaterThan(0);
    expect(ready!.siteRequests.joinPhaseByRequest.startConsumers).toBeUndefined();
    expect(ready!.nodeCommands.joinPhaseByCommand.startConsumers).toBeUndefined();
    expect(ready!.siteRequests.perJoin).toBeLessThan(batched!.siteRequests.perJoin);
    expect(ready!.nodeCommands.perJoin).toBeLessThan(batched!.nodeCommands.perJoin);
  });
});
