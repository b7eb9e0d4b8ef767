import { spawn, type ChildProcess, type StdioPipe } from 'node:child_process';

/**
 * A command run under a small shell guard reading our stdin: when the recorder closes it (a normal
 * stop) or dies (even kill -9: the pipe closes), the guard sends the command SIGTERM. So no ffmpeg
 * outlives the recorder that started it: a segmenter closes the segment it was writing, an encoder
 * stops (its temporary file is swept by the next run). (sh gives background jobs /dev/null as stdin
 * and ignores SIGINT in them: hence stdin kept on fd 3, and SIGTERM.) With `pidFile`, the guard
 * writes the command's pid there, relative to `cwd`.
 */
const guard = [
  'exec 3<&0',
  '"$@" 3<&- & pid=$!',
  '[ -n "$GUARD_PID_FILE" ] && echo $pid > "$GUARD_PID_FILE"',
  '( cat <&3 >/dev/null; kill -TERM $pid 2>/dev/null ) &',
  'wait $pid',
].join('\n');

export interface GuardedOptions {
  cwd?: string;
  /** stdout: piped to read the command's answer, or ignored */
  stdout: 'pipe' | 'ignore';
  pidFile?: string;
  /** run below normal priority (`nice -n`): encodes must never starve the copying recorders */
  nice?: number;
}

/** The guarded child: its exit code is the command's; close its stdin to stop the command. */
export type GuardedChild = ChildProcess & { stdin: NonNullable<ChildProcess['stdin']>; stderr: NonNullable<ChildProcess['stderr']> };

export function spawnGuarded(command: string, args: string[], o: GuardedOptions): GuardedChild {
  const niced = o.nice ? ['nice', '-n', String(o.nice), command] : [command];
  const stdio: ['pipe', StdioPipe | 'ignore', 'pipe'] = ['pipe', o.stdout, 'pipe'];
  const child = spawn('sh', ['-c', guard, 'guard', ...niced, ...args], {
    cwd: o.cwd,
    stdio,
    env: { ...process.env, GUARD_PID_FILE: o.pidFile ?? '' },
  }) as GuardedChild;
  // The command gone on its own (done, or killed): let the guard's reader go too.
  child.once('exit', () => child.stdin.end());
  // A guard that ended before reading everything: nothing to tell it any more.
  child.stdin.on('error', () => undefined);
  return child;
}
