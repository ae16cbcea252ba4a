/**
 * Turns the summary's messages-per-day into the bars of the chart: every day in the range
 * (days without messages are bars of zero, not gaps the eye skips), or every month once the
 * range is too long for day bars to be seen.
 */

/** Past about three months, day bars get thinner than a pixel or two at 1280 px. */
export const MAX_DAY_BARS = 92;

export interface Bucket {
  /** "2024-01-05" for days, "2024-01" for months. */
  label: string;
  count: number;
}

export interface Buckets {
  unit: 'day' | 'month';
  buckets: Bucket[];
}

function parseDay(day: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return null;
  return new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
}

function dayLabel(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function bucketDays(perDay: readonly { day: string; count: number }[]): Buckets {
  const counts = new Map<string, number>();
  for (const { day, count } of perDay) {
    if (parseDay(day)) counts.set(day, (counts.get(day) ?? 0) + count);
  }
  const days = [...counts.keys()].sort();
  const first = days[0];
  const last = days[days.length - 1];
  if (first === undefined || last === undefined) return { unit: 'day', buckets: [] };

  const start = parseDay(first) as Date;
  const end = parseDay(last) as Date;
  const span = Math.round((end.getTime() - start.getTime()) / 86_400_000) + 1;

  if (span <= MAX_DAY_BARS) {
    const buckets: Bucket[] = [];
    for (let i = 0; i < span; i++) {
      const label = dayLabel(new Date(start.getTime() + i * 86_400_000));
      buckets.push({ label, count: counts.get(label) ?? 0 });
    }
    return { unit: 'day', buckets };
  }

  const months = new Map<string, number>();
  for (const [day, count] of counts) {
    const month = day.slice(0, 7);
    months.set(month, (months.get(month) ?? 0) + count);
  }
  const buckets: Bucket[] = [];
  let year = start.getUTCFullYear();
  let month = start.getUTCMonth();
  const endKey = last.slice(0, 7);
  for (;;) {
    const label = `${year}-${String(month + 1).padStart(2, '0')}`;
    buckets.push({ label, count: months.get(label) ?? 0 });
    if (label >= endKey) break;
    month += 1;
    if (month === 12) {
      month = 0;
      year += 1;
    }
  }
  return { unit: 'month', buckets };
}
