import { loadConfigOrExit } from '@lienthong/contracts';
import { readFileSync } from 'node:fs';
import { loadConfig } from './config.js';
import { ControlChannel } from './control-channel.js';
import { createLogger } from './logger.js';
import { MediaObjects } from './media/media-objects.js';
import { WorkerPool } from './media/worker-pool.js';

const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string })
  .version;

const config = loadConfigOrExit('sfu', () => loadConfig());
const logger = createLogger(config.LOG_LEVEL, config.NODE_ID);

const pool = await WorkerPool.start({
  count: config.WORKERS,
  rtcMinPort: config.RTC_MIN_PORT,
  rtcMaxPort: config.RTC_MAX_PORT,
  workerBin: config.MEDIASOUP_WORKER_BIN,
  logger,
  // Like mediasoup-demo: a dead worker takes its media with it; exit so the supervisor restarts
  // the node cleanly and the control plane re-places its sites.
  onWorkerDied: (index, error) => {
    logger.fatal({ worker: index, err: error }, 'mediasoup worker died; exiting');
    process.exit(1);
  },
}).catch((err: Error) => {
  logger.fatal({ err, bin: config.MEDIASOUP_WORKER_BIN }, 'cannot start mediasoup workers (run infra/setup.sh?)');
  process.exit(1);
});

const channel = new ControlChannel({
  ctx: { media: new MediaObjects(), pool, config, logger },
  version,
  onRejected: (error) => {
    logger.fatal({ error }, `control plane refused this node: ${error.message}`);
    shutdown(1);
  },
});

function shutdown(code = 0): void {
  channel.close();
  pool.close();
  process.exit(code);
}
process.once('SIGINT', () => shutdown());
process.once('SIGTERM', () => shutdown());
