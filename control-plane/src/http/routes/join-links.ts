import { can, joinPath, LienthongError } from '@lienthong/contracts';
import type { Database } from '../../db/database.js';
import { recordAudit } from '../../domain/audit.js';
import { reissueLink } from '../../join-links/join-link-store.js';
import { streamLinksCsv } from '../../join-links/join-link-csv.js';
import { linkPage, type LinkScope } from '../../join-links/link-sites.js';
import type { Guard, Mount } from '../endpoint.js';
import { visibleConference } from './conference-access.js';

export interface JoinLinkDeps {
  db: Database;
  publicUrl: string;
}

/**
 * Join links on demand: whoever runs conferences gets the links of the sites in its scope, a site
 * operator its own site's only. Every issuance is audited; the detail endpoint signs nothing.
 */
export function mountJoinLinkRoutes(mount: Mount, deps: JoinLinkDeps) {
  const { db, publicUrl } = deps;

  async function linkScope(call: Guard, id: string) {
    const { conference, sees } = await visibleConference(db, call, id);
    const { claims } = call.actor;
    if (can(claims.role, 'conferences.run')) return { conference, sees, scope: { root: sees } satisfies LinkScope };
    if (!claims.site) return call.deny('Only the operator of a site gets its join link', id, conference.hostPath);
    return { conference, sees, scope: { root: sees, siteId: claims.site } satisfies LinkScope };
  }
  const audit = (call: Guard, action: string, conferenceId: string, unitPath: string, details: unknown) =>
    recordAudit(db.prisma, { actor: call.actor, action, resourceId: conferenceId, unitPath, outcome: 'done', details });

  mount('joinLinks.list', async (call) => {
    const { conference, sees, scope } = await linkScope(call, call.params.id);
    const page = await linkPage(db.prisma, conference, scope, call.query, publicUrl);
    await audit(call, 'joinLinks.list', conference.id, sees === '/' ? conference.hostPath : sees, {
      sites: page.items.map((l) => l.siteCode),
      offset: call.query.offset,
    });
    return { ...page, limit: call.query.limit, offset: call.query.offset };
  });

  mount('joinLinks.export', async (call) => {
    const { conference, sees, scope } = await linkScope(call, call.params.id);
    const rows = await streamLinksCsv(db.prisma, call.res, conference, scope, publicUrl, `join-links-${conference.id}.csv`);
    await audit(call, 'joinLinks.export', conference.id, sees === '/' ? conference.hostPath : sees, { rows });
    return { rows };
  });

  mount('joinLinks.reissue', async (call) => {
    const { id, siteId } = call.params;
    const { conference } = await visibleConference(db, call, id);
    const invited = await db.prisma.conferenceSite.findUnique({
      where: { conferenceId_siteId: { conferenceId: id, siteId } },
      select: { site: { select: { code: true, name: true, unit: { select: { name: true, path: true } } } } },
    });
    if (!invited) throw new LienthongError('NOT_FOUND', `Site ${siteId} is not invited to conference ${id}`);
    await call.requireScope(invited.site.unit.path, siteId);
    const link = await call.change(async (tx) => {
      const issued = await reissueLink(tx, conference, siteId);
      return {
        result: issued,
        resourceId: id,
        unitPath: invited.site.unit.path,
        details: { siteId, siteCode: invited.site.code, generation: issued.generation, revoked: issued.revoked !== null },
      };
    });
    return {
      siteId,
      siteCode: invited.site.code,
      siteName: invited.site.name,
      unitName: invited.site.unit.name,
      isOrigin: siteId === conference.originSiteId,
      url: `${publicUrl}${joinPath(link.code)}`,
      code: link.code,
      generation: link.generation,
      expiresAt: link.expiresAt.toISOString(),
    };
  });
}
