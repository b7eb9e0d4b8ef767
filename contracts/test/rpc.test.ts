import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { callMessage, LienthongError, message, serveMessages, type Handlers } from '../src/index.js';

const calls = {
  add: message(z.object({ a: z.number(), b: z.number() }), z.object({ sum: z.number() })),
  explode: message(z.object({}), z.object({})),
  refuse: message(z.object({}), z.object({})),
  lie: message(z.object({}), z.object({ n: z.number() })),
  hang: message(z.object({}), z.object({})),
};

/** The message pipeline over a real socket.io connection. */
describe('serveMessages / callMessage', () => {
  let server: Server;
  let client: Socket;
  const errors: string[] = [];
  const handled: { event: string; seconds: number; code: string | null }[] = [];

  beforeAll(async () => {
    const http = createServer();
    server = new Server(http);
    const handlers: Handlers<typeof calls, { user: string }> = {
      add: ({ a, b }) => ({ sum: a + b }),
      explode: () => {
        throw new Error('secret internal detail');
      },
      refuse: () => {
        throw new LienthongError('FORBIDDEN', 'not you');
      },
      lie: () => ({ n: 'three' }) as unknown as { n: number },
      hang: () => new Promise(() => {}),
    };
    server.on('connection', (socket) =>
      serveMessages(socket, calls, handlers, { user: 'u' }, {
        onError: (event, e) => errors.push(`${event}:${e.code}`),
        onHandled: (event, seconds, error) => handled.push({ event, seconds, code: error?.code ?? null }),
      }),
    );
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    client = connect(`http://127.0.0.1:${(http.address() as AddressInfo).port}`, { transports: ['websocket'] });
    await new Promise<void>((r) => client.once('connect', () => r()));
  });
  afterAll(async () => {
    client.close();
    await server.close();
  });

  const failureOf = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as LienthongError);

  it('answers a valid request', async () => {
    expect(await callMessage(client, calls, 'add', { a: 2, b: 3 })).toEqual({ sum: 5 });
  });

  it('turns a malformed request into BAD_REQUEST naming the field', async () => {
    const err = await failureOf(callMessage(client, calls, 'add', { a: 2, b: 'x' } as never));
    expect(err?.code).toBe('BAD_REQUEST');
    expect(err?.message).toContain('b');
    expect(err?.issues?.[0]?.path).toEqual(['b']);
  });

  it('passes expected errors through and hides unexpected ones', async () => {
    expect((await failureOf(callMessage(client, calls, 'refuse', {})))?.code).toBe('FORBIDDEN');
    const hidden = await failureOf(callMessage(client, calls, 'explode', {}));
    expect(hidden?.code).toBe('INTERNAL');
    expect(hidden?.message).not.toContain('secret');
  });

  it('rejects an answer that breaks the contract', async () => {
    expect((await failureOf(callMessage(client, calls, 'lie', {})))?.code).toBe('INTERNAL');
  });

  it('acks an unknown message with UNKNOWN_MESSAGE instead of ignoring it', async () => {
    const ack = await client.timeout(2000).emitWithAck('nope', {});
    expect(ack).toMatchObject({ ok: false, error: { code: 'UNKNOWN_MESSAGE' } });
    expect(errors).toContain('nope:UNKNOWN_MESSAGE');
  });

  it('reports each handled message with its duration, and no malformed or unknown one', async () => {
    handled.length = 0;
    await callMessage(client, calls, 'add', { a: 1, b: 1 });
    await failureOf(callMessage(client, calls, 'refuse', {}));
    await failureOf(callMessage(client, calls, 'add', { a: 'x' } as never));
    await client.timeout(2000).emitWithAck('nope', {});
    expect(handled.map(({ event, code }) => ({ event, code }))).toEqual([
      { event: 'add', code: null },
      { event: 'refuse', code: 'FORBIDDEN' },
    ]);
    expect(handled.every((h) => h.seconds >= 0 && h.seconds < 5)).toBe(true);
  });

  it('times out when the handler never answers', async () => {
    expect((await failureOf(callMessage(client, calls, 'hang', {}, 300)))?.code).toBe('TIMEOUT');
  });
});
