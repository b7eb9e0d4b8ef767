// Which sites' links a caller may have, a page at a time, with their live links.
import type { JoinLink, PageQuery } from '@lienthong/contracts';
import { joinPath } from '@lienthong/contracts';
import { unitSubtreeWhere } from '../domain/conferences.js';
import { textSearch } from '../domain/like.js';
import type { Prisma } from '../generated/prisma/client.js';
import { liveLinks } from './join-link-store.js';

/** The sites a caller may have links for: a subtree of the conference's sites, or one site (a site operator's). */
export type LinkScope = { root: string; siteId?: string };

export interface LinkConference {
  id: string;
  scheduledEnd: Date;
  originSiteId: string;
}

const where = (conferenceId: string, scope: LinkScope, q?: string): Prisma.ConferenceSiteWhereInput => ({
  conferenceId,
  ...(scope.siteId ? { siteId: scope.siteId } : {}),
  site: { ...(scope.root === '/' ? {} : { unit: unitSubtreeWhere(scope.root) }), ...textSearch(['code', 'name'], q) },
});

/** One page of join links (by site code), issuing the missing ones. */
export async function linkPage(
  prisma: Prisma.TransactionClient,
  conference: LinkConference,
  scope: LinkScope,
  page: Pick<PageQuery, 'limit' | 'offset' | 'q'>,
  publicUrl: string,
): Promise<{ items: JoinLink[]; total: number }> {
  const filter = where(conference.id, scope, page.q);
  const [total, rows] = await Promise.all([
    prisma.conferenceSite.count({ where: filter }),
    prisma.conferenceSite.findMany({
      where: filter,
      orderBy: { site: { code: 'asc' } },
      skip: page.offset,
      take: page.limit,
      select: { site: { select: { id: true, code: true, name: true, unit: { select: { name: true } } } } },
    }),
  ]);
  const links = await liveLinks(prisma, conference, rows.map((r) => r.site.id));
  const items = rows.map(({ site }) => {
    const link = links.get(site.id)!;
    return {
      siteId: site.id,
      siteCode: site.code,
      siteName: site.name,
      unitName: site.unit.name,
      isOrigin: site.id === conference.originSiteId,
      url: `${publicUrl}${joinPath(link.code)}`,
      code: link.code,
      generation: link.generation,
      expiresAt: link.expiresAt.toISOString(),
    };
  });
  return { items, total };
}
