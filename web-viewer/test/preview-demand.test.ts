import { maxPreviews } from '@lienthong/contracts';
import { describe, expect, it } from 'vitest';
import { previewDemand } from '../src/console/live/preview-demand';

const site = (id: string, connected = true) => ({ id, connected });
const ids = (n: number, prefix = 's') => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describe('preview demand', () => {
  it('wants the connected sites on screen, in grid order', () => {
    const sites = [site('a'), site('b', false), site('c'), site('d'), site('e')];
    expect(previewDemand(sites, new Set(['e', 'b', 'c', 'a']))).toEqual(['a', 'c', 'e']);
  });

  it('wants nothing when no tile is on screen or none of them is connected', () => {
    expect(previewDemand([site('a'), site('b')], new Set())).toEqual([]);
    expect(previewDemand([site('a', false), site('b', false)], new Set(['a', 'b']))).toEqual([]);
    expect(previewDemand([], new Set(['a']))).toEqual([]);
  });

  it('ignores visible ids that are not tiles of the grid (e.g. filtered out)', () => {
    expect(previewDemand([site('a'), site('b')], new Set(['b', 'zz']))).toEqual(['b']);
  });

  it('caps the set at maxPreviews, keeping the first tiles of the grid', () => {
    const sites = ids(40).map((id) => site(id));
    const wanted = previewDemand(sites, new Set(ids(40)));
    expect(maxPreviews).toBe(12);
    expect(wanted).toEqual(ids(12));
    // Offline tiles do not take a place: the next connected ones get it.
    const someOffline = sites.map((s, i) => (i % 2 ? s : site(s.id, false)));
    expect(previewDemand(someOffline, new Set(ids(40)))).toEqual(ids(40).filter((_, i) => i % 2).slice(0, 12));
    expect(previewDemand(sites, new Set(ids(40)), 3)).toEqual(['s0', 's1', 's2']);
  });
});
