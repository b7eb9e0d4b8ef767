import { LienthongError, isRunning } from '@lienthong/contracts';
import type { Database } from '../../db/database.js';
import { requireVote } from '../../votes/vote-records.js';
import type { VoteService } from '../../votes/vote-service.js';
import { voteSitesTable } from '../../votes/vote-table.js';
import type { Guard, Mount } from '../endpoint.js';
import { ownedConference, visibleConference } from './conference-access.js';


/** Votes from the console: opened and closed by the host's operators, read by anyone who sees the conference. */
export function mountVoteRoutes(mount: Mount, { db, votes }: { db: Database; votes: VoteService }) {
  const conferenceOf = async (voteId: string) => (await requireVote(db.prisma, voteId)).conferenceId;
  const openerOf = (call: Guard) => call.actor.claims.sub;

  mount('votes.list', async (call) => {
    await visibleConference(db, call, call.params.id);
    return { items: await votes.list(call.params.id) };
  });

  mount('votes.open', async (call) => {
    const conference = await ownedConference(db, call, call.params.id);
    if (!isRunning(conference.status)) throw new LienthongError('CONFERENCE_NOT_OPEN', `The conference is ${conference.status}`);
    const vote = await votes.open(conference.id, call.body, openerOf(call));
    await call.change(async () => ({
      result: null,
      resourceId: vote.id,
      unitPath: conference.hostPath,
      details: { conferenceId: conference.id, question: vote.question, options: vote.options, secret: vote.secret, closesAt: vote.closesAt },
    }));
    return vote;
  });

  mount('votes.get', async (call) => {
    await visibleConference(db, call, await conferenceOf(call.params.id));
    return votes.result(call.params.id);
  });

  mount('votes.close', async (call) => {
    const conference = await ownedConference(db, call, await conferenceOf(call.params.id));
    const result = await votes.close(call.params.id);
    await call.change(async () => ({
      result: null,
      resourceId: call.params.id,
      unitPath: conference.hostPath,
      details: { conferenceId: conference.id, totals: result.tally.totals, voted: result.tally.voted, expected: result.tally.expected },
    }));
    return result;
  });

  mount('votes.sites', async (call) => {
    await visibleConference(db, call, await conferenceOf(call.params.id));
    const { vote, lines } = await votes.sites(call.params.id);
    return voteSitesTable(vote, lines, call.query.lang);
  });
}
