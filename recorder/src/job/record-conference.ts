import { recordedTracks, type RecordingManifest, type RecordingPart } from '@lienthong/contracts';
import path from 'node:path';
import { masterPlaylist } from '../hls/playlist.js';
import { RenditionPackager, segmentInputs } from '../hls/packager.js';
import { presentationInputs, recordedPresentation } from '../hls/presentation.js';
import { presentationSpec, renditionSpecs, type RenditionSpec, type SegmentInput } from '../hls/renditions.js';
import { allSegments, newManifest, partDir } from '../segments/manifest.js';
import { waitForPreviousFfmpeg } from '../segments/previous-ffmpeg.js';
import { recoverLastPart } from '../segments/recover.js';
import { sleep, type JobHandler } from './context.js';
import { recordPart } from './record-part.js';

/**
 * Records a conference until it ends: parts of copied segments while the program has tracks,
 * each finished segment also made into the source HLS rendition right away (low priority), so
 * when the conference ends only the last segment is left to package before the recording plays.
 * Run again after a crash, it finds the manifest and continues with a new part.
 */
export const recordConference: JobHandler<'record-conference'> = async (ctx, { recordingId, conferenceId }) => {
  const { storage, link } = ctx;
  const log = ctx.logger.child({ recordingId, conferenceId });
  const workDir = storage.workDir(recordingId);
  const source = new RenditionPackager(ctx.ffmpeg, storage, recordingId, renditionSpecs.source, ctx.metrics);
  const slides = new RenditionPackager(ctx.ffmpeg, storage, recordingId, presentationSpec, ctx.metrics, presentationInputs);

  let manifest = (await storage.readManifest(recordingId)) ?? newManifest(recordingId, conferenceId);
  let reason: RecordingPart['reason'] = 'start';
  if (manifest.status === 'recording' && manifest.parts.length) {
    await waitForPreviousFfmpeg(path.join(workDir, partDir(manifest.parts.at(-1)!.index)), ctx.config.RTP_LISTEN_IP);
    manifest = await recoverLastPart(manifest, workDir);
    reason = 'resumed-after-crash';
    ctx.metrics.recordingResumed();
    log.warn({ parts: manifest.parts.length, durationSec: manifest.durationSec }, 'resuming a recording after a crash');
  }
  const packaged = new Set<string>();
  const enqueueNew = (packager: RenditionPackager<RenditionSpec['name']>, segments: SegmentInput[]) => {
    for (const s of segments) {
      const key = `${packager.spec.name}:${s.file}`;
      if (packaged.has(key)) continue;
      packaged.add(key);
      packager.enqueue(s);
    }
  };
  const save = async (m: RecordingManifest) => {
    await storage.writeManifest(m);
    enqueueNew(source, segmentInputs(m));
    enqueueNew(slides, presentationInputs(m));
  };

  try {
    if (manifest.status === 'pending' || manifest.status === 'recording') {
      await save((manifest = { ...manifest, status: 'recording' }));
      await link.call('reportRecording', { recordingId, status: 'recording', startedAt: manifest.parts[0]?.startedAt ?? new Date().toISOString() });
      manifest = await recordUntilFinished(ctx, recordingId, manifest, reason, save, log);
    }
    if (manifest.status === 'ready' || manifest.status === 'failed') return;
    if (!allSegments(manifest).length) throw new Error('nothing was recorded: the program never had a track');

    const endedAt = manifest.parts.at(-1)?.endedAt ?? new Date().toISOString();
    await save((manifest = { ...manifest, status: 'processing' }));
    await link.call('reportRecording', { recordingId, status: 'processing', endedAt, durationSec: manifest.durationSec });
    const rendition = await source.finish(manifest);
    await storage.writeText(recordingId, 'hls/master.m3u8', masterPlaylist([rendition]));
    const presentation = presentationInputs(manifest).length ? await recordedPresentation(slides, manifest) : null;
    await save((manifest = { ...manifest, status: 'ready', renditions: [rendition], master: 'hls/master.m3u8', presentation }));
    await link.call('reportRecording', { recordingId, status: 'ready', endedAt, durationSec: manifest.durationSec });
    log.info({ durationSec: manifest.durationSec, parts: manifest.parts.length }, 'recording ready');
    await ctx.enqueueFinish({ recordingId, conferenceId });
  } catch (err) {
    const error = (err as Error).message;
    log.error({ error }, 'recording failed');
    await storage.writeManifest({ ...manifest, status: 'failed' }).catch(() => undefined);
    await link.call('reportRecording', { recordingId, status: 'failed', error }).catch(() => undefined);
    throw err;
  }
};

/** Parts, one after another, until the control plane says the recording is to finish. */
async function recordUntilFinished(
  ctx: Parameters<JobHandler<'record-conference'>>[0],
  recordingId: string,
  start: RecordingManifest,
  firstReason: RecordingPart['reason'],
  save: (m: RecordingManifest) => Promise<void>,
  log: typeof ctx.logger,
): Promise<RecordingManifest> {
  let manifest = start;
  let reason = firstReason;
  for (;;) {
    const state = await ctx.link.call('recordingState', { recordingId }).catch((err: Error) => {
      log.warn({ err: err.message }, 'control plane not answering; retrying');
      return null;
    });
    if (state?.finish) return manifest;
    if (!state || !recordedTracks(state.program).length) {
      // Nothing to record now (the hall is away, or the control plane is): a pause, not an end.
      await sleep(500);
      continue;
    }
    try {
      const part = await recordPart(ctx, recordingId, manifest, reason, { saved: save });
      const recordedNothing = part.manifest.parts.length === manifest.parts.length;
      manifest = part.manifest;
      if (part.end === 'finish') return manifest;
      if (part.end === 'nothing') await sleep(500);
      else if (!recordedNothing || part.end === 'crashed') reason = part.end === 'crashed' ? 'resumed-after-crash' : 'program-changed';
      // ffmpeg ending at once again and again (a crash, or no media coming) must not spin.
      if ((part.end === 'crashed' || part.end === 'media-stopped') && recordedNothing) await sleep(1000);
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'part could not run; trying again');
      await sleep(1000);
    }
  }
}
