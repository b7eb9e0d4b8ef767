// Serves a recording's playlists, segments and poster to whoever holds a media token for it (a
// short-lived JWT minted by recordings.get for someone allowed to see it), as long as neither the
// recording's audience nor the person's token version changed since (both cheap: a column read
// with the recording, a Redis GET). Outside the endpoint table: the answers are media files, not JSON.
import { LienthongError, uuidSchema } from '@lienthong/contracts';
import type { Express } from 'express';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { revokedMessage, type TokenVersions } from '../../auth/token-versions.js';
import type { TokenService } from '../../auth/tokens.js';
import type { Database } from '../../db/database.js';
import type { Logger } from '../../logger.js';
import { mediaRoute } from '../../recordings/media-path.js';
import type { RecordingStorage } from '../../recordings/storage.js';
import { route } from '../errors.js';

const pathSegmentsSchema = z.array(z.string()).min(1);

export function mountRecordingMedia(
  app: Express,
  deps: { db: Database; tokens: TokenService; tokenVersions: Pick<TokenVersions, 'stands'>; storage: RecordingStorage; logger: Logger },
) {
  app.get(
    mediaRoute,
    route(async (req, res) => {
      const id = uuidSchema.safeParse(req.params.id);
      if (!id.success) throw new LienthongError('NOT_FOUND', 'No such recording');
      const claims = await deps.tokens.verify(String(req.params.token), 'media');
      if (claims.sub !== id.data) throw new LienthongError('FORBIDDEN', 'This media token is for another recording');
      const recording = await deps.db.prisma.recording.findUnique({ where: { id: id.data }, select: { storageKey: true, conference: { select: { audienceVersion: true } } } });
      if (!recording) throw new LienthongError('NOT_FOUND', 'No such recording');
      // Who may see it changed since the URL was signed: whoever still may gets a new one from recordings.get.
      if (claims.av < recording.conference.audienceVersion) throw new LienthongError('UNAUTHENTICATED', "The recording's audience changed: open the recording again");
      if (!(await deps.tokenVersions.stands(claims.per, claims.ver))) throw new LienthongError('UNAUTHENTICATED', revokedMessage);
      // Express hands the `*path` wildcard over as its segments, each already decoded (an encoded
      // "/" becomes a separator); the storage refuses any "." or ".." segment and anything that is
      // not a media file.
      const parts = pathSegmentsSchema.safeParse(req.params.path);
      const file = parts.success ? await deps.storage.openMedia(recording.storageKey, parts.data.join('/')) : null;
      if (!file) throw new LienthongError('NOT_FOUND', 'No such media file');
      res.status(200);
      res.set({
        'content-type': file.contentType,
        'content-length': String(file.sizeBytes),
        // Private: the URL carries a personal token; playlists of a finished VOD do not change.
        'cache-control': 'private, max-age=300',
      });
      await pipeline(file.body, res);
    }),
  );
}
