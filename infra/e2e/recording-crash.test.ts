// kill -9 of the recorder, then of its ffmpeg, during a recorded conference: every finished
// segment stays playable, a restarted recorder takes the job over and continues the same
// recording as new parts, and the recording covers the conference except the time no recorder
// ran and at most the one segment ffmpeg was writing when it was killed.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hlsSegmentName } from '../../recorder/src/hls/playlist.js';
import { codecs, ffprobe } from '@lienthong/testing/ffprobe';
import { startRecordedConference } from '@lienthong/testing/recorded-conference';

const ports = { controlPlane: 16011, node: { nodeId: 'node-rec-2', localityTags: ['TW'], rtcMinPort: 16060, rtcMaxPort: 16099 }, rtp: [16150, 16199] as [number, number] };
const segmentSeconds = 4;
const sleepUntil = (t: number) => new Promise((r) => setTimeout(r, Math.max(0, t - Date.now())));

describe('recording through crashes', () => {
  let rec: Awaited<ReturnType<typeof startRecordedConference>>;
  beforeAll(async () => {
    rec = await startRecordedConference(ports, { segmentSeconds, jobLockMs: 4000 });
  });
  afterAll(async () => rec?.stop());

  it('continues the recording after kill -9 of the recorder and of ffmpeg, losing no finished segment', async () => {
    await rec.conference.startHall({ audio: true });
    rec.startRecorder();
    const { id } = await rec.conference.plane.recordings.start(rec.conferenceId, null);
    const t0 = Date.parse((await rec.waitManifest(id, 'the first part', (m) => m.parts.length > 0)).parts[0]!.startedAt);

    await sleepUntil(t0 + 10_000);
    rec.recorder!.process.kill('SIGKILL');
    const recorderKilledAt = Date.now();
    await rec.recorder!.exited;
    rec.startRecorder();
    const resumed = await rec.waitManifest(id, 'a resumed part', (m) => m.parts.length >= 2, 60_000);

    await sleepUntil(Math.max(t0 + 20_000, Date.parse(resumed.parts[1]!.startedAt) + 6000));
    const pid = Number(await readFile(path.join(rec.dir, id, 'archive/p001/ffmpeg.pid'), 'utf8'));
    process.kill(pid, 'SIGKILL');
    const ffmpegKilledAt = Date.now();
    const again = await rec.waitManifest(id, 'a part after ffmpeg died', (m) => m.parts.length >= 3, 60_000);

    await sleepUntil(Date.parse(again.parts[2]!.startedAt) + 8000);
    await rec.conference.stopHallMedia();
    const mediaEndedAt = Date.now();
    await rec.endConference();
    const ready = await rec.waitManifest(id, 'the recording to be ready', (m) => m.status === 'ready' || m.status === 'failed', 90_000);
    expect(ready.status).toBe('ready');
    expect(ready.parts.map((p) => p.reason)).toEqual(['start', 'resumed-after-crash', 'resumed-after-crash']);

    // Every finished segment plays, in the archive (as sent) and in HLS.
    for (const part of ready.parts)
      for (const s of part.segments) {
        const archived = await ffprobe(path.join(rec.dir, id, s.file));
        expect(codecs(archived)).toEqual(['audio:opus', 'video:vp8']);
        expect(archived.format.duration).toBeGreaterThan(0);
        expect(codecs(await ffprobe(path.join(rec.dir, id, 'hls/source', hlsSegmentName(s.file))))).toEqual(['audio:aac', 'video:h264']);
      }
    const playlist = await ffprobe(path.join(rec.dir, id, ready.renditions[0]!.playlist));
    expect(codecs(playlist)).toEqual(['audio:aac', 'video:h264']);
    expect(Math.abs(playlist.format.duration! - ready.durationSec)).toBeLessThan(0.5);

    // What is missing: the time no recorder ran, and at most the segment ffmpeg was writing.
    const real = (mediaEndedAt - t0) / 1000;
    const recorderDown = (Date.parse(ready.parts[1]!.startedAt) - recorderKilledAt) / 1000;
    const ffmpegDown = (Date.parse(ready.parts[2]!.startedAt) - ffmpegKilledAt) / 1000;
    const lost = real - ready.durationSec;
    console.log(JSON.stringify({ realSec: real, recordedSec: ready.durationSec, lostSec: lost, recorderDownSec: recorderDown, ffmpegDownSec: ffmpegDown }));
    expect(lost).toBeLessThan(recorderDown + ffmpegDown + segmentSeconds + 1);
    expect(lost).toBeGreaterThan(-1);
  }, 240_000);
});
