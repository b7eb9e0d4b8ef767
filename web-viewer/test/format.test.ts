import { describe, expect, it } from 'vitest';
import { formatDateTime, formatLongDateTime, formatTime, splitDuration, zoneLabel } from '../src/shared/format';
import { fromZonedInput, toZonedInput } from '../src/shared/zoned-input';
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

describe("times on the deployment's clock, with its zone", () => {
  const instant = '2026-12-05T05:27:13.524Z';

  it('shows Hà Nội time whatever the browser zone, and says so', () => {
    expect(formatDateTime(instant, 'vi')).toBe('12:27 05/12/2026 (GMT+7)');
    expect(formatDateTime(instant, 'en')).toBe('05/12/2026, 12:27 (GMT+7)');
    expect(formatTime(new Date(instant), 'vi')).toBe('12:27:13 (GMT+7)');
    expect(formatTime(instant, 'en', 'Asia/Ho_Chi_Minh', { seconds: false })).toBe('12:27 (GMT+7)');
  });

  it('writes a date in words where day/month order could mislead (a form field drawn by an English browser)', () => {
    expect(formatLongDateTime('2026-12-06T01:00:00Z', 'en')).toBe('08:00, Sunday, 6 December 2026 (GMT+7)');
    expect(formatLongDateTime('2026-12-06T01:00:00Z', 'vi')).toBe('08:00, Chủ Nhật, 6 tháng 12, 2026 (GMT+7)');
    expect(formatLongDateTime('2026-06-12T01:00:00Z', 'en')).toContain('12 June 2026');
  });

  it("another deployment's zone, with its summer time", () => {
    expect(formatTime(instant, 'en', 'UTC')).toBe('05:27:13 (GMT)');
    expect(zoneLabel(new Date('2026-07-01T12:00:00Z'), 'Europe/Berlin')).toBe('GMT+2');
    expect(zoneLabel(new Date('2026-12-01T12:00:00Z'), 'Europe/Berlin')).toBe('GMT+1');
  });

  it("reads and writes a datetime-local input on the deployment's wall clock", () => {
    expect(toZonedInput(instant)).toBe('2026-12-05T12:27');
    expect(fromZonedInput('2026-12-05T08:00')).toBe('2026-12-05T01:00:00.000Z');
    expect(fromZonedInput('2026-12-05T00:30')).toBe('2026-12-04T17:30:00.000Z');
    // Across a summer-time change (Berlin, 29 March 2026: 02:00 -> 03:00).
    expect(fromZonedInput('2026-03-29T04:00', 'Europe/Berlin')).toBe('2026-03-29T02:00:00.000Z');
    expect(fromZonedInput('2026-03-29T01:00', 'Europe/Berlin')).toBe('2026-03-29T00:00:00.000Z');
    for (const iso of ['2026-01-01T00:00:00.000Z', '2026-06-30T23:59:00.000Z']) expect(fromZonedInput(toZonedInput(iso, 'Europe/Berlin'), 'Europe/Berlin')).toBe(iso);
    expect(fromZonedInput('')).toBe('');
  });
});
