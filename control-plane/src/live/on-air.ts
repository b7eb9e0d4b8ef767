import type { ProgramTrack } from '@lienthong/contracts';
import type { Logger } from '../logger.js';

/** Writes the lifecycle's `programFlows` for a conference; true when it moved it (open -> live). */
export type ProgramFlowsWriter = (conferenceId: string) => Promise<boolean>;

/**
 * Raises `programFlows` (open -> live) the first time one room's program carries a track: the
 * hall's program has reached the conference's media. Its owner replica raises it, and only while
 * the conference's owner record still holds this owner's fence, as the room's other writes are
 * fenced: an owner paused past its lease leaves the write to its successor, which raises it again
 * when it adopts a program that flows. The write itself is conditional, so a repeat changes nothing.
 */
export class OnAirRecorder {
  private state: 'waiting' | 'writing' | 'done' = 'waiting';

  constructor(
    private readonly conferenceId: string,
    private readonly deps: {
      write: ProgramFlowsWriter;
      /** Whether this replica still owns the room under the fence it opened it with. */
      holdsFence: () => Promise<boolean>;
      logger: Logger;
    },
  ) {}

  /** The room's program now (after a change, or as adopted); resolves once any write it started is over. */
  async programIs(program: readonly ProgramTrack[]): Promise<void> {
    if (!program.length || this.state !== 'waiting') return;
    this.state = 'writing';
    await this.raise();
  }

  private async raise(): Promise<void> {
    const { conferenceId } = this;
    try {
      if (!(await this.deps.holdsFence())) {
        this.deps.logger.info({ conferenceId }, 'program flows, but the room has another owner now: it records the conference live');
      } else if (await this.deps.write(conferenceId)) {
        this.deps.logger.info({ conferenceId }, 'the program flows: conference live');
      }
      this.state = 'done';
    } catch (err) {
      // The next program change tries again.
      this.state = 'waiting';
      this.deps.logger.warn({ err, conferenceId }, 'could not record the conference live');
    }
  }
}
