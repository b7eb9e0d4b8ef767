import type { Logger } from 'pino';
import type { SfuConfig } from '../config.js';
import type { MediaObjects } from '../media/media-objects.js';
import type { WorkerPool } from '../media/worker-pool.js';
import type { FenceBook } from './fencing.js';

/** What every command handler may touch: the node's media objects, never business state. */
export interface CommandContext {
  media: MediaObjects;
  pool: WorkerPool;
  config: SfuConfig;
  logger: Logger;
  /** The highest owner fence seen per conference (shared by every control-plane link of the node). */
  fences: FenceBook;
}
