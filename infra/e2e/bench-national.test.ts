import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { repoRoot } from '../local/stack.js';

// bench:national at a tiny scale: 20 sites, one replica, both join paths (the per-request
// baseline, then the batched one the site page uses), --profile. Checks the document has its
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
        joinPath: z.enum(['per-request', 'batched']),
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
    const run = await runBench({ SITES: '20', ...phases, REPLICAS: '1', JOIN_PATHS: 'per-request,batched', CLIENTS: '2', RTC_PORTS: '19400-19799' });
    expect(run.code, run.stderr.slice(-4000)).toBe(0);
    const report = reportSchema.parse(JSON.parse(run.stdout));
    expect(report.configurations.map((c) => c.joinPath)).toEqual(['per-request', 'batched']);
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
    // Counted, not timed: the batched join sends its node fewer commands, and connects no transport on its own;
    // its sites open their media with the join (no openMedia): the hello of the device check, the join, the
    // start of the program (none for a site that joined before it) and both tracks in one request.
    const [perRequest, batched] = report.configurations;
    expect(batched!.siteRequests.joinPhaseByRequest).toMatchObject({ hello: 20, join: 20, produceTracks: 20 });
    expect(batched!.siteRequests.joinPhaseByRequest.openMedia).toBeUndefined();
    expect(batched!.siteRequests.joinPhaseByRequest.produce).toBeUndefined();
    expect(batched!.nodeCommands.joinPhaseByCommand).toMatchObject({ produceTracks: 20 });
    expect(batched!.siteRequests.perJoin).toBeLessThan(perRequest!.siteRequests.perJoin);
    expect(batched!.nodeCommands.perJoin).toBeLessThan(perRequest!.nodeCommands.perJoin);
    expect(batched!.nodeCommands.joinPhaseByCommand.connectWebRtcTransport).toBeUndefined();
    expect(batched!.nodeCommands.joinPhaseByCommand.openSession).toBe(20);
  });
});
