import { LienthongError, type OperatorTokenClaims } from '@lienthong/contracts';
import type { RequestHandler, Response } from 'express';
import type { TokenService } from '../auth/tokens.js';

/** Requires an operator's bearer token; its claims go to `res.locals.operator`. */
export function authenticateOperator(tokens: TokenService): RequestHandler {
  return (req, res, next) => {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) return next(new LienthongError('UNAUTHENTICATED', 'Send an operator token as "Authorization: Bearer <token>"'));
    tokens.verify(match[1]!, 'operator').then((claims) => {
      res.locals.operator = claims;
      next();
    }, next);
  };
}

export const operatorOf = (res: Response) => res.locals.operator as OperatorTokenClaims;
