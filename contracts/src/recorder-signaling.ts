import { z } from 'zod';
import { conferenceStatusSchema } from './api.js';
import { idSchema, mediaKindSchema, transportTupleSchema } from './media.js';
import { recordingStatusSchema } from './recordings.js';
import { uuidSchema } from './paging.js';
import { message } from './rpc.js';
import { renewedTokenSchema } from './tokens.js';
import { cameraTracks, isPresentation, presentationTrack } from './program-tracks.js';
import { programTrackSchema, trackSourceSchema, type ProgramTrack } from './site-signaling.js';

/**
 * Between a recorder process and the control plane (socket.io namespace /recorder, recorder token).
 * The recorder asks for a "tap" of the conference program: plain RTP consumers on the origin
 * router sending to the recorder's UDP ports, which its ffmpeg copies without re-encoding (but
 * for mixing the audio when the program has more than one audio track).
 */
const empty = z.object({});

/**
 * What the recorder's ffmpeg takes as is (copy mode): the router's codecs (sfu/src/media/codecs.ts).
 * No RTP header extensions: ffmpeg has no use for them.
 */
export const recorderRtpCapabilities = {
  codecs: [
    { kind: 'audio', mimeType: 'audio/opus', clockRate: 48000, channels: 2, preferredPayloadType: 100 },
    { kind: 'video', mimeType: 'video/VP8', clockRate: 90000, preferredPayloadType: 101, rtcpFeedback: [{ type: 'nack', parameter: 'pli' }] },
    {
      kind: 'video',
      mimeType: 'video/H264',
      clockRate: 90000,
      preferredPayloadType: 102,
      parameters: { 'packetization-mode': 1, 'profile-level-id': '42e01f', 'level-asymmetry-allowed': 1 },
      rtcpFeedback: [{ type: 'nack', parameter: 'pli' }],
    },
  ],
  headerExtensions: [],
};

/**
 * Audio tracks a recording mixes at most. In practice two: the hall's and the floor holder's; the
 * cap bounds the recorder's ports and ffmpeg's mix (each input is decoded).
 */
export const maxRecordedAudio = 4;

/**
 * The tracks a recording takes from the program: the newest camera, i.e. the floor holder's when a
 * site holds the floor (it joined the program after the hall), else the hall's; and every audio
 * track, mixed by the recorder, so the chair answering in the hall is heard during a floor. Past
 * the cap: the first (the hall's) and the newest. The shared screen, if any, comes after the
 * camera: a second video in the archive (so its coming and going starts a new part). Both sides
 * use it: the control plane to open the tap, the recorder to see when it must change.
 */
export function recordedTracks(program: ProgramTrack[]): ProgramTrack[] {
  const video = cameraTracks(program).slice(-1);
  const presentation = presentationTrack(program);
  const audio = program.filter((t) => t.kind === 'audio');
  const kept = audio.length > maxRecordedAudio ? [audio[0]!, ...audio.slice(1 - maxRecordedAudio)] : audio;
  return [...video, ...(presentation ? [presentation] : []), ...kept];
}

/**
 * What a tap can carry beyond the first contract's camera and audio, so that recorders and control
 * planes of different versions work together during a rolling update. Each side states what it
 * supports; a tap carries what both do. `presentation`: the shared screen, to its own port.
 *
 * On the wire these are plain strings, and a side ignores the ones it does not know: a newer peer's
 * feature never makes an older one refuse the message.
 */
export const tapFeatures = ['presentation'] as const;
export type TapFeature = (typeof tapFeatures)[number];
const tapFeatureListSchema = z
  .array(z.string().max(40))
  .max(20)
  .transform((list) => tapFeatures.filter((f) => list.includes(f)));

/**
 * What a recorder's openTap states it supports. A recorder of the first presentation release sends
 * a presentation port without stating features: its port says it.
 */
export function recorderTapFeatures(request: { features?: readonly TapFeature[]; presentation?: unknown }): TapFeature[] {
  const stated = new Set<TapFeature>(request.features ?? []);
  if (request.presentation !== undefined) stated.add('presentation');
  return tapFeatures.filter((f) => stated.has(f));
}

/**
 * The tracks a tap carries between two sides that agreed on `features`: the recorded tracks
 * (`recordedTracks`), without the shared screen unless both record it. The control plane opens
 * the tap with it; the recorder judges with it whether the program moved (so a screen its control
 * plane cannot tap starts no new part).
 */
export function tappedTracks(program: ProgramTrack[], features: readonly TapFeature[]): ProgramTrack[] {
  const tracks = recordedTracks(program);
  return features.includes('presentation') ? tracks : tracks.filter((t) => !isPresentation(t));
}

/** One consumer of a tap: what ffmpeg's SDP must say to read its RTP. */
export const tapTrackSchema = z.object({
  kind: mediaKindSchema,
  /** a camera or microphone when absent */
  source: trackSourceSchema.optional(),
  producerId: idSchema,
  consumerId: idSchema,
  siteId: idSchema,
  siteName: z.string(),
  /** where the node sends it (the recorder's port given in openTap) */
  port: z.number().int().min(1).max(65535),
  codec: z.object({
    mimeType: z.string().min(1),
    clockRate: z.number().int().positive(),
    channels: z.number().int().positive().optional(),
    payloadType: z.number().int().min(0).max(127),
    /** fmtp parameters (H264's packetization-mode, profile-level-id...) */
    parameters: z.record(z.string(), z.union([z.string(), z.number()])).default({}),
  }),
  ssrc: z.number().int().nonnegative(),
});
export type TapTrack = z.infer<typeof tapTrackSchema>;

/**
 * Where a tap sends: `video`, the recorder's UDP port for the speaker's video; `presentation`, for
 * the shared screen; `audio`, one port per audio track in program order. The recorder offers the
 * cap: the program may change between its look and the tap.
 */
export const tapPortsSchema = z.object({
  video: transportTupleSchema,
  /** absent: a recorder that does not record presentations (the tap then leaves a shared screen out) */
  presentation: transportTupleSchema.optional(),
  audio: z.array(transportTupleSchema).min(1).max(maxRecordedAudio),
});
export type TapPorts = z.infer<typeof tapPortsSchema>;

export const recorderRequests = {
  /** What the recording job follows: go on, make a new part, or finish. */
  recordingState: message(
    // Recording ids are database uuids: anything else is refused before it reaches a uuid column.
    z.object({ recordingId: uuidSchema }),
    z.object({
      recordingId: idSchema,
      conferenceId: idSchema,
      conferenceTitle: z.string(),
      conferenceStatus: conferenceStatusSchema,
      /** the operator stopped the recording (or the conference ended, cancelled) */
      finish: z.boolean(),
      /** the program now; empty when nobody sends (the hall is away) or the room is not on this replica */
      program: z.array(programTrackSchema),
      agenda: z.string().nullable(),
    }),
  ),
  /**
   * Consumers of the tracks both sides can record (`tappedTracks`) to the recorder's ports, paused
   * until `startTap`. The recorder states its features (a presentation feature needs its port);
   * the answer says which ones the tap honours (absent: a control plane older than features, so none).
   */
  openTap: message(
    tapPortsSchema
      .extend({ recordingId: uuidSchema, features: tapFeatureListSchema.optional() })
      .refine((r) => !r.features?.includes('presentation') || r.presentation, { message: 'recording the presentation needs its port', path: ['presentation'] }),
    z.object({ tapId: idSchema, tracks: z.array(tapTrackSchema), features: tapFeatureListSchema.default([]) }),
  ),
  /** ffmpeg listens now: resume the consumers and ask for a keyframe. */
  startTap: message(z.object({ tapId: idSchema }), empty),
  /** A keyframe, so a segment can cut or ffmpeg can recover from a decode error. */
  requestKeyFrame: message(z.object({ tapId: idSchema }), empty),
  closeTap: message(z.object({ tapId: idSchema }), empty),
  /** The recorder's word on a recording; the control plane keeps the row. */
  reportRecording: message(
    z.object({
      recordingId: uuidSchema,
      status: recordingStatusSchema,
      startedAt: z.iso.datetime().optional(),
      endedAt: z.iso.datetime().optional(),
      durationSec: z.number().min(0).optional(),
      error: z.string().max(2000).optional(),
    }),
    empty,
  ),
  /** A fresh token for this recorder (the same name), asked for before the one it holds lapses (service-token.ts). */
  renewToken: message(empty, renewedTokenSchema),
};
export type RecorderRequests = typeof recorderRequests;

/** Pushed to a recorder holding a tap on the conference (no ack). */
export const recorderEvents = {
  programChanged: z.object({ recordingId: idSchema, program: z.array(programTrackSchema) }),
};
