/**
 * libwebrtc field trials for the node's mediasoup workers. A worker given a trial string uses it
 * instead of mediasoup's default, so the default's own trial is repeated here.
 */

/** mediasoup 3.12's default (`WorkerSettings.libwebrtcFieldTrials`). */
const mediasoupDefaultTrials = 'WebRTC-Bwe-AlrLimitedBackoff/Enabled/';

/** GoogCC's own process interval (goog_cc_factory), the longest the pacer timer may usefully wait. */
export const defaultPacerIntervalMs = 25;

/**
 * The trial string for a pacer that, while not probing, runs every `pacerIntervalMs` instead of
 * libwebrtc's 5 ms (`WebRTC-Pacer-MinPacketLimitMs`, read by its PacedSender). mediasoup arms one
 * timer per transport at the sooner of the pacer's next run and GoogCC's 25 ms interval, and runs
 * both there: the pacer's 5 ms alone sets how often a transport's estimator works.
 */
export function libwebrtcFieldTrials(pacerIntervalMs: number): string {
  return `${mediasoupDefaultTrials}WebRTC-Pacer-MinPacketLimitMs/${pacerIntervalMs}/`;
}
