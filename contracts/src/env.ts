import { z } from 'zod';

/**
 * Env var contract helpers. Each package reads its environment in one place through `parseEnv`;
 * a wrong value stops start-up with one line naming the variable.
 */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export function parseEnv<S extends z.ZodObject>(schema: S, env: Record<string, string | undefined>): z.output<S> {
  // Empty strings mean "unset": `FOO= cmd` should fall back to the default, not fail as "".
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(present);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const name = issue.path.join('.') || '(environment)';
    const value = typeof issue.path[0] === 'string' ? present[issue.path[0]] : undefined;
    return `${name}: ${issue.message}${value === undefined ? '' : ` (got ${JSON.stringify(value)})`}`;
  });
  throw new ConfigError(`invalid configuration: ${lines.join('; ')}`);
}

// Only Node processes call loadConfigOrExit; the browser build never does.
declare const process: { stderr: { write(text: string): unknown }; exit(code: number): never };

/**
 * Loads a service's config; a ConfigError ends the process with its one line on stderr and exit
 * code 78 (EX_CONFIG), before anything has started.
 */
export function loadConfigOrExit<T>(service: string, load: () => T): T {
  try {
    return load();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`lienthong ${service}: ${err.message}\n`);
    return process.exit(78);
  }
}

/** Reusable env field types. */
export const envField = {
  port: () => z.coerce.number().int().min(1).max(65535),
  positiveInt: () => z.coerce.number().int().positive(),
  csv: () =>
    z
      .string()
      .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean)),
  logLevel: () => z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  url: () => z.url(),
  redisUrl: () => z.string().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL'),
  ip: () => z.union([z.ipv4(), z.ipv6()]),
  bool: () =>
    z
      .enum(['true', 'false', '1', '0', 'yes', 'no'])
      .transform((v) => v === 'true' || v === '1' || v === 'yes'),
};

/**
 * The Prometheus listener every service may open, declared once: off unless METRICS_PORT is set
 * (0: any free port, for tests). It is a listener of its own so the public port never answers
 * /metrics; bind METRICS_HOST to an address only the scraper reaches (README "Metrics"). Where no
 * such address exists (a media node's one address faces the sites), METRICS_TOKEN makes the
 * scraper send it as a bearer token.
 */
export const metricsEnvShape = {
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
};
