// The program's tracks change during a recording (a new video track enters, as when the floor is
// given): the recorder closes its part cleanly and starts another on the new tracks. Every
// segment on both sides of the change plays, and the playlist marks the change.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hlsSegmentName } from '../../recorder/src/hls/playlist.js';
import { codecs, ffprobe } from '@lienthong/testing/ffprobe';
import { startRecordedConference } from '@lienthong/testing/recorded-conference';

const ports = { controlPlane: 16014, node: { nodeId: 'node-rec-3', localityTags: ['TW'], rtcMinPort: 16280, rtcMaxPort: 16299 }, rtp: [16100, 16149] as [number, number] };
const sleepUntil = (t: number) => new Promise((r) => setTimeout(r, Math.max(0, t - Date.now())));

describe('recording across a program change', () => {
  let rec: Awaited<ReturnType<typeof startRecordedConference>>;
  beforeAll(async () => {
    rec = await startRecordedConference(ports, { segmentSeconds: 4, jobLockMs: 10_000 });
  });
  afterAll(async () => rec?.stop());

  it('starts a new part on the new tracks and leaves no broken file', async () => {
    await rec.conference.startHall({ audio: true });
    rec.startRecorder();
    const { id } = await rec.conference.plane.recordings.start(rec.conferenceId, null);
    const t0 = Date.parse((await rec.waitManifest(id, 'the first part', (m) => m.parts.length > 0)).parts[0]!.startedAt);

    await sleepUntil(t0 + 9000);
    await rec.conference.giveFloorToSecondCamera();
    const changedAt = Date.now();
    const changed = await rec.waitManifest(id, 'the part after the change', (m) => m.parts.length >= 2);
    await sleepUntil(Date.parse(changed.parts[1]!.startedAt) + 9000);
    await rec.conference.stopHallMedia();
    const mediaEndedAt = Date.now();
    await rec.endConference();
    const ready = await rec.waitManifest(id, 'ready', (m) => m.status === 'ready' || m.status === 'failed');

    expect(ready.status).toBe('ready');
    expect(ready.parts.map((p) => p.reason)).toEqual(['start', 'program-changed']);
    expect(ready.parts[0]!.endedAt).not.toBeNull();
    for (const part of ready.parts)
      for (const s of part.segments) {
        expect(codecs(await ffprobe(path.join(rec.dir, id, s.file)))).toEqual(['audio:opus', 'video:vp8']);
        expect(codecs(await ffprobe(path.join(rec.dir, id, 'hls/source', hlsSegmentName(s.file))))).toEqual(['audio:aac', 'video:h264']);
      }
    const playlistPath = path.join(rec.dir, id, ready.renditions[0]!.playlist);
    expect((await readFile(playlistPath, 'utf8')).match(/#EXT-X-DISCONTINUITY/g)).toHaveLength(1);
    const playlist = await ffprobe(playlistPath);
    expect(codecs(playlist)).toEqual(['audio:aac', 'video:h264']);

    const real = (mediaEndedAt - t0) / 1000;
    const switchSec = (Date.parse(ready.parts[1]!.startedAt) - changedAt) / 1000;
    console.log(JSON.stringify({ realSec: real, recordedSec: ready.durationSec, switchSec, parts: ready.parts.map((p) => p.segments.length) }));
    // What the change costs: the moments between closing one ffmpeg and starting the next.
    expect(real - ready.durationSec).toBeLessThan(switchSec + 1);
  }, 180_000);
});
