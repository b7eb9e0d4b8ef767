/** The replay pages, from the path under /replay. */
export type ReplayView = { page: 'library' } | { page: 'player'; id: string } | { page: 'report'; id: string } | { page: 'unknown' };

const uuid = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

export function replayViewOf(pathname: string): ReplayView {
  const path = pathname.replace(/\/+$/, '');
  if (path === '/replay') return { page: 'library' };
  const match = new RegExp(`^/replay/(${uuid})(/report)?$`, 'i').exec(path);
  if (!match) return { page: 'unknown' };
  return match[2] ? { page: 'report', id: match[1]!.toLowerCase() } : { page: 'player', id: match[1]!.toLowerCase() };
}

export const playerPath = (id: string) => `/replay/${id}`;
export const reportPath = (id: string) => `/replay/${id}/report`;
export const libraryPath = '/replay';
