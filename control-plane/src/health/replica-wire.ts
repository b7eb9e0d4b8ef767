// How replicas tell each other about their sites' health over Redis: site states as small
// arrays, validated with zod on the way in like any other input.
import { healthStatuses, idSchema, wireReceiveLevels } from '@lienthong/contracts';
import { z } from 'zod';
import type { SiteHealthState } from './status.js';

const int = z.number().int();
/** [siteId, version, connected, status, inKbps, outKbps, loss10, rttMs, lastSeen, level, delegates, takenOverAt] */
const entrySchema = z.tuple([
  idSchema,
  int.min(0),
  z.union([z.literal(0), z.literal(1)]),
  int.min(0).max(healthStatuses.length - 1),
  int.min(0),
  int.min(0),
  int.min(0).max(1000),
  int.min(-1),
  int.min(0),
  int.min(-1).max(wireReceiveLevels.length - 1),
  int.min(-1),
  // Absent in a replica of an older version (a rolling update): no takeover known.
  int.min(0).optional(),
]);
type Entry = z.infer<typeof entrySchema>;

/** One replica's changes for one conference in one tick (sent every tick: it doubles as a heartbeat). */
export const replicaMessageSchema = z.object({ r: z.string().min(1).max(64), q: int.min(0), e: z.array(entrySchema) });
/** What the store keeps per site: the replica's last word and which replica said it. */
export const storedEntrySchema = z.object({ o: z.string().min(1).max(64), e: entrySchema });

export function encodeState(s: SiteHealthState): Entry {
  return [
    s.siteId,
    s.version,
    s.connected ? 1 : 0,
    healthStatuses.indexOf(s.status),
    s.inKbps,
    s.outKbps,
    Math.min(1000, s.loss10),
    s.rttMs,
    s.lastSeen,
    s.level ? wireReceiveLevels.indexOf(s.level) : -1,
    s.delegates ?? -1,
    s.takenOverAt,
  ];
}

export function decodeState(e: Entry): SiteHealthState {
  const [siteId, version, connected, status, inKbps, outKbps, loss10, rttMs, lastSeen, level, delegates, takenOverAt] = e;
  return {
    siteId,
    version,
    connected: connected === 1,
    status: healthStatuses[status]!,
    inKbps,
    outKbps,
    loss10,
    rttMs,
    lastSeen,
    level: level < 0 ? null : wireReceiveLevels[level]!,
    delegates: delegates < 0 ? null : delegates,
    takenOverAt: takenOverAt ?? 0,
  };
}
