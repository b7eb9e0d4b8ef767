import { queues, recordingManifestSchema, type RecordingManifest } from '@lienthong/contracts';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../control-plane/src/db/database.js';
import { seedDemo } from '../../control-plane/src/seed/demo.js';
import { spawnManaged, type ManagedChild } from '../../infra/local/child-process.js';
import type { MediaNodeSpec } from '../../infra/local/stack.js';
import { repoRoot } from '../../infra/local/stack.js';
import { waitFor } from './wait.js';
import { startPlainConference } from './plain-conference.js';
import { testRedisUrl } from './scratch-stack.js';

export interface RecordedConferencePorts {
  /** Any free port when absent. */
  controlPlane?: number;
  node: MediaNodeSpec;
  /** UDP ports the recorder's ffmpeg receives the program on */
  rtp: [number, number];
}

/**
 * The demo's conference (a database row, so it can be recorded) on a real control plane and
 * media node, its hall sending a test pattern and a tone over plain RTP, and a recorder process
 * that can be killed and started again.
 */
/** `segmentSeconds`, `jobLockMs` absent: the recorder's defaults. */
export async function startRecordedConference(ports: RecordedConferencePorts, o: { segmentSeconds?: number; jobLockMs?: number } = {}) {
  const db = await openDatabase({});
  const seed = await seedDemo(db.prisma);
  const redisPrefix = `lienthong-rec-${randomBytes(4).toString('hex')}`;
  const conference = await startPlainConference([ports.node], [], { db, conferenceId: seed.conferenceId, port: ports.controlPlane, redisPrefix });
  const dir = await mkdtemp(path.join(tmpdir(), 'lienthong-recordings-'));
  const token = await conference.plane.tokens.signRecorder({ sub: 'recorder-test' });
  let recorder: ManagedChild | null = null;
  /** Every recorder started, for the end (a standby may run beside the one recording). */
  const recorders: ManagedChild[] = [];

  const startRecorder = () => {
    recorder = spawnManaged({
      name: 'recorder',
      command: process.execPath,
      args: ['--import', 'tsx', 'recorder/src/main.ts'],
      cwd: repoRoot,
      sink: (line) => conference.logs.push(line),
      env: {
        LOG_LEVEL: 'info',
        REDIS_URL: testRedisUrl,
        REDIS_PREFIX: redisPrefix,
        CONTROL_PLANE_URL: conference.plane.url,
        RECORDER_TOKEN: token,
        RECORDINGS_DIR: dir,
        RTP_MIN_PORT: String(ports.rtp[0]),
        RTP_MAX_PORT: String(ports.rtp[1]),
        ...(o.segmentSeconds ? { SEGMENT_SECONDS: String(o.segmentSeconds) } : {}),
        ...(o.jobLockMs ? { JOB_LOCK_MS: String(o.jobLockMs) } : {}),
      },
    });
    recorders.push(recorder);
    return recorder;
  };

  const manifestOf = async (recordingId: string): Promise<RecordingManifest | undefined> => {
    const text = await readFile(path.join(dir, recordingId, 'manifest.json'), 'utf8').catch(() => null);
    return text ? recordingManifestSchema.parse(JSON.parse(text)) : undefined;
  };

  return {
    conference,
    db,
    conferenceId: seed.conferenceId,
    dir,
    startRecorder,
    get recorder() {
      return recorder;
    },
    manifestOf,
    /** Waits until the manifest satisfies `check`; the logs come with a timeout. */
    async waitManifest(recordingId: string, what: string, check: (m: RecordingManifest) => boolean, timeoutMs = 60_000) {
      return waitFor(what, async () => {
        const m = await manifestOf(recordingId);
        return m && check(m) ? m : undefined;
      }, timeoutMs, 100).catch((err: Error) => {
        throw new Error(`${err.message}\n--- logs ---\n${conference.logs.slice(-60).join('\n')}`);
      });
    },
    /** The conference ends as its scheduled end would end it. */
    async endConference() {
      await db.prisma.conference.update({ where: { id: seed.conferenceId }, data: { status: 'ended' } });
    },
    async stop() {
      await Promise.all(recorders.map((r) => r.stop()));
      const connection = new Redis(testRedisUrl, { maxRetriesPerRequest: null });
      await new Queue(queues.recording, { connection, prefix: redisPrefix }).obliterate({ force: true }).catch(() => undefined);
      await connection.quit();
      await conference.stop();
      // A stopped recorder's encoders end a moment after it (their guards see it go).
      await rm(dir, { recursive: true, force: true, maxRetries: 10 });
    },
  };
}
