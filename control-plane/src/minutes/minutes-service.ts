// The minutes of ended conferences: asked for when a conference ends (and again by an operator),
// made by a job from the stored facts into a PDF and a DOCX kept as files, then served.
import { LienthongError, minutesMediaTypes, type MinutesFormat, type MinutesHeader, type MinutesStatus } from '@lienthong/contracts';
import type { Database } from '../db/database.js';
import type { DocumentFiles } from '../documents/document-files.js';
import type { Logger } from '../logger.js';
import type { MinutesJobs } from '../scheduling/job-handler.js';
import { loadMinutesFacts } from './load-minutes-facts.js';
import { minutesDocument } from './minutes-document.js';
import { minutesFonts, type MinutesFonts } from './minutes-fonts.js';
import { findMinutes, markMinutes, minutesToWire, requestMinutes } from './minutes-records.js';
import type { OpinionSource } from './opinions.js';
import { renderMinutesDocx } from './render-docx.js';
import { renderMinutesPdf } from './render-pdf.js';

export interface MinutesServiceDeps {
  db: Database;
  /** one store per format, keyed by conference id (shared by every replica, like documents) */
  files: Record<MinutesFormat, DocumentFiles>;
  opinions: OpinionSource;
  timeZone: string;
  logger: Logger;
  /** adds the job that makes this request's minutes */
  enqueue(conferenceId: string, requestedAt: Date): Promise<void>;
  now?: () => Date;
}

export type MinutesFile = { kind: 'file'; path: string; fileName: string; mediaType: string } | { kind: 'pending'; status: MinutesStatus };

export class MinutesService implements MinutesJobs {
  private fonts: MinutesFonts | null = null;

  constructor(private readonly deps: MinutesServiceDeps) {}

  private now(): Date {
    return (this.deps.now ?? (() => new Date()))();
  }
  private get prisma() {
    return this.deps.db.prisma;
  }

  /** Queues the minutes of an ended conference (again). */
  async request(conferenceId: string, o: { requestedBy: string | null; header?: MinutesHeader }): Promise<MinutesStatus> {
    const row = await requestMinutes(this.prisma, conferenceId, { requestedAt: this.now(), ...o });
    await this.deps.enqueue(conferenceId, row.requestedAt);
    return minutesToWire(row);
  }

  async conferencesEnded(conferenceIds: readonly string[]): Promise<void> {
    for (const id of conferenceIds) await this.request(id, { requestedBy: null });
  }

  /** The job's work; a request that a newer one replaced is left to the newer job. */
  async make(conferenceId: string, requestedAt: Date): Promise<void> {
    const log = this.deps.logger.child({ conferenceId });
    const row = await findMinutes(this.prisma, conferenceId);
    if (!row || !(await markMinutes(this.prisma, conferenceId, requestedAt, { state: 'generating' }))) {
      log.info('minutes request superseded: skipped');
      return;
    }
    try {
      const started = performance.now();
      const facts = await loadMinutesFacts(this.prisma, this.deps.opinions, conferenceId, row.header);
      const document = minutesDocument(facts, { timeZone: this.deps.timeZone, generatedAt: this.now() });
      this.fonts ??= minutesFonts();
      const [pdf, docx] = await Promise.all([renderMinutesPdf(document, this.fonts), renderMinutesDocx(document)]);
      await Promise.all([this.deps.files.pdf.save(conferenceId, pdf), this.deps.files.docx.save(conferenceId, docx)]);
      await markMinutes(this.prisma, conferenceId, requestedAt, { state: 'ready', generatedAt: this.now() });
      log.info({ sites: facts.sites.length, pdfBytes: pdf.length, docxBytes: docx.length, ms: Math.round(performance.now() - started) }, 'minutes made');
    } catch (err) {
      await markMinutes(this.prisma, conferenceId, requestedAt, { state: 'failed', error: err instanceof Error ? err.message : String(err) });
      throw err;
    }
  }

  async status(conferenceId: string): Promise<MinutesStatus> {
    const row = await findMinutes(this.prisma, conferenceId);
    if (!row) throw new LienthongError('MINUTES_NOT_READY', 'No minutes were asked for: they are made when the conference ends', undefined, { state: 'none' });
    return minutesToWire(row);
  }

  /** The file to send, or the job's state while it is being made. */
  async file(conference: { id: string; scheduledStart: Date }, format: MinutesFormat): Promise<MinutesFile> {
    const status = await this.status(conference.id);
    if (status.state === 'queued' || status.state === 'generating') return { kind: 'pending', status };
    const store = this.deps.files[format];
    if (status.state === 'failed' || !(await store.has(conference.id)))
      throw new LienthongError('MINUTES_NOT_READY', `The minutes could not be made: ${status.error ?? 'no file'}`, undefined, { state: status.state });
    const day = conference.scheduledStart.toISOString().slice(0, 10);
    return { kind: 'file', path: store.pathOf(conference.id), fileName: `bien-ban-${day}-${conference.id.slice(0, 8)}.${format}`, mediaType: minutesMediaTypes[format] };
  }
}
