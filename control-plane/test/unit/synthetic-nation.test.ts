import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateNation, NATIONAL_2025 } from '../../src/seed/synthetic-nation.js';

const digest = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

describe('synthetic nation', () => {
  const nation = generateNation(NATIONAL_2025);

  it('has the national conference of January 2025: 63 provinces, 700 districts, 10,000 communes, 15,345 sites', () => {
    const byTier = nation.tiers.map((t) => nation.units.filter((u) => u.tierLevel === t.level).length);
    expect(byTier).toEqual([1, 63, 700, 10_000]);
    expect(nation.sites).toHaveLength(15_345);
  });

  it('is a consistent tree: paths from parents, unique codes and ids, every unit with a hall', () => {
    const byId = new Map(nation.units.map((u) => [u.id, u]));
    for (const u of nation.units) {
      const parent = u.parentId ? byId.get(u.parentId)! : undefined;
      expect(u.path).toBe(`${parent?.path ?? '/'}${u.code}/`);
      expect(u.tierLevel).toBe(parent ? parent.tierLevel + 1 : 0);
    }
    expect(new Set(nation.units.map((u) => u.code)).size).toBe(nation.units.length);
    expect(new Set([...nation.units, ...nation.sites].map((x) => x.id)).size).toBe(nation.units.length + nation.sites.length);
    expect(new Set(nation.sites.map((s) => s.code)).size).toBe(nation.sites.length);
    expect(new Set(nation.sites.map((s) => s.unitId)).size).toBe(nation.units.length);
    expect(nation.units.every((u) => /^[\w-]+$/.test(u.code))).toBe(true);
  });

  it('is deterministic by seed', () => {
    expect(digest(generateNation(NATIONAL_2025))).toBe(digest(nation));
    expect(digest(generateNation({ ...NATIONAL_2025, seed: 2 }))).not.toBe(digest(nation));
  });

  it('takes the 2025 reorganisation: 34 provinces and no district tier', () => {
    const small = generateNation({ seed: 7, provinces: 34, districts: 0, communes: 3_321, sites: 15_345 });
    expect(small.tiers.map((t) => t.name)).toEqual(['Trung ương', 'Tỉnh/Thành phố', 'Xã/Phường']);
    expect(small.tiers.map((t) => small.units.filter((u) => u.tierLevel === t.level).length)).toEqual([1, 34, 3_321]);
    expect(small.sites).toHaveLength(15_345);
  });

  it('refuses fewer sites than units', () => {
    expect(() => generateNation({ seed: 1, provinces: 2, districts: 2, communes: 4, sites: 5 })).toThrow(/cannot give each/);
  });
});
