// Which site and conference a /site connection speaks for: a join link's code (what a printed
// link opens) or a signed site token (tools, tests), each checked against revocation.
import { LienthongError, siteSocketAuthSchema } from '@lienthong/contracts';
import type { TokenService } from '../auth/tokens.js';
import type { Database } from '../db/database.js';
import { resolveJoinCode } from '../join-links/join-link-store.js';

/**
 * The site and conference the connection speaks for. A code is resolved here (an unknown, revoked
 * or expired link is refused); a token's link generation is checked with the site itself
 * (`findSiteInConference`, one statement for both): `generation` is only set for tokens.
 */
export async function siteCredentials(
  auth: unknown,
  deps: { tokens: TokenService; db: Database },
): Promise<{ siteId: string; conferenceId: string; generation?: number }> {
  const parsed = siteSocketAuthSchema.safeParse(auth);
  if (!parsed.success) throw new LienthongError('UNAUTHENTICATED', 'Connect with { auth: { code } } or { auth: { token } }');
  if ('code' in parsed.data) {
    const { siteId, conferenceId } = await resolveJoinCode(deps.db.sql, parsed.data.code);
    return { siteId, conferenceId };
  }
  const claims = await deps.tokens.verify(parsed.data.token, 'site');
  return { siteId: claims.sub, conferenceId: claims.conf, generation: claims.gen };
}
