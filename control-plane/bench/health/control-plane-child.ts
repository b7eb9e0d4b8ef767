// The benchmark's control plane, in a process of its own so its CPU is measured apart from
// Chromium's driver: the synthetic nation (15,345 sites) in embedded PGlite, one open national
// conference, a media node that answers every command (media is not measured), and the
// simulated sites feeding site health. Talks to the parent over IPC.
import { randomBytes, randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { fakeNode } from '../../test/support/fake-node.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/database.js';
import { loadNation } from '../../src/seed/load-nation.js';
import { generateNation, NATIONAL_2025 } from '../../src/seed/synthetic-nation.js';
import { startControlPlane } from '../../src/server.js';
import { SimulatedSites } from './simulated-sites.js';

const send = (message: unknown) => process.send!(message);
const db = await openDatabase({});
const nation = generateNation(NATIONAL_2025);
await loadNation(db.prisma, nation);
const root = nation.units.find((u) => u.parentId === null)!;
const hall = nation.sites.find((s) => s.unitId === root.id)!;
const conferenceId = randomUUID();
const start = new Date(Date.now() - 60_000);
await db.prisma.$executeRaw`INSERT INTO conferences (id, title, host_unit_id, origin_site_id, status, scheduled_start, scheduled_end, updated_at)
  VALUES (${conferenceId}::uuid, 'Hội nghị toàn quốc (bench)', ${root.id}::uuid, ${hall.id}::uuid, 'open', ${start.toISOString()}::timestamptz, ${new Date(start.getTime() + 4 * 3600_000).toISOString()}::timestamptz, now())`;
await db.prisma.$executeRaw`INSERT INTO conference_sites (conference_id, site_id) SELECT ${conferenceId}::uuid, id FROM sites`;

const prefix = `lienthong-bench-${randomBytes(4).toString('hex')}`;
const config = {
  ...loadConfig({
    AUTH_SECRET: randomBytes(32).toString('hex'),
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_PREFIX: prefix,
    NODE_TIMEOUT_MS: '3600000',
    WEB_DIST_DIR: new URL('../../../web-viewer/dist', import.meta.url).pathname,
  }),
  PORT: Number(process.env.PORT ?? 0),
};
const plane = await startControlPlane(config, db, pino({ level: 'warn' }), 'bench');
plane.fleet.add(fakeNode('node-1', ['TW'], 4));
const token = await plane.tokens.signOperator({ sub: 'bench', role: 'system_admin', unit: root.id }, 3600);
const realSites = nation.sites.slice(1, 1 + Number(process.env.REAL_SITES ?? 300));
const siteTokens = await Promise.all(realSites.map((s) => plane.tokens.signSite({ sub: s.id, conf: conferenceId }, 3600)));
const simulated = new SimulatedSites(conferenceId, nation.sites.map((s) => s.id), plane.health);
// Every report reaching the publisher: the real site sockets' (through the gateway) and the simulation's.
let healthReports = 0;
const reported = plane.health.reported.bind(plane.health);
plane.health.reported = (...args: Parameters<typeof reported>) => {
  healthReports += 1;
  return reported(...args);
};

process.on('message', (command: { type: string }) => {
  if (command.type === 'simulate') simulated.start();
  if (command.type === 'pause') simulated.stop();
  if (command.type === 'simulate' || command.type === 'pause') send({ type: command.type });
  if (command.type === 'stats') send({ type: 'stats', cpu: process.cpuUsage(), simulatorMs: simulated.busyMs, reports: simulated.reports, gatewayReports: healthReports - simulated.reports });
  if (command.type === 'stop') void plane.close().then(() => db.close()).then(() => process.exit(0));
});
send({ type: 'ready', url: plane.url, token, conferenceId, siteTokens, sites: nation.sites.length });
