// A synthetic national hierarchy for tests and benchmarks: 1 central unit, N provinces, their
// districts (or none: since mid-2025 many provinces have only province and commune tiers),
// communes, and a given number of bridge sites. Pure and deterministic: the same options give the
// same units, codes, names and ids.
import type { LinkProfile } from '@lienthong/contracts';
import { prng } from './prng.js';

export interface NationOptions {
  seed: number;
  provinces: number;
  /** 0: no district tier (province -> commune). */
  districts: number;
  communes: number;
  /** At least one per unit; the rest are second halls in communes and districts. */
  sites: number;
}

/** The 2025 national conference: 63 provinces, ~700 districts, ~10,000 communes, 15,345 sites. */
export const NATIONAL_2025: NationOptions = { seed: 1, provinces: 63, districts: 700, communes: 10_000, sites: 15_345 };

export interface SyntheticUnit {
  id: string;
  code: string;
  name: string;
  tierLevel: number;
  parentId: string | null;
  path: string;
}
export interface SyntheticSite {
  id: string;
  code: string;
  name: string;
  unitId: string;
  delegateCapacity: number;
  linkProfile: LinkProfile;
}
export interface Nation {
  tiers: { level: number; name: string }[];
  units: SyntheticUnit[];
  sites: SyntheticSite[];
}

const NAMES = ['An', 'Bình', 'Hòa', 'Phú', 'Thạnh', 'Tân', 'Long', 'Đông', 'Tây', 'Nam', 'Bắc', 'Trung', 'Hưng', 'Thịnh', 'Lộc', 'Phước', 'Quang', 'Sơn', 'Thủy', 'Yên', 'Hải', 'Lâm', 'Mỹ', 'Vĩnh', 'Đức', 'Hiệp', 'Nghĩa', 'Xuân', 'Ia', 'Hrú'];
/** Link profiles of commune halls, weighted: many weak rural links. */
const COMMUNE_LINKS: [LinkProfile, number][] = [['fibre', 0.35], ['dsl', 0.15], ['cellular_4g', 0.25], ['cellular_3g', 0.12], ['weak', 0.1], ['satellite', 0.03]];

/** Splits `total` items over `buckets` as evenly as the random weights allow, each bucket >= 1. */
function spread(total: number, buckets: number, random: () => number): number[] {
  if (buckets === 0) return [];
  if (total < buckets) throw new RangeError(`${total} cannot fill ${buckets} parents with at least one each`);
  const weights = Array.from({ length: buckets }, () => 0.5 + random());
  const sum = weights.reduce((a, b) => a + b, 0);
  const counts = weights.map((w) => 1 + Math.floor(((total - buckets) * w) / sum));
  for (let i = 0, left = total - counts.reduce((a, b) => a + b, 0); left > 0; i = (i + 1) % buckets, left--) counts[i]!++;
  return counts;
}

export function generateNation(o: NationOptions): Nation {
  const random = prng(o.seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const name = () => `${pick(NAMES)} ${pick(NAMES)}`;
  // Deterministic v4-shaped uuids from the same generator.
  const uuid = () => {
    const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
    hex[12] = '4';
    hex[16] = '89ab'[Math.floor(random() * 4)]!;
    const h = hex.join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  };

  const tiers = o.districts
    ? ['Trung ương', 'Tỉnh/Thành phố', 'Quận/Huyện', 'Xã/Phường']
    : ['Trung ương', 'Tỉnh/Thành phố', 'Xã/Phường'];
  const units: SyntheticUnit[] = [];
  const add = (code: string, unitName: string, parent: SyntheticUnit | null) => {
    const unit = { id: uuid(), code, name: unitName, tierLevel: parent ? parent.tierLevel + 1 : 0, parentId: parent?.id ?? null, path: `${parent?.path ?? '/'}${code}/` };
    units.push(unit);
    return unit;
  };
  const pad = (n: number, width: number) => String(n).padStart(width, '0');

  const central = add('TW', 'Trung ương', null);
  const provinces = Array.from({ length: o.provinces }, (_, i) => add(`P${pad(i + 1, 2)}`, `Tỉnh ${name()} ${i + 1}`, central));
  const districts = (o.districts ? spread(o.districts, o.provinces, random) : []).flatMap((n, p) =>
    Array.from({ length: n }, (_, i) => add(`${provinces[p]!.code}-D${pad(i + 1, 2)}`, `Huyện ${name()}`, provinces[p]!)),
  );
  const communeParents = o.districts ? districts : provinces;
  const communes = spread(o.communes, communeParents.length, random).flatMap((n, p) =>
    Array.from({ length: n }, (_, i) => add(`${communeParents[p]!.code}-C${pad(i + 1, 3)}`, `Xã ${name()}`, communeParents[p]!)),
  );

  if (o.sites < units.length) throw new RangeError(`${o.sites} sites cannot give each of ${units.length} units a hall`);
  const capacity = [500, 300, 120, 50];
  const sites: SyntheticSite[] = [];
  const addSite = (unit: SyntheticUnit, n: number) => {
    const lowest = unit.tierLevel === tiers.length - 1;
    sites.push({
      id: uuid(),
      code: `DC-${unit.code}${n > 1 ? `-${n}` : ''}`,
      name: `Điểm cầu ${unit.name}${n > 1 ? ` (${n})` : ''}`,
      unitId: unit.id,
      delegateCapacity: capacity[lowest ? 3 : unit.tierLevel] ?? 50,
      linkProfile: lowest ? weighted(COMMUNE_LINKS, random()) : 'fibre',
    });
  };
  for (const unit of units) addSite(unit, 1);
  // Extra halls (a ward's second meeting room, a district's hall for its agencies).
  const extra = [...districts, ...communes];
  const halls = new Map<string, number>();
  for (let i = units.length; i < o.sites; i++) {
    const unit = pick(extra.length ? extra : provinces);
    const n = (halls.get(unit.id) ?? 1) + 1;
    halls.set(unit.id, n);
    addSite(unit, n);
  }
  return { tiers: tiers.map((t, level) => ({ level, name: t })), units, sites };
}

function weighted<T>(table: [T, number][], r: number): T {
  let acc = 0;
  for (const [value, weight] of table) if (r < (acc += weight)) return value;
  return table.at(-1)![0];
}
