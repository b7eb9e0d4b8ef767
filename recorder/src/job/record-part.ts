import { maxRecordedAudio, tappedTracks, tapFeatures, type ProgramTrack, type RecordingManifest, type RecordingPart, type TapFeature } from '@lienthong/contracts';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { archiveExtension, tapSdp } from '../ffmpeg/sdp.js';
import { nextKeyFrameDelay } from '../ffmpeg/segment-clock.js';
import { Segmenter } from '../ffmpeg/segmenter.js';
import { addSegments, allSegments, endPart, partDir, startPart } from '../segments/manifest.js';
import { parseSegmentList } from '../segments/segment-list.js';
import { partInput } from '../tap/part-input.js';
import { freePorts } from '../tap/udp-ports.js';
import { sleep, type JobContext } from './context.js';

/** Why a part ended; `media-stopped`: no packet for a while (ffmpeg ended its input). */
export type PartEnd = 'program-changed' | 'media-stopped' | 'finish' | 'crashed' | 'nothing';

export interface PartHooks {
  /** the manifest changed (a segment finished, the part began or ended): save it */
  saved(m: RecordingManifest): Promise<void>;
}

/**
 * Whether the program still has the tracks the tap carries, judged by what the control plane can
 * tap (`features` of its answer): a screen that an older control plane does not tap starts no new
 * part (else a shared screen would end every part as soon as it began).
 */
export const sameTracks = (program: ProgramTrack[], producerIds: string[], features: readonly TapFeature[]) => {
  const now = tappedTracks(program, features).map((t) => t.producerId);
  return now.length === producerIds.length && now.every((id) => producerIds.includes(id));
};

/**
 * One part: a tap of the program, one ffmpeg copying it into segments (mixing the audio when the
 * tap has several audio tracks; a shared screen is a second video stream), until the recorded tracks change (floor given or taken, the hall
 * away), the recording is to finish, or ffmpeg dies.
 */
export async function recordPart(ctx: JobContext, recordingId: string, start: RecordingManifest, reason: RecordingPart['reason'], hooks: PartHooks) {
  const { config, link, logger } = ctx;
  // The camera, the shared screen, and the audio tracks.
  const offered = await freePorts(config.RTP_LISTEN_IP, config.RTP_MIN_PORT, config.RTP_MAX_PORT, 2 + maxRecordedAudio);
  const ip = config.RTP_ANNOUNCED_IP ?? config.RTP_LISTEN_IP;
  const [video, presentation, ...audio] = offered.map((port) => ({ ip, port }));
  // This recorder states what it records; the answer says what this control plane taps.
  const tap = await link.call('openTap', { recordingId, video: video!, presentation, audio, features: [...tapFeatures] });
  const closeTap = () => link.call('closeTap', { tapId: tap.tapId }).catch(() => undefined);
  if (!tap.tracks.length) {
    await closeTap();
    return { manifest: start, end: 'nothing' as PartEnd };
  }

  let manifest = start;
  const index = start.parts.length;
  const dir = path.join(ctx.storage.workDir(recordingId), partDir(index));
  await mkdir(dir, { recursive: true });
  const log = logger.child({ part: index });
  const input = await partInput(tap.tracks, config, offered).catch(async (err: unknown) => {
    await closeTap();
    throw err;
  });

  // Finished segments into the manifest, one read at a time. The part enters the manifest with
  // its first segment: a part that never got one (no media came) leaves no trace.
  let startedAt = new Date();
  let reading = Promise.resolve();
  const readList = () =>
    (reading = reading.then(async () => {
      const finished = parseSegmentList(await readFile(path.join(dir, 'segments.csv'), 'utf8').catch(() => ''));
      if (!finished.length) return;
      const withPart = manifest === start ? startPart(start, reason, tap.tracks, startedAt) : manifest;
      const next = addSegments(withPart, finished);
      if (next === manifest) return;
      ctx.metrics.segmentsWritten(allSegments(next).length - allSegments(withPart).length);
      await hooks.saved((manifest = next));
    }));

  let lastKeyFrame = 0;
  // Asked for by ffmpeg's complaints at most once a second; at a segment boundary always.
  const keyFrame = (atBoundary = false) => {
    if (!atBoundary && Date.now() - lastKeyFrame < 1000) return;
    lastKeyFrame = Date.now();
    link.call('requestKeyFrame', { tapId: tap.tapId }).catch((err: Error) => log.warn({ err: err.message }, 'keyframe request failed'));
  };

  const segmenter = await Segmenter.start({
    ffmpeg: ctx.ffmpeg,
    rtp: { ip: input.ip, ports: input.tracks.map((t) => t.port) },
    dir,
    sdp: tapSdp(input.tracks, input.ip),
    extension: archiveExtension(tap.tracks),
    segmentSeconds: config.SEGMENT_SECONDS,
    audioStreams: tap.tracks.filter((t) => t.kind === 'audio').length,
    onTrouble: (line) => {
      log.debug({ line }, 'ffmpeg reports missing data: asking for a keyframe');
      keyFrame();
    },
    // ffmpeg runs at -loglevel warning: what it says matters.
    onLog: (line) => log.info({ line }, 'ffmpeg'),
  }).catch(async (err: unknown) => {
    input.close();
    await closeTap();
    throw err;
  });
  const producerIds = tap.tracks.map((t) => t.producerId);
  let end: PartEnd | null = null;
  const changed = ({ recordingId: id, program }: { recordingId: string; program: ProgramTrack[] }) => {
    if (id === recordingId && !sameTracks(program, producerIds, tap.features)) end ??= 'program-changed';
  };
  link.on('programChanged', changed);
  void segmenter.exited.then(({ stopped, code }) => {
    if (!stopped) end ??= code === 0 ? 'media-stopped' : 'crashed';
  });
  let reader: NodeJS.Timeout | undefined;
  let boundary: NodeJS.Timeout | undefined;
  // A keyframe for every segment boundary, so each segment is cut at its nominal length (a
  // keyframe goes to every viewer too: one per segment is a usual keyframe interval anyway).
  const keyFrameAtBoundaries = () => {
    boundary = setTimeout(() => {
      keyFrame(true);
      keyFrameAtBoundaries();
    }, nextKeyFrameDelay(startedAt.getTime(), Date.now(), config.SEGMENT_SECONDS));
  };
  try {
    // ffmpeg binds its ports within moments; then the consumers start, with a keyframe. The part
    // starts (wall time) when the media does.
    await sleep(300);
    await link.call('startTap', { tapId: tap.tapId });
    startedAt = new Date();
    reader = setInterval(() => void readList().catch((err: Error) => log.warn({ err: err.message }, 'segment list unreadable')), 500);
    keyFrameAtBoundaries();
    log.info({ reason, tracks: tap.tracks.map((t) => `${t.kind}:${t.siteName}`), features: tap.features }, 'part started');
    while (!end) {
      await sleep(250);
      if (end) break;
      const state = await link.call('recordingState', { recordingId }).catch(() => null);
      if (state?.finish) end = 'finish';
      else if (state && !sameTracks(state.program, producerIds, tap.features)) end = 'program-changed';
    }
  } finally {
    link.off('programChanged', changed);
    clearInterval(reader);
    clearTimeout(boundary);
    await segmenter.stop();
    input.close();
    await closeTap();
    // The segment closed by the stop (maybe the part's only one) is listed by now.
    await readList();
    if (manifest !== start) await hooks.saved((manifest = endPart(manifest, new Date())));
  }
  log.info({ end, segments: manifest.parts.at(-1)?.segments.length }, 'part ended');
  ctx.metrics.ffmpegExited(end);
  return { manifest, end: end as PartEnd };
}
