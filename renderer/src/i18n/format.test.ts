import { describe, expect, it } from 'vitest';

import {
  formatBytes,
  formatCount,
  formatDuration,
  formatPercent,
  formatTime,
  formatTimeWithZone,
  fromDateTimeLocal,
  toDateTimeLocal,
  zoneOffsetLabel,
} from './format';

describe('formatCount', () => {
  it.each([
    [0, '0'],
    [999, '999'],
    [1234, '1,234'],
    [1_000_000, '1,000,000'],
    [12.6, '13'],
  ])('%d → %s', (value, text) => {
    expect(formatCount(value, 'zh-CN')).toBe(text);
    expect(formatCount(value, 'en')).toBe(text);
  });
});

describe('formatBytes', () => {
  it.each([
    [512, '512 B'],
    [1536, '1.5 KB'],
    [5 * 1024 * 1024, '5.0 MB'],
    [734_003_200, '700.0 MB'],
    [3 * 1024 ** 3, '3.00 GB'],
  ])('%d → %s', (value, text) => expect(formatBytes(value, 'en')).toBe(text));
});

describe('formatDuration', () => {
  it.each([
    [0, '0 s', '0 秒'],
    [45, '45 s', '45 秒'],
    [185, '3 min 05 s', '3 分 05 秒'],
    [3786, '1 h 03 min', '1 小时 03 分'],
  ])('%d s', (seconds, en, zh) => {
    expect(formatDuration(seconds, 'en')).toBe(en);
    expect(formatDuration(seconds, 'zh-CN')).toBe(zh);
  });
});

describe('formatPercent', () => {
  it('shows a decimal only for small shares', () => {
    expect(formatPercent(0.5, 'en')).toBe('50%');
    expect(formatPercent(0.025, 'en')).toBe('2.5%');
    expect(formatPercent(2, 'en')).toBe('100%');
  });
});

describe('times', () => {
  const moment = Date.UTC(2024, 0, 15, 2, 0, 5);

  it('are shown in the given zone, with the zone where a time stands alone', () => {
    expect(formatTime(moment, 'Asia/Shanghai')).toBe('2024-01-15 10:00:05');
    expect(formatTimeWithZone(moment, 'Asia/Shanghai')).toBe('2024-01-15 10:00:05 UTC+08:00');
    expect(formatTimeWithZone(moment, 'UTC')).toBe('2024-01-15 02:00:05 UTC+00:00');
  });

  it('name the offset in force at that moment', () => {
    expect(zoneOffsetLabel(Date.UTC(2024, 0, 1), 'Europe/Berlin')).toBe('UTC+01:00');
    expect(zoneOffsetLabel(Date.UTC(2024, 6, 1), 'Europe/Berlin')).toBe('UTC+02:00');
  });

  it('survive a round trip through a datetime-local input', () => {
    const local = toDateTimeLocal(moment);
    expect(local).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    expect(fromDateTimeLocal(local)).toBe(moment);
    expect(fromDateTimeLocal('2024-01-15T10:00')).toBe(new Date(2024, 0, 15, 10, 0).getTime());
    expect(fromDateTimeLocal('')).toBeNull();
    expect(fromDateTimeLocal('yesterday')).toBeNull();
  });
});
