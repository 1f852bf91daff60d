/** Calendar arithmetic on ISO dates (YYYY-MM-DD), in UTC so that no time zone shifts a day. */

const DAY_MS = 86_400_000;

const toUtc = (date: string): number => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d);
};
const fromUtc = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const daysInMonth = (year: number, monthIndex: number): number => new Date(Date.UTC(year, monthIndex + 1, 0)).getUTCDate();

/** Days from start to end with both days included: 2026-03-01 to 2026-03-01 is 1. */
export function daysInclusive(start: string, end: string): number {
  return Math.round((toUtc(end) - toUtc(start)) / DAY_MS) + 1;
}

/** The same day `months` later, clamped to the month's last day (31 January + 1 month = 28 or 29 February). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const monthIndex = m - 1 + months;
  const year = y + Math.floor(monthIndex / 12);
  const month = ((monthIndex % 12) + 12) % 12;
  return fromUtc(Date.UTC(year, month, Math.min(d, daysInMonth(year, month))));
}

/**
 * Calendar months from start to end, both days included: 2026-03-01 to
 * 2026-08-31 is 6, 2026-03-15 to 2026-09-14 is 6, 2026-03-01 to 2026-03-16 is
 * 16/31. Whole months are counted first, the rest as a fraction of the month it falls in.
 */
export function monthsInclusive(start: string, end: string): number {
  const stop = fromUtc(toUtc(end) + DAY_MS); // the day after the last day worked
  let whole = 0;
  while (addMonths(start, whole + 1) <= stop) whole++;
  const from = addMonths(start, whole);
  const remainingDays = daysInclusive(from, stop) - 1;
  if (remainingDays === 0) return whole;
  const [y, m] = from.split('-').map(Number) as [number, number];
  return whole + remainingDays / daysInMonth(y, m - 1);
}

export const isoDay = (at: Date): string => at.toISOString().slice(0, 10);
