import { z } from 'zod';
import { pageOf, pageQuerySchema, uuidSchema } from './paging.js';

/**
 * Who may do what. A person's scope is its unit's subtree; a system admin's is everything.
 * site_operator runs one site, member replays and studies.
 */
export const personRoleSchema = z.enum(['system_admin', 'operator', 'site_operator', 'member']);
export type PersonRole = z.infer<typeof personRoleSchema>;

export const personSchema = z.object({
  id: uuidSchema,
  username: z.string(),
  displayName: z.string(),
  role: personRoleSchema,
  unitId: uuidSchema,
  /** The unit's own name, for lists (many communes share one: the id says which). */
  unitName: z.string(),
  siteId: uuidSchema.nullable(),
  siteName: z.string().nullable(),
  /** false: disabled, or no password issued yet. */
  canLogIn: z.boolean(),
  /** The password was set by someone else (drawn, or typed by an admin): the person must choose a new one at sign-in. */
  mustChangePassword: z.boolean(),
});
export type PersonRecord = z.infer<typeof personSchema>;

export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(3)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9._@-]*$/, 'lower-case letters, digits, ".", "_", "@" and "-" only');
/** Long passphrases welcome; the upper bound keeps hashing cheap for the server. */
export const passwordSchema = z.string().min(10, 'at least 10 characters').max(256);
/**
 * Whether a password someone sets for another person must be changed at that person's first
 * sign-in. Default: yes when set for someone else, no on oneself. Tools that hand a password to
 * a machine (the demo's printed login) say false.
 */
const passwordIsTemporarySchema = z.boolean().optional();

export const createPersonSchema = z
  .strictObject({
    username: usernameSchema,
    displayName: z.string().trim().min(1).max(200),
    password: passwordSchema.optional(),
    passwordIsTemporary: passwordIsTemporarySchema,
    role: personRoleSchema,
    unitId: uuidSchema,
    siteId: uuidSchema.nullable().optional(),
  })
  .refine((p) => (p.role === 'site_operator') === Boolean(p.siteId), {
    message: 'a site operator needs siteId, and only a site operator has one',
    path: ['siteId'],
  })
  .refine((p) => p.passwordIsTemporary === undefined || p.password !== undefined, { message: 'only with a password', path: ['passwordIsTemporary'] });
export type CreatePerson = z.infer<typeof createPersonSchema>;

/** A new role; a site operator names its site (in the person's unit), nobody else has one. */
export const changeRoleSchema = z
  .strictObject({ role: personRoleSchema, siteId: uuidSchema.nullable().optional() })
  .refine((p) => (p.role === 'site_operator') === Boolean(p.siteId), {
    message: 'a site operator needs siteId, and only a site operator has one',
    path: ['siteId'],
  });

/** A password the server drew, shown once to the operator who hands it over; the person's old sessions end. */
export const passwordResetSchema = z.object({ person: personSchema, temporaryPassword: passwordSchema });

export const updatePersonSchema = z
  .strictObject({
    displayName: z.string().trim().min(1).max(200),
    password: passwordSchema,
    passwordIsTemporary: passwordIsTemporarySchema,
  })
  .partial()
  .refine((v) => v.displayName !== undefined || v.password !== undefined, 'change at least one field')
  .refine((v) => v.passwordIsTemporary === undefined || v.password !== undefined, { message: 'only with a password', path: ['passwordIsTemporary'] });

export const personListQuerySchema = pageQuerySchema.extend({
  under: uuidSchema.optional(),
  role: personRoleSchema.optional(),
});

export const personPageSchema = pageOf(personSchema);

export const loginRequestSchema = z.strictObject({
  username: usernameSchema,
  password: z.string().min(1).max(256),
});
export const loginResponseSchema = z.object({
  accessToken: z.string(),
  tokenType: z.literal('Bearer'),
  /** Seconds until the token expires. */
  expiresIn: z.number().int().positive(),
  /**
   * Trades for a new access token (and a new refresh token: each is used once) at
   * POST /api/auth/refresh, until it has gone unused for `refreshIdleSeconds`.
   */
  refreshToken: z.string().optional(),
  refreshIdleSeconds: z.number().int().positive().optional(),
  person: personSchema,
});
export type LoginResponse = z.infer<typeof loginResponseSchema>;

/**
 * The signed-in person chooses a new password (required after a temporary one): the current one
 * proves it is them; every other session of theirs ends.
 */
export const changePasswordRequestSchema = z
  .strictObject({ currentPassword: z.string().min(1).max(256), newPassword: passwordSchema })
  .refine((p) => p.newPassword !== p.currentPassword, { message: 'the same as the current password', path: ['newPassword'] });

export const refreshRequestSchema = z.strictObject({ refreshToken: z.string().min(1).max(200) });
/** Logout: the bearer access token (if any) and the refresh token (if any) say who. */
export const logoutRequestSchema = z.strictObject({ refreshToken: z.string().min(1).max(200).optional() });
export const logoutResponseSchema = z.object({ loggedOut: z.literal(true) });
