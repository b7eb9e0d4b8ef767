import type { HealthCounts } from '@lienthong/contracts';
import { useMemo } from 'react';
import { useLanguage } from '../../i18n/language';
import { counting, StatusDot } from './HealthBadges';
import type { LiveSite } from './health-store';
import { type Presence, presenceOf, presences, presenceWords } from './presence';

/** Sites connected / expected, delegates reported, and how many sites are in each state. */
export function LiveCounts({ counts, sites, ended = false }: { counts: HealthCounts; sites: readonly LiveSite[]; ended?: boolean }) {
  const { t } = useLanguage();
  const [connected, expected, delegates] = counts;
  const byStatus = useMemo(() => {
    const tally: Record<Presence, number> = { ok: 0, degraded: 0, bad: 0, lost: 0, notJoined: 0 };
    for (const s of sites) tally[presenceOf(s)] += 1;
    return tally;
  }, [sites]);
  return (
    <div className="live-counts" data-testid="live-counts">
      <div className="live-count">
        <span className="live-count-label">{t.liveConsole.sitesConnected}</span>
        <strong data-testid="sites-connected">
          {counting.format(connected)} / {counting.format(expected)}
        </strong>
      </div>
      <div className="live-count">
        <span className="live-count-label">{t.liveConsole.delegates}</span>
        <strong data-testid="delegates-reported">{counting.format(delegates)}</strong>
      </div>
      {presences.map((presence) => (
        <div key={presence} className="live-count" data-presence={presence}>
          <span className="live-count-label">
            <StatusDot presence={presence} ended={ended} /> {presenceWords(t.liveConsole, presence, ended)}
          </span>
          <strong>{counting.format(byStatus[presence])}</strong>
        </div>
      ))}
    </div>
  );
}
