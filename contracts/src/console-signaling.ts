import { z } from 'zod';
import { consumerParamsSchema, dtlsParametersSchema, idSchema, rtpCapabilitiesSchema, webRtcTransportParamsSchema } from './media.js';
import { uuidSchema } from './paging.js';
import { message } from './rpc.js';
import { receiveLevelSchema } from './site-health.js';
import { linkProfileSchema } from './sites.js';
import { voteConsoleRequests, voteEvents } from './votes.js';
import { opinionConsoleEvents, opinionConsoleRequests } from './opinions.js';

/**
 * Live health of a conference's sites for the operator console (socket.io namespace /console).
 * A console `watch`es a conference and gets a full snapshot, then a `health` delta about once a
 * second (every second, even empty, so a missing sequence number means a lost update: the console
 * watches again for a fresh snapshot). Rows are small arrays and sites are numbered by their place
 * in the snapshot's site table: 15,000 sites' changes fit a few kilobytes a second.
 */

/** Site status, worst last; a row carries its index. */
export const healthStatuses = ['ok', 'degraded', 'bad', 'offline'] as const;
export type HealthStatus = (typeof healthStatuses)[number];
export const wireReceiveLevels = receiveLevelSchema.options;
/** `takenOver`: another PC took the site's session over (its operator confirmed it there). */
export const alertKinds = ['dropped', 'degraded', 'recovered', 'takenOver'] as const;
export type AlertKind = (typeof alertKinds)[number];

const int = (min: number, max: number) => z.number().int().min(min).max(max);
const count = int(0, 10_000_000);

/** The static facts of one site: [id, name, unitName, unitPath, tierLevel, linkProfile]. */
export const consoleSiteSchema = z.tuple([idSchema, z.string(), z.string(), z.string(), int(0, 20), linkProfileSchema]);
export type ConsoleSite = z.infer<typeof consoleSiteSchema>;

/**
 * One site's live state: [site index, status, connected (0/1), in kbit/s, out kbit/s, loss in
 * tenths of %, RTT ms (-1 unknown), last seen in s since the snapshot's `base` (-1 never), receive
 * level index (-1 none), delegates (-1 not reported)].
 */
export const healthRowSchema = z.tuple([
  int(0, 1_000_000),
  int(0, healthStatuses.length - 1),
  int(0, 1),
  count,
  count,
  int(0, 1000),
  int(-1, 600_000),
  int(-1, 100_000_000),
  int(-1, wireReceiveLevels.length - 1),
  int(-1, 1_000_000),
]);
export type HealthRow = z.infer<typeof healthRowSchema>;

/** [sites connected, sites expected, delegates reported by connected sites] in the console's scope. */
export const healthCountsSchema = z.tuple([count, count, count]);
export type HealthCounts = z.infer<typeof healthCountsSchema>;

/** [site index, kind index, s since `base`]. */
export const healthAlertSchema = z.tuple([int(0, 1_000_000), int(0, alertKinds.length - 1), int(0, 100_000_000)]);
export type HealthAlert = z.infer<typeof healthAlertSchema>;

export const healthSnapshotSchema = z.object({
  conferenceId: idSchema,
  /** The delta after this snapshot carries seq + 1. */
  seq: int(0, Number.MAX_SAFE_INTEGER),
  /** Epoch ms that row and alert times count from. */
  base: z.number().int().min(0),
  /** The tiers' names by level, for the filters. */
  tiers: z.array(z.tuple([int(0, 20), z.string()])),
  sites: z.array(consoleSiteSchema),
  /** Sites never seen are absent: offline, never connected. */
  rows: z.array(healthRowSchema),
  counts: healthCountsSchema,
  /** The latest alerts, oldest first. */
  alerts: z.array(healthAlertSchema),
});
export type HealthSnapshot = z.infer<typeof healthSnapshotSchema>;

/**
 * Thumbnails: a console shows live pictures of the tiles on its screen only. It declares which
 * sites it wants (`setPreviews`, the whole set each time, at most `maxPreviews`); the control
 * plane reconciles: it pushes `previewStarted` with a consumer (paused until the console resumes
 * it) when a wanted site's camera is there, `previewStopped` when it goes, and starts it again by
 * itself when the site comes back. A previewed site sends its camera, not its microphone, and the
 * console receives its lowest simulcast layer.
 */
export const maxPreviews = 12;
// Database ids are uuids: anything else is refused here, before it reaches a uuid column.
const conference = z.object({ conferenceId: uuidSchema });
const empty = z.object({});

export const consoleRequests = {
  /** Start following a conference's site health; answers the snapshot deltas then build on. */
  watch: message(conference, healthSnapshotSchema),
  unwatch: message(conference, empty),
  /** Places this console's thumbnail receiver on a media node of the conference; answers the router's codecs. */
  openPreviews: message(conference, z.object({ routerRtpCapabilities: rtpCapabilitiesSchema })),
  /** The receive transport, for a console whose device supports the codecs it sends. */
  createPreviewTransport: message(conference.extend({ rtpCapabilities: rtpCapabilitiesSchema }), webRtcTransportParamsSchema),
  connectPreviewTransport: message(conference.extend({ dtlsParameters: dtlsParametersSchema }), empty),
  /** The sites whose thumbnails this console shows now; answers those in its scope that it will get when they send. */
  setPreviews: message(conference.extend({ siteIds: z.array(uuidSchema).max(maxPreviews) }), z.object({ siteIds: z.array(idSchema) })),
  /** The console made the consumer `previewStarted` announced: the node may start forwarding it. */
  resumePreview: message(conference.extend({ consumerId: idSchema }), empty),
  closePreviews: message(conference, empty),
  ...voteConsoleRequests,
  ...opinionConsoleRequests,
};
export type ConsoleRequests = typeof consoleRequests;

/** Events the control plane pushes to a console (no ack). */
export const consoleEvents = {
  health: z.object({ conferenceId: idSchema, seq: int(0, Number.MAX_SAFE_INTEGER), rows: z.array(healthRowSchema), counts: healthCountsSchema }),
  alert: z.object({ conferenceId: idSchema, alerts: z.array(healthAlertSchema) }),
  previewStarted: conference.extend({ siteId: idSchema, consumer: consumerParamsSchema }),
  previewStopped: conference.extend({ siteId: idSchema }),
  /** The thumbnail receiver's media node went away: open the previews again. */
  previewsLost: conference,
  /**
   * Sent just before the control plane cuts this socket because its access token no longer
   * stands: `expired` (reconnect with a fresh token), `revoked` (a logout or a new password:
   * refreshing fails, the person signs in again).
   */
  accessEnded: z.object({ reason: z.enum(['expired', 'revoked']) }),
  ...voteEvents,
  ...opinionConsoleEvents,
};
export type ConsoleEventName = keyof typeof consoleEvents;
export type ConsoleEvent<K extends ConsoleEventName> = z.infer<(typeof consoleEvents)[K]>;
