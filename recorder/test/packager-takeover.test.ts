// A recorder killed with -9 leaves its encoders running until their guards stop them (or as long as
// its host is frozen): one still encoding an HLS segment when the next recorder packages the same
// segment must not change what the next one published (CI once saw such a segment probe as a lone
// `mp2` stream after a takeover).
import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ffprobeBeside } from '../src/ffmpeg/run.js';
import { locateFfmpeg } from '../src/ffmpeg/locate.js';
import { encodeTempName, RenditionPackager, segmentInputs } from '../src/hls/packager.js';
import { hlsSegmentName } from '../src/hls/playlist.js';
import { renditionSpecs, transcodeArgs } from '../src/hls/renditions.js';
import { addSegments, newManifest, startPart } from '../src/segments/manifest.js';
import { parseSegmentList } from '../src/segments/segment-list.js';
import { DirectoryStorage } from '../src/storage/directory-storage.js';

const run = promisify(execFile);
const at = new Date(Date.UTC(2026, 11, 6, 2, 0, 0));
const track = (kind: 'audio' | 'video') => ({
  kind,
  producerId: `p-${kind}`,
  consumerId: `c-${kind}`,
  siteId: 'hall',
  siteName: 'Hội trường',
  port: 50000,
  codec: { mimeType: kind === 'video' ? 'video/VP8' : 'audio/opus', clockRate: 90000, payloadType: 101, parameters: {} },
  ssrc: 1,
});

describe('packaging a segment an orphaned encoder is still writing', () => {
  let root: string;
  let ffmpeg: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'lienthong-packager-takeover-'));
    ffmpeg = (await locateFfmpeg(process.env.FFMPEG_PATH)).path;
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('publishes a whole segment that the old encoder never touches, and sweeps what it was writing', async () => {
    const storage = new DirectoryStorage(root);
    const recordingId = 'taken-over';
    const work = storage.workDir(recordingId);
    await mkdir(path.join(work, 'archive/p000'), { recursive: true });
    await run(ffmpeg, [
      ...['-hide_banner', '-loglevel', 'error'],
      ...['-f', 'lavfi', '-i', 'testsrc=size=640x360:rate=25:duration=4,noise=alls=40:allf=t', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=4'],
      ...['-c:v', 'libvpx', '-deadline', 'realtime', '-b:v', '2000k', '-c:a', 'libopus'],
      path.join(work, 'archive/p000/s00000.webm'),
    ]);
    const m = addSegments(startPart(newManifest(recordingId, 'c'), 'start', [track('video'), track('audio')], at), parseSegmentList('s00000.webm,0,4'));
    const [segment] = segmentInputs(m);
    const target = path.join(work, 'hls/source', hlsSegmentName(segment!.file));
    await mkdir(path.dirname(target), { recursive: true });

    // The dead recorder's encoder, its output named as this code names it, at half the media's pace.
    // It is the version before (a rolling update): other settings, so its bytes differ from the
    // new run's and any byte of it landing in the published file shows.
    const orphanOutput = encodeTempName(target);
    const orphanArgs = transcodeArgs({ ...renditionSpecs.source, video: { ...renditionSpecs.source.video!, rate: ['-crf', '18'] } }, segment!, orphanOutput);
    orphanArgs.splice(orphanArgs.indexOf('-i'), 0, '-readrate', '0.5');
    const orphan = spawn(ffmpeg, orphanArgs, { cwd: work, stdio: 'ignore' });
    const orphanExited = new Promise((resolve) => orphan.once('exit', resolve));
    // Half-way: it has written its first bytes (noise keeps the picture large, so it writes before its end).
    while (!((await stat(orphanOutput).catch(() => null))?.size ?? 0)) await new Promise((r) => setTimeout(r, 20));

    const packager = new RenditionPackager(ffmpeg, storage, recordingId, renditionSpecs.source, { transcodeQueued: () => undefined, transcodeDone: () => undefined });
    packager.enqueueAll(m);
    await packager.finish(m);
    expect(orphan.exitCode).toBeNull(); // still encoding while the segment was published
    const published = await readFile(target);
    await orphanExited;

    expect((await readFile(target)).equals(published)).toBe(true);
    const { stdout } = await run(ffprobeBeside(ffmpeg), ['-v', 'error', '-show_entries', 'stream=codec_name', '-of', 'csv=p=0', target]);
    expect([...new Set(stdout.split('\n').map((l) => l.trim()).filter(Boolean))].sort()).toEqual(['aac', 'h264']);
    // The orphan's half-written file was swept by the finish (unlinked while it wrote: harmless).
    expect((await readdir(path.dirname(target))).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  }, 60_000);
});
