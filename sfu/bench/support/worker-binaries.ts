import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';

export type WorkerBuild = 'stock' | 'patched' | 'remb';

/** Each build's patches (LIENTHONG_WORKER_PATCHES) and the variable that may name its binary instead. */
const builds: Record<WorkerBuild, { patches: string; binVar: string }> = {
  stock: { patches: 'none', binVar: 'BENCH_STOCK_WORKER_BIN' },
  patched: { patches: 'all', binVar: 'BENCH_PATCHED_WORKER_BIN' },
  // mediasoup's own but for the one-line fix that lets a transport take REMB (only REMB
  // transports run other code): what a REMB run needs to be measured with its estimate working.
  remb: { patches: 'remb-estimate', binVar: 'BENCH_REMB_WORKER_BIN' },
};

/**
 * The mediasoup worker binaries a bench compares in one run: mediasoup's own (no patch), the one
 * with every patch of infra/setup/mediasoup-worker-patches, and mediasoup's own with
 * remb-estimate.patch alone, each built (or found in the cache) by infra/setup/mediasoup-worker.sh
 * unless BENCH_STOCK_WORKER_BIN / BENCH_PATCHED_WORKER_BIN / BENCH_REMB_WORKER_BIN name a binary.
 * A patched build the first time takes the compile of what the patches touch.
 */
export function workerBinary(repoRoot: string, build: WorkerBuild): string {
  const given = process.env[builds[build].binVar];
  if (given) return given;
  const script = path.join(repoRoot, 'infra/setup/mediasoup-worker.sh');
  const env = { ...process.env, LIENTHONG_WORKER_PATCHES: builds[build].patches };
  return execFileSync('bash', [script], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
}

/**
 * mediasoup reads MEDIASOUP_WORKER_BIN once, when its module loads: the bench points it at a
 * link of its own and moves the link to the binary each run uses (each worker spawn follows it).
 */
export class WorkerUnderTest {
  private readonly link: string;
  private readonly binaries = new Map<WorkerBuild, string>();

  constructor(
    private readonly repoRoot: string,
    dir: string,
  ) {
    mkdirSync(dir, { recursive: true });
    this.link = path.join(dir, 'worker-under-test');
    process.env.MEDIASOUP_WORKER_BIN = this.link;
  }

  /** Points the link at that build; answers the link's path (what the worker pool is given). */
  use(build: WorkerBuild): string {
    let binary = this.binaries.get(build);
    if (!binary) this.binaries.set(build, (binary = workerBinary(this.repoRoot, build)));
    rmSync(this.link, { force: true });
    symlinkSync(binary, this.link);
    return this.link;
  }

  /** The binaries used so far, for the report. */
  used(): Record<string, string> {
    return Object.fromEntries(this.binaries);
  }
}
