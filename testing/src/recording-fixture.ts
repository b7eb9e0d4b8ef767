// A recording as the recorder leaves it, made with real ffmpeg for tests and screenshots: ffmpeg's
// test pattern and a sine tone encoded to HLS VOD in a 'source' and a 'low' rendition, a master
// playlist, a poster and a valid manifest.json, in `<root>/<recordingId>/`, plus its Recording row.
// The layout follows /work/coord/recording-format.md (hls/<rendition>/index.m3u8, MPEG-TS
// H.264 + AAC); the segment container is a parameter so a change of format is one argument.
import { recordingManifestSchema, type Chapter, type RecordingManifest, type Rendition } from '@lienthong/contracts';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Prisma } from '../../control-plane/src/generated/prisma/client.js';

export interface RecordingFixtureOptions {
  durationSec?: number;
  /** 'mpegts': .ts segments (the recorder's format); 'fmp4': fragmented MP4 (.m4s + init.mp4). */
  segmentFormat?: 'mpegts' | 'fmp4';
  segmentSec?: number;
  chapters?: Chapter[];
}

const renditionSpecs = [
  { name: 'source', width: 640, height: 360, videoKbps: 600, codecs: 'avc1.42e01e,mp4a.40.2' },
  { name: 'low', width: 320, height: 180, videoKbps: 150, codecs: 'avc1.42e00d,mp4a.40.2' },
] as const;
const audioKbps = 64;

function run(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.env.FFMPEG_PATH ?? 'ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg exited ${code}: ${stderr.slice(-2000)}`))));
  });
}

/** Writes the media and manifest of a ready recording under `<root>/<recordingId>/`. */
export async function writeRecordingFiles(root: string, recordingId: string, conferenceId: string, options: RecordingFixtureOptions = {}): Promise<RecordingManifest> {
  const durationSec = options.durationSec ?? 20;
  const segmentSec = options.segmentSec ?? 4;
  const format = options.segmentFormat ?? 'mpegts';
  const dir = path.join(root, recordingId);
  const fps = 25;
  const renditions: Rendition[] = [];

  for (const spec of renditionSpecs) {
    const out = path.join(dir, 'hls', spec.name);
    await mkdir(out, { recursive: true });
    await run([
      '-f', 'lavfi', '-i', `testsrc2=size=${spec.width}x${spec.height}:rate=${fps}:duration=${durationSec}`,
      '-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${durationSec}`,
      '-c:v', 'libx264', '-profile:v', 'baseline', '-preset', 'veryfast', '-pix_fmt', 'yuv420p',
      '-b:v', `${spec.videoKbps}k`, '-g', String(fps * segmentSec), '-keyint_min', String(fps * segmentSec), '-sc_threshold', '0',
      '-c:a', 'aac', '-b:a', `${audioKbps}k`, '-ac', '2',
      '-f', 'hls', '-hls_time', String(segmentSec), '-hls_playlist_type', 'vod',
      ...(format === 'fmp4'
        ? ['-hls_segment_type', 'fmp4', '-hls_fmp4_init_filename', 'init.mp4', '-hls_segment_filename', path.join(out, 'p000-s%05d.m4s')]
        : ['-hls_segment_filename', path.join(out, 'p000-s%05d.ts')]),
      path.join(out, 'index.m3u8'),
    ]);
    renditions.push({
      name: spec.name,
      playlist: `hls/${spec.name}/index.m3u8`,
      bandwidth: Math.round((spec.videoKbps + audioKbps) * 1000 * 1.2),
      width: spec.width,
      height: spec.height,
      codecs: spec.codecs,
    });
  }

  const master = [
    '#EXTM3U',
    '#EXT-X-VERSION:3',
    ...renditions.flatMap((r) => [
      `#EXT-X-STREAM-INF:BANDWIDTH=${r.bandwidth},RESOLUTION=${r.width}x${r.height},CODECS="${r.codecs}"`,
      // Relative to the master, which sits in hls/.
      `${r.name}/index.m3u8`,
    ]),
    '',
  ].join('\n');
  await writeFile(path.join(dir, 'hls', 'master.m3u8'), master);
  await run(['-f', 'lavfi', '-i', `testsrc2=size=640x360:rate=1:duration=1`, '-frames:v', '1', path.join(dir, 'poster.jpg')]);

  const segments = (await readdir(path.join(dir, 'hls', 'source'))).filter((f) => /\.(ts|m4s)$/.test(f)).sort();
  const startedAt = new Date(Date.now() - durationSec * 1000).toISOString();
  const manifest = recordingManifestSchema.parse({
    version: 1,
    recordingId,
    conferenceId,
    status: 'ready',
    parts: [
      {
        index: 0,
        reason: 'start',
        startedAt,
        endedAt: new Date().toISOString(),
        segments: segments.map((file, i) => ({
          file: `hls/source/${file}`,
          startSec: i * segmentSec,
          durationSec: Math.min(segmentSec, durationSec - i * segmentSec),
        })),
      },
    ],
    renditions,
    master: 'hls/master.m3u8',
    poster: 'poster.jpg',
    chapters: options.chapters ?? [
      { startSec: 0, title: 'Khai mạc', kind: 'start' },
      { startSec: Math.round(durationSec / 2), title: 'Phát biểu của Bí thư Tỉnh ủy', kind: 'floor' },
    ],
    durationSec,
  });
  await writeFile(path.join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return manifest;
}

/** A ready recording of `conferenceId`: files under `root` and its row in the database. */
export async function createFixtureRecording(prisma: Prisma.TransactionClient, root: string, conferenceId: string, options: RecordingFixtureOptions = {}) {
  const id = randomUUID();
  const manifest = await writeRecordingFiles(root, id, conferenceId, options);
  await prisma.recording.create({
    data: {
      id,
      conferenceId,
      status: 'ready',
      storageKey: id,
      startedAt: new Date(manifest.parts[0]!.startedAt),
      endedAt: new Date(manifest.parts[0]!.endedAt!),
      durationSec: manifest.durationSec,
    },
  });
  return { id, manifest };
}
