import { LienthongError, type RecorderRequests, type RecordingRecord, type RequestOf } from '@lienthong/contracts';
import type { Prisma } from '../generated/prisma/client.js';

/** Rows of recordings: the one under way for a conference, stop requests, the recorder's reports. */

const active = ['pending', 'recording'] as const;

type Row = {
  id: string;
  conferenceId: string;
  status: RecordingRecord['status'];
  storageKey: string;
  requestedBy: string | null;
  startedAt: Date | null;
  endedAt: Date | null;
  durationSec: number | null;
  error: string | null;
};

export const toRecordingRecord = (r: Row): RecordingRecord => ({
  id: r.id,
  conferenceId: r.conferenceId,
  status: r.status,
  storageKey: r.storageKey,
  requestedBy: r.requestedBy,
  startedAt: r.startedAt?.toISOString() ?? null,
  endedAt: r.endedAt?.toISOString() ?? null,
  durationSec: r.durationSec,
  error: r.error,
});

/** The conference's recording under way, if any (one at a time: a second start returns it). */
export function activeRecording(tx: Prisma.TransactionClient, conferenceId: string) {
  return tx.recording.findFirst({ where: { conferenceId, status: { in: [...active] } }, orderBy: { createdAt: 'desc' } });
}

/** A new pending recording, or the one already under way; `created` says which. */
export async function openRecording(tx: Prisma.TransactionClient, conferenceId: string, requestedBy: string | null) {
  const running = await activeRecording(tx, conferenceId);
  if (running) return { row: running, created: false };
  const id = crypto.randomUUID();
  // The storage directory is named after the recording: unguessable, and one per recording.
  const row = await tx.recording.create({ data: { id, conferenceId, storageKey: id, requestedBy } });
  return { row, created: true };
}

/** Marks the running recording to stop; the recorder sees it and finishes. */
export async function requestStop(tx: Prisma.TransactionClient, conferenceId: string) {
  const running = await activeRecording(tx, conferenceId);
  if (!running) throw new LienthongError('CONFLICT', 'No recording of this conference is under way');
  if (running.endedAt) return running;
  return tx.recording.update({ where: { id: running.id }, data: { endedAt: new Date() } });
}

/** The stop was asked for: an active row with an end time set by `requestStop`. */
export const stopRequested = (r: { status: string; endedAt: Date | null }) => r.endedAt !== null && (active as readonly string[]).includes(r.status);

/** Applies what the recorder reports; a finished recording (ready/failed) never goes back. */
export async function applyRecorderReport(tx: Prisma.TransactionClient, report: RequestOf<RecorderRequests, 'reportRecording'>) {
  const row = await tx.recording.findUnique({ where: { id: report.recordingId } });
  if (!row) throw new LienthongError('NOT_FOUND', `No recording ${report.recordingId}`);
  if (row.status === 'ready' || row.status === 'failed') {
    // The low renditions come after ready: only the figures may still change.
    if (report.status !== row.status) return row;
  }
  return tx.recording.update({
    where: { id: row.id },
    data: {
      status: report.status,
      ...(report.startedAt && !row.startedAt ? { startedAt: new Date(report.startedAt) } : {}),
      ...(report.endedAt ? { endedAt: new Date(report.endedAt) } : {}),
      ...(report.durationSec !== undefined ? { durationSec: report.durationSec } : {}),
      ...(report.error !== undefined ? { error: report.error } : {}),
    },
  });
}
