import { z } from 'zod';
import { idSchema } from './media.js';
import { pageOf, pageQuerySchema } from './paging.js';

/**
 * A site's join link to one conference: a short random code the server resolves (what its QR code
 * and printed list carry), living until the conference's scheduled end plus a grace. Re-issuing
 * a site's link revokes the previous one.
 */
export const joinLinkSchema = z.object({
  siteId: idSchema,
  siteCode: z.string(),
  siteName: z.string(),
  unitName: z.string(),
  isOrigin: z.boolean(),
  /** `<public url>/j/<code>` */
  url: z.string(),
  code: z.string(),
  /** 1 for the first link; each re-issue adds one */
  generation: z.number().int().min(1),
  expiresAt: z.iso.datetime(),
});
export type JoinLink = z.infer<typeof joinLinkSchema>;

/** Search by site code or name. */
export const joinLinkListQuerySchema = pageQuerySchema;
export const joinLinkPageSchema = pageOf(joinLinkSchema);
export type JoinLinkPage = z.infer<typeof joinLinkPageSchema>;

/** What the streamed CSV export reports once written (sent as the file, never as JSON). */
export const joinLinkExportSchema = z.object({ rows: z.number().int().min(0) });

/** Join codes: Crockford base32 (no I, L, O, U), read aloud or typed from paper without confusion. */
export const joinCodeAlphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** 12 characters: 60 random bits, beyond guessing even with every site of a national conference issued. */
export const joinCodeLength = 12;
export const joinCodeSchema = z
  .string()
  .trim()
  .transform((code) => code.toUpperCase().replace(/-/g, ''))
  .pipe(z.string().regex(new RegExp(`^[${joinCodeAlphabet}]{${joinCodeLength}}$`), 'not a join code'));

/** The path of a join link in the web app. */
export const joinPath = (code: string) => `/j/${code}`;
/** The code a join link's path carries, or null. */
export function codeFromJoinPath(pathname: string): string | null {
  const match = /^\/j\/([^/]+)\/?$/.exec(pathname);
  return match ? decodeURIComponent(match[1]!) : null;
}

/** `details` of a SITE_IN_USE refusal: when the session that holds the site joined. */
export const siteInUseDetailsSchema = z.object({ connectedSince: z.iso.datetime().nullable() });
export type SiteInUseDetails = z.infer<typeof siteInUseDetailsSchema>;
