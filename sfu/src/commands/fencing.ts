import { LienthongError, type Fence, type Handlers, type NodeCommands } from '@lienthong/contracts';
import type { CommandContext } from './context.js';

/**
 * The highest fence this node has seen per conference. A command stamped with a lower one comes
 * from a replica that owned the conference before another took it over (its lease ran out while
 * it was paused): it is refused, so two replicas never act on one conference's media.
 */
export class FenceBook {
  private readonly highest = new Map<string, number>();

  /** Accepts the fence (raising the conference's highest) or throws FENCED. */
  admit({ conferenceId, epoch }: Fence): void {
    const highest = this.highest.get(conferenceId) ?? 0;
    if (epoch < highest) throw new LienthongError('FENCED', `conference ${conferenceId} is owned under fence ${highest}; this command carried ${epoch}`);
    if (epoch > highest) this.highest.set(conferenceId, epoch);
  }

  /** The conference has no media left here: its fence need not be remembered. */
  forget(conferenceId: string): void {
    this.highest.delete(conferenceId);
  }
}

/** Every handler, behind the fence check of the command's own stamp (unstamped commands pass). */
export function fencedHandlers(handlers: Handlers<NodeCommands, CommandContext>): Handlers<NodeCommands, CommandContext> {
  const guarded: Partial<Record<keyof NodeCommands, unknown>> = {};
  for (const name of Object.keys(handlers) as (keyof NodeCommands)[]) {
    const handler = handlers[name] as (request: { fence?: Fence }, ctx: CommandContext) => unknown;
    guarded[name] = (request: { fence?: Fence }, ctx: CommandContext) => {
      if (request.fence) ctx.fences.admit(request.fence);
      return handler(request, ctx);
    };
  }
  return guarded as Handlers<NodeCommands, CommandContext>;
}
