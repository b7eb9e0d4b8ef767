import type { RecordingManifest, Rendition } from '@lienthong/contracts';
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { ffprobeBeside, runFfmpeg } from '../ffmpeg/run.js';
import type { RecorderEvents } from '../metrics/recorder-metrics.js';
import type { RecordingStorage } from '../storage/storage.js';
import { hlsSegmentName, playlistOf } from './playlist.js';
import { transcodeArgs, type RenditionSpec, type SegmentInput } from './renditions.js';

/**
 * Makes one rendition's HLS segments from archive segments, one at a time in the order given,
 * at low priority. A segment already made (by a run before a crash) is kept: outputs appear under
 * their final name only when complete (write then rename). Each encode writes its own temporary
 * file: a recorder killed with -9 leaves its ffmpeg children running, and one of them still
 * encoding the segment the next recorder starts on would otherwise write into the same file.
 */
export class RenditionPackager<N extends RenditionSpec['name'] = RenditionSpec['name']> {
  private chain: Promise<void> = Promise.resolve();
  private failure: Error | null = null;
  private peakBps = 0;
  /** seconds of media encoded and seconds spent, for the encode speed */
  readonly speed = { mediaSec: 0, wallSec: 0 };

  constructor(
    private readonly ffmpeg: string,
    private readonly storage: RecordingStorage,
    private readonly recordingId: string,
    readonly spec: RenditionSpec<N>,
    private readonly metrics: Pick<RecorderEvents, 'transcodeQueued' | 'transcodeDone'>,
    /** the segments of the manifest this rendition is made of, on its own timeline */
    private readonly pick: (m: RecordingManifest) => SegmentInput[] = segmentInputs,
  ) {}

  private get dir() {
    return `hls/${this.spec.name}`;
  }

  enqueue(s: SegmentInput): void {
    this.metrics.transcodeQueued();
    this.chain = this.chain
      .then(() => this.make(s))
      .then(
        (seconds) => this.metrics.transcodeDone(seconds),
        (err: Error) => {
          this.failure ??= err;
          this.metrics.transcodeDone(null);
        },
      );
  }

  /** Every segment of the manifest (those already made are skipped). */
  enqueueAll(m: RecordingManifest): void {
    for (const s of this.pick(m)) this.enqueue(s);
  }

  /** Waits for the queue; writes the media playlist; answers the rendition for the manifest. */
  async finish(m: RecordingManifest): Promise<Omit<Rendition, 'name'> & { name: N }> {
    await this.chain;
    if (this.failure) throw this.failure;
    await this.sweepAbandoned();
    const playlist = `${this.dir}/index.m3u8`;
    await this.storage.writeText(this.recordingId, playlist, playlistOf(this.pick(m)));
    const size = this.spec.video ? await this.videoSize(m) : null;
    return {
      name: this.spec.name,
      playlist,
      bandwidth: Math.max(1, Math.round(this.peakBps)),
      ...(size ?? {}),
      codecs: this.spec.codecs,
    };
  }

  /** Makes one HLS segment; answers the seconds ffmpeg took, or null when it was already made. */
  private async make(s: SegmentInput): Promise<number | null> {
    const root = this.storage.workDir(this.recordingId);
    const rel = `${this.dir}/${hlsSegmentName(s.file)}`;
    const target = path.join(root, rel);
    const done = await stat(target).catch(() => null);
    let seconds: number | null = null;
    if (!done) {
      const started = performance.now();
      const tmp = encodeTempName(target);
      await mkdir(path.dirname(target), { recursive: true });
      await runFfmpeg(this.ffmpeg, transcodeArgs(this.spec, s, tmp), { nice: 10, cwd: root });
      await rename(tmp, target);
      await this.storage.publish(this.recordingId, rel);
      seconds = (performance.now() - started) / 1000;
      this.speed.mediaSec += s.durationSec;
      this.speed.wallSec += seconds;
    }
    const { size } = await stat(target);
    this.peakBps = Math.max(this.peakBps, (size * 8) / s.durationSec);
    return seconds;
  }

  /**
   * Removes what encoders of an earlier run left half-written (their recorder died before the
   * rename). One still writing keeps its unlinked file to the end and harms nothing.
   */
  private async sweepAbandoned(): Promise<void> {
    const dir = path.join(this.storage.workDir(this.recordingId), this.dir);
    const names = await readdir(dir).catch(() => [] as string[]);
    await Promise.all(names.filter((n) => n.endsWith('.tmp')).map((n) => rm(path.join(dir, n), { force: true })));
  }

  /** The rendition's picture size, read from its first segment. */
  private async videoSize(m: RecordingManifest): Promise<{ width: number; height: number } | null> {
    const first = this.pick(m)[0];
    if (!first) return null;
    const file = path.join(this.storage.workDir(this.recordingId), this.dir, hlsSegmentName(first.file));
    const out = await runFfmpeg(ffprobeBeside(this.ffmpeg), ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height', '-of', 'csv=p=0', file]).catch(() => '');
    // TS lists the stream once per program too: the first line is enough.
    const [width, height] = (out.trim().split('\n')[0] ?? '').split(',').map(Number);
    return width && height ? { width, height } : null;
  }
}

/** Where one encode writes before its output is renamed into place: its own name, never shared. */
export const encodeTempName = (target: string) => `${target}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;

/** Each archive segment with what its part carries. */
export function segmentInputs(m: RecordingManifest): SegmentInput[] {
  return m.parts.flatMap((p) => {
    const program = p.program ?? [];
    const camera = program.some((t) => t.kind === 'video' && t.source !== 'presentation');
    const shared = program.some((t) => t.source === 'presentation');
    // A part from before `program` was recorded: assume both (ffmpeg fails loudly if not).
    const known = p.program !== undefined;
    // The tap lists the camera before the screen: so do the SDP's m-lines and the archive's streams.
    const presentationStream = shared ? (camera ? 1 : 0) : null;
    return p.segments.map((s) => ({ ...s, part: p.index, hasVideo: !known || camera, hasAudio: !known || program.some((t) => t.kind === 'audio'), presentationStream }));
  });
}
