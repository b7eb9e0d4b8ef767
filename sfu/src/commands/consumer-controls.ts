import type { Handlers, NodeCommands } from '@lienthong/contracts';
import type { CommandContext } from './context.js';

type ConsumerControlCommands = Pick<NodeCommands, 'pauseConsumer' | 'closeConsumer' | 'setConsumerPreferredLayers' | 'requestKeyFrame'>;

/** What a site's receive settings change on its consumers (audio only, low bandwidth), and a recorder's keyframe requests. */
export const consumerControlHandlers: Handlers<ConsumerControlCommands, CommandContext> = {
  async pauseConsumer({ consumerId }, { media }) {
    await media.consumer(consumerId).object.pause();
    return {};
  },

  closeConsumer({ consumerId }, { media }) {
    // Its producer may have closed first, taking the consumer with it: the wish is met either way.
    media.findConsumer(consumerId)?.object.close();
    return {};
  },

  async setConsumerPreferredLayers({ consumerId, spatialLayer, temporalLayer }, { media }) {
    await media.consumer(consumerId).object.setPreferredLayers({ spatialLayer, temporalLayer });
    return {};
  },

  async requestKeyFrame({ consumerId }, { media }) {
    await media.consumer(consumerId).object.requestKeyFrame();
    return {};
  },
};
