import { personRoleSchema } from '@lienthong/contracts';

/** Roles in the order the pickers offer them: the everyday ones first. */
export const roles = ['member', 'site_operator', 'operator', 'system_admin'] as const satisfies readonly (typeof personRoleSchema.options)[number][];
