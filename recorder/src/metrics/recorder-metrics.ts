import type { RecordingJobName } from '@lienthong/contracts';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Why a part's ffmpeg ended (see record-part.ts): `crashed` is the one to alert on. */
export type FfmpegExit = 'program-changed' | 'media-stopped' | 'finish' | 'crashed';

/** What the recording code reports, without knowing about prom-client. */
export interface RecorderEvents {
  /** ffmpeg closed this many more archive segments. */
  segmentsWritten(n: number): void;
  ffmpegExited(reason: FfmpegExit): void;
  /** A recording a crashed recorder left is being continued. */
  recordingResumed(): void;
  /** An archive segment is waiting to be packaged as HLS. */
  transcodeQueued(): void;
  /** One left the queue: made (with the time ffmpeg took), found already made, or failed (`null`). */
  transcodeDone(seconds: number | null): void;
}

/**
 * The recorder's Prometheus metrics, in their own registry. The shared queue's job counts are read
 * from Redis when scraped (one round trip per scrape), so every recorder reports the same backlog:
 * use max(), not sum(), across recorders.
 */
export class RecorderMetrics implements RecorderEvents {
  readonly registry = new Registry();
  private readonly active = new Gauge({
    name: 'lienthong_recorder_recordings_active',
    help: 'Recordings this recorder is running now (record-conference jobs)',
    registers: [this.registry],
  });
  private readonly jobs = new Counter({
    name: 'lienthong_recorder_jobs_total',
    help: 'Recording jobs this recorder ran, by job and outcome (a failed one may be retried)',
    labelNames: ['job_type', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly segments = new Counter({
    name: 'lienthong_recorder_segments_written_total',
    help: 'Archive segments ffmpeg closed (each at most SEGMENT_SECONDS of media a crash can lose)',
    registers: [this.registry],
  });
  private readonly exits = new Counter({
    name: 'lienthong_recorder_ffmpeg_exits_total',
    help: "Parts' ffmpeg processes that ended, by reason (crashed: the next part restarts it)",
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  private readonly resumed = new Counter({
    name: 'lienthong_recorder_recordings_resumed_total',
    help: 'Recordings continued after a recorder crash',
    registers: [this.registry],
  });
  private readonly backlog = new Gauge({
    name: 'lienthong_recorder_transcode_backlog_segments',
    help: 'Archive segments waiting to be packaged as HLS on this recorder',
    registers: [this.registry],
  });
  private readonly transcodes = new Histogram({
    name: 'lienthong_recorder_transcode_duration_seconds',
    help: 'ffmpeg time to package one archive segment as one HLS segment',
    buckets: [0.25, 0.5, 1, 2, 4, 8, 16, 32, 64],
    registers: [this.registry],
  });

  constructor(queueCounts?: () => Promise<Record<string, number>>) {
    collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: 'lienthong_recorder_queue_jobs',
      help: 'Jobs in the shared recording queue, by state (waiting and prioritized: no recorder free yet)',
      labelNames: ['state'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        if (!queueCounts) return;
        for (const [state, n] of Object.entries(await queueCounts())) this.set({ state }, n);
      },
    });
  }

  /** Runs one job, counting it active while it runs and its outcome when it ends. */
  async track<T>(job: RecordingJobName, run: () => Promise<T>): Promise<T> {
    const recording = job === 'record-conference';
    if (recording) this.active.inc();
    try {
      const result = await run();
      this.jobs.inc({ job_type: job, outcome: 'completed' });
      return result;
    } catch (err) {
      this.jobs.inc({ job_type: job, outcome: 'failed' });
      throw err;
    } finally {
      if (recording) this.active.dec();
    }
  }

  segmentsWritten(n: number): void {
    this.segments.inc(n);
  }
  ffmpegExited(reason: FfmpegExit): void {
    this.exits.inc({ reason });
  }
  recordingResumed(): void {
    this.resumed.inc();
  }
  transcodeQueued(): void {
    this.backlog.inc();
  }
  transcodeDone(seconds: number | null): void {
    this.backlog.dec();
    if (seconds !== null) this.transcodes.observe(seconds);
  }
}

/** For code run without metrics (the benchmark). */
export const noRecorderEvents: RecorderEvents = {
  segmentsWritten: () => {},
  ffmpegExited: () => {},
  recordingResumed: () => {},
  transcodeQueued: () => {},
  transcodeDone: () => {},
};
