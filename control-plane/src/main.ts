import { loadConfigOrExit } from '@lienthong/contracts';
import { readFileSync } from 'node:fs';
import { loadConfig } from './config.js';
import { openDatabase } from './db/database.js';
import { createLogger } from './logger.js';
import { startControlPlane } from './server.js';

const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string })
  .version;

const config = loadConfigOrExit('control-plane', () => loadConfig());
const logger = createLogger(config.LOG_LEVEL);
const db = await openDatabase({ databaseUrl: config.DATABASE_URL, pgliteDataDir: config.PGLITE_DIR, logger });
logger.info({ database: db.kind }, 'database ready');
const plane = await startControlPlane(config, db, logger, version);

let stopping = false;
async function shutdown(): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info('shutting down');
  await plane.close();
  await db.close();
  process.exit(0);
}
process.once('SIGINT', () => void shutdown());
process.once('SIGTERM', () => void shutdown());
