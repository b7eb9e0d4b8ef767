import type { SiteRecord, UnitRecord } from '@lienthong/contracts';

/** A row of the unit tree as drawn: a unit (which may open) or a site (a leaf). */
export type TreeRow =
  | { kind: 'unit'; unit: UnitRecord; depth: number; expanded: boolean; loading: boolean; childCount: number | null }
  | { kind: 'site'; site: SiteRecord; depth: number };

/** What the tree knows: the units and sites loaded so far, grouped by parent, and which units are open. */
export interface TreeData {
  roots: UnitRecord[];
  /** Child units of each loaded unit, by its id (absent: not loaded yet). */
  childUnits: ReadonlyMap<string, UnitRecord[]>;
  /** Sites of each loaded unit, by its id. */
  sites: ReadonlyMap<string, SiteRecord[]>;
  expanded: ReadonlySet<string>;
  loading: ReadonlySet<string>;
}

/**
 * The visible rows, depth first: a unit, then (if open) its sites, then its child units. Pure, and
 * linear in the rows shown, so a whole nation (~26,000 rows) flattens in a few milliseconds; the
 * virtualiser then draws only the rows in view.
 */
export function flattenTree(data: TreeData): TreeRow[] {
  const rows: TreeRow[] = [];
  const visit = (unit: UnitRecord, depth: number) => {
    const units = data.childUnits.get(unit.id);
    const sites = data.sites.get(unit.id);
    const loaded = units !== undefined && sites !== undefined;
    const expanded = data.expanded.has(unit.id) && loaded;
    rows.push({
      kind: 'unit',
      unit,
      depth,
      expanded,
      loading: data.loading.has(unit.id),
      childCount: loaded ? units.length + sites.length : null,
    });
    if (!expanded) return;
    for (const site of sites) rows.push({ kind: 'site', site, depth: depth + 1 });
    for (const child of units) visit(child, depth + 1);
  };
  for (const root of data.roots) visit(root, 0);
  return rows;
}

/** Groups a flat list of units and sites (a subtree loaded whole) by parent unit. */
export function groupSubtree(units: UnitRecord[], sites: SiteRecord[]) {
  const childUnits = new Map<string, UnitRecord[]>();
  const sitesByUnit = new Map<string, SiteRecord[]>();
  const listIn = <T>(map: Map<string, T[]>, key: string) => map.get(key) ?? map.set(key, []).get(key)!;
  for (const u of units) {
    listIn(childUnits, u.id);
    listIn(sitesByUnit, u.id);
    if (u.parentId) listIn(childUnits, u.parentId).push(u);
  }
  for (const s of sites) listIn(sitesByUnit, s.unitId).push(s);
  return { childUnits, sites: sitesByUnit };
}
