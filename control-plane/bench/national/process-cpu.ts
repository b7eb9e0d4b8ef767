// CPU time of processes, read from /proc/<pid>/stat (utime + stime, in clock ticks of 10 ms on
// Linux): a media node's own process plus its mediasoup workers, which are its children.
import { readdirSync, readFileSync } from 'node:fs';

const TICK_MS = 10; // sysconf(_SC_CLK_TCK) is 100 on every Linux this runs on

interface Stat {
  ppid: number;
  cpuMs: number;
  /** of `cpuMs`, the time in the kernel (stime): system calls, and loopback TCP delivered in the sender's context */
  systemMs: number;
}

/** All of a process's CPU time, or its kernel part only. */
export type CpuPart = 'all' | 'system';

/** Fields after the command name (which may hold spaces), as documented in proc(5). */
function readStat(pid: number): Stat | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null; // gone
  }
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // fields[0] is state (3rd field), so field n of proc(5) is fields[n - 3].
  return { ppid: Number(fields[1]), cpuMs: (Number(fields[11]) + Number(fields[12])) * TICK_MS, systemMs: Number(fields[12]) * TICK_MS };
}

/** CPU ms of each pid and all its descendants alive now (`part`: all of it, or the kernel's). */
export function treeCpuMs(roots: readonly number[], part: CpuPart = 'all'): number {
  const byParent = new Map<number, number[]>();
  const cpu = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const stat = readStat(pid);
    if (!stat) continue;
    cpu.set(pid, part === 'all' ? stat.cpuMs : stat.systemMs);
    byParent.set(stat.ppid, [...(byParent.get(stat.ppid) ?? []), pid]);
  }
  let total = 0;
  const stack = [...roots];
  while (stack.length) {
    const pid = stack.pop()!;
    total += cpu.get(pid) ?? 0;
    stack.push(...(byParent.get(pid) ?? []));
  }
  return total;
}

/** CPU ms of exactly these processes (no children). */
export function processCpuMs(pids: readonly number[]): number {
  return pids.reduce((sum, pid) => sum + (readStat(pid)?.cpuMs ?? 0), 0);
}
