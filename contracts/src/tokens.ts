import { z } from 'zod';
import { idSchema } from './media.js';
import { personRoleSchema } from './people.js';

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
  /**
   * The generation of the site's join link it came from: re-issuing a link revokes every earlier
   * generation, so the /site socket refuses this token once its generation is revoked. 0: minted
   * without a link (tools, tests), valid until the site's first link is revoked.
   */
  gen: z.number().int().min(0).default(0),
});
export type SiteTokenClaims = z.infer<typeof siteTokenClaimsSchema>;
/** What signing a site token needs (`gen` defaults to 0). */
export type SiteTokenInput = Omit<z.input<typeof siteTokenClaimsSchema>, 'typ'>;

export const nodeTokenClaimsSchema = z.object({
  typ: z.literal('node'),
  /** media node id */
  sub: idSchema,
});
export type NodeTokenClaims = z.infer<typeof nodeTokenClaimsSchema>;

/**
 * A delegate's link to one document (public or internal), carried by a QR code in the hall: it
 * opens that file only, to whoever holds it, until it expires. Secret documents never get one.
 */
export const documentTokenClaimsSchema = z.object({
  typ: z.literal('document'),
  /** document id */
  sub: idSchema,
});
export type DocumentTokenClaims = z.infer<typeof documentTokenClaimsSchema>;
/** A node's or recorder's fresh token, asked for over its own connection before the one it holds lapses. */
export const renewedTokenSchema = z.object({ token: z.string().min(20) });

/** A recorder process (recorder/): taps conference programs and reports recordings. */
export const recorderTokenClaimsSchema = z.object({
  typ: z.literal('recorder'),
  /** recorder instance name */
  sub: idSchema,
});
export type RecorderTokenClaims = z.infer<typeof recorderTokenClaimsSchema>;

/** A person's access token (every role, not operators only: the name is historical). */
export const operatorTokenClaimsSchema = z.object({
  typ: z.literal('operator'),
  /** person id */
  sub: idSchema,
  role: personRoleSchema,
  /** root of the unit subtree this person may see and change */
  unit: idSchema,
  /** the one site a site operator runs */
  site: idSchema.optional(),
  /** the person's token version when signed: a logout or password reset raises it (absent: 0) */
  ver: z.number().int().min(0).optional(),
  /** 'temporary': signed in with a password someone else set; every call but choosing a new one is refused. */
  pwd: z.literal('temporary').optional(),
});
export type OperatorTokenClaims = z.infer<typeof operatorTokenClaimsSchema>;

/**
 * Opens one recording's playlists, segments and poster for a short time. It travels in the URL
 * path (`/api/recordings/<id>/media/<token>/…`) because a player fetches many files by relative
 * URL and cannot add headers to an <img> or a segment request.
 */
export const mediaTokenClaimsSchema = z.object({
  typ: z.literal('media'),
  /** recording id */
  sub: idSchema,
  /** the person it was issued to */
  per: idSchema,
  /** the person's token version when signed: a logout or a new password ends the URL too (absent: 0) */
  ver: z.number().int().min(0).optional(),
  /** the conference's audience version when signed: a change of who may see the recording ends the URL */
  av: z.number().int().min(0).default(0),
});
export type MediaTokenClaims = z.infer<typeof mediaTokenClaimsSchema>;
/** What signing a media token needs (`av` defaults to 0). */
export type MediaTokenInput = Omit<z.input<typeof mediaTokenClaimsSchema>, 'typ'>;

export const tokenClaimsSchema = z.discriminatedUnion('typ', [
  siteTokenClaimsSchema,
  nodeTokenClaimsSchema,
  recorderTokenClaimsSchema,
  operatorTokenClaimsSchema,
  documentTokenClaimsSchema,
  mediaTokenClaimsSchema,
]);
export type TokenClaims = z.infer<typeof tokenClaimsSchema>;
export type TokenType = TokenClaims['typ'];

/** What a socket.io client sends as `auth` on connect, on every namespace. */
export const socketAuthSchema = z.object({ token: z.string().min(1, 'token is empty') });

/** A site may connect with a signed site token or with its join link's short code (what `/j/<code>` carries). */
export const siteSocketAuthSchema = z.union([socketAuthSchema, z.object({ code: z.string().min(1, 'code is empty').max(64) })]);
export type SiteSocketAuth = z.infer<typeof siteSocketAuthSchema>;
