import { LienthongError, namespaces, nodeReports, serveMessages, type Handlers, type NodeReports } from '@lienthong/contracts';
import type { Server, Socket } from 'socket.io';
import type { TokenService } from '../auth/tokens.js';
import { livenessConfigFor, NodeLiveness } from '../fleet/node-liveness.js';
import { MediaNodeHandle, type NodeRegistry } from '../fleet/node-registry.js';
import { taggedRouterCapabilities } from '../fleet/router-capabilities.js';
import type { Logger } from '../logger.js';
import { tokenMiddleware } from './token-middleware.js';

interface NodeCtx {
  socket: Socket;
  nodeId: string;
  handle?: MediaNodeHandle;
}

/**
 * The /node namespace: media nodes dial in with a node token, register, heartbeat, and take
 * commands through their MediaNodeHandle. A node silent for `nodeTimeoutMs` of the time this
 * process was awake to hear it is cut off (NodeLiveness): a stalled control plane does not mistake
 * its own deafness for its nodes' death.
 */
export function attachNodeGateway(
  io: Server,
  deps: { tokens: TokenService; fleet: NodeRegistry; logger: Logger; nodeTimeoutMs: number },
) {
  const { tokens, fleet } = deps;
  const logger = deps.logger.child({ gateway: 'node' });
  const nsp = io.of(namespaces.node);
  const livenessConfig = livenessConfigFor(deps.nodeTimeoutMs);
  const { tickMs } = livenessConfig;
  const liveness = new NodeLiveness(livenessConfig);
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
        new Set(info.features),
        info.routerCapabilities ? taggedRouterCapabilities(info.routerCapabilities) : null,
      );
      fleet.add(ctx.handle);
      liveness.heard(info.nodeId);
      // The capabilities' tag: sites open their media with their join only while every node's is the same.
      const capabilities = ctx.handle.routerCapabilities?.tag ?? 'none told';
      logger.info({ nodeId: info.nodeId, workers: info.workers, tags: info.localityTags, version: info.version, features: info.features, capabilities }, 'media node registered');
      // Its routers stay: other replicas' rooms may live on them. A room's owner sweeps its own
      // conference's stale ones when it opens the room (closeConferenceRouters).
      return {};
    },
    heartbeat({ workers }, ctx) {
      if (!ctx.handle) throw new LienthongError('CONFLICT', 'register first');
      ctx.handle.workers = workers;
      ctx.handle.lastSeenAt = new Date();
      liveness.heard(ctx.nodeId);
      return {};
    },
    workerRestarted({ index, lostRouterIds }, ctx) {
      if (!ctx.handle) throw new LienthongError('CONFLICT', 'register first');
      logger.warn({ nodeId: ctx.nodeId, worker: index, lostRouters: lostRouterIds.length }, 'media node restarted a worker');
      fleet.workerRestarted(ctx.handle, index);
      return {};
    },
    // The node keeps its own token fresh (contracts' RenewingToken): the same id, a new expiry.
    async renewToken(_, ctx) {
      logger.info({ nodeId: ctx.nodeId }, 'node token renewed');
      return { token: await tokens.signNode({ sub: ctx.nodeId }) };
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
    const silent = new Set(liveness.tick(Date.now()));
    const stall = liveness.takeStall();
    if (stall) logger.warn({ stallMs: stall }, 'event loop stalled; missed heartbeats during the stall are not held against the nodes');
    for (const nodeId of silent) if (!fleet.has(nodeId)) liveness.forget(nodeId);
    for (const node of fleet.list()) {
      if (!silent.has(node.nodeId)) continue;
      logger.warn({ nodeId: node.nodeId, silentMs: liveness.silenceOf(node.nodeId) }, 'media node missed its heartbeats; cutting it off');
      liveness.forget(node.nodeId);
      fleet.remove(node);
      for (const s of nsp.sockets.values()) if ((s.data as { nodeId: string }).nodeId === node.nodeId) s.disconnect(true);
    }
  }, tickMs);
  watchdog.unref();
  return { close: () => clearInterval(watchdog) };
}
