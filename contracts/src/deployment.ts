import { z } from 'zod';

/** What every page needs to know of the deployment before anyone signs in. */
export const deploymentSchema = z.object({
  /** IANA name of the clock the deployment's people live by (TIME_ZONE; Asia/Ho_Chi_Minh by default): every time on screen is shown on it. */
  timeZone: z.string().min(1),
});
export type Deployment = z.infer<typeof deploymentSchema>;
