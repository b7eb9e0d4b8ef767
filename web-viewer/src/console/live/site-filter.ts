import type { LiveSite } from './health-store';

export interface SiteFilter {
  /** null: every tier */
  tier: number | null;
  /** matched against the unit's name and the codes of its path */
  unit: string;
  problemsOnly: boolean;
}

export const noFilter: SiteFilter = { tier: null, unit: '', problemsOnly: false };

const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();

/** The sites a filter keeps, in table order. Accents are ignored ("Hoa Vang" finds "Hòa Vang"). */
export function filterSites(sites: readonly LiveSite[], filter: SiteFilter): LiveSite[] {
  const unit = fold(filter.unit.trim());
  return sites.filter(
    (s) =>
      (filter.tier === null || s.tierLevel === filter.tier) &&
      (!filter.problemsOnly || s.status !== 'ok') &&
      (!unit || fold(s.unitName).includes(unit) || fold(s.unitPath).includes(unit)),
  );
}
