import { z } from 'zod';
import { listOf } from './api.js';
import { uuidSchema } from './paging.js';
import { reportLanguageSchema } from './attendance-report.js';
import { reportQuerySchema, tableReportSchema } from './reports.js';
import type { Endpoint } from './rest.js';
import { openVoteSchema, voteResultSchema, voteSchema, voteWithTallySchema } from './votes.js';

const idParams = z.strictObject({ id: uuidSchema });

/** The votes' REST endpoints, merged into the endpoint table (rest.ts). */
export const voteEndpoints = {
  'votes.list': {
    method: 'get',
    path: '/api/conferences/:id/votes',
    summary: "A conference's votes, newest first, with their tallies",
    capability: 'conferences.read',
    params: idParams,
    response: listOf(voteWithTallySchema),
  },
  'votes.open': {
    method: 'post',
    path: '/api/conferences/:id/votes',
    summary: 'Open a vote of the delegates: every site enters its counts until it closes',
    capability: 'conferences.run',
    params: idParams,
    body: openVoteSchema,
    response: voteSchema,
    status: 201,
  },
  'votes.get': {
    method: 'get',
    path: '/api/votes/:id',
    summary: 'A vote with its tally per unit and the sites that did not vote',
    capability: 'conferences.read',
    params: idParams,
    response: voteResultSchema,
  },
  'votes.close': {
    method: 'post',
    path: '/api/votes/:id/close',
    summary: 'Close a vote now (entries are refused from then on)',
    capability: 'conferences.run',
    params: idParams,
    response: voteResultSchema,
  },
  'votes.sites': {
    method: 'get',
    path: '/api/votes/:id/sites',
    summary: 'Every site of a vote with its counts, time and corrections (?format=csv|xlsx)',
    capability: 'conferences.read',
    params: idParams,
    query: reportQuerySchema.extend({ lang: reportLanguageSchema.default('vi') }).strict(),
    response: tableReportSchema,
    answerType: 'table',
  },
} as const satisfies Record<string, Endpoint>;
