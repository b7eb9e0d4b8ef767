import { isRunning } from '@lienthong/contracts';
import type { Database } from '../../db/database.js';
import type { OpinionService } from '../../opinions/opinion-service.js';
import { opinionsTable } from '../../opinions/opinion-table.js';
import type { Mount } from '../endpoint.js';
import { ownedConference, visibleConference } from './conference-access.js';


/**
 * Opinions from the console: decided on by the host's operators (each decision audited), read and
 * exported by anyone who sees the conference, narrowed to their own subtree's sites when they do
 * not cover the host.
 */
export function mountOpinionRoutes(mount: Mount, { db, opinions }: { db: Database; opinions: OpinionService }) {
  mount('opinions.list', async (call) => {
    const { sees } = await visibleConference(db, call, call.params.id);
    return { items: await opinions.list(call.params.id, sees) };
  });

  mount('opinions.moderate', async (call) => {
    const conference = await ownedConference(db, call, await opinions.conferenceOf(call.params.id));
    return opinions.moderate(call.params.id, call.body, {
      conferenceRunning: isRunning(conference.status),
      audited: (work) =>
        call.change(async (tx) => ({
          result: await work(tx),
          resourceId: call.params.id,
          unitPath: conference.hostPath,
          details: { conferenceId: conference.id, ...call.body },
        })),
    });
  });

  mount('opinions.export', async (call) => {
    const { conference, sees } = await visibleConference(db, call, call.params.id);
    return opinionsTable(conference, await opinions.list(call.params.id, sees), call.query.lang);
  });
}
