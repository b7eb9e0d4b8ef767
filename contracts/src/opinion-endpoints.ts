import { listOf } from './api.js';
import { reportLanguageSchema } from './attendance-report.js';
import { moderateOpinionSchema, opinionSchema } from './opinions.js';
import { idParamsSchema } from './paging.js';
import { reportQuerySchema, tableReportSchema } from './reports.js';
import type { Endpoint } from './rest.js';

/** The written opinions' REST endpoints, merged into the endpoint table (rest.ts). */
export const opinionEndpoints = {
  'opinions.list': {
    method: 'get',
    path: '/api/conferences/:id/opinions',
    summary: "A conference's written opinions, oldest first (an operator outside the host sees its own subtree's)",
    capability: 'conferences.read',
    params: idParamsSchema,
    response: listOf(opinionSchema),
  },
  'opinions.moderate': {
    method: 'post',
    path: '/api/opinions/:id/moderation',
    summary: 'Accept, reject (with a reason), merge into another opinion, forward to the chair, or mark done',
    capability: 'conferences.run',
    params: idParamsSchema,
    body: moderateOpinionSchema,
    response: opinionSchema,
  },
  'opinions.export': {
    method: 'get',
    path: '/api/conferences/:id/opinions/export',
    summary: "The conference's opinions with their sites, speakers and decisions (?format=csv|xlsx)",
    capability: 'conferences.read',
    params: idParamsSchema,
    query: reportQuerySchema.extend({ lang: reportLanguageSchema.default('vi') }).strict(),
    response: tableReportSchema,
    answerType: 'table',
  },
} as const satisfies Record<string, Endpoint>;
