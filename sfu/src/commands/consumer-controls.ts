import type { Handlers, NodeCommands } from '@lienthong/contracts';
import type { CommandContext } from './context.js';

type ConsumerControlCommands = Pick<NodeCommands, 'pauseConsumer' | 'setConsumerPreferredLayers'>;

/** What a site's receive settings change on its consumers: audio only, low bandwidth. */
export const consumerControlHandlers: Handlers<ConsumerControlCommands, CommandContext> = {
  async pauseConsumer({ consumerId }, { media }) {
    await media.consumer(consumerId).object.pause();
    return {};
  },

  async setConsumerPreferredLayers({ consumerId, spatialLayer, temporalLayer }, { media }) {
    await media.consumer(consumerId).object.setPreferredLayers({ spatialLayer, temporalLayer });
    return {};
  },
};
