import { z } from 'zod';
import { acceptedAnswerSchema, fileAnswerSchema } from './file-answer.js';
import { generateMinutesSchema, minutesFormatSchema, minutesStatusSchema } from './minutes.js';
import { uuidSchema } from './paging.js';
import type { Endpoint } from './rest.js';

const idParams = z.strictObject({ id: uuidSchema });

/**
 * The minutes' REST endpoints, merged into the endpoint table (rest.ts). Operators whose scope
 * holds the conference's host read them; `MINUTES_NOT_READY` (404) until a job has made them.
 */
export const minutesEndpoints = {
  'minutes.get': {
    method: 'get',
    path: '/api/conferences/:id/minutes',
    summary: "The state of a conference's minutes (404 MINUTES_NOT_READY when none were ever asked for)",
    capability: 'minutes.read',
    params: idParams,
    response: minutesStatusSchema,
  },
  'minutes.download': {
    method: 'get',
    path: '/api/conferences/:id/minutes.:format',
    summary: 'The minutes as PDF or DOCX; 202 with the job state while they are being made, 404 MINUTES_NOT_READY before',
    capability: 'minutes.read',
    params: z.strictObject({ id: uuidSchema, format: minutesFormatSchema }),
    answerType: 'file',
    response: z.union([fileAnswerSchema, acceptedAnswerSchema]),
  },
  'minutes.generate': {
    method: 'post',
    path: '/api/conferences/:id/minutes',
    summary: 'Make the minutes of an ended conference again from the stored facts (a job; 202 with its state)',
    capability: 'conferences.run',
    params: idParams,
    body: generateMinutesSchema,
    response: minutesStatusSchema,
    status: 202,
  },
} as const satisfies Record<string, Endpoint>;
