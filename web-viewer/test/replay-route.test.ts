import { describe, expect, it } from 'vitest';
import { routeOf } from '../src/shared/route';
import { replayViewOf } from '../src/replay/replay-route';

const id = '0b7c6f1e-3a57-4d0e-9a8e-1d2c3b4a5f60';

describe('replay routes', () => {
  it.each([
    ['/replay', { page: 'library' }],
    ['/replay/', { page: 'library' }],
    [`/replay/${id}`, { page: 'player', id }],
    [`/replay/${id.toUpperCase()}/report`, { page: 'report', id }],
    ['/replay/not-an-id', { page: 'unknown' }],
    [`/replay/${id}/elsewhere`, { page: 'unknown' }],
  ] as const)('%s', (path, view) => {
    expect(routeOf(path)).toBe('replay');
    expect(replayViewOf(path)).toEqual(view);
  });
  it('leaves other paths alone', () => expect(routeOf('/replayx')).toBe('notFound'));
});
