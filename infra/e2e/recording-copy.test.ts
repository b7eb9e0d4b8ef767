// A conference recorded for ~20 s: the hall sends VP8 + Opus, the recorder copies them into
// segments and packages HLS. ffprobe judges the result: the archive's segments carry both streams
// as sent (no re-encoding), the HLS playlist plays both and lasts as long as the conference did.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@lienthong/testing/wait';
import { codecs, ffprobe } from '@lienthong/testing/ffprobe';
import { startRecordedConference } from '@lienthong/testing/recorded-conference';

const ports = { controlPlane: 16010, node: { nodeId: 'node-rec-1', localityTags: ['TW'], rtcMinPort: 16020, rtcMaxPort: 16059 }, rtp: [16100, 16149] as [number, number] };

describe('recording a conference', () => {
  let rec: Awaited<ReturnType<typeof startRecordedConference>>;
  beforeAll(async () => {
    rec = await startRecordedConference(ports, { segmentSeconds: 4, jobLockMs: 10_000 });
  });
  afterAll(async () => rec?.stop());

  it('records ~20 s without re-encoding and is ready as HLS with both streams and the right duration', async () => {
    await rec.conference.startHall({ audio: true });
    rec.startRecorder();
    const recording = await rec.conference.plane.recordings.start(rec.conferenceId, null);
    const started = await rec.waitManifest(recording.id, 'the first part to start', (m) => m.parts.length > 0);
    const startedAt = Date.parse(started.parts[0]!.startedAt);

    await new Promise((r) => setTimeout(r, 20_000));
    await rec.conference.stopHallMedia();
    const mediaEndedAt = Date.now();
    await rec.endConference();

    const ready = await rec.waitManifest(recording.id, 'the recording to be ready', (m) => m.status === 'ready' || m.status === 'failed');
    const endToReadySec = (Date.now() - mediaEndedAt) / 1000;
    expect(ready.status, JSON.stringify(ready)).toBe('ready');
    const row = await waitFor('the row to say ready', async () => {
      const r = await rec.db.prisma.recording.findUniqueOrThrow({ where: { id: recording.id } });
      return r.status === 'ready' ? r : undefined;
    });
    expect(row.durationSec).toBeCloseTo(ready.durationSec, 3);

    // The archive: as the hall sent it.
    expect(ready.parts).toHaveLength(1);
    for (const s of ready.parts[0]!.segments) expect(codecs(await ffprobe(path.join(rec.dir, recording.id, s.file)))).toEqual(['audio:opus', 'video:vp8']);

    // The HLS: both streams, and as long as the conference ran while recorded.
    const real = (mediaEndedAt - startedAt) / 1000;
    const source = await ffprobe(path.join(rec.dir, recording.id, ready.renditions[0]!.playlist));
    expect(codecs(source)).toEqual(['audio:aac', 'video:h264']);
    const recorderLog = () => rec.conference.logs.filter((l) => l.startsWith('[recorder]')).slice(-30).join('\n');
    expect(Math.abs(source.format.duration! - real), `${JSON.stringify(ready.parts)}\n${recorderLog()}`).toBeLessThan(1);
    const master = await ffprobe(path.join(rec.dir, recording.id, ready.master!));
    expect(codecs(master)).toEqual(['audio:aac', 'video:h264']);
    expect(Math.abs(ready.durationSec - real)).toBeLessThan(1);
    console.log(JSON.stringify({ realSec: real, recordedSec: ready.durationSec, hlsSec: source.format.duration, segments: ready.parts[0]!.segments.length, endToReadySec }));

    // Then, at lower priority: low and audio-only renditions, poster, chapters.
    const finished = await rec.waitManifest(recording.id, 'the low renditions', (m) => m.renditions.length === 3 && m.poster !== null, 90_000);
    const low = finished.renditions.find((r) => r.name === 'low')!;
    expect(low.height).toBeLessThanOrEqual(360);
    expect(codecs(await ffprobe(path.join(rec.dir, recording.id, low.playlist)))).toEqual(['audio:aac', 'video:h264']);
    const audio = finished.renditions.find((r) => r.name === 'audio')!;
    expect(codecs(await ffprobe(path.join(rec.dir, recording.id, audio.playlist)))).toEqual(['audio:aac']);
    expect(codecs(await ffprobe(path.join(rec.dir, recording.id, finished.poster!)))).toEqual(['video:mjpeg']);
    expect(finished.chapters[0]).toMatchObject({ startSec: 0, kind: 'start' });
  }, 180_000);
});
