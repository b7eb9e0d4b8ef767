// kill -9 of the recorder while it mixes the hall's and the floor holder's audio (its RTP going
// through the recorder's own relay, ffmpeg listening behind it on loopback): the restarted
// recorder ends the old ffmpeg, takes the job over and goes on mixing both voices in a new part;
// every finished segment plays.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hlsSegmentName } from '../../recorder/src/hls/playlist.js';
import { codecs, ffprobe } from '@lienthong/testing/ffprobe';
import { startRecordedConference } from '@lienthong/testing/recorded-conference';
import { toneLevelDb } from '@lienthong/testing/tone-level';

const ports = { controlPlane: 17300, node: { nodeId: 'node-rec-mix-crash', localityTags: ['TW'], rtcMinPort: 17310, rtcMaxPort: 17349 }, rtp: [17350, 17399] as [number, number] };
const [hallHz, floorHz] = [440, 1000];
/** A tone there is near -24 dB (see recording-mix.test.ts). */
const present = -35;

describe('recording a mixed floor through a recorder crash', () => {
  let rec: Awaited<ReturnType<typeof startRecordedConference>>;
  beforeAll(async () => {
    rec = await startRecordedConference(ports, { segmentSeconds: 4, jobLockMs: 4000 });
  });
  afterAll(async () => rec?.stop());

  it('resumes mixing both voices after kill -9 of the recorder, losing no finished segment', async () => {
    await rec.conference.startHall({ audio: true });
    await rec.conference.giveFloorToSecondCamera({ toneHz: floorHz });
    rec.startRecorder();
    const { id } = await rec.conference.plane.recordings.start(rec.conferenceId, null);
    await rec.waitManifest(id, 'two mixed segments', (m) => (m.parts[0]?.segments.length ?? 0) >= 2, 60_000);

    rec.recorder!.process.kill('SIGKILL');
    await rec.recorder!.exited;
    rec.startRecorder();
    await rec.waitManifest(id, 'two segments of the resumed part', (m) => (m.parts[1]?.segments.length ?? 0) >= 2, 90_000);
    await rec.conference.stopHallMedia();
    await rec.endConference();
    const ready = await rec.waitManifest(id, 'ready', (m) => m.status === 'ready' || m.status === 'failed', 90_000);

    expect(ready.status).toBe('ready');
    expect(ready.parts.map((p) => p.reason)).toEqual(['start', 'resumed-after-crash']);
    for (const part of ready.parts) expect(part.program!.filter((t) => t.kind === 'audio').map((t) => t.siteId)).toEqual(['hall', 'floor-site']);
    const levels = [];
    for (const part of ready.parts)
      for (const s of part.segments) {
        const file = path.join(rec.dir, id, s.file);
        expect(codecs(await ffprobe(file))).toEqual(['audio:opus', 'video:vp8']);
        expect(codecs(await ffprobe(path.join(rec.dir, id, 'hls/source', hlsSegmentName(s.file))))).toEqual(['audio:aac', 'video:h264']);
        if (s.durationSec >= 1) levels.push({ file: s.file, hall: await toneLevelDb(file, hallHz), floor: await toneLevelDb(file, floorHz) });
      }
    console.log(JSON.stringify(levels));
    // The hall in every segment; both voices mixed before the crash and after it (the media stops only at the end).
    for (const l of levels) expect(l.hall).toBeGreaterThan(present);
    const resumedFiles = new Set(ready.parts[1]!.segments.map((s) => s.file));
    for (const side of [levels.filter((l) => !resumedFiles.has(l.file)), levels.filter((l) => resumedFiles.has(l.file))]) {
      expect(side.length).toBeGreaterThanOrEqual(1);
      expect(side.filter((l) => l.hall > present && l.floor > present).length).toBeGreaterThanOrEqual(1);
    }
  }, 240_000);
});
