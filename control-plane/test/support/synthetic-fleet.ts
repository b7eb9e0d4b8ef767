import type { FleetNode, PlanSite } from '../../src/planner/model.js';

/**
 * Synthetic organisation trees and fleets for planner tests and benchmarks: one central unit
 * (TW), provinces P01.., districts P01-D01.., communes P01-D01-C01.., one site per unit.
 */
export interface TreeShape {
  provinces: number;
  districtsPerProvince: number;
  communesPerDistrict: number;
  /** Cut the site list (communes last) to exactly this many sites. */
  totalSites?: number;
}

const pad = (n: number) => String(n + 1).padStart(2, '0');

export function syntheticSites(shape: TreeShape): PlanSite[] {
  const upper: PlanSite[] = [{ siteId: 'site-TW', ancestry: ['TW'] }];
  const communes: PlanSite[] = [];
  for (let p = 0; p < shape.provinces; p++) {
    const P = `P${pad(p)}`;
    upper.push({ siteId: `site-${P}`, ancestry: ['TW', P] });
    for (let d = 0; d < shape.districtsPerProvince; d++) {
      const D = `${P}-D${pad(d)}`;
      upper.push({ siteId: `site-${D}`, ancestry: ['TW', P, D] });
      for (let c = 0; c < shape.communesPerDistrict; c++) {
        const C = `${D}-C${pad(c)}`;
        communes.push({ siteId: `site-${C}`, ancestry: ['TW', P, D, C] });
      }
    }
  }
  const all = [...upper, ...communes];
  return shape.totalSites === undefined ? all : all.slice(0, shape.totalSites);
}

export interface FleetShape {
  centralNodes: number;
  provinceNodes: number;
  provinces: number;
  workersPerNode: number;
  capacity: number;
  load?: number;
}

/** Central nodes tagged TW; province nodes each tagged with their share of provinces, round-robin. */
export function syntheticFleet(shape: FleetShape): FleetNode[] {
  const workers = () =>
    Array.from({ length: shape.workersPerNode }, (_, index) => ({ index, capacity: shape.capacity, load: shape.load ?? 0 }));
  const nodes: FleetNode[] = [];
  for (let i = 0; i < shape.centralNodes; i++) nodes.push({ nodeId: `central-${pad(i)}`, localityTags: ['TW'], workers: workers() });
  for (let i = 0; i < shape.provinceNodes; i++) {
    const tags: string[] = [];
    for (let p = i; p < shape.provinces; p += shape.provinceNodes) tags.push(`P${pad(p)}`);
    nodes.push({ nodeId: `prov-${pad(i)}`, localityTags: tags, workers: workers() });
  }
  return nodes;
}

/** The national-conference scale of issue 5: 15,345 sites on 60 nodes x 16 workers. */
export const nationalShape = {
  sites: { provinces: 63, districtsPerProvince: 11, communesPerDistrict: 22, totalSites: 15_345 },
  fleet: { centralNodes: 4, provinceNodes: 56, provinces: 63, workersPerNode: 16, capacity: 600 },
} satisfies { sites: TreeShape; fleet: FleetShape };
