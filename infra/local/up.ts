/**
 * `npm start`: the whole lienthong system on this machine, with embedded defaults: PGlite in
 * .lienthong/local/pglite unless DATABASE_URL is set, a redis-server child unless REDIS_URL is set.
 * Ctrl-C stops every child.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ConfigError, envField, parseEnv } from '@lienthong/contracts';
import { ensureDemoOperator } from './demo-operator.js';
import { demoNodes, repoRoot, startStack } from './stack.js';

const env = (() => {
  try {
    return parseEnv(
      z.object({
        PORT: envField.port().default(8080),
        DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL').optional(),
        REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// URL').optional(),
        LOG_LEVEL: envField.logLevel(),
        /** Control-plane replicas (the first on PORT, the others on free ports, printed); more than one needs DATABASE_URL. */
        REPLICAS: envField.positiveInt().max(5).default(1),
      })
      .refine((e) => e.REPLICAS === 1 || e.DATABASE_URL, {
        path: ['REPLICAS'],
        message: 'several replicas share one PostgreSQL: set DATABASE_URL too (embedded PGlite serves one process)',
      }),
      process.env,
    );
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`lienthong: ${err.message}`);
      process.exit(78);
    }
    throw err;
  }
})();

const stateDir = path.join(repoRoot, '.lienthong/local');
mkdirSync(stateDir, { recursive: true });

// One secret per checkout, kept so join links printed earlier stay valid across restarts.
const secretFile = path.join(stateDir, 'auth-secret');
if (!existsSync(secretFile)) writeFileSync(secretFile, randomBytes(32).toString('base64url'), { mode: 0o600 });
const authSecret = readFileSync(secretFile, 'utf8').trim();

const stack = await startStack({
  authSecret,
  port: env.PORT,
  replicas: env.REPLICAS,
  databaseUrl: env.DATABASE_URL,
  pgliteDir: env.DATABASE_URL ? undefined : path.join(stateDir, 'pglite'),
  redisUrl: env.REDIS_URL,
  logLevel: env.LOG_LEVEL,
  withRecorder: true,
  metrics: true,
  nodes: demoNodes(40000, 500),
}).catch((err: Error) => {
  console.error(`\nlienthong could not start: ${err.message}`);
  process.exit(1);
});

const login = await ensureDemoOperator(stack, stateDir);

const siteLink = async (siteId: string) =>
  `${stack.url}/join#token=${await stack.tokens.signSite({ sub: siteId, conf: stack.seed.conferenceId }, 24 * 3600)}`;
const commune = stack.seed.sites.find((s) => s.code !== 'TW-HALL' && s.unitCode.split('-').length >= 3) ?? stack.seed.sites[1]!;

console.log(`
  lienthong is running (database: ${env.DATABASE_URL ? 'PostgreSQL' : 'embedded PGlite'}, media nodes: node-1 [TW], node-2 [HN, DN])

  Operator console:        ${stack.url}/console   (user ${login.username}, password ${login.password})${
    stack.urls.length > 1 ? `\n  Control-plane replicas:  ${stack.urls.join('  ')}   (any of them serves anything)` : ''
  }
  Central hall (sends):    ${await siteLink(stack.seed.hallSiteId)}
  ${commune.name} (receives through the pipe node-1 -> node-2):
                           ${await siteLink(commune.id)}

  Prometheus metrics:      ${[...stack.metricsUrls].map(([name, url]) => `${name} ${url}`).join('\n                           ')}

  Open the hall link, check its devices and click "Vào hội nghị"; then the site link in another window.
  Press Ctrl-C to stop everything.
`);

let stopping = false;
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  console.log('\nstopping lienthong…');
  await stack.stop();
  process.exit(0);
};
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
for (const child of stack.children.values()) {
  void child.exited.then((code) => {
    if (stopping) return;
    console.error(`\n${child.name} exited (${code}); stopping the rest.`);
    void shutdown();
  });
}
