import { envField, metricsEnvShape, parseEnv } from '@lienthong/contracts';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Defaults of the settings that decide what a crash loses (the takeover test reads them too). */
export const recorderDefaults = { SEGMENT_SECONDS: 4, JOB_LOCK_MS: 2000 } as const;

/** Every env var the recorder reads. */
const schema = z.object({
  REDIS_URL: envField.redisUrl(),
  /** BullMQ key prefix: the control plane's REDIS_PREFIX (it enqueues the jobs). */
  REDIS_PREFIX: z.string().regex(/^[\w.-]+$/, 'letters, digits, "_", "." and "-" only').default('lienthong'),
  CONTROL_PLANE_URL: envField.url(),
  /** Signed by the control plane (TokenService.signRecorder). */
  RECORDER_TOKEN: z.string().min(20, 'looks too short to be a signed recorder token'),
  RECORDINGS_DIR: z.string().min(1).default(path.join(repoRoot, '.lienthong/recordings')),
  /** ffmpeg to use when ffmpeg-static (optional, often absent offline) has no binary; else `ffmpeg` on PATH. */
  FFMPEG_PATH: z.string().min(1).optional(),
  /** Recordings one recorder process runs at once (each is one ffmpeg, copying, not encoding). */
  CONCURRENCY: envField.positiveInt().default(4),
  /** Where ffmpeg receives the program's RTP (0.0.0.0 in a container), and the UDP ports for it. */
  RTP_LISTEN_IP: z.string().min(1).default('127.0.0.1'),
  /** This recorder's address as the media nodes reach it (default RTP_LISTEN_IP). */
  RTP_ANNOUNCED_IP: z.string().min(1).optional(),
  RTP_MIN_PORT: envField.positiveInt().default(50000),
  RTP_MAX_PORT: envField.positiveInt().default(50999),
  /** Length of a segment: what a crash can lose at most. */
  SEGMENT_SECONDS: envField.positiveInt().default(recorderDefaults.SEGMENT_SECONDS),
  /**
   * How long a crashed recorder's job stays locked before another worker takes it over (BullMQ
   * lockDuration). A live recorder renews it every quarter of it and stalled jobs are looked for
   * as often, so a standby notices a kill -9 within this plus a quarter and, with its start, has
   * the program again within one segment at the defaults; a live recorder keeps its job through
   * a stall of three quarters of it.
   */
  JOB_LOCK_MS: envField.positiveInt().default(recorderDefaults.JOB_LOCK_MS),
  LOG_LEVEL: envField.logLevel(),
  /** Prometheus /metrics on a listener of its own (off unless METRICS_PORT is set): see README "Metrics". */
  ...metricsEnvShape,
});

/** The names above, for checks that deployment files set only variables this service reads. */
export const envVarNames = Object.keys(schema.shape);

export type RecorderConfig = z.output<typeof schema>;
export const loadConfig = (env: NodeJS.ProcessEnv = process.env): RecorderConfig => parseEnv(schema, env);
