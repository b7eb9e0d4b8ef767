import { LienthongError, namespaces, nodeReports, serveMessages, type Handlers, type NodeReports } from '@lienthong/contracts';
import type { Server, Socket } from 'socket.io';
import type { TokenService } from '../auth/tokens.js';
import { MediaNodeHandle, type NodeRegistry } from '../fleet/node-registry.js';
import type { Logger } from '../logger.js';
import { tokenMiddleware } from './token-middleware.js';

interface NodeCtx {
  socket: Socket;
  nodeId: string;
  handle?: MediaNodeHandle;
}

/**
 * The /node namespace: media nodes dial in with a node token, register, heartbeat, and take
 * commands through their MediaNodeHandle. A node silent for `nodeTimeoutMs` is cut off.
 */
export function attachNodeGateway(
  io: Server,
  deps: { tokens: TokenService; fleet: NodeRegistry; logger: Logger; nodeTimeoutMs: number },
) {
  const { tokens, fleet } = deps;
  const logger = deps.logger.child({ gateway: 'node' });
  const nsp = io.of(namespaces.node);
  nsp.use(tokenMiddleware(tokens, 'node', async (claims) => ({ nodeId: claims.sub }), logger));

  const handlers: Handlers<NodeReports, NodeCtx> = {
    register(info, ctx) {
      if (info.nodeId !== ctx.nodeId)
        throw new LienthongError('FORBIDDEN', `This token belongs to node ${ctx.nodeId}, not ${info.nodeId}`);
      if (ctx.handle) fleet.remove(ctx.handle);
      ctx.handle = new MediaNodeHandle(
        info.nodeId,
        info.announcedIp,
        info.localityTags,
        info.workers,
        info.consumersPerWorker,
        ctx.socket,
      );
      fleet.add(ctx.handle);
      logger.info({ nodeId: info.nodeId, workers: info.workers, tags: info.localityTags, version: info.version }, 'media node registered');
      // Media a node kept from before this replica knew it belongs to no live plan here.
      return { keepRouterIds: [] };
    },
    heartbeat({ workers }, ctx) {
      if (!ctx.handle) throw new LienthongError('CONFLICT', 'register first');
      ctx.handle.workers = workers;
      ctx.handle.lastSeenAt = new Date();
      return {};
    },
    workerRestarted({ index, lostRouterIds }, ctx) {
      if (!ctx.handle) throw new LienthongError('CONFLICT', 'register first');
      logger.warn({ nodeId: ctx.nodeId, worker: index, lostRouters: lostRouterIds.length }, 'media node restarted a worker');
      fleet.workerRestarted(ctx.handle, index);
      return {};
    },
  };

  nsp.on('connection', (socket) => {
    const ctx: NodeCtx = { socket, nodeId: (socket.data as { nodeId: string }).nodeId };
    serveMessages(socket, nodeReports, handlers, ctx, {
      onError: (event, error) => logger.warn({ nodeId: ctx.nodeId, event, error }, 'node message refused'),
    });
    socket.on('disconnect', (reason) => {
      logger.warn({ nodeId: ctx.nodeId, reason }, 'media node disconnected');
      if (ctx.handle) fleet.remove(ctx.handle);
    });
  });

  const watchdog = setInterval(() => {
    const now = Date.now();
    for (const node of fleet.list()) {
      if (now - node.lastSeenAt.getTime() <= deps.nodeTimeoutMs) continue;
      logger.warn({ nodeId: node.nodeId }, 'media node missed its heartbeats; cutting it off');
      fleet.remove(node);
      for (const s of nsp.sockets.values()) if ((s.data as { nodeId: string }).nodeId === node.nodeId) s.disconnect(true);
    }
    // Checked often: a dead node's sites wait for this tick on top of the timeout itself.
  }, Math.max(100, Math.min(250, deps.nodeTimeoutMs / 10)));
  watchdog.unref();
  return { close: () => clearInterval(watchdog) };
}
