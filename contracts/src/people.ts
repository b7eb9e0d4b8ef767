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
  siteId: uuidSchema.nullable(),
  canLogIn: z.boolean(),
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

export const createPersonSchema = z
  .strictObject({
    username: usernameSchema,
    displayName: z.string().trim().min(1).max(200),
    password: passwordSchema.optional(),
    role: personRoleSchema,
    unitId: uuidSchema,
    siteId: uuidSchema.nullable().optional(),
  })
  .refine((p) => (p.role === 'site_operator') === Boolean(p.siteId), {
    message: 'a site operator needs siteId, and only a site operator has one',
    path: ['siteId'],
  });
export type CreatePerson = z.infer<typeof createPersonSchema>;

export const updatePersonSchema = z
  .strictObject({
    displayName: z.string().trim().min(1).max(200),
    password: passwordSchema,
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'change at least one field');

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
  person: personSchema,
});
export type LoginResponse = z.infer<typeof loginResponseSchema>;
