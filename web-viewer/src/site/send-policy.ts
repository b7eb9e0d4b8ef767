import type { SiteRole, SiteStageState } from '@lienthong/contracts';

/** Which of its own tracks a site sends; the rest stay paused in the browser (no RTP at all). */
export interface SendKinds {
  video: boolean;
  audio: boolean;
  /** Only a thumbnail watches the camera: its small simulcast layer is enough, the large one stays off. */
  smallVideoOnly: boolean;
}

/**
 * In the program (the hall, or the floor holder) a site sends camera and microphone. An
 * operator's thumbnail of it needs the camera only, and only its small layer: its microphone stays
 * closed to everyone and a weak uplink carries a fraction of the full picture.
 * Before the server said anything, the hall is in the program and other sites are not.
 */
export function sendKinds(stage: SiteStageState | null, role: SiteRole): SendKinds {
  const program = stage?.sending ?? role === 'hall';
  const previewed = stage?.previewed ?? false;
  return { audio: program, video: program || previewed, smallVideoOnly: !program && previewed };
}
