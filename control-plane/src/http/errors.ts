import { LienthongError, toWireError } from '@lienthong/contracts';
import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from 'express';
import type { z } from 'zod';
import type { Logger } from '../logger.js';

/** Parses a part of the request with zod; a mismatch is a BAD_REQUEST naming the field. */
export function parse<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw LienthongError.fromZod(result.error, what);
  return result.data;
}

/** Wraps an async route so its rejection reaches the error handler. */
export const route =
  (fn: (req: Request, res: Response) => Promise<void>): RequestHandler =>
  (req: Request, res: Response, next: NextFunction) => {
    fn(req, res).catch(next);
  };

/** The one error handler: every failure leaves as `application/problem+json` with a WireError body. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    // express.json() failures carry a status and type; they are the client's fault.
    const bodyError = err as { type?: string; status?: number; code?: string };
    const known =
      bodyError.type === 'entity.parse.failed'
        ? new LienthongError('BAD_REQUEST', 'The body is not valid JSON')
        : bodyError.type === 'entity.too.large'
          ? new LienthongError('BAD_REQUEST', 'The body is too large')
          : // A unique key taken between our check and the insert (another request won the race).
            bodyError.code === 'P2002'
            ? new LienthongError('CONFLICT', 'That code or name was just taken by another request')
            : err;
    const wire = toWireError(known);
    const status = known instanceof LienthongError ? known.httpStatus : wire.code === 'BAD_REQUEST' ? 400 : 500;
    if (status >= 500) logger.error({ err, method: req.method, url: req.originalUrl }, 'request failed');
    res.status(status).type('application/problem+json').json(wire);
  };
}
