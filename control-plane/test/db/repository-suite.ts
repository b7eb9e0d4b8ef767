// One suite for the migrator, the repositories and the demo seed, run by one test file per
// database kind (PGlite and a PostgreSQL server): both must behave the same.
import { createHash, randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database, type OpenDatabaseOptions } from '../../src/db/database.js';
import { applyMigrations, MigrationError, type MigrationExecutor } from '../../src/db/migrate.js';
import { getConferenceWithSites, listConferences, unitSubtreeWhere } from '../../src/domain/conferences.js';
import { TokenService } from '../../src/auth/tokens.js';
import { DirectoryDocumentFiles } from '../../src/documents/document-files.js';
import { DocumentPublisher } from '../../src/documents/document-publisher.js';
import { ConferenceJoinCache, findSiteInConference } from '../../src/domain/join-context.js';
import { seedDemo, type DemoSeed } from '../../src/seed/demo.js';

export interface Backend {
  kind: Database['kind'];
  /** openDatabase() options for a fresh, empty database. */
  createDatabase(): Promise<{ options: OpenDatabaseOptions; dispose(): Promise<void> }>;
  /** One session on a fresh, empty database. */
  createSession(): Promise<{ executor: MigrationExecutor; dispose(): Promise<void> }>;
}

const migrationsDir = fileURLToPath(new URL('../../prisma/migrations/', import.meta.url));
/** Every migration directory, in the order they apply. */
export const MIGRATIONS = readdirSync(migrationsDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();
const INIT = MIGRATIONS[0]!;

export function defineRepositorySuite(backend: Backend): void {
  describe('migrations', () => {
    let session: Awaited<ReturnType<Backend['createSession']>>;
    beforeAll(async () => {
      session = await backend.createSession();
    });
    afterAll(() => session?.dispose());

    it('applies every migration once, recorded the way Prisma records it', async () => {
      expect(await applyMigrations(session.executor)).toEqual({ applied: MIGRATIONS });
      expect(await applyMigrations(session.executor)).toEqual({ applied: [] });

      const rows = await session.executor.query<Record<string, unknown>>(
        `SELECT * FROM "_prisma_migrations" ORDER BY migration_name`,
      );
      const expected = await Promise.all(
        MIGRATIONS.map(async (name) => ({
          id: expect.stringMatching(/^[0-9a-f-]{36}$/),
          checksum: createHash('sha256').update(await readFile(join(migrationsDir, name, 'migration.sql'))).digest('hex'),
          migration_name: name,
          started_at: expect.any(Date),
          finished_at: expect.any(Date),
          rolled_back_at: null,
          logs: null,
          applied_steps_count: 1,
        })),
      );
      expect(rows).toEqual(expected);
    });

    it('refuses to go on when an applied migration was edited, naming it', async () => {
      const [original] = await session.executor.query<{ checksum: string }>(
        `SELECT checksum FROM "_prisma_migrations" WHERE migration_name = $1`,
        [INIT],
      );
      await session.executor.query(`UPDATE "_prisma_migrations" SET checksum = repeat('0', 64) WHERE migration_name = $1`, [INIT]);
      const attempt = applyMigrations(session.executor);
      await expect(attempt).rejects.toBeInstanceOf(MigrationError);
      await expect(attempt).rejects.toThrow(INIT);

      await session.executor.query(`UPDATE "_prisma_migrations" SET checksum = $1 WHERE migration_name = $2`, [
        original!.checksum,
        INIT,
      ]);
      expect(await applyMigrations(session.executor)).toEqual({ applied: [] });
    });

    it('refuses to go on after a migration Prisma recorded as failed', async () => {
      await session.executor.query(`UPDATE "_prisma_migrations" SET finished_at = NULL WHERE migration_name = $1`, [INIT]);
      try {
        await expect(applyMigrations(session.executor)).rejects.toThrow(`migration ${INIT}: a previous attempt failed`);
      } finally {
        await session.executor.query(`UPDATE "_prisma_migrations" SET finished_at = started_at`);
      }
    });

    it('rolls back a failing migration entirely and records nothing', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'lienthong-migrations-'));
      try {
        await cp(join(migrationsDir, INIT), join(dir, INIT), { recursive: true });
        await mkdir(join(dir, '20261124000001_broken'));
        await writeFile(
          join(dir, '20261124000001_broken', 'migration.sql'),
          'CREATE TABLE "half_done" ("id" INTEGER);\nSELECT no_such_function();\n',
        );
        const fresh = await backend.createSession();
        try {
          await expect(applyMigrations(fresh.executor, { migrationsDir: dir })).rejects.toThrow(
            /20261124000001_broken.*no_such_function/,
          );
          const table = await fresh.executor.query(`SELECT to_regclass('half_done')::text AS name`);
          expect(table).toEqual([{ name: null }]);
          const names = await fresh.executor.query<{ migration_name: string }>(
            `SELECT migration_name FROM "_prisma_migrations"`,
          );
          expect(names).toEqual([{ migration_name: INIT }]);
        } finally {
          await fresh.dispose();
        }
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  });

  describe('repositories and demo seed', () => {
    let db: Database;
    let dispose: () => Promise<void>;
    let seed: DemoSeed;

    beforeAll(async () => {
      const created = await backend.createDatabase();
      dispose = created.dispose;
      db = await openDatabase(created.options);
      seed = await seedDemo(db.prisma);
    });
    afterAll(async () => {
      await db?.close();
      await dispose?.();
    });

    const snapshot = async () => ({
      tiers: await db.prisma.tier.findMany({ orderBy: { level: 'asc' } }),
      units: await db.prisma.unit.findMany({ orderBy: { code: 'asc' } }),
      sites: await db.prisma.site.findMany({ orderBy: { code: 'asc' } }),
      conferences: await db.prisma.conference.findMany({ orderBy: { id: 'asc' } }),
      participants: await db.prisma.conferenceSite.findMany({ orderBy: [{ conferenceId: 'asc' }, { siteId: 'asc' }] }),
    });

    it('opens the expected kind of database', () => {
      expect(db.kind).toBe(backend.kind);
    });

    it('seeds four tiers, 15 units and sites, and one conference with every site', async () => {
      const state = await snapshot();
      expect(state.tiers.map((t) => [t.level, t.name])).toEqual([
        [0, 'Trung ương'],
        [1, 'Tỉnh/Thành phố'],
        [2, 'Quận/Huyện'],
        [3, 'Xã/Phường'],
      ]);
      expect(state.units).toHaveLength(15);
      expect(state.sites).toHaveLength(15);
      expect(state.conferences).toHaveLength(1);
      expect(state.participants).toHaveLength(15);
      expect(seed.sites).toHaveLength(15);
      expect(seed.sites[0]).toEqual({ id: seed.hallSiteId, code: 'TW-HALL', name: 'Hội trường Trung ương', unitCode: 'TW' });

      const byCode = new Map(state.units.map((u) => [u.code, u]));
      expect(byCode.get('TW')).toMatchObject({ name: 'Văn phòng Trung ương', tierLevel: 0, parentId: null, path: '/TW/' });
      expect(byCode.get('DN-HV-HB')).toMatchObject({ name: 'Xã Hòa Bắc', tierLevel: 3, path: '/TW/DN/DN-HV/DN-HV-HB/' });
      // Every unit's path is its parent's path plus its own code.
      for (const unit of state.units) {
        const parent = unit.parentId ? state.units.find((u) => u.id === unit.parentId) : undefined;
        expect(unit.path).toBe(`${parent?.path ?? '/'}${unit.code}/`);
        expect(unit.tierLevel).toBe(parent ? parent.tierLevel + 1 : 0);
      }
      const [conference] = state.conferences;
      expect(conference).toMatchObject({
        id: seed.conferenceId,
        title: 'Hội nghị trực tuyến toàn quốc (demo)',
        status: 'open',
        originSiteId: seed.hallSiteId,
        hostUnitId: byCode.get('TW')!.id,
      });
      expect(conference!.scheduledEnd.getTime() - conference!.scheduledStart.getTime()).toBe(3 * 3600_000);
    });

    it('seeding again returns the same ids and changes no row', async () => {
      const before = await snapshot();
      expect(await seedDemo(db.prisma)).toEqual(seed);
      expect(await snapshot()).toEqual(before);
    });

    it('seeding from two clients at once still creates one conference', async () => {
      const again = await Promise.all([seedDemo(db.prisma), seedDemo(db.prisma)]);
      expect(again).toEqual([seed, seed]);
      expect(await db.prisma.conference.count()).toBe(1);
    });

    it('keeps Vietnamese text exactly, whatever its Unicode form', async () => {
      const nfc = 'Điểm cầu Xã Ia Hrú, huyện Chư Prông — Ỷ Ỹ ữ ặ';
      const nfd = nfc.normalize('NFD');
      const tier = await db.prisma.tier.create({ data: { level: 90, name: nfc } });
      const other = await db.prisma.tier.create({ data: { level: 91, name: nfd } });
      try {
        expect((await db.prisma.tier.findUniqueOrThrow({ where: { level: 90 } })).name).toBe(nfc);
        expect((await db.prisma.tier.findUniqueOrThrow({ where: { level: 91 } })).name).toBe(nfd);
        // Stored as characters, not bytes mangled on the way: the database counts them as we do.
        const lengths = await db.prisma.$queryRaw<{ level: number; chars: number }[]>`
          SELECT level, char_length(name)::int AS chars FROM tiers WHERE level >= 90 ORDER BY level`;
        expect(lengths).toEqual([
          { level: 90, chars: [...nfc].length },
          { level: 91, chars: [...nfd].length },
        ]);
        expect(await db.prisma.tier.count({ where: { name: nfc } })).toBe(1);
      } finally {
        await db.prisma.tier.deleteMany({ where: { level: { in: [tier.level, other.level] } } });
      }
    });

    it('finds a subtree by path prefix', async () => {
      const hanoi = await db.prisma.unit.findMany({
        where: unitSubtreeWhere('/TW/HN/'),
        orderBy: { path: 'asc' },
        select: { code: true },
      });
      expect(hanoi.map((u) => u.code)).toEqual(['HN', 'HN-BD', 'HN-BD-DB', 'HN-BD-KM', 'HN-HK', 'HN-HK-HB', 'HN-HK-TT']);
      expect(await db.prisma.site.count({ where: { unit: unitSubtreeWhere('/TW/DN/DN-HV/') } })).toBe(3);
      // LIKE wildcards in a code match literally (a bare Prisma `startsWith` would find Hà Nội here).
      expect(await db.prisma.unit.count({ where: unitSubtreeWhere('/TW/H_/') })).toBe(0);
      expect(await db.prisma.unit.count({ where: unitSubtreeWhere('/TW/%/') })).toBe(0);
    });

    it('gives the join context of an invited site: the site from the database, the conference from the per-conference cache', async () => {
      const commune = seed.sites.find((s) => s.unitCode === 'HN-BD-KM')!;
      const tw = await db.prisma.unit.findUniqueOrThrow({ where: { code: 'TW' } });
      const kimMa = await db.prisma.unit.findUniqueOrThrow({ where: { code: 'HN-BD-KM' } });
      expect(await findSiteInConference(db.sql, { siteId: commune.id, conferenceId: seed.conferenceId })).toEqual({
        site: {
          id: commune.id,
          code: 'DC-HN-BD-KM',
          name: 'Điểm cầu Phường Kim Mã',
          linkProfile: expect.any(String),
          unit: { id: kimMa.id, code: 'HN-BD-KM', name: 'Phường Kim Mã', tierLevel: 3, path: '/TW/HN/HN-BD/HN-BD-KM/' },
        },
        isParticipant: true,
        generationRevoked: false,
      });
      const documentsDir = await mkdtemp(join(tmpdir(), 'lienthong-docs-'));
      try {
        const publisher = new DocumentPublisher(new DirectoryDocumentFiles(documentsDir), new TokenService('x'.repeat(32)), 'http://localhost', 3600);
        const cache = new ConferenceJoinCache(db.prisma, publisher, (status) => status === 'open');
        const facts = await cache.get(seed.conferenceId);
        expect(facts).toEqual({
          conference: {
            id: seed.conferenceId,
            title: 'Hội nghị trực tuyến toàn quốc (demo)',
            status: 'open',
            scheduledStart: expect.any(Date),
            scheduledEnd: expect.any(Date),
            originSiteId: seed.hallSiteId,
            agenda: expect.toSatisfy((a: unknown) => a === null || typeof a === 'string'),
            hostUnit: { id: tw.id, code: 'TW', name: 'Văn phòng Trung ương', path: '/TW/' },
          },
          documents: [],
        });
        // Kept: the second ask is the same answer, not a second read.
        expect(cache.get(seed.conferenceId)).toBe(cache.get(seed.conferenceId));
        expect(await cache.get(randomUUID())).toBeNull();
        expect(await cache.get('not-a-uuid')).toBeNull();
      } finally {
        await rm(documentsDir, { recursive: true, force: true });
      }
    });

    it('tells a site that is not invited apart from unknown ids', async () => {
      const hoaBac = await db.prisma.unit.findUniqueOrThrow({ where: { code: 'DN-HV-HB' } });
      const outsider = await db.prisma.site.create({
        data: {
          code: `TEST-${randomUUID()}`,
          name: 'Điểm cầu thôn Nam Mỹ',
          unitId: hoaBac.id,
          delegateCapacity: 20,
          linkProfile: 'weak',
        },
      });
      try {
        const context = await findSiteInConference(db.sql, { siteId: outsider.id, conferenceId: seed.conferenceId });
        expect(context).toMatchObject({ site: { id: outsider.id }, isParticipant: false });

        expect(await findSiteInConference(db.sql, { siteId: randomUUID(), conferenceId: seed.conferenceId })).toBeNull();
        expect(await findSiteInConference(db.sql, { siteId: outsider.id, conferenceId: randomUUID() })).toMatchObject({ isParticipant: false });
        expect(await findSiteInConference(db.sql, { siteId: 'not-a-uuid', conferenceId: seed.conferenceId })).toBeNull();
      } finally {
        await db.prisma.site.delete({ where: { id: outsider.id } });
      }
    });

    it('lists conferences by start time with their site counts', async () => {
      const tw = await db.prisma.unit.findUniqueOrThrow({ where: { code: 'TW' } });
      const demo = await db.prisma.conference.findUniqueOrThrow({ where: { id: seed.conferenceId } });
      const earlier = await db.prisma.conference.create({
        data: {
          title: 'Học tập nghị quyết (thử)',
          hostUnitId: tw.id,
          originSiteId: seed.hallSiteId,
          scheduledStart: new Date(demo.scheduledStart.getTime() - 86_400_000),
          scheduledEnd: new Date(demo.scheduledStart.getTime() - 82_800_000),
          sites: { create: seed.sites.slice(0, 2).map((s) => ({ siteId: s.id })) },
        },
      });
      try {
        expect(await listConferences(db.prisma)).toEqual([
          {
            id: earlier.id,
            title: 'Học tập nghị quyết (thử)',
            status: 'scheduled',
            hostUnit: { id: tw.id, name: 'Văn phòng Trung ương' },
            scheduledStart: earlier.scheduledStart,
            scheduledEnd: earlier.scheduledEnd,
            siteCount: 2,
          },
          {
            id: seed.conferenceId,
            title: 'Hội nghị trực tuyến toàn quốc (demo)',
            status: 'open',
            hostUnit: { id: tw.id, name: 'Văn phòng Trung ương' },
            scheduledStart: demo.scheduledStart,
            scheduledEnd: demo.scheduledEnd,
            siteCount: 15,
          },
        ]);
      } finally {
        await db.prisma.conference.delete({ where: { id: earlier.id } });
      }
    });

    it('gives a conference with its sites in tree order, the hall marked as origin', async () => {
      const conference = await getConferenceWithSites(db.prisma, seed.conferenceId);
      expect(conference).toMatchObject({ id: seed.conferenceId, status: 'open', originSiteId: seed.hallSiteId });
      const sites = conference!.sites;
      expect(sites.map((s) => s.id).sort()).toEqual(seed.sites.map((s) => s.id).sort());
      expect(sites[0]).toMatchObject({ code: 'TW-HALL', isOrigin: true, unit: { name: 'Văn phòng Trung ương', tierLevel: 0 } });
      expect(sites.filter((s) => s.isOrigin)).toHaveLength(1);
      expect([0, 1, 2, 3].map((tier) => sites.filter((s) => s.unit.tierLevel === tier).length)).toEqual([1, 2, 4, 8]);
      const hoaPhong = sites.find((s) => s.code === 'DC-DN-HV-HP');
      expect(hoaPhong).toMatchObject({
        name: 'Điểm cầu Xã Hòa Phong',
        linkProfile: 'cellular_3g',
        unit: { name: 'Xã Hòa Phong', tierLevel: 3 },
      });

      expect(await getConferenceWithSites(db.prisma, randomUUID())).toBeNull();
      expect(await getConferenceWithSites(db.prisma, '42')).toBeNull();
    });
  });
}
