import { spawn, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../local/stack.js';

/** Each service refuses a wrong environment with one clear line naming the variable, and exit 78. */
function run(entry: string, env: Record<string, string | undefined>) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', entry], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: result.status, stderr: result.stderr.trim(), stdout: result.stdout.trim() };
}

const validNode = {
  CONTROL_PLANE_URL: 'http://127.0.0.1:9',
  NODE_ID: 'node-9',
  NODE_TOKEN: 'x'.repeat(40),
};

describe('bad configuration stops start-up with one clear line', () => {
  it.each([
    { service: 'sfu', entry: 'sfu/src/main.ts', env: { ...validNode, NODE_ID: 'Node 9' }, names: 'NODE_ID' },
    { service: 'sfu', entry: 'sfu/src/main.ts', env: { ...validNode, RTC_MIN_PORT: '50000', RTC_MAX_PORT: '40000' }, names: 'RTC_MAX_PORT' },
    { service: 'sfu', entry: 'sfu/src/main.ts', env: { ...validNode, CONTROL_PLANE_URL: 'not a url' }, names: 'CONTROL_PLANE_URL' },
    { service: 'control-plane', entry: 'control-plane/src/main.ts', env: { AUTH_SECRET: 'short', REDIS_URL: 'redis://127.0.0.1:9' }, names: 'AUTH_SECRET' },
    {
      service: 'control-plane',
      entry: 'control-plane/src/main.ts',
      env: { AUTH_SECRET: 'x'.repeat(40), REDIS_URL: 'redis://127.0.0.1:9', DATABASE_URL: 'mysql://db' },
      names: 'DATABASE_URL',
    },
    {
      service: 'control-plane',
      entry: 'control-plane/src/main.ts',
      env: { AUTH_SECRET: 'x'.repeat(40), REDIS_URL: 'localhost:6379' },
      names: 'REDIS_URL',
    },
    {
      service: 'control-plane',
      entry: 'control-plane/src/main.ts',
      env: { AUTH_SECRET: 'x'.repeat(40), REDIS_URL: 'redis://127.0.0.1:6379', CASCADE_HEADROOM: '1.5' },
      names: 'CASCADE_HEADROOM',
    },
    { service: 'recorder', entry: 'recorder/src/main.ts', env: { REDIS_URL: 'localhost:6379' }, names: 'REDIS_URL' },
    { service: 'control-plane', entry: 'control-plane/src/main.ts', env: { AUTH_SECRET: 'x'.repeat(40), REDIS_URL: 'localhost:6379' }, names: 'REDIS_URL' },
  ])('$service with a bad $names', ({ entry, env, names }) => {
    const { status, stderr, stdout } = run(entry, env);
    expect(status).toBe(78);
    expect(stdout).toBe('');
    expect(stderr.split('\n')).toHaveLength(1);
    expect(stderr).toMatch(new RegExp(`invalid configuration: .*${names}: `));
  });

  it('an SFU node whose token the control plane refuses exits instead of retrying forever', async () => {
    const { startTestControlPlane } = await import('../../control-plane/test/support/control-plane.js');
    const plane = await startTestControlPlane();
    try {
      const { TokenService } = await import('../../control-plane/src/auth/tokens.js');
      const foreignToken = await new TokenService('z'.repeat(40)).signNode({ sub: 'node-9' });
      const result = await new Promise<{ code: number | null; out: string }>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'sfu/src/main.ts'], {
          cwd: repoRoot,
          env: { ...process.env, CONTROL_PLANE_URL: plane.url, NODE_ID: 'node-9', NODE_TOKEN: foreignToken, WORKERS: '1', RTC_MIN_PORT: '12000', RTC_MAX_PORT: '12099' },
        });
        let out = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        child.on('exit', (code) => resolve({ code, out }));
      });
      expect(result.code).toBe(1);
      expect(result.out).toContain('control plane refused this node');
      expect(plane.fleet.list()).toHaveLength(0);
    } finally {
      await plane.stop();
    }
  });
});
