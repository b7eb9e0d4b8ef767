// The bench's data: a PostgreSQL database of its own holding the synthetic nation of 2025 (63
// provinces, 15,345 sites) and one open national conference, from the central hall to every site.
import { openDatabase } from '../../src/db/database.js';
import { loadNation } from '../../src/seed/load-nation.js';
import { generateNation, NATIONAL_2025, type SyntheticSite } from '../../src/seed/synthetic-nation.js';
import { createScratchDatabase } from '@lienthong/testing/postgres';

export interface NationConference {
  databaseUrl: string;
  conferenceId: string;
  rootUnitId: string;
  /** The codes of the provinces (the media nodes' locality tags are made of them). */
  provinceCodes: string[];
  hall: SyntheticSite;
  /** Every other invited site, in the order the bench lets them arrive (spread over the tree). */
  sites: SyntheticSite[];
  drop(): Promise<void>;
}

const FOUR_HOURS_MS = 4 * 3600_000;

export async function createNationConference(): Promise<NationConference> {
  const database = await createScratchDatabase();
  try {
    const nation = generateNation(NATIONAL_2025);
    const root = nation.units.find((u) => u.parentId === null)!;
    const hall = nation.sites.find((s) => s.unitId === root.id)!;
    const db = await openDatabase({ databaseUrl: database.url });
    let conferenceId: string;
    try {
      await loadNation(db.prisma, nation);
      const start = new Date(Date.now() - 60_000);
      ({ id: conferenceId } = await db.prisma.conference.create({
        data: {
          title: 'Hội nghị toàn quốc (bench:national)',
          hostUnitId: root.id,
          originSiteId: hall.id,
          status: 'open',
          scheduledStart: start,
          scheduledEnd: new Date(start.getTime() + FOUR_HOURS_MS),
        },
        select: { id: true },
      }));
      await db.prisma.conferenceSite.createMany({ data: nation.sites.map((s) => ({ conferenceId, siteId: s.id })) });
    } finally {
      await db.close();
    }
    return {
      databaseUrl: database.url,
      conferenceId,
      rootUnitId: root.id,
      provinceCodes: nation.units.filter((u) => u.tierLevel === 1).map((u) => u.code),
      hall,
      sites: interleave(nation.sites.filter((s) => s !== hall)),
      drop: database.drop,
    };
  } catch (err) {
    await database.drop();
    throw err;
  }
}

/**
 * The sites in a stride order, so that any prefix (a bench of 2,000 out of 15,344) reaches every
 * province rather than the first few: the generator lists them province by province.
 */
function interleave<T>(items: T[], stride = 97): T[] {
  const out: T[] = [];
  for (let start = 0; start < stride; start++) for (let i = start; i < items.length; i += stride) out.push(items[i]!);
  return out;
}
