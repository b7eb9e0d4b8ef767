import type { TapTrack } from '@lienthong/contracts';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ffprobeBeside } from '../src/ffmpeg/run.js';
import { locateFfmpeg } from '../src/ffmpeg/locate.js';
import { RenditionPackager, segmentInputs } from '../src/hls/packager.js';
import { presentationInputs, presentationSpans, recordedPresentation } from '../src/hls/presentation.js';
import { presentationSpec, renditionSpecs, transcodeArgs } from '../src/hls/renditions.js';
import { addSegments, newManifest, startPart } from '../src/segments/manifest.js';
import { parseSegmentList } from '../src/segments/segment-list.js';
import { DirectoryStorage } from '../src/storage/directory-storage.js';

const run = promisify(execFile);
const track = (kind: 'audio' | 'video', source?: TapTrack['source']): TapTrack => ({
  kind,
  ...(source ? { source } : {}),
  producerId: `p-${source ?? kind}`,
  consumerId: `c-${source ?? kind}`,
  siteId: 'hall',
  siteName: 'Hội trường',
  port: 50000,
  codec: { mimeType: kind === 'video' ? 'video/VP8' : 'audio/opus', clockRate: 90000, payloadType: 101, parameters: {} },
  ssrc: 1,
});
const speaker = [track('video'), track('audio')];
const sharing = [track('video'), track('video', 'presentation'), track('audio')];
const at = new Date(Date.UTC(2026, 11, 5, 2, 0, 0));

/** Parts: the speaker (0-8 s), the slides beside it (8-14 s, two segments), the speaker (14-18 s), the slides again (18-22 s). */
function recorded() {
  let m = newManifest('r', 'c');
  m = addSegments(startPart(m, 'start', speaker, at), parseSegmentList('s00000.webm,0,4\ns00001.webm,4,8'));
  m = addSegments(startPart(m, 'program-changed', sharing, at), parseSegmentList('s00000.webm,0,4\ns00001.webm,4,6'));
  m = addSegments(startPart(m, 'program-changed', speaker, at), parseSegmentList('s00000.webm,0,4'));
  m = addSegments(startPart(m, 'program-changed', sharing, at), parseSegmentList('s00000.webm,0,4'));
  return m;
}

describe('the recorded presentation (pure)', () => {
  it('keeps each track’s source in the part, and finds the slides as the second video after the camera', () => {
    const m = recorded();
    expect(m.parts[1]!.program!.map((t) => t.source ?? t.kind)).toEqual(['video', 'presentation', 'audio']);
    expect(segmentInputs(m).map((s) => s.presentationStream)).toEqual([null, null, 1, 1, null, 1]);
    // The camera off: the slides are the only video (stream 0), and the program's picture is black.
    const alone = addSegments(startPart(newManifest('r', 'c'), 'start', [track('video', 'presentation'), track('audio')], at), parseSegmentList('s00000.webm,0,4'));
    expect(segmentInputs(alone)[0]).toMatchObject({ hasVideo: false, presentationStream: 0 });
  });

  it('lays the shared segments end to end, and says where each shared stretch is on the recording', () => {
    const m = recorded();
    expect(presentationInputs(m).map((s) => [s.file, s.startSec, s.durationSec])).toEqual([
      ['archive/p001/s00000.webm', 0, 4],
      ['archive/p001/s00001.webm', 4, 2],
      ['archive/p003/s00000.webm', 6, 4],
    ]);
    expect(presentationSpans(m)).toEqual([
      { startSec: 8, durationSec: 6, atSec: 0 },
      { startSec: 18, durationSec: 4, atSec: 6 },
    ]);
    expect(presentationSpans(newManifest('r', 'c'))).toEqual([]);
  });

  it('packages the slides as video only from their stream; the program keeps the camera', () => {
    const [slides] = presentationInputs(recorded());
    const args = transcodeArgs(presentationSpec, slides!, 'out.ts');
    expect(args.join(' ')).toContain('-map 0:v:1');
    expect(args).not.toContain('-c:a');
    const program = transcodeArgs(renditionSpecs.source, segmentInputs(recorded())[2]!, 'out.ts');
    expect(program.join(' ')).toContain('-map 0:v:0');
    expect(() => transcodeArgs(presentationSpec, segmentInputs(recorded())[0]!, 'out.ts')).toThrow(/no presentation/);
  });
});

describe('the recorded presentation (ffmpeg)', () => {
  let root: string;
  let ffmpeg: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'lienthong-recorder-presentation-'));
    ffmpeg = (await locateFfmpeg(process.env.FFMPEG_PATH)).path;
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  const metrics = { transcodeQueued: () => undefined, transcodeDone: () => undefined };
  /** A recording's storage, with the folder of its first part made. */
  const recordingDir = async (recordingId: string) => {
    const storage = new DirectoryStorage(root);
    const work = storage.workDir(recordingId);
    await mkdir(path.join(work, 'archive/p000'), { recursive: true });
    return { storage, work };
  };
  /** A part as ffmpeg leaves it while a screen is shared: the camera (320x180), the slides (5 fps), Opus; `slidesArgs` for the slides' encoder. */
  const encodeSharing = (output: string, o: { seconds: number; slides: string; kbps: number; slidesArgs?: string[] }) => {
    const lavfi = (graph: string) => ['-f', 'lavfi', '-i', graph];
    return run(ffmpeg, [
      ...['-hide_banner', '-loglevel', 'error'],
      ...lavfi(`testsrc=size=320x180:rate=15:duration=${o.seconds}`),
      ...lavfi(`smptebars=size=${o.slides}:rate=5:duration=${o.seconds}`),
      ...lavfi(`sine=frequency=440:duration=${o.seconds}`),
      ...['-map', '0:v', '-map', '1:v', '-map', '2:a', '-c:v', 'libvpx', '-deadline', 'realtime', '-b:v', `${o.kbps}k`, '-c:a', 'libopus'],
      ...(o.slidesArgs ?? []),
      output,
    ]);
  };

  it('makes a video-only playlist of the slides beside the program, each from its own stream', async () => {
    const recordingId = 'presentation-recording';
    const { storage, work } = await recordingDir(recordingId);
    await encodeSharing(path.join(work, 'archive/p000/s00000.webm'), { seconds: 3, slides: '1280x720', kbps: 500 });
    const m = addSegments(startPart(newManifest(recordingId, 'c'), 'start', sharing, at), parseSegmentList('s00000.webm,0,3'));

    const program = new RenditionPackager(ffmpeg, storage, recordingId, renditionSpecs.source, metrics);
    program.enqueueAll(m);
    const source = await program.finish(m);
    const slides = new RenditionPackager(ffmpeg, storage, recordingId, presentationSpec, metrics, presentationInputs);
    slides.enqueueAll(m);
    const presentation = await recordedPresentation(slides, m);

    expect(source).toMatchObject({ width: 320, height: 180 });
    expect(presentation).toEqual({ playlist: 'hls/presentation/index.m3u8', width: 1280, height: 720, codecs: 'avc1.42e01f', spans: [{ startSec: 0, durationSec: 3, atSec: 0 }] });
    expect(await readFile(path.join(work, presentation.playlist), 'utf8')).toContain('p000-s00000.ts');
    // TS lists each stream once more per program: the kinds, once each.
    const probe = async (file: string) => {
      const { stdout } = await run(ffprobeBeside(ffmpeg), ['-v', 'error', '-show_entries', 'stream=codec_type', '-of', 'csv=p=0', path.join(work, file)]);
      return [...new Set(stdout.split('\n').map((l) => l.trim()).filter(Boolean))].sort();
    };
    expect(await probe('hls/presentation/p000-s00000.ts')).toEqual(['video']);
    expect(await probe('hls/source/p000-s00000.ts')).toEqual(['audio', 'video']);
  }, 60_000);

  it('packages slides that begin long before their first keyframe (a screen encoder that let a request go)', async () => {
    const recordingId = 'late-keyframe-recording';
    const { storage, work } = await recordingDir(recordingId);
    const whole = path.join(root, 'late-keyframe-whole.webm');
    // The slides' keyframes at 0 and 3.5 s only; the segment is cut at 0.5 s keeping what comes
    // before the next keyframe, as a tap started mid-stream records it: most slide frames undecodable.
    await encodeSharing(whole, { seconds: 4, slides: '640x360', kbps: 300, slidesArgs: ['-g:v:1', '1000', '-force_key_frames:v:1', '0,3.5'] });
    await run(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-i', whole, '-map', '0', '-c', 'copy', '-copyinkf', '-ss', '0.5', path.join(work, 'archive/p000/s00000.webm')]);
    const m = addSegments(startPart(newManifest(recordingId, 'c'), 'start', sharing, at), parseSegmentList('s00000.webm,0,3.5'));

    const slides = new RenditionPackager(ffmpeg, storage, recordingId, presentationSpec, metrics, presentationInputs);
    slides.enqueueAll(m);
    const presentation = await recordedPresentation(slides, m);
    expect(presentation).toMatchObject({ playlist: 'hls/presentation/index.m3u8', width: 640, height: 360 });
  }, 60_000);
});
