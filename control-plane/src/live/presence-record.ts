import { defaultSource, mediaKindSchema, programTrackSchema, siteRoleSchema, trackSourceSchema, type MediaKind, type ProgramTrack, type SiteRole, type TrackSource } from '@lienthong/contracts';
import { z } from 'zod';
import type { RouterKey } from '../planner/model.js';
import { SessionLimits } from './session-limits.js';

export interface SiteIdentity {
  siteId: string;
  siteName: string;
  unitName: string;
  role: SiteRole;
  /** unit codes from the root of the tree down to the site's own unit */
  unitAncestry: string[];
  /** delegates present in the site's hall, as the site reported on joining */
  delegates?: number | null;
}

/** A present site as its room holds it: where it is served and what it holds there. */
export interface Presence extends SiteIdentity {
  sessionId: string;
  /** When this session joined (ISO), and the browser's own id: a second PC must confirm to take over. */
  joinedAt: string;
  device: string | null;
  router: RouterKey;
  nodeId: string;
  transports: Set<string>;
  /** the site's own producers, and whether its node currently forwards each */
  producers: Map<string, { kind: MediaKind; source: TrackSource; forwarding: boolean }>;
  consumers: Map<string, { producerId: string; kind: MediaKind }>;
  /** what the session may still open on its node */
  limits: SessionLimits;
}

export interface ProgramEntry {
  track: ProgramTrack;
  home: RouterKey;
}

/** How a room's sites and program are stored for a successor owner (room-media-store.ts). */
export const presenceFields = { site: 'site:', program: 'program:' } as const;

const presenceRecordSchema = z.object({
  siteId: z.string(),
  siteName: z.string(),
  unitName: z.string(),
  role: siteRoleSchema,
  unitAncestry: z.array(z.string()),
  delegates: z.number().int().nullable().optional(),
  sessionId: z.string(),
  // Records written before takeover checks moved to the owner have neither: read as unknown.
  joinedAt: z.string().default(() => new Date(0).toISOString()),
  device: z.string().nullable().default(null),
  router: z.string(),
  nodeId: z.string(),
  transports: z.array(z.string()),
  producers: z.array(z.object({ producerId: z.string(), kind: mediaKindSchema, source: trackSourceSchema.optional(), forwarding: z.boolean() })),
  consumers: z.array(z.object({ consumerId: z.string(), producerId: z.string(), kind: mediaKindSchema })),
  limits: z.object({
    transports: z.object({ send: z.string().optional(), recv: z.string().optional() }),
    consumerOf: z.record(z.string(), z.string()),
  }),
});
/** Records written before presentations carry no source: such a track is its site's camera or microphone. */
const withSource = (track: unknown) =>
  track && typeof track === 'object' && !('source' in track) && 'kind' in track && mediaKindSchema.safeParse(track.kind).success
    ? { ...track, source: defaultSource(mediaKindSchema.parse(track.kind)) }
    : track;
const programEntrySchema = z.object({ track: z.preprocess(withSource, programTrackSchema), home: z.string() });

export function presenceRecord(p: Presence): z.infer<typeof presenceRecordSchema> {
  return {
    siteId: p.siteId,
    siteName: p.siteName,
    unitName: p.unitName,
    role: p.role,
    unitAncestry: p.unitAncestry,
    delegates: p.delegates,
    sessionId: p.sessionId,
    joinedAt: p.joinedAt,
    device: p.device,
    router: p.router,
    nodeId: p.nodeId,
    transports: [...p.transports],
    producers: [...p.producers].map(([producerId, v]) => ({ producerId, ...v })),
    consumers: [...p.consumers].map(([consumerId, v]) => ({ consumerId, ...v })),
    limits: p.limits.toRecord(),
  };
}

/** A stored presence, or null when it does not parse (that site then rejoins). */
export function restorePresence(raw: unknown): Presence | null {
  const r = presenceRecordSchema.safeParse(raw);
  if (!r.success) return null;
  const { producers, consumers, transports, limits, ...identity } = r.data;
  return {
    ...identity,
    transports: new Set(transports),
    producers: new Map(producers.map(({ producerId, source, ...v }) => [producerId, { ...v, source: source ?? defaultSource(v.kind) }])),
    consumers: new Map(consumers.map(({ consumerId, ...v }) => [consumerId, v])),
    limits: SessionLimits.fromRecord(limits),
  };
}

export function restoreProgramEntry(raw: unknown): ProgramEntry | null {
  const r = programEntrySchema.safeParse(raw);
  return r.success ? r.data : null;
}
