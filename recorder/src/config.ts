import { envField, parseEnv } from '@lienthong/contracts';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Every env var the recorder reads. */
const schema = z.object({
  REDIS_URL: envField.redisUrl(),
  RECORDINGS_DIR: z.string().min(1).default(path.join(repoRoot, '.lienthong/recordings')),
  /** ffmpeg to use when ffmpeg-static (optional, often absent offline) has no binary; else `ffmpeg` on PATH. */
  FFMPEG_PATH: z.string().min(1).optional(),
  /** Recordings one recorder process runs at once (each is one ffmpeg, copying, not encoding). */
  CONCURRENCY: envField.positiveInt().default(4),
  LOG_LEVEL: envField.logLevel(),
});

/** The names above, for checks that deployment files set only variables this service reads. */
export const envVarNames = Object.keys(schema.shape);

export type RecorderConfig = z.output<typeof schema>;
export const loadConfig = (env: NodeJS.ProcessEnv = process.env): RecorderConfig => parseEnv(schema, env);
