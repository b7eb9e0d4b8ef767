// The sites of one conference whose sockets this replica holds: their latest reports, turned
// once a second into the few states that changed materially. Pure: the caller passes the clock.
import type { SiteHealthReport } from '@lienthong/contracts';
import { deriveStatus, healthThresholds, materiallyChanged, type SiteHealthState } from './status.js';

interface LocalSite {
  sessionId: string | null;
  joinedAt: number;
  lastSeen: number;
  report: SiteHealthReport | null;
  delegates: number | null;
  /** what was last published for the site */
  published: SiteHealthState | undefined;
  /** the connection changed since the last tick (always published, with the time it happened) */
  changedAt: number | null;
  takenOverAt: number;
}

export class SiteHealthTracker {
  private readonly sites = new Map<string, LocalSite>();

  /** The site joined on this replica (a newer session replaces an older one). */
  joined(siteId: string, sessionId: string, delegates: number | null, now: number): void {
    const site = this.sites.get(siteId);
    this.sites.set(siteId, { sessionId, joinedAt: now, lastSeen: now, report: null, delegates, published: site?.published, changedAt: now, takenOverAt: 0 });
  }

  /** The site's new session took it over from another PC (confirmed there): the consoles get an alert. */
  takenOver(siteId: string, now: number): void {
    const site = this.sites.get(siteId);
    if (site) site.takenOverAt = now;
  }

  /** The session ended; an older session of a site that already rejoined changes nothing. */
  left(siteId: string, sessionId: string, now: number): void {
    const site = this.sites.get(siteId);
    if (!site || site.sessionId !== sessionId) return;
    site.sessionId = null;
    site.changedAt = now;
  }

  /** A report from the site's current session; false when that session is not in the conference here. */
  reported(siteId: string, sessionId: string, report: SiteHealthReport, now: number): boolean {
    const site = this.sites.get(siteId);
    if (!site || site.sessionId !== sessionId) return false;
    site.report = report;
    site.lastSeen = now;
    return true;
  }

  /** The site's current session answered the socket's ping: it is alive, its link as last reported. */
  seen(siteId: string, sessionId: string, now: number): void {
    const site = this.sites.get(siteId);
    if (site?.sessionId === sessionId) site.lastSeen = now;
  }

  /** Nothing left to say: no site present here and every departure published. */
  get idle(): boolean {
    return this.sites.size === 0;
  }

  /** The states that changed materially since the last tick (silence counted), now published. */
  tick(now: number): SiteHealthState[] {
    const out: SiteHealthState[] = [];
    for (const [siteId, site] of this.sites) {
      const state = this.stateOf(siteId, site, now);
      if (site.changedAt !== null || materiallyChanged(site.published, state)) {
        out.push(state);
        site.published = state;
        site.changedAt = null;
      }
      // Gone and told: the consoles keep it offline from here on.
      if (site.sessionId === null) this.sites.delete(siteId);
    }
    return out;
  }

  private stateOf(siteId: string, site: LocalSite, now: number): SiteHealthState {
    const connected = site.sessionId !== null;
    const silent = connected && now - site.lastSeen > healthThresholds.silentMs;
    const r = site.report;
    return {
      siteId,
      version: site.changedAt ?? now,
      connected,
      status: connected ? deriveStatus(r, silent) : 'offline',
      inKbps: connected && r ? Math.round(r.inKbps) : 0,
      outKbps: connected && r ? Math.round(r.outKbps) : 0,
      loss10: connected && r ? Math.round(r.lossPercent * 10) : 0,
      rttMs: connected && r?.rttMs != null ? Math.round(r.rttMs) : -1,
      lastSeen: site.lastSeen,
      level: connected && r ? r.level : null,
      delegates: site.delegates,
      takenOverAt: site.takenOverAt,
    };
  }
}
