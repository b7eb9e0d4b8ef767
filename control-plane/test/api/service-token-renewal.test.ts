// Issue 14: node and recorder tokens were re-minted and rolled out by hand before they lapsed (30
// days). Now each renews itself over its own connection two thirds into its lifetime, and every
// reconnection shows the latest token. Here the tokens live 6 s: a real media node (real mediasoup
// worker, its real control-plane links) and the recorder's real link renew theirs, and after the
// first token has lapsed the node reconnects with the renewed one; with the hand-minted token
// alone it would be refused (TOKEN_EXPIRED) and stop.
import { callMessage, namespaces, recorderRequests, tokenLifetime, type WireError } from '@lienthong/contracts';
import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { ControlPlaneLink } from '../../../recorder/src/link/control-plane-link.js';
import { startLinkedNode } from '../../../sfu/test/support/stand-in-replicas.js';
import { startTestControlPlane, type TestControlPlane } from '../support/control-plane.js';

const lifetimeSeconds = 6;

/** Resolves once `check` holds (asked every 100 ms). */
async function until(what: string, check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// The two cases share the control plane and nothing else (their own token, link and lapse): they
// run side by side, so the file waits out one 6 s lifetime rather than two.
describe.concurrent('node and recorder tokens renew themselves', () => {
  let plane: TestControlPlane;

  beforeAll(async () => {
    // No watchdog cut within the test: the node's only reconnection is the one the test makes.
    plane = await startTestControlPlane({ NODE_TIMEOUT_MS: '3600000' });
  });
  afterAll(async () => plane?.stop());

  it('a media node renews its token and reconnects with the renewed one after the first lapsed', async ({ expect }) => {
    const nodeId = 'node-renewal';
    const first = await plane.tokens.signNode({ sub: nodeId }, lifetimeSeconds);
    const refusals: WireError[] = [];
    const node = await startLinkedNode({
      replicas: [{ url: plane.url }],
      nodeId,
      workers: 1,
      rtcPorts: [20600, 20649],
      env: { NODE_TOKEN: first },
      onRejected: (error) => refusals.push(error),
    });
    try {
      await until('the node to register', () => plane.fleet.has(nodeId));
      await until('the node to renew its token', () => node.links.token.current !== first);
      const renewed = node.links.token.current;
      await expect(plane.tokens.verify(renewed, 'node')).resolves.toMatchObject({ sub: nodeId });
      expect(tokenLifetime(renewed)!.expiresAt).toBeGreaterThan(tokenLifetime(first)!.expiresAt);

      // The first token lapses; then the connection drops (the network, not either end).
      await until('the first token to lapse', () => Date.now() > tokenLifetime(first)!.expiresAt + 1000);
      await expect(plane.tokens.verify(first, 'node')).rejects.toMatchObject({ code: 'TOKEN_EXPIRED' });
      const registeredAgain = new Promise<void>((resolve) => plane.fleet.once('nodeUp', (n) => n.nodeId === nodeId && resolve()));
      // (The channel's socket is private: reaching into it stands for a network drop.)
      const channels = (node.links as unknown as { channels: { socket: Socket & { io: { engine: { close(): void } } } }[] }).channels;
      channels[0]!.socket.io.engine.close();
      await registeredAgain;
      expect(refusals).toEqual([]);
      expect(plane.fleet.has(nodeId)).toBe(true);
    } finally {
      node.close();
    }
  });

  it("a recorder renews its token; the renewed one opens /recorder after the first lapsed", async ({ expect }) => {
    const first = await plane.tokens.signRecorder({ sub: 'recorder-renewal' }, lifetimeSeconds);
    const renewals: number[] = [];
    const link = new ControlPlaneLink(plane.url, first, { onRenewed: (_, expiresAt) => renewals.push(expiresAt) });
    let fresh: Socket | null = null;
    try {
      await link.connected();
      await until('the recorder to renew its token', () => link.token.current !== first);
      expect(renewals).toHaveLength(1);
      await until('the first token to lapse', () => Date.now() > tokenLifetime(first)!.expiresAt + 1000);
      await expect(plane.tokens.verify(first, 'recorder')).rejects.toMatchObject({ code: 'TOKEN_EXPIRED' });
      fresh = io(`${plane.url}${namespaces.recorder}`, { auth: { token: link.token.current }, transports: ['websocket'], reconnection: false });
      await new Promise<void>((resolve, reject) => {
        fresh!.once('connect', resolve);
        fresh!.once('connect_error', reject);
      });
      // It is served as the recorder: an unknown recording is NOT_FOUND, not a refusal.
      await expect(callMessage(fresh, recorderRequests, 'recordingState', { recordingId: randomUUID() })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    } finally {
      fresh?.close();
      link.close();
    }
  });
});
