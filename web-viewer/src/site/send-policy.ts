import type { SiteRole, SiteStageState } from '@lienthong/contracts';

/** Which of its own tracks a site sends; the rest stay paused in the browser (no RTP at all). */
export interface SendKinds {
  video: boolean;
  audio: boolean;
}

/**
 * In the program (the hall, or the floor holder) a site sends camera and microphone. An
 * operator's thumbnail of it needs the camera only: its microphone stays closed to everyone.
 * Before the server said anything, the hall is in the program and other sites are not.
 */
export function sendKinds(stage: SiteStageState | null, role: SiteRole): SendKinds {
  const program = stage?.sending ?? role === 'hall';
  return { audio: program, video: program || (stage?.previewed ?? false) };
}
