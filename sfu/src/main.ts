import { loadConfigOrExit, metricsRequestListener } from '@lienthong/contracts';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { loadConfig } from './config.js';
import { ControlPlaneLinks } from './control-plane-links.js';
import { createLogger } from './logger.js';
import { FenceBook } from './commands/fencing.js';
import { routerCapabilitiesOf } from './media/codecs.js';
import { traceKeyframes } from './media/keyframe-trace.js';
import { MediaObjects } from './media/media-objects.js';
import { hostReceiveBufferBytes, recommendedReceiveBufferBytes } from './media/receive-buffer.js';
import { poolOptionsOf, WorkerPool } from './media/worker-pool.js';
import { NodeMetrics } from './metrics/node-metrics.js';

const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string })
  .version;

const config = loadConfigOrExit('sfu', () => loadConfig());
const logger = createLogger(config.LOG_LEVEL, config.NODE_ID);

const pool = await WorkerPool.start({
  ...poolOptionsOf(config),
  logger,
  // A dead worker is replaced in place and reported: the control plane re-places only the sites
  // it served, while the node's other workers carry on.
  onWorkerRestarted: (index, lostRouterIds) => channel.workerRestarted(index, lostRouterIds),
  // A worker that cannot start again leaves the node useless: exit, let the service manager restart it.
  onGiveUp: (index, error) => {
    logger.fatal({ worker: index, err: error }, 'mediasoup worker cannot be restarted; exiting');
    process.exit(1);
  },
  ...(config.KEYFRAME_TRACE_FILE ? { onWorkerStarted: (worker) => traceKeyframes(worker, config.NODE_ID, config.KEYFRAME_TRACE_FILE!) } : {}),
}).catch((err: Error) => {
  logger.fatal({ err, bin: config.MEDIASOUP_WORKER_BIN }, 'cannot start mediasoup workers (run infra/setup.sh?)');
  process.exit(1);
});

const routerCapabilities = await routerCapabilitiesOf(pool.get(0)!);
const receiveBuffer = await hostReceiveBufferBytes();
if (receiveBuffer !== null && receiveBuffer < recommendedReceiveBufferBytes) {
  logger.warn(
    { rmemDefault: receiveBuffer, recommended: recommendedReceiveBufferBytes },
    'UDP receive buffers are small: a busy worker will drop program packets at its sockets; set net.core.rmem_default on this host (runbooks/capacity.md)',
  );
}

const metrics = new NodeMetrics({ nodeId: config.NODE_ID, pool, consumersPerWorker: config.CONSUMERS_PER_WORKER, connected: (): boolean => channel.connected });
const channel = new ControlPlaneLinks({
  urls: config.CONTROL_PLANE_URL,
  ctx: { media: new MediaObjects(), pool, config, logger, fences: new FenceBook() },
  version,
  metrics,
  routerCapabilities,
  onRejected: (error) => {
    logger.fatal({ error }, `control plane refused this node: ${error.message}`);
    shutdown(1);
  },
});

// Its own listener (off unless METRICS_PORT is set): the scraper reaches it, sites never do.
const metricsHttp = config.METRICS_PORT === undefined ? null : createServer(metricsRequestListener(metrics.registry, config.METRICS_TOKEN));
metricsHttp?.once('error', (err) => {
  logger.fatal({ err, port: config.METRICS_PORT }, 'cannot open the metrics listener');
  shutdown(1);
});
metricsHttp?.listen(config.METRICS_PORT, config.METRICS_HOST, () => logger.info({ address: metricsHttp.address() }, 'metrics listening'));

function shutdown(code = 0): void {
  metricsHttp?.close();
  channel.close();
  pool.close();
  process.exit(code);
}
process.once('SIGINT', () => shutdown());
process.once('SIGTERM', () => shutdown());
