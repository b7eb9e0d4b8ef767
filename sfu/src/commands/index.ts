import type { Handlers, NodeCommands } from '@lienthong/contracts';
import { consumerControlHandlers } from './consumer-controls.js';
import type { CommandContext } from './context.js';
import { pipeHandlers } from './pipes.js';
import { plainTransportHandlers } from './plain-transports.js';
import { routerHandlers } from './routers.js';
import { sessionHandlers } from './sessions.js';
import { streamHandlers } from './streams.js';
import { webRtcTransportHandlers } from './webrtc-transports.js';

/** Every node command, handled: the type makes a missing handler a compile error. */
export const commandHandlers: Handlers<NodeCommands, CommandContext> = {
  ...routerHandlers,
  ...webRtcTransportHandlers,
  ...sessionHandlers,
  ...streamHandlers,
  ...pipeHandlers,
  ...plainTransportHandlers,
  ...consumerControlHandlers,
};
