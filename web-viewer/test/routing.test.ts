import { codeFromJoinPath, joinCodeSchema } from '@lienthong/contracts';
import { describe, expect, it } from 'vitest';
import { deviceId } from '../src/site/device-id';
import { fragmentParam } from '../src/shared/fragment';
import { routeOf } from '../src/shared/route';

describe('routeOf', () => {
  it.each([
    ['/', 'landing'],
    ['/join', 'join'],
    ['/join/', 'join'],
    ['/j/K7M2Q9XW4RTP', 'join'],
    ['/console', 'console'],
    ['/console/units', 'console'],
    ['/consoles', 'notFound'],
    ['/console/live', 'consoleLive'],
    ['/elsewhere', 'notFound'],
  ] as const)('%s -> %s', (path, route) => expect(routeOf(path)).toBe(route));
});

describe('join codes', () => {
  it('reads the code of a printed link, forgiving case and dashes', () => {
    expect(codeFromJoinPath('/j/K7M2Q9XW4RTP')).toBe('K7M2Q9XW4RTP');
    expect(codeFromJoinPath('/j/K7M2Q9XW4RTP/')).toBe('K7M2Q9XW4RTP');
    expect(codeFromJoinPath('/join')).toBeNull();
    expect(joinCodeSchema.parse(' k7m2-q9xw-4rtp ')).toBe('K7M2Q9XW4RTP');
    // Crockford base32 has no I, L, O or U: such a code was mistyped.
    expect(joinCodeSchema.safeParse('K7M2Q9XW4RTO').success).toBe(false);
  });

  it('keeps one device id per browser', () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    const id = deviceId(storage);
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(deviceId(storage)).toBe(id);
    expect(deviceId({ getItem: () => null, setItem: () => undefined })).not.toBe(id);
  });
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
