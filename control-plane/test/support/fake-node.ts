import { randomUUID } from 'node:crypto';
import { namespaces, nodeFeatures } from '@lienthong/contracts';
import { TestSockets } from '@lienthong/testing/sockets';
import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { startTestControlPlane, type TestControlPlaneOptions } from './control-plane.js';
import { MediaNodeHandle } from '../../src/fleet/node-registry.js';
import { taggedRouterCapabilities } from '../../src/fleet/router-capabilities.js';

type Request = Record<string, unknown>;

/** What a fake node's routers offer (nothing: no media here), as it registers them. */
export const fakeRouterCapabilities = { codecs: [] };

const webRtcTransport = () => ({
  id: randomUUID(),
  iceParameters: { usernameFragment: 'u', password: 'p' },
  iceCandidates: [],
  dtlsParameters: { fingerprints: [{ algorithm: 'sha-256', value: 'AA' }] },
});
const consumer = (producerId: unknown) => ({
  id: randomUUID(),
  producerId,
  kind: 'video',
  rtpParameters: { codecs: [{ mimeType: 'video/VP8', payloadType: 101, clockRate: 90000 }], encodings: [{ ssrc: 1234 }] },
});

/** What a node answers to the commands the cascade sends; everything else is answered `{}`. */
function answer(name: string, req: Request): unknown {
  switch (name) {
    case 'createRouter':
      return { routerId: randomUUID(), workerIndex: req.workerIndex ?? 0, rtpCapabilities: fakeRouterCapabilities };
    case 'closeConferenceRouters':
      // A fake node keeps whatever it is told to keep.
      return { closedRouterIds: [], keptRouterIds: req.keepRouterIds };
    case 'createPlainTransport':
      return { transportId: randomUUID(), tuple: { ip: '127.0.0.1', port: 40002 } };
    case 'createPipeTransport':
      return { transportId: randomUUID(), tuple: { ip: '127.0.0.1', port: 40000 } };
    case 'pipeConsume':
      return { kind: 'video', rtpParameters: { codecs: [{ mimeType: 'video/VP8', clockRate: 90000 }] }, paused: false };
    case 'pipeProduce':
      return { producerId: req.producerId };
    case 'createWebRtcTransport':
      return webRtcTransport();
    case 'openSession':
      return { recv: webRtcTransport(), send: req.send ? webRtcTransport() : null, consumers: (req.producerIds as unknown[]).map(consumer), ...(req.ready ? { ready: true } : {}) };
    case 'closePeerTransports':
      return { closed: (req.peerIds as unknown[]).length };
    case 'produce':
      return { producerId: randomUUID() };
    case 'produceTracks':
      return { producerIds: (req.tracks as unknown[]).map(() => randomUUID()) };
    case 'consume':
      return consumer(req.producerId);
    default:
      return {};
  }
}

/**
 * A media node that answers every command as if it had carried it out (no media in these tests)
 * and records each command it was sent (also in `log`, shared by several nodes to see the order).
 * `features`: what it states at registration (default: all of today's; [] for a node from before).
 */
export function fakeNode(nodeId: string, localityTags: string[], workers = 2, log: string[] = [], features: readonly string[] = Object.values(nodeFeatures)) {
  const calls: { name: string; req: Request }[] = [];
  const socket = {
    timeout: () => ({
      emitWithAck: async (name: string, req: unknown) => {
        calls.push({ name, req: req as Request });
        log.push(`${nodeId}:${name}`);
        await new Promise((r) => setImmediate(r)); // answers arrive later, as over a socket
        return { ok: true, data: answer(name, req as Request) };
      },
    }),
  };
  const handle = new MediaNodeHandle(nodeId, '127.0.0.1', localityTags, workers, 600, socket, new Set(features), taggedRouterCapabilities(fakeRouterCapabilities));
  return Object.assign(handle, { calls });
}

/**
 * A test control plane with one fake node serving the whole tree. The fake node sends no
 * heartbeats, so the watchdog is set not to drop it halfway through a test.
 */
export async function startPlaneWithFakeNode(nodeId: string, options: TestControlPlaneOptions = {}, env: Record<string, string> = {}, features?: readonly string[]) {
  const plane = await startTestControlPlane({ NODE_TIMEOUT_MS: '3600000', ...env }, options);
  const node = fakeNode(nodeId, ['TW'], 1, [], features);
  plane.fleet.add(node);
  return { plane, node };
}

/**
 * `startPlaneWithFakeNode` for the describe block it is called in (started before its tests,
 * stopped after), with its sites' sockets closed after each test.
 */
export function planeWithFakeNodeForTests(nodeId: string, env: Record<string, string> = {}, features?: readonly string[]) {
  let started: Awaited<ReturnType<typeof startPlaneWithFakeNode>> | undefined;
  const running = () => {
    if (!started) throw new Error('the control plane is not started yet');
    return started;
  };
  const sockets = new TestSockets(() => running().plane.url);
  beforeAll(async () => {
    started = await startPlaneWithFakeNode(nodeId, {}, env, features);
  });
  afterAll(async () => started?.plane.stop());
  afterEach(() => sockets.closeAll());
  return {
    plane: () => running().plane,
    node: () => running().node,
    sockets,
    /** A site's /site socket, signed for the seeded conference. */
    async siteSocket(siteId: string): Promise<Socket> {
      const { plane } = running();
      return sockets.connect(namespaces.site, { token: await plane.tokens.signSite({ sub: siteId, conf: plane.seed.conferenceId }, 600) });
    },
  };
}
