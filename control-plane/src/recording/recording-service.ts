import type { RecordingRecord } from '@lienthong/contracts';
import type { Database } from '../db/database.js';
import type { Logger } from '../logger.js';
import type { Prisma } from '../generated/prisma/client.js';
import type { RecordingQueue } from './recording-queue.js';
import { openRecording, requestStop, toRecordingRecord } from './recording-records.js';

type InTransaction = <T>(fn: (tx: Prisma.TransactionClient) => Promise<T>) => Promise<T>;

/**
 * Starts and stops recordings: the row (pending) and the recorder's job. A conference with
 * recording enabled starts its own when it opens; an operator may start or stop one at any time.
 */
export class RecordingService {
  constructor(
    private readonly db: Database,
    private readonly queue: RecordingQueue,
    private readonly logger: Logger,
  ) {}

  /** `inTx`: the caller's transaction (the REST layer audits the change in it). */
  async start(conferenceId: string, requestedBy: string | null, inTx: InTransaction = (fn) => fn(this.db.prisma)): Promise<RecordingRecord> {
    const { row, created } = await inTx((tx) => openRecording(tx, conferenceId, requestedBy));
    // Enqueued after the row is committed; adding again is harmless (the job id is the recording's).
    await this.queue.record({ conferenceId, recordingId: row.id });
    if (created) this.logger.info({ conferenceId, recordingId: row.id, requestedBy }, 'recording requested');
    return toRecordingRecord(row);
  }

  async stop(conferenceId: string, inTx: InTransaction = (fn) => fn(this.db.prisma)): Promise<RecordingRecord> {
    const row = await inTx((tx) => requestStop(tx, conferenceId));
    this.logger.info({ conferenceId, recordingId: row.id }, 'recording stop requested');
    return toRecordingRecord(row);
  }

  /** The conference just opened: record it if it is to be recorded. */
  async conferenceOpened(conferenceId: string): Promise<void> {
    const c = await this.db.prisma.conference.findUnique({ where: { id: conferenceId }, select: { recordingEnabled: true } });
    if (c?.recordingEnabled) await this.start(conferenceId, null);
  }
}
