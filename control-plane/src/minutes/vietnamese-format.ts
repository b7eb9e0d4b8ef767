// Times, dates and numbers the way Vietnamese administrative documents write them, on the
// deployment's clock: "08 giờ 05 phút", "ngày 13 tháng 01 năm 2025", "15.345", "92,6%".
import { wallTime } from '@lienthong/contracts';

const pad = (n: number) => String(n).padStart(2, '0');
const numbers = new Intl.NumberFormat('vi-VN');
const shares = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 });

export const viNumber = (n: number) => numbers.format(n);

/** "92,6%"; "0%" of nothing. */
export const viShare = (part: number, whole: number) => `${shares.format(whole ? (100 * part) / whole : 0)}%`;

/** "08 giờ 05 phút" */
export function viClock(date: Date, timeZone: string): string {
  const w = wallTime(date, timeZone);
  return `${pad(w.hour)} giờ ${pad(w.minute)} phút`;
}

/** "08:05", for tables */
export function viShortClock(date: Date, timeZone: string): string {
  const w = wallTime(date, timeZone);
  return `${pad(w.hour)}:${pad(w.minute)}`;
}

/** "ngày 13 tháng 01 năm 2025" */
export function viDate(date: Date, timeZone: string): string {
  const w = wallTime(date, timeZone);
  return `ngày ${pad(w.day)} tháng ${pad(w.month)} năm ${w.year}`;
}

export const sameDay = (a: Date, b: Date, timeZone: string) => viDate(a, timeZone) === viDate(b, timeZone);

/** "1 giờ 05 phút", "12 phút", "under a minute": "dưới 1 phút" */
export function viDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return 'dưới 1 phút';
  const hours = Math.floor(minutes / 60);
  return hours ? `${hours} giờ ${pad(minutes % 60)} phút` : `${minutes} phút`;
}
