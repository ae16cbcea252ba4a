import { describe, expect, it } from 'vitest';

import { bucketDays, MAX_DAY_BARS } from './day-buckets';

describe('bucketDays', () => {
  it('is empty without days', () => {
    expect(bucketDays([])).toEqual({ unit: 'day', buckets: [] });
  });

  it('fills days without messages with zero bars', () => {
    const result = bucketDays([
      { day: '2024-02-28', count: 3 },
      { day: '2024-03-02', count: 5 },
    ]);
    expect(result.unit).toBe('day');
    expect(result.buckets).toEqual([
      { label: '2024-02-28', count: 3 },
      { label: '2024-02-29', count: 0 },
      { label: '2024-03-01', count: 0 },
      { label: '2024-03-02', count: 5 },
    ]);
  });

  it('switches to months for long ranges, keeping every month and the total', () => {
    const result = bucketDays([
      { day: '2023-11-30', count: 1 },
      { day: '2023-12-01', count: 2 },
      { day: '2024-03-15', count: 4 },
    ]);
    expect(result.unit).toBe('month');
    expect(result.buckets).toEqual([
      { label: '2023-11', count: 1 },
      { label: '2023-12', count: 2 },
      { label: '2024-01', count: 0 },
      { label: '2024-02', count: 0 },
      { label: '2024-03', count: 4 },
    ]);
  });

  it('keeps day bars up to the limit', () => {
    const start = Date.UTC(2024, 0, 1);
    const last = new Date(start + (MAX_DAY_BARS - 1) * 86_400_000).toISOString().slice(0, 10);
    const result = bucketDays([
      { day: '2024-01-01', count: 1 },
      { day: last, count: 1 },
    ]);
    expect(result.unit).toBe('day');
    expect(result.buckets).toHaveLength(MAX_DAY_BARS);
  });
});
