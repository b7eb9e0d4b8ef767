// Top frames of a V8 .cpuprofile (written by `node --cpu-prof`) over one time window: self time
// (the function itself) and inclusive time (it and everything it called), by file:function.
// The window is in microseconds of the monotonic clock V8 stamps samples with, which is the
// clock of `process.hrtime()` in any process on the same machine.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { repoRoot } from '../../../infra/local/stack.js';

const profileSchema = z.object({
  nodes: z.array(
    z.object({
      id: z.number(),
      callFrame: z.object({ functionName: z.string(), url: z.string(), lineNumber: z.number() }),
      children: z.array(z.number()).optional(),
    }),
  ),
  startTime: z.number(),
  endTime: z.number(),
  samples: z.array(z.number()),
  timeDeltas: z.array(z.number()),
});

export interface Frame {
  frame: string;
  /** sampled time: wall-clock while the thread was not idle (on a loaded machine, also while it waited for a core) */
  ms: number;
  /** share of the window's busy (non-idle) samples */
  percent: number;
  /** that share of the CPU the process was measured to spend per join (from /proc), in µs */
  cpuUsPerJoin: number | null;
}

export interface ProfileSummary {
  file: string;
  windowMs: number;
  busyMs: number;
  idleMs: number;
  samples: number;
  topSelf: Frame[];
  topInclusive: Frame[];
  /** Inclusive time of the project's own functions (contracts/, control-plane/src/): where a cut starts. */
  topInclusiveOwnCode: Frame[];
}

const ownCode = (frame: string) => frame.startsWith('control-plane/src/') || frame.startsWith('contracts/src/');

const NOT_CPU = new Set(['(idle)', '(root)']);

/** "control-plane/src/live/conference-room.ts:join", "node_modules/socket.io/dist/socket.js:emit", "(garbage collector)". */
function frameName(callFrame: { functionName: string; url: string }): string {
  const fn = callFrame.functionName || '(anonymous)';
  if (!callFrame.url) return fn.startsWith('(') ? fn : `(native):${fn}`;
  let file = callFrame.url.replace(/^file:\/\//, '');
  const modules = file.lastIndexOf('/node_modules/');
  if (modules >= 0) file = file.slice(modules + 1);
  else if (file.startsWith(`${repoRoot}/`)) file = file.slice(repoRoot.length + 1);
  return `${file}:${fn}`;
}

/**
 * `cpuMsPerJoin`: what the process spent per join by /proc; each frame gets its share of it. V8
 * samples on a wall clock, so a thread waiting for a core keeps being sampled where it was
 * (often just after a system call): shares are only as good as the machine is quiet.
 */
export function summarizeProfile(file: string, window: { fromUs: number; toUs: number }, cpuMsPerJoin: number | null, top = 25): ProfileSummary {
  const profile = profileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const name = new Map(profile.nodes.map((n) => [n.id, frameName(n.callFrame)]));
  /** Each node's distinct frame names up to the root (a recursive function counts once). */
  const stacks = new Map<number, string[]>();
  const stackOf = (id: number): string[] => {
    let names = stacks.get(id);
    if (!names) {
      const up = parent.has(id) ? stackOf(parent.get(id)!) : [];
      const own = name.get(id)!;
      names = up.includes(own) ? up : [...up, own];
      stacks.set(id, names);
    }
    return names;
  };

  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let busyUs = 0;
  let idleUs = 0;
  let samples = 0;
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i] ?? 0;
    // A sample stands for the time until the next one.
    const duration = profile.timeDeltas[i + 1] ?? 0;
    if (t < window.fromUs || t > window.toUs) continue;
    const id = profile.samples[i]!;
    const own = name.get(id) ?? '(unknown)';
    samples += 1;
    if (NOT_CPU.has(own) || !byId.has(id)) {
      idleUs += duration;
      continue;
    }
    busyUs += duration;
    self.set(own, (self.get(own) ?? 0) + duration);
    for (const frame of stackOf(id)) if (!NOT_CPU.has(frame)) inclusive.set(frame, (inclusive.get(frame) ?? 0) + duration);
  }
  const rank = (m: Map<string, number>, keep: (frame: string) => boolean = () => true): Frame[] =>
    [...m.entries()]
      .filter(([frame]) => keep(frame))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([frame, us]) => ({
        frame,
        ms: Math.round(us / 100) / 10,
        percent: busyUs ? Math.round((1000 * us) / busyUs) / 10 : 0,
        cpuUsPerJoin: cpuMsPerJoin === null || !busyUs ? null : Math.round((cpuMsPerJoin * 1000 * us) / busyUs),
      }));
  return {
    file: file.startsWith(`${repoRoot}/`) ? file.slice(repoRoot.length + 1) : file,
    windowMs: Math.round((window.toUs - window.fromUs) / 1000),
    busyMs: Math.round(busyUs / 1000),
    idleMs: Math.round(idleUs / 1000),
    samples,
    topSelf: rank(self),
    topInclusive: rank(inclusive),
    topInclusiveOwnCode: rank(inclusive, ownCode),
  };
}

/** The main thread's profile in a --cpu-prof directory (files are CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile). */
export function mainThreadProfile(dir: string, pid: number): string | null {
  const name = readdirSync(dir).find((f) => new RegExp(`^CPU\\.\\d+\\.\\d+\\.${pid}\\.0\\.\\d+\\.cpuprofile$`).test(f));
  return name ? path.join(dir, name) : null;
}

/** Now, in the clock V8 stamps profile samples with. */
export const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);
