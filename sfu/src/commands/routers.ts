import { LienthongError, type Handlers, type NodeCommands } from '@lienthong/contracts';
import { routerMediaCodecs } from '../media/codecs.js';
import type { CommandContext } from './context.js';

type RouterCommands = Pick<NodeCommands, 'createRouter' | 'closeRouter'>;

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

  closeRouter({ routerId }, { media }) {
    media.router(routerId).object.close();
    return {};
  },
};
