// The health benchmarks' child processes (control plane, site sockets) and how they are asked
// for their figures over IPC.
import { fork, type ChildProcess } from 'node:child_process';

export interface ChildStats {
  cpu: NodeJS.CpuUsage;
  simulatorMs: number;
  reports: number;
  /** reportHealth messages the site gateway handed on (from real sockets) */
  gatewayReports: number;
}

export interface PlaneReady {
  url: string;
  token: string;
  conferenceId: string;
  siteTokens: string[];
  sites: number;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A TypeScript child of this folder (`./control-plane-child.ts`), with IPC. */
export function spawn(script: string, env: Record<string, string> = {}): ChildProcess {
  return fork(new URL(script, import.meta.url).pathname, [], { execArgv: ['--import', 'tsx'], env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}

export function next<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: { type: string }) => {
      if (m.type !== type) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(m as T);
    };
    const onExit = (code: number | null) => reject(new Error(`child exited (${code}) before '${type}'`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

export const ask = <T>(child: ChildProcess, type: string) => {
  const answer = next<T>(child, type);
  child.send({ type });
  return answer;
};

export const cpuMs = (a: NodeJS.CpuUsage, b: NodeJS.CpuUsage) => (b.user - a.user + b.system - a.system) / 1000;
export const round = (v: number | null, digits = 2) => (v === null ? null : Math.round(v * 10 ** digits) / 10 ** digits);
