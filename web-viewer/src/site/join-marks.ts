/**
 * The steps of a join, as User Timing marks (`performance.mark`): the join bench breaks a join's
 * first frame down by them, and a technician sees them in the browser's performance panel. A mark
 * costs a timestamp; a rejoin marks again (readers take the latest after their own start).
 */
export type JoinStep = 'joined' | 'device-loaded' | 'media-opened' | 'recv-connected' | 'consumers-started';

export const joinMarkPrefix = 'lienthong:join:';

export function markJoinStep(step: JoinStep): void {
  performance.mark(joinMarkPrefix + step);
}
