import { z } from 'zod';
import { conferenceDetailSchema, conferenceSummarySchema, healthResponseSchema, listOf, mediaNodeSchema, mediaPathSchema } from './api.js';
import { auditListQuerySchema, auditPageSchema } from './audit.js';
import {
  attendancePageSchema,
  conferenceListQuerySchema,
  conferenceRecordSchema,
  createConferenceSchema,
  createRelaySchema,
  delegateReportRecordSchema,
  delegateReportSchema,
  participantListQuerySchema,
  participantPageSchema,
  updateConferenceSchema,
} from './conferences.js';
import { createDocumentSchema, documentListQuerySchema, documentPageSchema, documentSchema } from './documents.js';
import { importResultSchema } from './imports.js';
import { pageOf, pageQuerySchema, uuidSchema } from './paging.js';
import {
  createPersonSchema,
  loginRequestSchema,
  loginResponseSchema,
  personListQuerySchema,
  personPageSchema,
  personSchema,
  updatePersonSchema,
} from './people.js';
import type { Capability } from './permissions.js';
import { recordingRecordSchema } from './recording-control.js';
import { createSiteSchema, siteListQuerySchema, sitePageSchema, siteSchema, updateSiteSchema } from './sites.js';
import { createUnitSchema, tierSchema, unitListQuerySchema, unitPageSchema, unitSchema, updateUnitSchema } from './units.js';

/**
 * Every REST endpoint, once: the control plane mounts its handlers from this table (parsing
 * params, query and body with these schemas), the OpenAPI document is generated from it, and the
 * RBAC matrix test walks it. An endpoint missing here does not exist.
 */
export interface Endpoint {
  method: 'get' | 'post' | 'patch';
  /** Express-style path; `:id` segments come from `params`. */
  path: string;
  summary: string;
  /** null: no token needed. */
  capability: Capability | null;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** `csv`: a text/csv body handed over as a string (`body` is then unset). */
  bodyType?: 'json' | 'csv';
  response: z.ZodType;
  /**
   * `table`: the response is a `TableReport` (reports.ts) and the query extends
   * `reportQuerySchema`; it is sent as JSON, CSV or XLSX by `?format=`.
   */
  answerType?: 'json' | 'table';
  status?: 200 | 201;
}

export const idParamsSchema = z.strictObject({ id: uuidSchema });

export const endpoints = {
  'health.get': { method: 'get', path: '/api/health', summary: 'Liveness and version', capability: null, response: healthResponseSchema },
  'auth.login': {
    method: 'post',
    path: '/api/auth/login',
    summary: 'Exchange a username and password for a short-lived access token (rate limited)',
    capability: null,
    body: loginRequestSchema,
    response: loginResponseSchema,
  },

  'tiers.list': { method: 'get', path: '/api/tiers', summary: 'The tiers of the organisation tree', capability: 'units.read', response: listOf(tierSchema) },
  'units.list': { method: 'get', path: '/api/units', summary: 'Units in scope', capability: 'units.read', query: unitListQuerySchema, response: unitPageSchema },
  'units.get': { method: 'get', path: '/api/units/:id', summary: 'One unit', capability: 'units.read', params: idParamsSchema, response: unitSchema },
  'units.create': { method: 'post', path: '/api/units', summary: 'Add a unit under a parent', capability: 'units.write', body: createUnitSchema, response: unitSchema, status: 201 },
  'units.update': { method: 'patch', path: '/api/units/:id', summary: 'Rename a unit', capability: 'units.write', params: idParamsSchema, body: updateUnitSchema, response: unitSchema },

  'sites.list': { method: 'get', path: '/api/sites', summary: 'Sites in scope', capability: 'sites.read', query: siteListQuerySchema, response: sitePageSchema },
  'sites.get': { method: 'get', path: '/api/sites/:id', summary: 'One site', capability: 'sites.read', params: idParamsSchema, response: siteSchema },
  'sites.create': { method: 'post', path: '/api/sites', summary: 'Add a site to a unit', capability: 'sites.write', body: createSiteSchema, response: siteSchema, status: 201 },
  'sites.update': { method: 'patch', path: '/api/sites/:id', summary: 'Change a site', capability: 'sites.write', params: idParamsSchema, body: updateSiteSchema, response: siteSchema },

  'people.list': { method: 'get', path: '/api/people', summary: 'People in scope', capability: 'people.read', query: personListQuerySchema, response: personPageSchema },
  'people.get': { method: 'get', path: '/api/people/:id', summary: 'One person', capability: 'people.read', params: idParamsSchema, response: personSchema },
  'people.create': { method: 'post', path: '/api/people', summary: 'Add a person', capability: 'people.write', body: createPersonSchema, response: personSchema, status: 201 },
  'people.update': { method: 'patch', path: '/api/people/:id', summary: 'Rename a person or set a password', capability: 'people.write', params: idParamsSchema, body: updatePersonSchema, response: personSchema },

  'conferences.list': { method: 'get', path: '/api/conferences', summary: 'Conferences hosted in scope', capability: 'conferences.read', query: conferenceListQuerySchema, response: pageOf(conferenceSummarySchema) },
  'conferences.get': { method: 'get', path: '/api/conferences/:id', summary: 'A conference with every site and its join link', capability: 'conferences.read', params: idParamsSchema, response: conferenceDetailSchema },
  'conferences.definition': { method: 'get', path: '/api/conferences/:id/definition', summary: 'A conference as scheduled: times, rules, explicit sites', capability: 'conferences.read', params: idParamsSchema, response: conferenceRecordSchema },
  'conferences.create': { method: 'post', path: '/api/conferences', summary: 'Schedule a conference; its rules are resolved into sites (409 SCHEDULE_CLASH on overlap)', capability: 'conferences.write', body: createConferenceSchema, response: conferenceRecordSchema, status: 201 },
  'conferences.update': { method: 'patch', path: '/api/conferences/:id', summary: 'Change a scheduled conference (new participants are resolved again; a move is checked for clashes)', capability: 'conferences.write', params: idParamsSchema, body: updateConferenceSchema, response: conferenceRecordSchema },
  'conferences.cancel': { method: 'post', path: '/api/conferences/:id/cancel', summary: 'Cancel a conference that has not ended', capability: 'conferences.write', params: idParamsSchema, response: conferenceRecordSchema },
  'conferences.relay': { method: 'post', path: '/api/conferences/:id/relays', summary: 'Relay ("tiếp sóng") this conference to a lower unit\'s own sites', capability: 'conferences.write', params: idParamsSchema, body: createRelaySchema, response: conferenceRecordSchema, status: 201 },
  'conferences.participants': { method: 'get', path: '/api/conferences/:id/participants', summary: 'The resolved site list', capability: 'conferences.read', params: idParamsSchema, query: participantListQuerySchema, response: participantPageSchema },
  'conferences.attendance': { method: 'get', path: '/api/conferences/:id/attendance', summary: 'Per site: connected intervals and reported delegates', capability: 'conferences.read', params: idParamsSchema, query: pageQuerySchema, response: attendancePageSchema },
  'conferences.reportDelegates': {
    method: 'post',
    path: '/api/conferences/:id/sites/:siteId/delegates',
    summary: "Report the delegates in a site's hall",
    capability: 'attendance.report',
    params: z.strictObject({ id: uuidSchema, siteId: uuidSchema }),
    body: delegateReportSchema,
    response: delegateReportRecordSchema,
  },
  'conferences.mediaPath': { method: 'get', path: '/api/conferences/:id/media-path', summary: 'Where each present site is served and what feeds it', capability: 'conferences.read', params: idParamsSchema, response: mediaPathSchema },

  'documents.list': { method: 'get', path: '/api/conferences/:id/documents', summary: 'A conference\'s documents (secret ones for operators only)', capability: 'documents.read', params: idParamsSchema, query: documentListQuerySchema, response: documentPageSchema },
  'documents.create': { method: 'post', path: '/api/conferences/:id/documents', summary: 'Attach a document to a conference', capability: 'documents.write', params: idParamsSchema, body: createDocumentSchema, response: documentSchema, status: 201 },
  'documents.get': { method: 'get', path: '/api/documents/:id', summary: 'One document', capability: 'documents.read', params: idParamsSchema, response: documentSchema },

  'imports.units': { method: 'post', path: '/api/imports/units', summary: 'Import units from CSV (code,name,parent_code): all rows or none', capability: 'imports.write', bodyType: 'csv', response: importResultSchema, status: 201 },
  'imports.sites': { method: 'post', path: '/api/imports/sites', summary: 'Import sites from CSV (code,name,unit_code,address,delegate_capacity,link_profile,contact): all rows or none', capability: 'imports.write', bodyType: 'csv', response: importResultSchema, status: 201 },

  'audit.list': { method: 'get', path: '/api/audit', summary: 'The audit trail of the scope, newest first', capability: 'audit.read', query: auditListQuerySchema, response: auditPageSchema },

  'recordings.start': { method: 'post', path: '/api/conferences/:id/recording/start', summary: 'Start recording the conference now (the running recording if one is under way)', capability: 'recordings.control', params: idParamsSchema, response: recordingRecordSchema, status: 201 },
  'recordings.stop': { method: 'post', path: '/api/conferences/:id/recording/stop', summary: 'Stop the running recording: it is packaged and becomes ready', capability: 'recordings.control', params: idParamsSchema, response: recordingRecordSchema },

  'fleet.nodes': { method: 'get', path: '/api/fleet/nodes', summary: 'Connected media nodes', capability: 'fleet.read', response: listOf(mediaNodeSchema) },
} as const satisfies Record<string, Endpoint>;

export type EndpointId = keyof typeof endpoints;
