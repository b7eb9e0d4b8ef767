import type { HealthStatus } from '@lienthong/contracts';
import type { Dictionary } from '../../i18n/dictionary';
import type { LiveSite } from './health-store';

/**
 * What a tile says about a site: its health while connected; when it is not, whether it never
 * came ("not yet joined", nothing to chase) or came and went ("lost connection", call the site).
 */
export type Presence = Exclude<HealthStatus, 'offline'> | 'notJoined' | 'lost';
export const presences: readonly Presence[] = ['ok', 'degraded', 'bad', 'lost', 'notJoined'];

export function presenceOf(site: Pick<LiveSite, 'status' | 'connected' | 'lastSeen'>): Presence {
  if (site.status !== 'offline' && site.connected) return site.status;
  return site.lastSeen === null ? 'notJoined' : 'lost';
}

/**
 * The words for a presence. Once the conference has ended nobody is connected, so "lost
 * connection" and "not yet joined" would mislead: a site took part, or did not.
 */
export function presenceWords(words: Dictionary['liveConsole'], presence: Presence, ended: boolean): string {
  return ended && (presence === 'lost' || presence === 'notJoined') ? words.afterEnd[presence] : words.presence[presence];
}
