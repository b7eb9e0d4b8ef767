import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../control-plane/src/config.js';
import { openDatabase, type Database } from '../../control-plane/src/db/database.js';
import type { ConferenceRoom } from '../../control-plane/src/live/conference-room.js';
import { startControlPlane, type ControlPlane } from '../../control-plane/src/server.js';
import type { ManagedChild } from '../local/child-process.js';
import { startMediaNode, type MediaNodeSpec } from '../local/stack.js';
import { waitFor } from '../local/wait.js';
import { freeUdpPort, startTestPattern, testVideoRtpParameters } from './support/ffmpeg-rtp.js';
import { RtpSink } from './support/rtp-sink.js';
import { testRedisUrl } from './support/scratch-stack.js';

/**
 * Three media-node agents as separate processes on their own loopback addresses, one per tier:
 * origin (TW) -> province (HN) -> district (HN-BD). The hall's program is ffmpeg's test pattern
 * over plain RTP into the origin; commune "sites" are PlainTransport consumers on the leaf whose
 * RTP lands on UDP sinks in this test. Then nodes fail: their sites are re-placed by the planner,
 * rejoin (as a browser does when its socket drops) and receive again; the time is measured.
 */
const nodes: (MediaNodeSpec & { listenIp: string })[] = [
  { nodeId: 'origin', localityTags: ['TW'], rtcMinPort: 43000, rtcMaxPort: 43199, listenIp: '127.0.0.2' },
  { nodeId: 'province', localityTags: ['HN'], rtcMinPort: 43200, rtcMaxPort: 43399, listenIp: '127.0.0.3' },
  { nodeId: 'district', localityTags: ['HN-BD'], rtcMinPort: 43400, rtcMaxPort: 43599, listenIp: '127.0.0.4' },
];
const ipOf = (nodeId: string) => nodes.find((n) => n.nodeId === nodeId)!.listenIp;
const communes = ['HN-BD-01', 'HN-BD-02'].map((code) => ({ siteId: `site-${code}`, ancestry: ['TW', 'HN', 'HN-BD', code] }));

describe('a conference across three node processes survives a node kill', () => {
  let db: Database;
  let plane: ControlPlane;
  let room: ConferenceRoom;
  const children = new Map<string, ManagedChild>();
  const logs: string[] = [];
  const sinks = new Map<string, RtpSink>();
  let producerId: string;
  let session = 0;

  /** A commune site joining (or rejoining): placed by the plan, consuming the program into its sink. */
  async function joinCommune(site: (typeof communes)[number]) {
    const sessionId = `${site.siteId}#${++session}`;
    const { routerRtpCapabilities } = await room.admit({ ...site, siteName: site.siteId, unitName: site.siteId, role: 'site', unitAncestry: site.ancestry }, sessionId);
    const { transportId } = await room.createPlainTransport(site.siteId, sessionId, false);
    await room.connectPlainTransport(site.siteId, sessionId, transportId, sinks.get(site.siteId)!.tuple);
    const consumer = await room.consume(site.siteId, sessionId, transportId, producerId, routerRtpCapabilities);
    sinks.get(site.siteId)!.payloadType = consumer.rtpParameters.codecs[0]!.payloadType;
    await room.resumeConsumer(site.siteId, sessionId, consumer.id);
  }
  const nodeOfSite = (siteId: string) => room.snapshot().find((s) => s.siteId === siteId)?.nodeId;

  beforeAll(async () => {
    db = await openDatabase({});
    const config = { ...loadConfig({ AUTH_SECRET: randomBytes(32).toString('hex'), NODE_TIMEOUT_MS: '3000', REDIS_URL: testRedisUrl }), PORT: 0 };
    plane = await startControlPlane(config, db, pino({ level: 'error' }), 'test');
    for (const node of nodes) children.set(node.nodeId, await startMediaNode(node, { url: plane.url, tokens: plane.tokens, sink: (l) => logs.push(l) }));
    await waitFor('three media nodes to register', async () => (plane.fleet.list().length === 3 ? true : undefined), 30_000, 100);
    // A site whose socket dropped rejoins at once, as the browser client does.
    plane.rooms.on('sessionsLost', (sessionIds) => {
      for (const id of sessionIds) {
        const site = communes.find((c) => id.startsWith(`${c.siteId}#`));
        if (site) void joinCommune(site).catch((err: Error) => logs.push(`rejoin failed: ${err.message}`));
      }
    });
    for (const c of communes) sinks.set(c.siteId, await RtpSink.open());
  });

  afterAll(async () => {
    for (const sink of sinks.values()) sink.close();
    for (const child of children.values()) {
      child.process.kill('SIGCONT');
      await child.stop(2000);
    }
    await plane?.close();
    await db?.close();
  });

  it('carries the origin RTP origin -> province -> district into sinks on the leaf', async () => {
    room = await plane.rooms.roomFor(`conf-three-tiers-${randomBytes(4).toString('hex')}`, { siteId: 'hall', ancestry: ['TW'] });
    await room.admit({ siteId: 'hall', siteName: 'hall', unitName: 'TW', role: 'hall', unitAncestry: ['TW'] }, 'hall#1');
    const feed = await room.createPlainTransport('hall', 'hall#1', false);
    const ffmpegPort = await freeUdpPort();
    await room.connectPlainTransport('hall', 'hall#1', feed.transportId, { ip: '127.0.0.1', port: ffmpegPort });
    producerId = await room.produce('hall', 'hall#1', feed.transportId, 'video', testVideoRtpParameters);
    children.set('ffmpeg', startTestPattern(feed.tuple, ffmpegPort, (l) => logs.push(l)));

    await room.admit({ siteId: 'prov', siteName: 'prov', unitName: 'HN', role: 'site', unitAncestry: ['TW', 'HN'] }, 'prov#1');
    for (const c of communes) await joinCommune(c);

    const leaf = room.plan.sites.get(communes[0]!.siteId)!.router;
    expect(room.plan.pathFromRoot(leaf).map((k) => room.plan.router(k).nodeId)).toEqual(['origin', 'province', 'district']);
    for (const c of communes) {
      await waitFor(`${c.siteId} to receive RTP from the district node`, async () =>
        (sinks.get(c.siteId)!.packets > 20 && sinks.get(c.siteId)!.lastFrom === ipOf('district') ? true : undefined), 20_000, 50);
    }
    // The heartbeats carry live load: media in at the origin, twice as much out of the leaf (two sinks).
    await waitFor('heartbeats with bitrate and CPU', async () => {
      const [origin, district] = [plane.fleet.get('origin').workers[0]!, plane.fleet.get('district').workers[0]!];
      const ok = origin.bitrateIn > 0 && origin.cpu > 0 && district.consumers >= 2 && district.bitrateOut > 1.5 * origin.bitrateIn;
      return ok ? true : undefined;
    }, 15_000, 100);
    expect(plane.fleet.get('district').consumersPerWorker).toBe(600);
  });

  it.each([
    { fail: 'district', signal: 'SIGKILL', to: 'province', detection: 'socket closed (kill -9)' },
    { fail: 'province', signal: 'SIGSTOP', to: 'origin', detection: 'heartbeats missed (frozen process, NODE_TIMEOUT_MS 3000)' },
  ] as const)('$signal to the $fail node: its sites are re-placed on the $to node and receive again', async ({ fail, signal, to, detection }) => {
    const failedAt = performance.now();
    children.get(fail)!.process.kill(signal);
    const recovery = await recovered(ipOf(to), failedAt);
    for (const c of communes) expect(nodeOfSite(c.siteId)).toBe(to);
    console.info(JSON.stringify({ failover: `${signal} ${fail} node`, detection, recoveryMs: recovery }));
    expect(recovery).toBeLessThan(5000);
  });

  /** Every commune's sink receives from `ip` again; the slowest one's delay since `since`. */
  async function recovered(ip: string, since: number): Promise<number> {
    const at = await Promise.all(
      communes.map((c) =>
        waitFor(`${c.siteId} to receive from ${ip} again`, async () => sinks.get(c.siteId)!.firstFrom.get(ip), 15_000, 20).catch((err: Error) => {
          throw new Error(`${err.message}\n--- logs ---\n${logs.slice(-40).join('\n')}`);
        }),
      ),
    );
    // And the stream goes on (not one stray packet).
    for (const c of communes) {
      const sink = sinks.get(c.siteId)!;
      const base = sink.packets;
      await waitFor(`${c.siteId} to keep receiving from ${ip}`, async () => (sink.packets >= base + 20 && sink.lastFrom === ip ? true : undefined), 10_000, 50);
    }
    return Math.round(Math.max(...at) - since);
  }
});
