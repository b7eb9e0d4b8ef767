import { z } from 'zod';
import { idSchema } from './media.js';
import { trackSourceSchema } from './site-signaling.js';

/**
 * A conference recording as the recorder leaves it in storage and the replay library reads it.
 * Storage holds one directory per recording (`<recordingId>/`) with `manifest.json` (this schema)
 * next to its media; every path in the manifest is relative to that directory. The recorder
 * rewrites the manifest atomically (write + rename) after each finished segment, so a reader
 * never sees a half-written one and a crash loses at most the segment being written.
 */
export const recordingStatusSchema = z.enum([
  /** asked for, no worker has started it yet */
  'pending',
  /** segments are being written */
  'recording',
  /** the conference ended: playlists, renditions, poster and chapters are being made */
  'processing',
  /** the source playlist plays; `renditions` says which lower ones exist too */
  'ready',
  'failed',
]);
export type RecordingStatus = z.infer<typeof recordingStatusSchema>;

const relativePath = z
  .string()
  .min(1)
  .refine((p) => !p.startsWith('/') && !p.split('/').includes('..'), 'must be a path inside the recording directory');

/** One finished segment: a few seconds of program, playable on its own. */
export const recordingSegmentSchema = z.object({
  file: relativePath,
  /** seconds from the start of the recording (not of the part) */
  startSec: z.number().min(0),
  durationSec: z.number().positive(),
});
export type RecordingSegment = z.infer<typeof recordingSegmentSchema>;

/**
 * A continuous stretch recorded by one ffmpeg run. A new part starts when the program's tracks
 * change (floor given or taken), or when a worker resumes the recording after a crash.
 */
export const recordingPartSchema = z.object({
  index: z.number().int().min(0),
  reason: z.enum(['start', 'program-changed', 'resumed-after-crash']),
  startedAt: z.iso.datetime(),
  endedAt: z.iso.datetime().nullable(),
  segments: z.array(recordingSegmentSchema),
  /**
   * Whose tracks this part records: one video (the floor holder's, else the hall's; chapters come
   * from it) and every audio track, several of them mixed into the archive's one audio stream
   * (the hall's and the floor holder's), and the presentation when a screen is shared (a second
   * video stream of the part's segments, after the camera's). Optional: added after v1's first
   * readers; so is `source` (absent: a camera or a microphone).
   */
  program: z.array(z.object({ siteId: idSchema, siteName: z.string(), kind: z.enum(['audio', 'video']), source: trackSourceSchema.optional() })).optional(),
});
export type RecordingPart = z.infer<typeof recordingPartSchema>;

export const renditionSchema = z.object({
  name: z.enum(['source', 'low', 'audio']),
  /** media playlist (HLS VOD) */
  playlist: relativePath,
  /** peak bits per second, for the master playlist */
  bandwidth: z.number().int().positive(),
  width: z.number().int().positive().optional(),
  height: z.number().int().positive().optional(),
  /** RFC 6381 codecs string, e.g. 'avc1.42e01f,opus' */
  codecs: z.string(),
});
export type Rendition = z.infer<typeof renditionSchema>;

export const chapterSchema = z.object({
  startSec: z.number().min(0),
  title: z.string(),
  kind: z.enum(['floor', 'agenda', 'start']),
});
export type Chapter = z.infer<typeof chapterSchema>;

/**
 * A stretch of the recording (`startSec`, `durationSec`, on the recording's timeline) while a
 * screen was shared, and where it begins in the presentation's own playlist (`atSec`): that
 * playlist holds only the shared stretches, laid end to end.
 */
export const presentationSpanSchema = z.object({
  startSec: z.number().min(0),
  durationSec: z.number().positive(),
  atSec: z.number().min(0),
});
export type PresentationSpan = z.infer<typeof presentationSpanSchema>;

/** The shared screen as recorded: its own HLS playlist (video only) beside the program's. */
export const recordedPresentationSchema = z.object({
  playlist: relativePath,
  width: z.number().int().positive().optional(),
  height: z.number().int().positive().optional(),
  codecs: z.string(),
  spans: z.array(presentationSpanSchema),
});
export type RecordedPresentation = z.infer<typeof recordedPresentationSchema>;

export const recordingManifestSchema = z.object({
  version: z.literal(1),
  recordingId: idSchema,
  conferenceId: idSchema,
  status: recordingStatusSchema,
  parts: z.array(recordingPartSchema),
  renditions: z.array(renditionSchema),
  /** HLS master playlist over the renditions, once the recording is ready */
  master: relativePath.nullable(),
  poster: relativePath.nullable(),
  chapters: z.array(chapterSchema),
  durationSec: z.number().min(0),
  /** Absent or null: no screen was shared while recording (or not yet packaged). */
  presentation: recordedPresentationSchema.nullable().optional(),
});
export type RecordingManifest = z.infer<typeof recordingManifestSchema>;
