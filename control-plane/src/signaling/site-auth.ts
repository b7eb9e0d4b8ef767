// Which site and conference a /site connection speaks for: a join link's code (what a printed
// link opens) or a signed site token (tools, tests), each checked against revocation.
import { LienthongError, siteSocketAuthSchema } from '@lienthong/contracts';
import type { TokenService } from '../auth/tokens.js';
import type { Database } from '../db/database.js';
import { requireLiveGeneration, resolveJoinCode } from '../join-links/join-link-store.js';

export async function siteCredentials(auth: unknown, deps: { tokens: TokenService; db: Database }): Promise<{ siteId: string; conferenceId: string }> {
  const parsed = siteSocketAuthSchema.safeParse(auth);
  if (!parsed.success) throw new LienthongError('UNAUTHENTICATED', 'Connect with { auth: { code } } or { auth: { token } }');
  if ('code' in parsed.data) return resolveJoinCode(deps.db.prisma, parsed.data.code);
  const claims = await deps.tokens.verify(parsed.data.token, 'site');
  const ids = { siteId: claims.sub, conferenceId: claims.conf };
  // Ids from a token that cannot be uuids name nothing (the lookup that follows says NOT_FOUND).
  if (/^[0-9a-f-]{36}$/i.test(ids.siteId) && /^[0-9a-f-]{36}$/i.test(ids.conferenceId)) await requireLiveGeneration(deps.db.prisma, ids, claims.gen);
  return ids;
}
