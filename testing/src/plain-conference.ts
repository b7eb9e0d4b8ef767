import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { loadConfig } from '../../control-plane/src/config.js';
import { openDatabase, type Database } from '../../control-plane/src/db/database.js';
import type { ConferenceRoom } from '../../control-plane/src/live/conference-room.js';
import { startControlPlane, type ControlPlane } from '../../control-plane/src/server.js';
import type { ManagedChild } from '../../infra/local/child-process.js';
import { freePort } from '../../infra/local/free-port.js';
import { startMediaNode, type MediaNodeSpec } from '../../infra/local/stack.js';
import { waitFor } from './wait.js';
import { freeUdpPort, startTestPattern, startTestTone, testAudio, testAudioRtpParameters, testVideo, testVideoRtpParameters } from './ffmpeg-rtp.js';
import { RtpSink } from './rtp-sink.js';
import { testRedisUrl } from './scratch-stack.js';

export interface PlainSite {
  siteId: string;
  ancestry: string[];
}

/**
 * A conference without browsers, on a real control plane (in this process, restartable on the
 * same port) and real media-node processes: the hall's program is ffmpeg's test pattern over
 * plain RTP; sites are PlainTransport consumers whose RTP lands on UDP sinks here. A site whose
 * session is lost rejoins at once, as the browser client does when its socket drops.
 */
export interface PlainConferenceOptions {
  /** A database of the caller's (e.g. seeded, so the conference has a row); closed by stop(). */
  db?: Database;
  conferenceId?: string;
  /** Control-plane port (default: any free one) and queue prefix (default: the config's). */
  port?: number;
  redisPrefix?: string;
}

export async function startPlainConference(nodes: MediaNodeSpec[], sites: PlainSite[], o: PlainConferenceOptions = {}) {
  const logs: string[] = [];
  const children = new Map<string, ManagedChild>();
  const sinks = new Map<string, RtpSink>();
  const db: Database = o.db ?? (await openDatabase({}));
  const config = {
    ...loadConfig({
      AUTH_SECRET: randomBytes(32).toString('hex'),
      NODE_TIMEOUT_MS: '3000',
      REDIS_URL: testRedisUrl,
      ...(o.redisPrefix ? { REDIS_PREFIX: o.redisPrefix } : {}),
    }),
    PORT: o.port ?? (await freePort()),
  };
  const conferenceId = o.conferenceId ?? `conf-${randomBytes(4).toString('hex')}`;
  let plane: ControlPlane;
  let room: ConferenceRoom;
  let producerId = '';
  let session = 0;
  /** When each site's latest consumer was resumed: no packet of that consumer can arrive before. */
  const resumedAt = new Map<string, number>();

  /** A site joining (or rejoining): placed by the plan, consuming the program into its sink. */
  async function join(site: PlainSite) {
    const sessionId = `${site.siteId}#${++session}`;
    const { routerRtpCapabilities } = await room.admit({ siteId: site.siteId, siteName: site.siteId, unitName: site.ancestry.at(-1)!, role: 'site', unitAncestry: site.ancestry }, sessionId);
    const { transportId } = await room.createPlainTransport(site.siteId, sessionId, false);
    await room.connectPlainTransport(site.siteId, sessionId, transportId, sinks.get(site.siteId)!.tuple);
    const consumer = await room.consume(site.siteId, sessionId, transportId, producerId, routerRtpCapabilities);
    sinks.get(site.siteId)!.payloadType = consumer.rtpParameters.codecs[0]!.payloadType;
    resumedAt.set(site.siteId, performance.now());
    await room.resumeConsumer(site.siteId, sessionId, consumer.id);
  }

  /** A plain transport of the site's fed by ffmpeg (child `name`, started by `start`): the producer's id. */
  async function feed(siteId: string, sessionId: string, kind: 'audio' | 'video', rtpParameters: Parameters<ConferenceRoom['produce']>[4], name: string, start: (to: { ip: string; port: number }, from: number) => ManagedChild) {
    const transport = await room.createPlainTransport(siteId, sessionId, false);
    const from = await freeUdpPort();
    await room.connectPlainTransport(siteId, sessionId, transport.transportId, { ip: '127.0.0.1', port: from });
    const id = await room.produce(siteId, sessionId, transport.transportId, kind, rtpParameters);
    await children.get(name)?.stop();
    children.set(name, start(transport.tuple, from));
    return id;
  }

  /** A control plane on the fixed port, with every node registered and the conference's room open. */
  async function startPlane() {
    plane = await startControlPlane(config, db, pino({ level: 'error' }), 'test');
    plane.rooms.on('sessionsLost', (sessionIds) => {
      for (const id of sessionIds) {
        const site = sites.find((s) => id.startsWith(`${s.siteId}#`));
        if (site) void join(site).catch((err: Error) => logs.push(`rejoin failed: ${err.message}`));
      }
    });
    if (!children.size)
      for (const node of nodes) children.set(node.nodeId, await startMediaNode(node, { url: plane.url, tokens: plane.tokens, sink: (l) => logs.push(l) }));
    await waitFor(`${nodes.length} media nodes to register`, async () => (plane.fleet.list().length === nodes.length ? true : undefined), 30_000, 50);
    room = await plane.rooms.roomFor(conferenceId, { siteId: 'hall', ancestry: ['TW'] });
  }

  const stop = async () => {
    for (const sink of sinks.values()) sink.close();
    for (const child of children.values()) {
      child.process.kill('SIGCONT');
      await child.stop(2000);
    }
    await plane?.close();
    await db.close();
  };
  try {
    await startPlane();
    for (const s of sites) sinks.set(s.siteId, await RtpSink.open());
  } catch (err) {
    await stop();
    throw new Error(`${(err as Error).message}\n--- logs ---\n${logs.slice(-40).join('\n')}`);
  }

  return {
    get plane() {
      return plane;
    },
    get room() {
      return room;
    },
    children,
    sinks,
    logs,
    stop,
    join,
    get producerId() {
      return producerId;
    },
    /** The control plane stops (its plans stay in Redis) and a new one starts on the same port. */
    async restartControlPlane() {
      await plane.close();
      await startPlane();
    },
    /**
     * The hall joins on the origin router and ffmpeg (re)starts feeding it the test pattern, and
     * with `audio` a test tone too (ffmpeg's `ffmpeg-audio` child).
     */
    async startHall(o: { audio?: boolean } = {}) {
      await room.admit({ siteId: 'hall', siteName: 'hall', unitName: 'TW', role: 'hall', unitAncestry: ['TW'] }, `hall#${++session}`);
      const sessionId = `hall#${session}`;
      const log = (l: string) => logs.push(l);
      producerId = await feed('hall', sessionId, 'video', testVideoRtpParameters, 'ffmpeg', (to, from) => startTestPattern(to, from, log));
      if (o.audio) await feed('hall', sessionId, 'audio', testAudioRtpParameters, 'ffmpeg-audio', (to, from) => startTestTone(to, from, log));
    },
    /**
     * A second site (on the origin's tier) sends a test pattern of its own, and with `toneHz` a
     * tone, and is given the floor: its tracks join the program after the hall's, as a floor
     * holder's do.
     */
    async giveFloorToSecondCamera(o: { toneHz?: number } = {}) {
      const floor = { siteId: 'floor-site', siteName: 'Điểm cầu phát biểu', unitName: 'TW' };
      const sessionId = 'floor-site#1';
      const log = (l: string) => logs.push(l);
      await room.admit({ ...floor, role: 'site', unitAncestry: ['TW'] }, sessionId);
      const ssrc = testVideo.ssrc + 1;
      await feed(floor.siteId, sessionId, 'video', { ...testVideoRtpParameters, encodings: [{ ssrc }] }, 'ffmpeg-2', (to, from) => startTestPattern(to, from, log, ssrc));
      const hz = o.toneHz;
      if (hz) {
        const audio = { ...testAudioRtpParameters, encodings: [{ ssrc: testAudio.ssrc + 1 }] };
        await feed(floor.siteId, sessionId, 'audio', audio, 'ffmpeg-2-audio', (to, from) => startTestTone(to, from, log, { hz, ssrc: testAudio.ssrc + 1 }));
      }
      await room.giveFloor(floor);
      return floor;
    },
    /** The hall's feeds stop (its tracks stay in the program, silent). */
    async stopHallMedia() {
      for (const name of ['ffmpeg', 'ffmpeg-audio', 'ffmpeg-2', 'ffmpeg-2-audio']) await children.get(name)?.stop();
    },
    /**
     * Milliseconds from `since` (a failure) until the slowest of these sites received its first
     * packet through the consumer it rejoined with (the old one is dead or closed by then).
     */
    recoveryMs(of: PlainSite[], since: number): number {
      const at = of.map((s) => {
        const resumed = resumedAt.get(s.siteId) ?? 0;
        return resumed > since ? (sinks.get(s.siteId)!.firstAfter(resumed) ?? Infinity) : Infinity;
      });
      return Math.round(Math.max(...at) - since);
    },
    nodeOf: (siteId: string) => room.snapshot().find((s) => s.siteId === siteId)?.nodeId,
    /** Each site's sink takes a steady flow from `ip` (more than a stray packet). */
    async receiving(of: PlainSite[], ip: string) {
      for (const s of of) {
        const sink = sinks.get(s.siteId)!;
        const base = sink.packets;
        await waitFor(`${s.siteId} to receive from ${ip}`, async () => (sink.packets >= base + 20 && sink.lastFrom === ip ? true : undefined), 20_000, 50).catch(
          (err: Error) => {
            throw new Error(`${err.message}\n--- logs ---\n${logs.slice(-40).join('\n')}`);
          },
        );
      }
    },
  };
}
