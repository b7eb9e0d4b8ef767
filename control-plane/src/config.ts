import { envField, metricsEnvShape, parseEnv, DEFAULT_TIME_ZONE, isTimeZone } from '@lienthong/contracts';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Every env var the control plane reads. */
const schema = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: envField.port().default(8080),
  /** Base URL people and sites reach this deployment at; join links are built on it. */
  PUBLIC_URL: envField.url().optional(),
  /** PostgreSQL; unset means embedded PGlite. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  /** Where embedded PGlite keeps its files; unset means in memory (gone at exit). */
  PGLITE_DIR: z.string().min(1).optional(),
  /** HMAC secret that signs every token (sites, nodes, people). */
  AUTH_SECRET: z.string().min(32, 'must be at least 32 characters'),
  SITE_TOKEN_TTL_HOURS: envField.positiveInt().default(24),
  /** Lifetime of the access token a person gets at login (consoles refresh it silently). */
  ACCESS_TOKEN_TTL_MINUTES: envField.positiveInt().default(15),
  /**
   * Express's "trust proxy": behind a reverse proxy, the hops (or addresses) whose
   * X-Forwarded-For to believe, so audit entries and login limits see the client, not the proxy.
   */
  TRUST_PROXY: z
    .string()
    .regex(/^(\d+|true|false|[\w.:/,\s-]+)$/, 'a hop count, true/false, or addresses/subnets')
    .transform((v) => (/^\d+$/.test(v) ? Number(v) : v === 'true' ? true : v === 'false' ? false : v))
    .default(false),
  /**
   * How often a console socket's access token is checked again. A logout, a password reset or a
   * disabled person cuts it at once on every replica; this sweep is the safety net (an expiry is
   * also caught on its next message).
   */
  ACCESS_CHECK_MS: envField.positiveInt().default(10_000),
  /** Failed logins allowed per username per hour, from all addresses together (then: wait). */
  LOGIN_FAILURES_PER_USERNAME: envField.positiveInt().default(10),
  /** Failed logins allowed per client address per hour, all usernames together. */
  LOGIN_FAILURES_PER_ADDRESS: envField.positiveInt().default(100),
  /** Consecutive failures (one username, one address) before each next try waits 1 s, 2 s, 4 s, ... (15 min at most). */
  LOGIN_FREE_FAILURES: envField.positiveInt().default(3),
  /** A refresh token unused this long is gone (a working day): the person signs in again. */
  REFRESH_IDLE_HOURS: envField.positiveInt().default(8),
  /** A refresh token presented again this soon after its use is two tabs racing (refused, the session stands), not a stolen copy (the session ends). */
  REFRESH_RACE_SECONDS: envField.positiveInt().default(10),
  /** Redis: BullMQ jobs (scheduled open/close), live cascade plans (a restart resumes them), login counters. */
  REDIS_URL: envField.redisUrl(),
  /** Prefix of every Redis key (queues, plans, login counters): deployments sharing one Redis need different ones. */
  REDIS_PREFIX: z.string().regex(/^[\w.-]+$/, 'letters, digits, "_", "." and "-" only').default('lienthong'),
  /** Cascade planner bounds: pipe hops from the origin, child pipes per router, share of a worker's capacity used. */
  CASCADE_MAX_HOPS: envField.positiveInt().default(3),
  CASCADE_MAX_FANOUT: envField.positiveInt().default(16),
  CASCADE_HEADROOM: z.coerce.number().gt(0).max(1).default(0.8),
  /** Joins, leaves and delegate counts wait this long at most before one statement writes them all. */
  ATTENDANCE_FLUSH_MS: envField.positiveInt().default(500),
  /** A node silent this long is considered gone. */
  NODE_TIMEOUT_MS: envField.positiveInt().default(3000),
  /** Documents' files (one per document); every replica must see the same directory. */
  DOCUMENTS_DIR: z.string().min(1).default(path.join(repoRoot, '.lienthong/documents')),
  /** How long a delegate's document link (the QR code in the hall) stays valid. */
  DOCUMENT_LINK_TTL_DAYS: envField.positiveInt().default(30),
  /** Where the recorder leaves recordings (one directory each); the same default as recorder/src/config.ts. */
  RECORDINGS_DIR: z.string().min(1).default(path.join(repoRoot, '.lienthong/recordings')),
  /** Lifetime of the signed URLs a player fetches a recording's playlists and segments with. */
  MEDIA_TOKEN_TTL_MINUTES: z.coerce.number().positive().default(360),
  /** Share of a recording a member must actually play for the study to count as complete. */
  STUDY_COMPLETION_THRESHOLD: z.coerce.number().gt(0).max(1).default(0.9),
  /** The deployment's clock (IANA zone): exported reports write local times in it. */
  TIME_ZONE: z.string().refine(isTimeZone, 'an IANA time zone, e.g. Asia/Ho_Chi_Minh').default(DEFAULT_TIME_ZONE),
  /** Built web app to serve; unset serves none (API only). */
  WEB_DIST_DIR: z.string().min(1).optional(),
  LOG_LEVEL: envField.logLevel(),
  /** Prometheus /metrics on a listener of its own (off unless METRICS_PORT is set): see README "Metrics". */
  ...metricsEnvShape,
});

/** The names above, for checks that deployment files set only variables this service reads. */
export const envVarNames = Object.keys(schema.shape);

export type ControlPlaneConfig = z.output<typeof schema> & { PUBLIC_URL: string };

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ControlPlaneConfig {
  const c = parseEnv(schema, env);
  return { ...c, PUBLIC_URL: (c.PUBLIC_URL ?? `http://${c.HOST}:${c.PORT}`).replace(/\/$/, '') };
}
