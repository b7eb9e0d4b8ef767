import type { PersonRole } from './people.js';

/**
 * What each role may do. Scope is separate: every capability applies inside the person's unit
 * subtree only, except for a system admin, whose scope is the whole tree.
 */
export const capabilities = [
  'units.read',
  'units.write',
  'sites.read',
  'sites.write',
  'people.read',
  'people.write',
  'conferences.read',
  'conferences.write',
  /** Run a live conference: give and take the floor, mute sites, send notices. */
  'conferences.run',
  /** Get join links: an operator for the sites in scope, a site operator for its own site only. */
  'conferences.join',
  /** Report how many delegates sit in a site's hall (a site operator: its own site only). */
  'attendance.report',
  'documents.read',
  /** See secret documents at all (they never leave on paper or QR code). */
  'documents.secret',
  'documents.write',
  'imports.write',
  'audit.read',
  'fleet.read',
  /** List and replay the recordings one's scope and the conference's audience allow. */
  'recordings.read',
  /** Have one's own study counted: watched intervals, test, reflection. */
  'recordings.study',
  /** Attach tests and reflections to recordings; mark conferences secret and name who may see them. */
  'recordings.manage',
  /** Mark reflections and read study reports of people in scope. */
  'study.evaluate',
  /** Start or stop recording a conference by hand (recorded conferences also start on their own). */
  'recordings.control',
  /** Read a conference's minutes ("biên bản") when its host is in scope. */
  'minutes.read',
] as const;
export type Capability = (typeof capabilities)[number];

export const roleCapabilities: Record<PersonRole, readonly Capability[]> = {
  system_admin: capabilities,
  operator: capabilities,
  site_operator: ['units.read', 'sites.read', 'conferences.read', 'conferences.join', 'attendance.report', 'documents.read', 'recordings.read', 'recordings.study'],
  member: ['conferences.read', 'documents.read', 'recordings.read', 'recordings.study'],
};

export const can = (role: PersonRole, capability: Capability) => roleCapabilities[role].includes(capability);
/** A system admin's scope is the whole tree; everyone else's is its unit's subtree. */
export const hasGlobalScope = (role: PersonRole) => role === 'system_admin';
