import { describe, expect, it } from 'vitest';
import { fragmentParam } from '../src/shared/fragment';
import { routeOf } from '../src/shared/route';

describe('routeOf', () => {
  it.each([
    ['/', 'landing'],
    ['/join', 'join'],
    ['/join/', 'join'],
    ['/console', 'console'],
    ['/console/units', 'console'],
    ['/consoles', 'notFound'],
    ['/console/live', 'consoleLive'],
    ['/elsewhere', 'notFound'],
  ] as const)('%s -> %s', (path, route) => expect(routeOf(path)).toBe(route));
});

describe('fragmentParam', () => {
  it('reads the token from the fragment', () => {
    expect(fragmentParam('token', '#token=abc.def-ghi_jkl')).toBe('abc.def-ghi_jkl');
    expect(fragmentParam('token', '#lang=en&token=x')).toBe('x');
  });

  it('is null when absent or empty', () => {
    expect(fragmentParam('token', '')).toBeNull();
    expect(fragmentParam('token', '#token=')).toBeNull();
  });
});
