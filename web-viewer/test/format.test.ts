import { describe, expect, it } from 'vitest';
import { splitDuration } from '../src/shared/format';
import { en } from '../src/i18n/en';
import { vi } from '../src/i18n/vi';

describe('countdown to a conference', () => {
  it.each([
    [0, { days: 0, hours: 0, minutes: 0, seconds: 0 }],
    [-5_000, { days: 0, hours: 0, minutes: 0, seconds: 0 }],
    [1, { days: 0, hours: 0, minutes: 0, seconds: 1 }],
    [61_000, { days: 0, hours: 0, minutes: 1, seconds: 1 }],
    [3_600_000 * 26 + 5_500, { days: 1, hours: 2, minutes: 0, seconds: 6 }],
  ])('%i ms -> %o', (ms, parts) => {
    expect(splitDuration(ms)).toEqual(parts);
  });

  it('reads naturally in both languages', () => {
    expect(vi.notOpen.countdown(splitDuration(3_723_000))).toBe('Còn 01:02:03');
    expect(vi.notOpen.countdown(splitDuration(86_400_000 * 2 + 1000))).toBe('Còn 2 ngày 00:00:01');
    expect(en.notOpen.countdown(splitDuration(3_723_000))).toBe('01:02:03 to go');
  });
});
