// A small four-tier organisation with one site per unit and one open national conference, for
// demos and tests. Idempotent: rows are found by their code and left as they are when present.
import type { LinkProfile, Prisma, PrismaClient } from '../generated/prisma/client.js';

const TIERS = ['Trung ương', 'Tỉnh/Thành phố', 'Quận/Huyện', 'Xã/Phường'];
/** Delegates a site's hall seats, by tier. */
const CAPACITY_BY_TIER = [300, 150, 80, 40];

interface DemoUnit {
  code: string;
  name: string;
  link: LinkProfile;
  children?: DemoUnit[];
}

const DEMO_TREE: DemoUnit = {
  code: 'TW',
  name: 'Văn phòng Trung ương',
  link: 'fibre',
  children: [
    {
      code: 'HN',
      name: 'Thành phố Hà Nội',
      link: 'fibre',
      children: [
        {
          code: 'HN-BD',
          name: 'Quận Ba Đình',
          link: 'fibre',
          children: [
            { code: 'HN-BD-DB', name: 'Phường Điện Biên', link: 'fibre' },
            { code: 'HN-BD-KM', name: 'Phường Kim Mã', link: 'dsl' },
          ],
        },
        {
          code: 'HN-HK',
          name: 'Quận Hoàn Kiếm',
          link: 'fibre',
          children: [
            { code: 'HN-HK-HB', name: 'Phường Hàng Bạc', link: 'dsl' },
            { code: 'HN-HK-TT', name: 'Phường Tràng Tiền', link: 'fibre' },
          ],
        },
      ],
    },
    {
      code: 'DN',
      name: 'Thành phố Đà Nẵng',
      link: 'fibre',
      children: [
        {
          code: 'DN-HC',
          name: 'Quận Hải Châu',
          link: 'fibre',
          children: [
            { code: 'DN-HC-TT', name: 'Phường Thạch Thang', link: 'cellular_4g' },
            { code: 'DN-HC-HCB', name: 'Phường Hòa Cường Bắc', link: 'dsl' },
          ],
        },
        {
          code: 'DN-HV',
          name: 'Huyện Hòa Vang',
          link: 'dsl',
          children: [
            // Mountain communes: the weak links the low-bandwidth mode exists for.
            { code: 'DN-HV-HB', name: 'Xã Hòa Bắc', link: 'satellite' },
            { code: 'DN-HV-HP', name: 'Xã Hòa Phong', link: 'cellular_3g' },
          ],
        },
      ],
    },
  ],
};

const HALL = { code: 'TW-HALL', name: 'Hội trường Trung ương' };
export const DEMO_CONFERENCE_TITLE = 'Hội nghị trực tuyến toàn quốc (demo)';
const DEMO_DURATION_MS = 3 * 60 * 60 * 1000;
// Two control planes starting on one empty database must not both create the conference.
const SEED_LOCK_KEY = 0x6c74_5345; // "ltSE"

export interface DemoSeed {
  conferenceId: string;
  hallSiteId: string;
  /** In unit-tree order, the hall first. */
  sites: { id: string; code: string; name: string; unitCode: string }[];
}

export async function seedDemo(prisma: PrismaClient): Promise<DemoSeed> {
  return prisma.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SEED_LOCK_KEY})`;
      for (const [level, name] of TIERS.entries()) {
        await tx.tier.upsert({ where: { level }, create: { level, name }, update: {} });
      }
      const sites: DemoSeed['sites'] = [];
      await seedUnit(tx, DEMO_TREE, null, sites);
      const hall = sites[0]!;
      const conferenceId = await seedConference(tx, hall.id, sites.map((s) => s.id));
      return { conferenceId, hallSiteId: hall.id, sites };
    },
    { timeout: 60_000 },
  );
}

async function seedUnit(
  tx: Prisma.TransactionClient,
  demo: DemoUnit,
  parent: { id: string; path: string; tierLevel: number } | null,
  sites: DemoSeed['sites'],
): Promise<void> {
  const tierLevel = parent ? parent.tierLevel + 1 : 0;
  const path = `${parent?.path ?? '/'}${demo.code}/`;
  const unit = await tx.unit.upsert({
    where: { code: demo.code },
    create: { code: demo.code, name: demo.name, tierLevel, parentId: parent?.id ?? null, path },
    update: {},
    select: { id: true, path: true, tierLevel: true },
  });

  const { code, name } = parent ? { code: `DC-${demo.code}`, name: `Điểm cầu ${demo.name}` } : HALL;
  const site = await tx.site.upsert({
    where: { code },
    create: {
      code,
      name,
      unitId: unit.id,
      linkProfile: demo.link,
      delegateCapacity: CAPACITY_BY_TIER[tierLevel] ?? CAPACITY_BY_TIER.at(-1)!,
    },
    update: {},
    select: { id: true, code: true, name: true },
  });
  sites.push({ ...site, unitCode: demo.code });

  for (const child of demo.children ?? []) await seedUnit(tx, child, unit, sites);
}

async function seedConference(tx: Prisma.TransactionClient, hallSiteId: string, siteIds: string[]): Promise<string> {
  const hostUnit = await tx.unit.findUniqueOrThrow({ where: { code: DEMO_TREE.code }, select: { id: true } });
  // Conferences have no natural key: the demo one is the one with its title at its host.
  const existing = await tx.conference.findFirst({
    where: { title: DEMO_CONFERENCE_TITLE, hostUnitId: hostUnit.id },
    select: { id: true },
  });
  const start = new Date(Math.floor(Date.now() / 60_000) * 60_000);
  const { id } =
    existing ??
    (await tx.conference.create({
      data: {
        title: DEMO_CONFERENCE_TITLE,
        hostUnitId: hostUnit.id,
        originSiteId: hallSiteId,
        status: 'open',
        scheduledStart: start,
        scheduledEnd: new Date(start.getTime() + DEMO_DURATION_MS),
      },
      select: { id: true },
    }));
  await tx.conferenceSite.createMany({
    data: siteIds.map((siteId) => ({ conferenceId: id, siteId })),
    skipDuplicates: true,
  });
  return id;
}
