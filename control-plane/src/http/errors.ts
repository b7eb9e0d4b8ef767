import { errorCatalogue, LienthongError, toWireError } from '@lienthong/contracts';
import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from 'express';
import type { z } from 'zod';
import type { Logger } from '../logger.js';

/**
 * Parses a part of the request with zod; a mismatch is a BAD_REQUEST naming the field. Text with a
 * NUL character is refused first: PostgreSQL cannot store it, and no field of ours needs it.
 */
export function parse<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const nul = pathToNul(value, []);
  if (nul) throw new LienthongError('BAD_REQUEST', `Invalid ${what}: ${nul.join('.') || 'value'}: contains a NUL character`, [{ path: nul, message: 'contains a NUL character' }]);
  const result = schema.safeParse(value);
  if (!result.success) throw LienthongError.fromZod(result.error, what);
  return result.data;
}

/** Where in a parsed JSON value (or query, or params) a string holds U+0000, if anywhere. */
export function pathToNul(value: unknown, path: (string | number)[], depth = 0): (string | number)[] | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (!value || typeof value !== 'object' || depth > 32) return null;
  for (const [key, item] of Object.entries(value)) {
    if (key.includes('\u0000')) return [...path, key];
    const found = pathToNul(item, [...path, Array.isArray(value) ? Number(key) : key], depth + 1);
    if (found) return found;
  }
  return null;
}

/** Wraps an async route so its rejection reaches the error handler. */
export const route =
  (fn: (req: Request, res: Response) => Promise<void>): RequestHandler =>
  (req: Request, res: Response, next: NextFunction) => {
    fn(req, res).catch(next);
  };

/**
 * Failures raised by express and its body parsers before any handler ran (bad percent-encoding in
 * a path, an unsupported charset or content encoding, a body that is not JSON or is too large):
 * the client's fault, so a 4xx in the one error shape, never an INTERNAL.
 */
function clientFault(err: unknown): LienthongError | null {
  const e = err as { type?: string; status?: number; statusCode?: number; code?: string; expose?: boolean; limit?: number };
  if (e.type === 'entity.parse.failed') return new LienthongError('BAD_REQUEST', 'The body is not valid JSON');
  if (e.type === 'entity.too.large') return tooLarge(e.limit);
  if (e.type === 'charset.unsupported') return new LienthongError('BAD_REQUEST', 'Unsupported charset in Content-Type: send UTF-8');
  if (e.type === 'encoding.unsupported') return new LienthongError('BAD_REQUEST', 'Unsupported Content-Encoding: send the body uncompressed, gzip, deflate or br');
  // A unique key taken between our check and the insert (another request won the race).
  if (e.code === 'P2002') return new LienthongError('CONFLICT', 'That code or name was just taken by another request');
  const status = e.status ?? e.statusCode;
  if (err instanceof URIError || (status === 400 && /decode/i.test(String((err as Error).message)))) {
    return new LienthongError('BAD_REQUEST', 'The path is not valid percent-encoded UTF-8');
  }
  // http-errors raised by express's own middleware (a truncated or mis-encoded body, ...).
  if (typeof status === 'number' && status >= 400 && status < 500 && e.expose !== false) {
    return new LienthongError('BAD_REQUEST', 'The request could not be read');
  }
  return null;
}

/** A body over the endpoint's limit, saying the limit (raw-body reports it in bytes). */
function tooLarge(limitBytes: number | undefined): LienthongError {
  if (limitBytes === undefined) return new LienthongError('TOO_LARGE');
  const mb = limitBytes / (1024 * 1024);
  const limit = mb >= 1 ? `${Number(mb.toFixed(1))} MB` : `${Math.ceil(limitBytes / 1024)} KB`;
  return new LienthongError('TOO_LARGE', `The body is larger than the ${limit} this endpoint accepts`, undefined, { limitBytes });
}

/** The one error handler: every failure leaves as `application/problem+json` with a WireError body. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    // A streamed answer failed halfway: no error document can follow; cut it so it is not taken as whole.
    if (res.headersSent) {
      logger.error({ err, method: req.method, path: req.path }, 'streamed answer failed');
      res.destroy();
      return;
    }
    const known = err instanceof LienthongError ? err : (clientFault(err) ?? err);
    const wire = toWireError(known);
    const status = known instanceof LienthongError ? known.httpStatus : errorCatalogue[wire.code].status;
    if (status >= 500) logger.error({ err, method: req.method, url: req.originalUrl }, 'request failed');
    const send = () => void res.status(status).type('application/problem+json').json(wire);
    // Refused before the body was read (an unsupported charset, say): read it to the end first,
    // or the client, still sending, gets a reset connection instead of the answer.
    if (req.complete || req.readableEnded) return send();
    const timer = setTimeout(send, 5000).unref();
    const once = () => (clearTimeout(timer), res.headersSent || send());
    req.once('end', once).once('close', once).resume();
  };
}
