import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { prettyFactory } from 'pino-pretty';

const prettify = prettyFactory({ colorize: process.stdout.isTTY, translateTime: 'HH:MM:ss', ignore: 'pid,hostname', singleLine: true });

export interface ManagedChild {
  name: string;
  process: ChildProcess;
  /** Resolves with the exit code (or signal name) when the child ends. */
  exited: Promise<number | string>;
  /** The last lines it wrote, for error messages. */
  tail(): string;
  stop(timeoutMs?: number): Promise<void>;
}

export interface SpawnOptions {
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Where its (prettified) log lines go; default: this process's stdout. */
  sink?: (line: string) => void;
}

/**
 * Starts one process of the stack with its log lines prefixed by its name (pino JSON made
 * readable), and stops it with SIGTERM, then SIGKILL if it does not leave in time.
 */
export function spawnManaged(o: SpawnOptions): ManagedChild {
  const child = spawn(o.command, o.args, {
    cwd: o.cwd,
    env: { ...process.env, ...o.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const recent: string[] = [];
  const sink = o.sink ?? ((line: string) => process.stdout.write(line + '\n'));
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      recent.push(line);
      if (recent.length > 40) recent.shift();
      sink(`[${o.name}] ${line.startsWith('{') ? prettify(line).trimEnd() : line}`);
    });
  }
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  return {
    name: o.name,
    process: child,
    exited,
    tail: () => recent.join('\n'),
    async stop(timeoutMs = 5000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
