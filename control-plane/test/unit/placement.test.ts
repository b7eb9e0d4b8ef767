import { describe, expect, it } from 'vitest';
import { chooseNode, type NodeCandidate } from '../../src/planner/placement.js';

const node = (nodeId: string, localityTags: string[], consumers = 0, workers = 1): NodeCandidate => ({
  nodeId,
  localityTags,
  consumers,
  workers,
});

describe('chooseNode', () => {
  const central = node('node-1', ['TW']);
  const provinces = node('node-2', ['HN', 'DN']);

  it.each([
    { who: 'the central hall', ancestry: ['TW'], expected: 'node-1' },
    { who: 'a Hà Nội commune', ancestry: ['TW', 'HN', 'HN-BD', 'HN-BD-01'], expected: 'node-2' },
    { who: 'a Đà Nẵng district', ancestry: ['TW', 'DN', 'DN-HC'], expected: 'node-2' },
    { who: 'a province no node is tagged for', ancestry: ['TW', 'HP'], expected: 'node-1' },
  ])('places $who on $expected (deepest tagged ancestor wins)', ({ ancestry, expected }) => {
    expect(chooseNode(ancestry, [central, provinces])).toBe(expected);
  });

  it('breaks ties by consumers per worker, then by id', () => {
    const busy = node('a', ['HN'], 300, 1);
    const roomy = node('b', ['HN'], 400, 2);
    expect(chooseNode(['TW', 'HN'], [busy, roomy])).toBe('b');
    expect(chooseNode(['TW', 'HN'], [node('y', ['HN']), node('x', ['HN'])])).toBe('x');
  });

  it('falls back to the least loaded node when no tag matches', () => {
    expect(chooseNode(['X'], [node('a', [], 50), node('b', [], 10)])).toBe('b');
  });

  it('returns null without nodes', () => {
    expect(chooseNode(['TW'], [])).toBeNull();
  });
});
