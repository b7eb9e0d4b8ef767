// The attack suite's socket half: on every namespace, every message of its contract (and names
// that are no message, such as __proto__ and constructor) is sent with valid-looking and mutated
// payloads. Every one gets a typed answer (never INTERNAL, never silence) and the server stays up.
// The root namespace, which no client uses, refuses everyone.
import {
  consoleRequests,
  namespaces,
  nodeReports,
  recorderRequests,
  siteRequests,
  type MessageMap,
  type WireError,
} from '@lienthong/contracts';
import fc from 'fast-check';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { signActors } from '../support/actors.js';
import { startTestControlPlane, type TestControlPlane } from '../support/control-plane.js';
import { storeOpinion } from '../support/opinions.js';
import { fromSchema, mutate, type JsonSchema } from './schema-arbitrary.js';

const runs = Number(process.env.FUZZ_RUNS ?? 12);
const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const notMessages = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'no-such-message'];

describe('socket fuzz: a typed answer to everything, on every namespace', () => {
  let plane: TestControlPlane;
  const sockets: Socket[] = [];
  const ids: string[] = [];

  beforeAll(async () => {
    console.log(`socket fuzz: FUZZ_SEED=${seed} FUZZ_RUNS=${runs}`);
    plane = await startTestControlPlane();
    const p = plane.db.prisma;
    await storeOpinion(p, plane.seed.conferenceId, plane.seed.hallSiteId);
    for (const rows of await Promise.all([p.unit.findMany(), p.site.findMany(), p.conference.findMany(), p.opinion.findMany()])) ids.push(...rows.map((r) => r.id));
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await plane?.stop();
  });

  function connect(nsp: string, auth: object): Promise<{ socket: Socket; refused?: WireError }> {
    const socket = io(`${plane.url}${nsp}`, { auth, transports: ['websocket'], reconnection: false });
    sockets.push(socket);
    return new Promise((resolve) => {
      socket.once('connect', () => resolve({ socket }));
      socket.once('connect_error', (err: Error & { data?: WireError }) => resolve({ socket, refused: err.data }));
    });
  }

  const tokenFor: Record<string, () => Promise<string>> = {
    [namespaces.site]: () => plane.tokens.signSite({ sub: plane.seed.hallSiteId, conf: plane.seed.conferenceId }, 600),
    [namespaces.console]: async () => (await signActors(plane)).system_admin,
    [namespaces.recorder]: () => plane.tokens.signRecorder({ sub: 'fuzz-recorder' }, 600),
    [namespaces.node]: () => plane.tokens.signNode({ sub: 'fuzz-node' }, 600),
  };
  const maps: [string, MessageMap][] = [
    [namespaces.site, siteRequests],
    [namespaces.console, consoleRequests],
    [namespaces.recorder, recorderRequests],
    [namespaces.node, nodeReports],
  ];

  for (const [nsp, map] of maps) {
    it(`${nsp}: every message, and names that are none, get a typed answer`, async () => {
      const { socket, refused } = await connect(nsp, { token: await tokenFor[nsp]!() });
      expect(refused).toBeUndefined();
      const payloads = Object.fromEntries(
        Object.entries(map).map(([name, spec]) => {
          const valid = fromSchema(z.toJSONSchema(spec.request, { io: 'input', unrepresentable: 'any' }) as JsonSchema, ids);
          return [name, fc.oneof(valid, mutate(valid))];
        }),
      );
      const message = fc.oneof(
        ...Object.keys(map).map((name) => payloads[name]!.map((payload) => ({ name, payload }))),
        fc.constantFrom(...notMessages).chain((name) => fc.jsonValue({ maxDepth: 2 }).map((payload) => ({ name, payload }))),
      );
      await fc.assert(
        fc.asyncProperty(message, async ({ name, payload }) => {
          if (!socket.connected) return; // a message may end the session (e.g. leave): that is an answer too
          const answer = (await socket.timeout(10_000).emitWithAck(name, payload)) as { ok: boolean; error?: WireError };
          expect(typeof answer.ok, `${nsp} ${name}`).toBe('boolean');
          if (!answer.ok) expect(answer.error?.code, `${nsp} ${name} ${JSON.stringify(payload)?.slice(0, 300)}`).not.toBe('INTERNAL');
        }),
        { numRuns: runs * Object.keys(map).length, seed, endOnFailure: true },
      );
    });

    it(`${nsp}: __proto__ and constructor are unknown messages`, async () => {
      const { socket } = await connect(nsp, { token: await tokenFor[nsp]!() });
      for (const name of ['__proto__', 'constructor']) {
        const answer = (await socket.timeout(10_000).emitWithAck(name, {})) as { ok: boolean; error?: WireError };
        expect(answer).toMatchObject({ ok: false, error: { code: 'UNKNOWN_MESSAGE' } });
      }
    });
  }

  it('the root namespace refuses connections', async () => {
    const { socket, refused } = await connect('/', { token: await tokenFor[namespaces.console]!() });
    expect(socket.connected).toBe(false);
    expect(refused?.code).toBe('FORBIDDEN');
  });

  it('the server is still alive', async () => {
    const res = await fetch(`${plane.url}/api/health`);
    expect(res.status).toBe(200);
  });
});
