import { LienthongError, type ConferenceDetail, type ConferenceSummary, type MediaPath } from '@lienthong/contracts';
import { Router } from 'express';
import { z } from 'zod';
import type { TokenService } from '../../auth/tokens.js';
import type { Database } from '../../db/database.js';
import { getConferenceWithSites, listConferences } from '../../domain/conferences.js';
import type { NodeRegistry } from '../../fleet/node-registry.js';
import type { RoomDirectory } from '../../live/room-directory.js';
import { parse, route } from '../errors.js';

const idParams = z.object({ id: z.uuid() });

export function conferencesRouter(deps: {
  db: Database;
  tokens: TokenService;
  rooms: RoomDirectory;
  fleet: NodeRegistry;
  publicUrl: string;
  siteTokenTtlSeconds: number;
}) {
  const { db, tokens, rooms } = deps;
  const router = Router();

  router.get(
    '/',
    route(async (_req, res) => {
      const items: ConferenceSummary[] = (await listConferences(db.prisma)).map((c) => ({
        ...c,
        scheduledStart: c.scheduledStart.toISOString(),
        scheduledEnd: c.scheduledEnd.toISOString(),
      }));
      res.json({ items });
    }),
  );

  router.get(
    '/:id',
    route(async (req, res) => {
      const { id } = parse(idParams, req.params, 'path');
      const conference = await getConferenceWithSites(db.prisma, id);
      if (!conference) throw new LienthongError('NOT_FOUND', `No conference ${id}`);
      const present = new Map((rooms.find(id)?.snapshot() ?? []).map((s) => [s.siteId, s]));
      const sites = await Promise.all(
        conference.sites.map(async (s) => {
          const token = await tokens.signSite({ sub: s.id, conf: id }, deps.siteTokenTtlSeconds);
          return {
            id: s.id,
            code: s.code,
            name: s.name,
            unit: { id: s.unit.id, name: s.unit.name, tier: s.unit.tierLevel },
            isOrigin: s.isOrigin,
            // The token rides in the fragment so it never reaches a server log.
            joinUrl: `${deps.publicUrl}/join#token=${token}`,
            connected: present.has(s.id),
            nodeId: present.get(s.id)?.nodeId ?? null,
            delegates: present.get(s.id)?.delegates ?? null,
          };
        }),
      );
      const body: ConferenceDetail = {
        id: conference.id,
        title: conference.title,
        status: conference.status,
        hostUnit: conference.hostUnit,
        scheduledStart: conference.scheduledStart.toISOString(),
        scheduledEnd: conference.scheduledEnd.toISOString(),
        siteCount: sites.length,
        sites,
      };
      res.json(body);
    }),
  );

  /** The media path of every present site: its node and, per consumer, whether a site's own producer or a pipe copy feeds it. */
  router.get(
    '/:id/media-path',
    route(async (req, res) => {
      const { id } = parse(idParams, req.params, 'path');
      const room = rooms.find(id);
      const sites = await Promise.all(
        (room?.snapshot() ?? []).map(async (s) => ({
          siteId: s.siteId,
          nodeId: s.nodeId,
          consumers: await Promise.all(
            s.consumers.map(async (c) => ({
              ...c,
              producerOrigin: (await deps.fleet.get(s.nodeId).call('describeProducer', { producerId: c.producerId })).origin,
            })),
          ),
        })),
      );
      res.json({ items: sites } satisfies MediaPath);
    }),
  );

  return router;
}
