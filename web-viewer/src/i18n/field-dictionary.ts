/**
 * The fields people type in, named as the REST bodies name them: a wire error's issue path starts
 * with one of these, so the page can put the sentence next to that field.
 */
export const formFields = [
  'title',
  'hostUnitId',
  'originSiteId',
  'scheduledStart',
  'scheduledEnd',
  'agenda',
  'participants',
  'code',
  'name',
  'unitId',
  'address',
  'delegateCapacity',
  'linkProfile',
  'contact',
  'username',
  'displayName',
  'password',
  'currentPassword',
  'newPassword',
  'role',
  'siteId',
  'text',
  'classification',
] as const;
export type FormField = (typeof formFields)[number];

/** What to say next to a field the server (or the page's own check) refused. */
export interface FieldTexts {
  /** The value is not acceptable (empty, only spaces, too long, wrong shape). */
  invalid: Record<FormField, string>;
  /** Another record already uses this value (a unit's or site's code, a username). */
  taken: Partial<Record<FormField, string>>;
  /** A field's refusal that names no field this form has (shown in the form's failure box). */
  elsewhere: (field: string) => string;
}
