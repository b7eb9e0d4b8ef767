import { z } from 'zod';
import { conferenceDetailSchema, conferenceSummarySchema, healthResponseSchema, listOf, mediaNodeSchema, mediaPathSchema } from './api.js';
import { attendanceReportQuerySchema, attendanceTotalsQuerySchema } from './attendance-report.js';
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
import { deploymentSchema } from './deployment.js';
import { fileAnswerSchema } from './file-answer.js';
import { minutesEndpoints } from './minutes-endpoints.js';
import { createDocumentSchema, documentListQuerySchema, documentPageSchema, documentSchema, documentTokenParamsSchema } from './documents.js';
import { importResultSchema } from './imports.js';
import { joinLinkExportSchema, joinLinkListQuerySchema, joinLinkPageSchema, joinLinkSchema } from './join-links.js';
import { idSchema } from './media.js';
import { idParamsSchema, pageOf, pageQuerySchema, uuidSchema } from './paging.js';
import { tableReportSchema } from './reports.js';
import {
  changeRoleSchema,
  createPersonSchema,
  loginRequestSchema,
  passwordResetSchema,
  loginResponseSchema,
  logoutRequestSchema,
  logoutResponseSchema,
  refreshRequestSchema,
  personListQuerySchema,
  personPageSchema,
  personSchema,
  changePasswordRequestSchema,
  updatePersonSchema,
} from './people.js';
import type { Capability } from './permissions.js';
import {
  conferenceSecrecyRecordSchema,
  conferenceSecrecySchema,
  myStudySchema,
  recordingDetailSchema,
  recordingListQuerySchema,
  recordingPageSchema,
  reflectionInputSchema,
  reflectionListQuerySchema,
  reflectionMarkSchema,
  reflectionPageSchema,
  reflectionRecordSchema,
  studyAssignmentInputSchema,
  studyAssignmentSchema,
  studyAssignmentWithAnswersSchema,
  studyProgressSchema,
  studyReportQuerySchema,
  testAnswersSchema,
  testResultSchema,
} from './replay.js';
import { recordingRecordSchema } from './recording-control.js';
import { createSiteSchema, siteListQuerySchema, sitePageSchema, siteSchema, updateSiteSchema } from './sites.js';
import { giveFloorRequestSchema, muteSiteRequestSchema, noticeSentSchema, sendNoticeRequestSchema, stageSchema } from './stage.js';
import { voteEndpoints } from './vote-endpoints.js';
import { opinionEndpoints } from './opinion-endpoints.js';
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
  /** `csv`: a text/csv body handed over as a string; `binary`: a file's bytes (`body` is then unset). */
  bodyType?: 'json' | 'csv' | 'binary';
  response: z.ZodType;
  /**
   * `table`: the response is a `TableReport` (reports.ts) and the query extends
   * `reportQuerySchema`; it is sent as JSON, CSV or XLSX by `?format=`.
   * `stream`: the handler writes the body itself as it goes (a CSV of 15,000 rows); its return
   * value (`response`) is a summary checked but not sent.
   */
  answerType?: 'json' | 'table' | 'file' | 'stream';
  /** 202: accepted, the work goes on in a job (the answer says how far it is). */
  status?: 200 | 201 | 202;
}



export const endpoints = {
  'health.get': { method: 'get', path: '/api/health', summary: 'Liveness and version', capability: null, response: healthResponseSchema },
  'deployment.get': { method: 'get', path: '/api/deployment', summary: "The deployment's time zone, for pages that show times", capability: null, response: deploymentSchema },
  'auth.login': {
    method: 'post',
    path: '/api/auth/login',
    summary: 'Exchange a username and password for a short-lived access token (rate limited)',
    capability: null,
    body: loginRequestSchema,
    response: loginResponseSchema,
  },

  'auth.refresh': {
    method: 'post',
    path: '/api/auth/refresh',
    summary: 'Trade a refresh token for a new access token and a new refresh token (each refresh token works once; a reused one ends its session)',
    capability: null,
    body: refreshRequestSchema,
    response: loginResponseSchema,
  },
  'auth.changePassword': {
    method: 'post',
    path: '/api/auth/password',
    summary: "The signed-in person (bearer token) chooses a new password, proving the current one; new tokens, every other session ended. The one call a temporary password allows",
    capability: null,
    body: changePasswordRequestSchema,
    response: loginResponseSchema,
  },
  'auth.logout': {
    method: 'post',
    path: '/api/auth/logout',
    summary: "End the caller's sessions: every access and refresh token issued to this person so far stops working",
    capability: null,
    body: logoutRequestSchema,
    response: logoutResponseSchema,
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
  'people.changeRole': {
    method: 'post',
    path: '/api/people/:id/role',
    summary: "Change a person's role (never one's own; an operator only below one's own unit); the person's sessions end",
    capability: 'people.write',
    params: idParamsSchema,
    body: changeRoleSchema,
    response: personSchema,
  },
  'people.disable': {
    method: 'post',
    path: '/api/people/:id/disable',
    summary: 'Stop a person signing in (never oneself; an operator only below one\'s own unit): the password is cleared and every session ends',
    capability: 'people.write',
    params: idParamsSchema,
    response: personSchema,
  },
  'people.resetPassword': {
    method: 'post',
    path: '/api/people/:id/reset-password',
    summary: "Draw a temporary password (shown once) and end the person's sessions; also re-enables a disabled person. Another operator's: system admins only",
    capability: 'people.write',
    params: idParamsSchema,
    response: passwordResetSchema,
  },

  'conferences.list': { method: 'get', path: '/api/conferences', summary: 'Conferences hosted in scope', capability: 'conferences.read', query: conferenceListQuerySchema, response: pageOf(conferenceSummarySchema) },
  'conferences.get': { method: 'get', path: '/api/conferences/:id', summary: 'A conference with every site in scope and whether it is connected (join links have their own endpoints)', capability: 'conferences.read', params: idParamsSchema, response: conferenceDetailSchema },
  'conferences.definition': { method: 'get', path: '/api/conferences/:id/definition', summary: 'A conference as scheduled: times, rules, explicit sites', capability: 'conferences.read', params: idParamsSchema, response: conferenceRecordSchema },
  'conferences.create': { method: 'post', path: '/api/conferences', summary: 'Schedule a conference; its rules are resolved into sites (409 SCHEDULE_CLASH on overlap)', capability: 'conferences.write', body: createConferenceSchema, response: conferenceRecordSchema, status: 201 },
  'conferences.update': { method: 'patch', path: '/api/conferences/:id', summary: 'Change a scheduled conference (new participants are resolved again; a move is checked for clashes)', capability: 'conferences.write', params: idParamsSchema, body: updateConferenceSchema, response: conferenceRecordSchema },
  'conferences.cancel': { method: 'post', path: '/api/conferences/:id/cancel', summary: 'Cancel a conference that has not ended', capability: 'conferences.write', params: idParamsSchema, response: conferenceRecordSchema },
  'conferences.end': { method: 'post', path: '/api/conferences/:id/end', summary: 'End a running conference now (and its running relays): every site is told and let go, recording stops', capability: 'conferences.run', params: idParamsSchema, response: conferenceRecordSchema },
  'conferences.relay': { method: 'post', path: '/api/conferences/:id/relays', summary: 'Relay ("tiếp sóng") this conference to a lower unit\'s own sites', capability: 'conferences.write', params: idParamsSchema, body: createRelaySchema, response: conferenceRecordSchema, status: 201 },
  'joinLinks.list': {
    method: 'get',
    path: '/api/conferences/:id/join-links',
    summary: "Join links of the sites in scope (a site operator: its own site), issued on first asking; every call is audited",
    capability: 'conferences.join',
    params: idParamsSchema,
    query: joinLinkListQuerySchema,
    response: joinLinkPageSchema,
  },
  'joinLinks.export': {
    method: 'get',
    path: '/api/conferences/:id/join-links/export',
    summary: 'Every join link in scope as a CSV download, streamed (code, site, unit, link, expiry); audited',
    capability: 'conferences.join',
    params: idParamsSchema,
    response: joinLinkExportSchema,
    answerType: 'stream',
  },
  'joinLinks.reissue': {
    method: 'post',
    path: '/api/conferences/:id/sites/:siteId/join-link',
    summary: "Re-issue a site's join link: the previous link (and every token from it) stops working",
    capability: 'conferences.run',
    params: z.strictObject({ id: uuidSchema, siteId: uuidSchema }),
    response: joinLinkSchema,
    status: 201,
  },
  'conferences.participants': { method: 'get', path: '/api/conferences/:id/participants', summary: 'The resolved site list', capability: 'conferences.read', params: idParamsSchema, query: participantListQuerySchema, response: participantPageSchema },
  'conferences.attendance': { method: 'get', path: '/api/conferences/:id/attendance', summary: 'Per site: connected intervals and reported delegates', capability: 'conferences.read', params: idParamsSchema, query: pageQuerySchema, response: attendancePageSchema },
  'conferences.attendanceReport': {
    method: 'get',
    path: '/api/conferences/:id/attendance-report',
    summary: 'Attendance per site in scope: unit, join and leave times, minutes present, delegates (?format=csv|xlsx)',
    capability: 'conferences.read',
    params: idParamsSchema,
    query: attendanceReportQuerySchema,
    response: tableReportSchema,
    answerType: 'table',
  },
  'conferences.attendanceTotals': {
    method: 'get',
    path: '/api/conferences/:id/attendance-report/units',
    summary: 'Attendance totals per unit (sites rolled up to ?tier=), in scope (?format=csv|xlsx)',
    capability: 'conferences.read',
    params: idParamsSchema,
    query: attendanceTotalsQuerySchema,
    response: tableReportSchema,
    answerType: 'table',
  },
  'conferences.reportDelegates': {
    method: 'post',
    path: '/api/conferences/:id/sites/:siteId/delegates',
    summary: "Report the delegates in a site's hall",
    capability: 'attendance.report',
    params: z.strictObject({ id: uuidSchema, siteId: uuidSchema }),
    body: delegateReportSchema,
    response: delegateReportRecordSchema,
  },
  'conferences.stage': { method: 'get', path: '/api/conferences/:id/stage', summary: 'Who holds the floor, the raise-hand queue, muted sites', capability: 'conferences.read', params: idParamsSchema, response: stageSchema },
  'conferences.giveFloor': {
    method: 'post',
    path: '/api/conferences/:id/floor',
    summary: "Give the floor to a site (its camera and microphone enter the program for everyone), or take it back with null",
    capability: 'conferences.run',
    params: idParamsSchema,
    body: giveFloorRequestSchema,
    response: stageSchema,
  },
  'conferences.muteSite': {
    method: 'post',
    path: '/api/conferences/:id/sites/:siteId/mute',
    summary: "Mute or unmute a site's microphone in the program",
    capability: 'conferences.run',
    params: z.strictObject({ id: uuidSchema, siteId: uuidSchema }),
    body: muteSiteRequestSchema,
    response: stageSchema,
  },
  'conferences.sendNotice': {
    method: 'post',
    path: '/api/conferences/:id/notices',
    summary: 'Send a notice to some or all sites of a live conference',
    capability: 'conferences.run',
    params: idParamsSchema,
    body: sendNoticeRequestSchema,
    response: noticeSentSchema,
    status: 201,
  },
  'conferences.mediaPath': { method: 'get', path: '/api/conferences/:id/media-path', summary: 'Where each present site is served and what feeds it', capability: 'conferences.read', params: idParamsSchema, response: mediaPathSchema },

  'documents.list': { method: 'get', path: '/api/conferences/:id/documents', summary: 'A conference\'s documents (secret ones for operators only)', capability: 'documents.read', params: idParamsSchema, query: documentListQuerySchema, response: documentPageSchema },
  'documents.create': { method: 'post', path: '/api/conferences/:id/documents', summary: 'Attach a document to a conference', capability: 'documents.write', params: idParamsSchema, body: createDocumentSchema, response: documentSchema, status: 201 },
  'documents.upload': {
    method: 'post',
    path: '/api/documents/:id/file',
    summary: "Upload a document's file (its bytes as the body; Content-Type is its media type)",
    capability: 'documents.write',
    params: idParamsSchema,
    bodyType: 'binary',
    response: documentSchema,
  },
  'documents.delegateFile': {
    method: 'get',
    path: '/api/public/documents/:token',
    summary: "A document's file through a delegate link (the QR code in the hall); no login, the link is the key",
    capability: null,
    params: documentTokenParamsSchema,
    answerType: 'file',
    response: fileAnswerSchema,
  },
  'documents.get': { method: 'get', path: '/api/documents/:id', summary: 'One document', capability: 'documents.read', params: idParamsSchema, response: documentSchema },
  'documents.file': {
    method: 'get',
    path: '/api/documents/:id/file',
    summary: "A document's file for a signed-in reader (secret ones only for those allowed to read them): what the console opens",
    capability: 'documents.read',
    params: idParamsSchema,
    answerType: 'file',
    response: fileAnswerSchema,
  },

  'imports.units': { method: 'post', path: '/api/imports/units', summary: 'Import units from CSV (code,name,parent_code): all rows or none', capability: 'imports.write', bodyType: 'csv', response: importResultSchema, status: 201 },
  'imports.sites': { method: 'post', path: '/api/imports/sites', summary: 'Import sites from CSV (code,name,unit_code,address,delegate_capacity,link_profile,contact): all rows or none', capability: 'imports.write', bodyType: 'csv', response: importResultSchema, status: 201 },

  'audit.list': { method: 'get', path: '/api/audit', summary: 'The audit trail of the scope, newest first', capability: 'audit.read', query: auditListQuerySchema, response: auditPageSchema },

  'recordings.list': { method: 'get', path: '/api/recordings', summary: 'Recordings the caller may replay (by its conference\'s host and audience; secret ones only to those allowed)', capability: 'recordings.read', query: recordingListQuerySchema, response: recordingPageSchema },
  'recordings.get': { method: 'get', path: '/api/recordings/:id', summary: 'One recording: renditions, chapters, signed media URLs, its assignment and the caller\'s study', capability: 'recordings.read', params: idParamsSchema, response: recordingDetailSchema },
  'recordings.progress': { method: 'post', path: '/api/recordings/:id/progress', summary: 'Report stretches actually played and the position to resume at', capability: 'recordings.study', params: idParamsSchema, body: studyProgressSchema, response: myStudySchema },
  'recordings.submitTest': { method: 'post', path: '/api/recordings/:id/test', summary: 'Answer the recording\'s multiple-choice test (graded at once)', capability: 'recordings.study', params: idParamsSchema, body: testAnswersSchema, response: testResultSchema },
  'recordings.submitReflection': { method: 'post', path: '/api/recordings/:id/reflection', summary: 'Hand in the written reflection ("bài thu hoạch")', capability: 'recordings.study', params: idParamsSchema, body: reflectionInputSchema, response: reflectionRecordSchema },
  'recordings.assignment': { method: 'get', path: '/api/recordings/:id/assignment', summary: 'The test (with its answers) and reflection topic as set, for those who set them; null when none', capability: 'recordings.manage', params: idParamsSchema, response: studyAssignmentWithAnswersSchema.nullable() },
  'recordings.setAssignment': { method: 'post', path: '/api/recordings/:id/assignment', summary: 'Attach a test and/or a reflection to a recording (replaces the previous one)', capability: 'recordings.manage', params: idParamsSchema, body: studyAssignmentInputSchema, response: studyAssignmentSchema },
  'recordings.reflections': { method: 'get', path: '/api/recordings/:id/reflections', summary: 'Reflections handed in by people in scope', capability: 'study.evaluate', params: idParamsSchema, query: reflectionListQuerySchema, response: reflectionPageSchema },
  'recordings.markReflection': {
    method: 'post',
    path: '/api/recordings/:id/reflections/:personId/mark',
    summary: "Mark a person's reflection (the operator of the person's unit or above)",
    capability: 'study.evaluate',
    params: z.strictObject({ id: uuidSchema, personId: idSchema }),
    body: reflectionMarkSchema,
    response: reflectionRecordSchema,
  },
  'recordings.studyByUnit': { method: 'get', path: '/api/recordings/:id/study/units', summary: 'Study per unit: members, studied, completed, passed, average score', capability: 'study.evaluate', params: idParamsSchema, query: studyReportQuerySchema, response: tableReportSchema, answerType: 'table' },
  'recordings.studyByMember': { method: 'get', path: '/api/recordings/:id/study/members', summary: 'Study per member: share watched, completion, test, reflection', capability: 'study.evaluate', params: idParamsSchema, query: studyReportQuerySchema, response: tableReportSchema, answerType: 'table' },
  'conferences.secrecy': { method: 'post', path: '/api/conferences/:id/secrecy', summary: 'Mark a conference secret and name who may see its recordings', capability: 'recordings.manage', params: idParamsSchema, body: conferenceSecrecySchema, response: conferenceSecrecyRecordSchema },
  'recordings.start': { method: 'post', path: '/api/conferences/:id/recording/start', summary: 'Start recording the conference now (the running recording if one is under way)', capability: 'recordings.control', params: idParamsSchema, response: recordingRecordSchema, status: 201 },
  'recordings.stop': { method: 'post', path: '/api/conferences/:id/recording/stop', summary: 'Stop the running recording: it is packaged and becomes ready', capability: 'recordings.control', params: idParamsSchema, response: recordingRecordSchema },

  'fleet.nodes': { method: 'get', path: '/api/fleet/nodes', summary: 'Connected media nodes', capability: 'fleet.read', response: listOf(mediaNodeSchema) },

  ...voteEndpoints,
  ...minutesEndpoints,
  ...opinionEndpoints,
} as const satisfies Record<string, Endpoint>;

export type EndpointId = keyof typeof endpoints;
