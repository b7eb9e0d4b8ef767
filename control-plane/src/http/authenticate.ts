import { LienthongError } from '@lienthong/contracts';
import type { Request } from 'express';

/** The bearer token of a request, or UNAUTHENTICATED. */
export function bearerToken(req: Request): string {
  const match = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
  if (!match) throw new LienthongError('UNAUTHENTICATED', 'Send an access token as "Authorization: Bearer <token>"');
  return match[1]!;
}
