import { LienthongError, type Handlers, type NodeCommands } from '@lienthong/contracts';
import { routerMediaCodecs } from '../media/codecs.js';
import type { CommandContext } from './context.js';

type RouterCommands = Pick<NodeCommands, 'createRouter' | 'closeRouter' | 'closeConferenceRouters'>;

const conferenceOf = (router: { appData: unknown }) => (router.appData as { conferenceId?: string }).conferenceId;

export const routerHandlers: Handlers<RouterCommands, CommandContext> = {
  async createRouter({ conferenceId, workerIndex }, { media, pool, logger }) {
    const index = workerIndex ?? media.leastLoadedWorker(pool.workers.length);
    const worker = pool.get(index);
    if (!worker) throw new LienthongError('BAD_REQUEST', `this node has no worker ${index}`);
    const router = await worker.createRouter({ mediaCodecs: routerMediaCodecs, appData: { conferenceId } });
    media.addRouter(router, index);
    logger.info({ conferenceId, routerId: router.id, worker: index }, 'router created');
    return { routerId: router.id, workerIndex: index, rtpCapabilities: router.rtpCapabilities };
  },

  closeRouter({ routerId }, { media, fences }) {
    const router = media.router(routerId).object;
    router.close();
    // The conference's last router here is gone: its fence need not be remembered.
    const conferenceId = conferenceOf(router);
    const left = media.routerIds().some((id) => conferenceOf(media.router(id).object) === conferenceId);
    if (conferenceId && !left) fences.forget(conferenceId);
    return {};
  },

  closeConferenceRouters({ conferenceId, keepRouterIds }, { media, logger }) {
    const keep = new Set(keepRouterIds);
    const mine = media.routerIds().filter((id) => conferenceOf(media.router(id).object) === conferenceId);
    const stale = mine.filter((id) => !keep.has(id));
    for (const id of stale) media.router(id).object.close();
    // The fence stays: the command that asked for this carried the newest one.
    if (stale.length) logger.info({ conferenceId, routers: stale.length }, 'stale routers of the conference closed');
    return { closedRouterIds: stale, keptRouterIds: mine.filter((id) => keep.has(id)) };
  },
};
