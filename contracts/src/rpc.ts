import { z } from 'zod';
import { LienthongError, toWireError, type WireError, wireErrorSchema } from './errors.js';

/**
 * Request/response messages over socket.io acks, defined once as zod pairs and served and called
 * through the two helpers below, so no side ever retypes a message name or shape.
 */
export interface MessageSpec<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  request: Req;
  response: Res;
}
export type MessageMap = Record<string, MessageSpec>;
export const message = <Req extends z.ZodType, Res extends z.ZodType>(request: Req, response: Res) => ({
  request,
  response,
});

export type RequestOf<M extends MessageMap, K extends keyof M> = z.input<M[K]['request']>;
export type ParsedRequestOf<M extends MessageMap, K extends keyof M> = z.output<M[K]['request']>;
export type ResponseOf<M extends MessageMap, K extends keyof M> = z.output<M[K]['response']>;

export type Ack<T> = { ok: true; data: T } | { ok: false; error: WireError };
const ackEnvelopeSchema = z.union([
  z.object({ ok: z.literal(true), data: z.unknown() }),
  z.object({ ok: z.literal(false), error: wireErrorSchema }),
]);

/** Handlers for every message of a map: the compiler insists each one is handled. */
export type Handlers<M extends MessageMap, Ctx> = {
  [K in keyof M]: (request: ParsedRequestOf<M, K>, ctx: Ctx) => Promise<ResponseOf<M, K>> | ResponseOf<M, K>;
};

/** The structural part of a socket.io socket these helpers need (server or client side). */
export interface ServingSocket {
  on(event: string, listener: (...args: unknown[]) => unknown): unknown;
  onAny(listener: (event: string, ...args: unknown[]) => unknown): unknown;
}
export interface CallingSocket {
  timeout(ms: number): { emitWithAck(event: string, ...args: unknown[]): Promise<unknown> };
}

export interface ServeHooks {
  /** Called for every failed message; unexpected errors carry their original value. */
  onError?(event: string, error: WireError, cause: unknown): void;
  /** Called when a handler has answered or failed (not for malformed or unknown messages), with how long it took. */
  onHandled?(event: string, seconds: number, error: WireError | null): void;
}

/**
 * One pipeline for every incoming message: zod parse -> handler -> typed ack. A malformed or
 * unknown message gets an error ack (when the sender asked for one) and never throws.
 */
export function serveMessages<M extends MessageMap, Ctx>(
  socket: ServingSocket,
  map: M,
  handlers: Handlers<M, Ctx>,
  ctx: Ctx,
  hooks: ServeHooks = {},
): void {
  type Reply = (ack: Ack<unknown>) => void;
  const fail = (event: string, ack: unknown, err: unknown) => {
    const error = toWireError(err);
    hooks.onError?.(event, error, err);
    if (typeof ack === 'function') (ack as Reply)({ ok: false, error } satisfies Ack<never>);
    return error;
  };
  for (const name of Object.keys(map) as (keyof M & string)[]) {
    socket.on(name, async (payload: unknown, ack?: unknown) => {
      if (typeof payload === 'function' && ack === undefined) [payload, ack] = [undefined, payload];
      const parsed = map[name]!.request.safeParse(payload ?? {});
      if (!parsed.success) return fail(name, ack, LienthongError.fromZod(parsed.error, `'${name}' message`));
      const started = performance.now();
      const handled = (error: WireError | null) => hooks.onHandled?.(name, (performance.now() - started) / 1000, error);
      try {
        const data = await handlers[name](parsed.data as ParsedRequestOf<M, typeof name>, ctx);
        handled(null);
        if (typeof ack === 'function') (ack as Reply)({ ok: true, data } satisfies Ack<unknown>);
      } catch (err) {
        handled(fail(name, ack, err));
      }
    });
  }
  socket.onAny((event: string, ...args: unknown[]) => {
    // Own keys only: `'__proto__' in map` and `'constructor' in map` are true for any object.
    if (Object.hasOwn(map, event)) return;
    fail(event, args.at(-1), new LienthongError('UNKNOWN_MESSAGE', `Unknown message '${event}'`));
  });
}

/** Sends one request and resolves with its parsed response, or rejects with a LienthongError. */
export async function callMessage<M extends MessageMap, K extends keyof M & string>(
  socket: CallingSocket,
  map: M,
  name: K,
  request: RequestOf<M, K>,
  timeoutMs = 10_000,
): Promise<ResponseOf<M, K>> {
  let raw: unknown;
  try {
    raw = await socket.timeout(timeoutMs).emitWithAck(name, request);
  } catch {
    throw new LienthongError('TIMEOUT', `No answer to '${name}' within ${timeoutMs} ms`);
  }
  const envelope = ackEnvelopeSchema.safeParse(raw);
  if (!envelope.success) throw new LienthongError('INTERNAL', `Malformed answer to '${name}'`);
  if (!envelope.data.ok) throw LienthongError.fromWire(envelope.data.error);
  const data = map[name]!.response.safeParse(envelope.data.data);
  if (!data.success) throw new LienthongError('INTERNAL', `Unexpected answer to '${name}': ${data.error.issues[0]?.message}`);
  return data.data as ResponseOf<M, K>;
}
