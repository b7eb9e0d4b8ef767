import type { RecordingManifest, Rendition } from '@lienthong/contracts';
import { chapters } from '../chapters/chapters.js';
import { runFfmpeg } from '../ffmpeg/run.js';
import { masterPlaylist } from '../hls/playlist.js';
import { RenditionPackager, segmentInputs } from '../hls/packager.js';
import { posterArgs, renditionSpecs } from '../hls/renditions.js';
import type { JobHandler } from './context.js';

/**
 * After a recording is ready, at lower priority: the low (360p ~300 kbps) and audio-only
 * renditions for weak links, a poster, and chapters (floor changes, agenda items).
 */
export const finishRecording: JobHandler<'finish-recording'> = async (ctx, { recordingId }) => {
  const { storage } = ctx;
  const log = ctx.logger.child({ recordingId });
  let manifest = await storage.readManifest(recordingId);
  if (!manifest || manifest.status !== 'ready') return;
  const state = await ctx.link.call('recordingState', { recordingId });

  const made: Rendition[] = [];
  for (const spec of [renditionSpecs.low, renditionSpecs.audio]) {
    const packager = new RenditionPackager(ctx.ffmpeg, storage, recordingId, spec, ctx.metrics);
    packager.enqueueAll(manifest);
    made.push(await packager.finish(manifest));
    const { mediaSec, wallSec } = packager.speed;
    log.info({ rendition: spec.name, xRealtime: wallSec ? Math.round((mediaSec / wallSec) * 10) / 10 : null }, 'rendition made');
  }
  const renditions = [...manifest.renditions.filter((r) => !made.some((m) => m.name === r.name)), ...made];
  const poster = await makePoster(ctx.ffmpeg, storage.workDir(recordingId), manifest);
  if (poster) await storage.publish(recordingId, poster);
  await storage.writeText(recordingId, 'hls/master.m3u8', masterPlaylist(renditions));
  manifest = {
    ...manifest,
    renditions,
    poster,
    chapters: chapters(manifest, { title: state.conferenceTitle, agenda: state.agenda }),
  };
  await storage.writeManifest(manifest);
  log.info({ renditions: renditions.map((r) => r.name), chapters: manifest.chapters.length }, 'recording finished');
};

/** A frame a tenth of the way in (past the opening seconds), from a segment with video. */
async function makePoster(ffmpeg: string, workDir: string, m: RecordingManifest): Promise<string | null> {
  const withVideo = segmentInputs(m).filter((s) => s.hasVideo);
  if (!withVideo.length) return null;
  const at = m.durationSec / 10;
  const s = withVideo.find((x) => x.startSec + x.durationSec > at) ?? withVideo[0]!;
  const within = Math.max(0, Math.min(s.durationSec / 2, at - s.startSec));
  await runFfmpeg(ffmpeg, posterArgs(s.file, within, 'poster.jpg'), { nice: 10, cwd: workDir });
  return 'poster.jpg';
}
