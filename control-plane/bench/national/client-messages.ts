// What the bench and its site-client child processes say to each other over IPC (validated:
// the child's input is a boundary like any other).
import { z } from 'zod';
import { joinPaths } from './params.js';

export const clientSetupSchema = z.object({
  urls: z.array(z.url()).min(1),
  conferenceId: z.uuid(),
  authSecret: z.string().min(32),
  requestTimeoutMs: z.number().int().positive(),
  /** see params.ts, JOIN_PATHS */
  joinPath: z.enum(joinPaths),
  /** This child's sites, each with its index in the whole arrival order (round-robin over `urls`). */
  sites: z.array(z.object({ id: z.uuid(), index: z.number().int().min(0), hall: z.boolean() })),
});
export type ClientSetup = z.infer<typeof clientSetupSchema>;

export const parentCommandSchema = z.discriminatedUnion('type', [
  /** Join the hall (its index is 0) and answer 'hall'. */
  z.object({ type: z.literal('hall') }),
  /** Let the other sites arrive: site `index` at `startAt + index * spacingMs` (epoch ms). */
  z.object({ type: z.literal('go'), startAt: z.number(), spacingMs: z.number().min(0) }),
  /** A steady link's heartbeat from now on (the page's rule, or the rule before, for a baseline). */
  z.object({ type: z.literal('heartbeat'), ms: z.number().int().min(1_000).max(600_000) }),
  z.object({ type: z.literal('tally') }),
  z.object({ type: z.literal('stop') }),
]);
export type ParentCommand = z.infer<typeof parentCommandSchema>;

const step = z.number().nullable();
const stepsSchema = z.object({ connect: step, hello: step, join: step, media: step });
const outcomeSchema = z.union([
  z.object({ ok: z.literal(true), stepsMs: stepsSchema, readyMs: z.number() }),
  z.object({ ok: z.literal(false), step: z.string(), code: z.string(), message: z.string(), stepsMs: stepsSchema }),
]);

export const childMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('hall'), outcome: outcomeSchema }),
  /** Every site of this child has joined or given up. */
  z.object({ type: z.literal('settled'), outcomes: z.array(outcomeSchema) }),
  z.object({
    type: z.literal('tally'),
    healthReports: z.number(),
    busyRefusals: z.number(),
    sessionEnded: z.record(z.string(), z.number()),
    drops: z.number(),
  }),
]);
export type ChildMessage = z.infer<typeof childMessageSchema>;
export type Outcome = z.infer<typeof outcomeSchema>;
