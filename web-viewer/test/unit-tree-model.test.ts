import type { SiteRecord, UnitRecord } from '@lienthong/contracts';
import { describe, expect, it } from 'vitest';
import { flattenTree, groupSubtree } from '../src/console/units/tree-model';

let n = 0;
const id = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
const unit = (code: string, parent: UnitRecord | null): UnitRecord => ({
  id: id(),
  code,
  name: `Đơn vị ${code}`,
  tierLevel: parent ? parent.tierLevel + 1 : 0,
  tierName: 'cấp',
  parentId: parent?.id ?? null,
  path: `${parent?.path ?? '/'}${code}/`,
});
const site = (code: string, u: UnitRecord): SiteRecord => ({
  id: id(),
  code,
  name: `Điểm cầu ${code}`,
  unitId: u.id,
  address: null,
  delegateCapacity: 10,
  linkProfile: 'fibre',
  contact: null,
});

describe('unit tree model', () => {
  const tw = unit('TW', null);
  const hn = unit('HN', tw);
  const bd = unit('BD', hn);
  const dn = unit('DN', tw);
  const sites = [site('S-TW', tw), site('S-HN', hn), site('S-BD', bd), site('S-DN', dn)];
  const grouped = groupSubtree([tw, hn, bd, dn], sites);

  const codes = (expanded: string[]) =>
    flattenTree({ roots: [tw], ...grouped, expanded: new Set(expanded), loading: new Set() }).map((r) =>
      r.kind === 'unit' ? `${'  '.repeat(r.depth)}${r.unit.code}${r.expanded ? '-' : '+'}` : `${'  '.repeat(r.depth)}${r.site.code}`,
    );

  it('shows a unit, then its sites, then its child units, only under open units', () => {
    expect(codes([])).toEqual(['TW+']);
    expect(codes([tw.id])).toEqual(['TW-', '  S-TW', '  HN+', '  DN+']);
    expect(codes([tw.id, hn.id, bd.id])).toEqual(['TW-', '  S-TW', '  HN-', '    S-HN', '    BD-', '      S-BD', '  DN+']);
    // An open unit under a closed one stays hidden.
    expect(codes([bd.id])).toEqual(['TW+']);
  });

  it('counts children once loaded, and does not open a unit whose children are not loaded', () => {
    const rows = flattenTree({ roots: [tw], childUnits: new Map(), sites: new Map(), expanded: new Set([tw.id]), loading: new Set([tw.id]) });
    expect(rows).toEqual([{ kind: 'unit', unit: tw, depth: 0, expanded: false, loading: true, childCount: null }]);
    const loaded = flattenTree({ roots: [tw], ...grouped, expanded: new Set(), loading: new Set() });
    expect(loaded[0]).toMatchObject({ childCount: 3 });
  });
});
