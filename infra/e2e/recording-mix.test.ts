// During a floor the recording carries every audio track of the program mixed: the hall's tone
// (440 Hz) and the floor holder's (1000 Hz) are both in it, at their own level, while before and
// after the floor only the hall's is. Muting the floor holder (its producer paused: no packet
// comes) must not hold back the hall's audio.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hlsSegmentName } from '../../recorder/src/hls/playlist.js';
import { codecs, ffprobe } from '@lienthong/testing/ffprobe';
import { startRecordedConference } from '@lienthong/testing/recorded-conference';
import { toneLevelDb } from '@lienthong/testing/tone-level';

const ports = { controlPlane: 17200, node: { nodeId: 'node-rec-mix', localityTags: ['TW'], rtcMinPort: 17210, rtcMaxPort: 17249 }, rtp: [17250, 17299] as [number, number] };
const [hall, floor] = [440, 1000];
/** A tone there is near -24 dB; one not there below -45 dB. */
const present = -35;
const absent = -45;

describe('recording the audio of the hall and the floor holder mixed', () => {
  let rec: Awaited<ReturnType<typeof startRecordedConference>>;
  beforeAll(async () => {
    rec = await startRecordedConference(ports, { segmentSeconds: 4, jobLockMs: 10_000 });
  });
  afterAll(async () => rec?.stop());

  it('hears both during the floor, only the hall outside it, and the hall through a muted floor holder', async () => {
    const segmentsOf = (part: number) => (m: { parts: { segments: unknown[] }[] }) => m.parts[part]?.segments.length ?? 0;
    await rec.conference.startHall({ audio: true });
    rec.startRecorder();
    const { id } = await rec.conference.plane.recordings.start(rec.conferenceId, null);
    await rec.waitManifest(id, 'two segments of the hall alone', (m) => segmentsOf(0)(m) >= 2);

    const site = await rec.conference.giveFloorToSecondCamera({ toneHz: floor });
    await rec.waitManifest(id, 'two segments of the floor', (m) => segmentsOf(1)(m) >= 2);
    // Muted, the floor holder sends nothing: longer than ffmpeg's 10 s interleaving window.
    await rec.conference.room.setMuted(site.siteId, true);
    const mutedAt = segmentsOf(1)((await rec.manifestOf(id))!);
    await rec.waitManifest(id, 'four segments of a muted floor', (m) => segmentsOf(1)(m) >= mutedAt + 4, 90_000);
    await rec.conference.room.setMuted(site.siteId, false);
    const unmutedAt = segmentsOf(1)((await rec.manifestOf(id))!);
    await rec.waitManifest(id, 'two segments after unmuting', (m) => segmentsOf(1)(m) >= unmutedAt + 2);
    await rec.conference.room.giveFloor(null);
    await rec.waitManifest(id, 'two segments of the hall again', (m) => segmentsOf(2)(m) >= 2);
    await rec.conference.stopHallMedia();
    await rec.endConference();
    const ready = await rec.waitManifest(id, 'ready', (m) => m.status === 'ready' || m.status === 'failed', 90_000);

    expect(ready.status).toBe('ready');
    expect(ready.parts.map((p) => p.reason)).toEqual(['start', 'program-changed', 'program-changed']);
    // The manifest says whose audio each part mixes.
    const audioOf = (i: number) => ready.parts[i]!.program!.filter((t) => t.kind === 'audio').map((t) => t.siteId);
    expect([audioOf(0), audioOf(1), audioOf(2)]).toEqual([['hall'], ['hall', site.siteId], ['hall']]);
    expect(ready.parts[1]!.program!.find((t) => t.kind === 'video')!.siteId).toBe(site.siteId);

    const levels = await Promise.all(
      ready.parts.map((part) =>
        Promise.all(
          part.segments.map(async (s) => {
            const file = path.join(rec.dir, id, s.file);
            // One audio stream in the archive either way: the HLS transcode takes it as it is.
            expect(codecs(await ffprobe(file))).toEqual(['audio:opus', 'video:vp8']);
            expect(codecs(await ffprobe(path.join(rec.dir, id, 'hls/source', hlsSegmentName(s.file))))).toEqual(['audio:aac', 'video:h264']);
            return { file: s.file, sec: s.durationSec, hall: await toneLevelDb(file, hall), floor: await toneLevelDb(file, floor) };
          }),
        ),
      ),
    );
    console.log(JSON.stringify(levels.map((part) => part.map((l) => `${l.file} ${l.sec}s hall ${l.hall.toFixed(1)} floor ${l.floor.toFixed(1)}`))));
    // Segments of a second or more: a part's last one can be a few frames.
    const [before, during, after] = levels.map((part) => part.filter((l) => l.sec >= 1));
    for (const l of [...before!, ...after!]) {
      expect(l.hall).toBeGreaterThan(present);
      expect(l.floor).toBeLessThan(absent);
    }
    // The hall in every segment of the floor, muted holder or not; the holder in some, and not in
    // the segments wholly inside its mute.
    for (const l of during!) expect(l.hall).toBeGreaterThan(present);
    expect(during!.filter((l) => l.floor > present).length).toBeGreaterThanOrEqual(3);
    expect(during!.filter((l) => l.floor < absent).length).toBeGreaterThanOrEqual(2);
    // Mixed at full level: amix's default would put each voice 6 dB down.
    const mean = (ls: { hall: number }[]) => ls.reduce((n, l) => n + l.hall, 0) / ls.length;
    expect(Math.abs(mean(during!) - mean(before!))).toBeLessThan(2);
  }, 240_000);
});
