import { z } from 'zod';
import { idSchema } from './media.js';

/**
 * Claims of the signed tokens (HS256 JWTs, signed by the control plane). Each kind of caller has
 * its own `typ` so one kind's token never opens another's door.
 */
export const siteTokenClaimsSchema = z.object({
  typ: z.literal('site'),
  /** site id */
  sub: idSchema,
  /** the one conference this token joins */
  conf: idSchema,
});
export type SiteTokenClaims = z.infer<typeof siteTokenClaimsSchema>;

export const nodeTokenClaimsSchema = z.object({
  typ: z.literal('node'),
  /** media node id */
  sub: idSchema,
});
export type NodeTokenClaims = z.infer<typeof nodeTokenClaimsSchema>;

export const operatorRoleSchema = z.enum(['admin', 'operator']);
export const operatorTokenClaimsSchema = z.object({
  typ: z.literal('operator'),
  /** person id */
  sub: idSchema,
  role: operatorRoleSchema,
  /** root of the unit subtree this operator may see and change */
  unit: idSchema,
});
export type OperatorTokenClaims = z.infer<typeof operatorTokenClaimsSchema>;

export const tokenClaimsSchema = z.discriminatedUnion('typ', [
  siteTokenClaimsSchema,
  nodeTokenClaimsSchema,
  operatorTokenClaimsSchema,
]);
export type TokenClaims = z.infer<typeof tokenClaimsSchema>;
export type TokenType = TokenClaims['typ'];

/** What a socket.io client sends as `auth` on connect, on every namespace. */
export const socketAuthSchema = z.object({ token: z.string().min(1, 'token is empty') });
