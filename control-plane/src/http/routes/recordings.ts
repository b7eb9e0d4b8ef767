// The replay library: list, one recording with signed media links, and a conference's secrecy.
import { LienthongError } from '@lienthong/contracts';
import type { TokenService } from '../../auth/tokens.js';
import type { Database } from '../../db/database.js';
import { listRecordings, recordingDetail } from '../../recordings/library.js';
import { mediaPrefix } from '../../recordings/media-path.js';
import type { ReplayDeps } from '../../recordings/replay-deps.js';
import { publicAssignment } from '../../recordings/study.js';
import type { Mount } from '../endpoint.js';
import { ownedConference } from './conference-access.js';
import { playableRecording } from './recording-access.js';

export function mountRecordingRoutes(mount: Mount, { db, tokens, replay }: { db: Database; tokens: TokenService; replay: ReplayDeps }) {
  mount('recordings.list', async (call) => {
    const under = call.query.under ? await call.listRoot(call.query.under) : undefined;
    return listRecordings(db.prisma, call.actor, call.query, { under, threshold: replay.completionThreshold });
  });

  mount('recordings.get', async (call) => {
    const { row, audienceVersion } = await playableRecording(db, call, call.params.id);
    const manifest = await replay.storage.readManifest(row.storageKey);
    const expiresAt = new Date(Date.now() + replay.mediaTokenTtlSeconds * 1000);
    const { sub, ver } = call.actor.claims;
    const token = await tokens.signMedia({ sub: row.id, per: sub, ver, av: audienceVersion }, replay.mediaTokenTtlSeconds);
    const assignment = await db.prisma.studyAssignment.findUnique({ where: { recordingId: row.id } });
    return recordingDetail(row, manifest, { prefix: mediaPrefix(row.id, token), expiresAt }, assignment && publicAssignment(assignment), replay.completionThreshold);
  });

  mount('conferences.secrecy', async (call) => {
    const conference = await ownedConference(db, call, call.params.id);
    const { secret, allowedPersonIds } = call.body;
    const found = await db.prisma.person.count({ where: { id: { in: allowedPersonIds } } });
    if (found !== new Set(allowedPersonIds).size) throw new LienthongError('NOT_FOUND', 'Some of the people named do not exist');
    return call.change(async (tx) => {
      // Media URLs signed for the former audience stop working; saving the same one again keeps them.
      const before = await tx.conference.findUniqueOrThrow({ where: { id: conference.id }, select: { secret: true, viewers: { select: { personId: true } } } });
      const changed = before.secret !== secret || !sameSet(before.viewers.map((v) => v.personId), allowedPersonIds);
      await tx.conference.update({ where: { id: conference.id }, data: { secret, ...(changed ? { audienceVersion: { increment: 1 } } : {}) } });
      await tx.conferenceViewer.deleteMany({ where: { conferenceId: conference.id } });
      await tx.conferenceViewer.createMany({ data: allowedPersonIds.map((personId) => ({ conferenceId: conference.id, personId })), skipDuplicates: true });
      return {
        result: { conferenceId: conference.id, secret, allowedPersonIds },
        resourceId: conference.id,
        unitPath: conference.hostPath,
        details: { secret, allowed: allowedPersonIds.length },
      };
    });
  });
}

const sameSet = (a: string[], b: string[]) => {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((x) => right.has(x));
};
