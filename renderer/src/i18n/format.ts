/**
 * Numbers, sizes, durations and times as the operator reads them. Every function takes the
 * locale explicitly so that stores and tests can format without React; times take an optional
 * IANA zone so that tests do not depend on the machine's zone.
 */
import type { Locale } from './locale';

const numberFormats = new Map<string, Intl.NumberFormat>();

function numberFormat(locale: Locale, fractionDigits = 0): Intl.NumberFormat {
  const key = `${locale}:${fractionDigits}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, {
      minimumFractionDigits: fractionDigits,
      maximumFractionDigits: fractionDigits,
    });
    numberFormats.set(key, format);
  }
  return format;
}

/** 1234567 → "1,234,567". */
export function formatCount(value: number, locale: Locale): string {
  return numberFormat(locale).format(Math.round(value));
}

/** 0.5 → "50%"; fractions of a percent are shown only when they matter (below 10%). */
export function formatPercent(ratio: number, locale: Locale): string {
  const percent = Math.max(0, Math.min(1, ratio)) * 100;
  const digits = percent > 0 && percent < 10 && percent % 1 !== 0 ? 1 : 0;
  return `${numberFormat(locale, digits).format(percent)}%`;
}

const KB = 1024;
const MB = KB * 1024;
const GB = MB * 1024;

/** Sizes in B, KB, MB or GB (binary units, as file managers on both platforms show them). */
export function formatBytes(bytes: number, locale: Locale): string {
  if (bytes < KB) return `${formatCount(bytes, locale)} B`;
  if (bytes < MB) return `${numberFormat(locale, 1).format(bytes / KB)} KB`;
  if (bytes < GB) return `${numberFormat(locale, 1).format(bytes / MB)} MB`;
  return `${numberFormat(locale, 2).format(bytes / GB)} GB`;
}

/** A duration for ETAs: "45 s", "3 min 05 s", "2 h 07 min", in the operator's language. */
export function formatDuration(seconds: number, locale: Locale): string {
  const total = Math.max(0, Math.round(seconds));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const secs = total % 60;
  const zh = locale === 'zh-CN';
  const two = (n: number) => String(n).padStart(2, '0');

  if (hours > 0) return zh ? `${hours} 小时 ${two(minutes)} 分` : `${hours} h ${two(minutes)} min`;
  if (minutes > 0) return zh ? `${minutes} 分 ${two(secs)} 秒` : `${minutes} min ${two(secs)} s`;
  return zh ? `${secs} 秒` : `${secs} s`;
}

/**
 * Building an Intl.DateTimeFormat costs far more than using one: a table row formats two
 * times, and a fast scroll renders dozens of rows a frame. One formatter per zone and kind.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(kind: 'offset' | 'parts', timeZone: string | undefined): Intl.DateTimeFormat {
  const key = `${kind}|${timeZone ?? ''}`;
  let found = formatters.get(key);
  if (!found) {
    found =
      kind === 'offset'
        ? new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
        : new Intl.DateTimeFormat('en-CA', {
            timeZone,
            year: 'numeric',
            month: '2-digit',
            day: '2-digit',
            hour: '2-digit',
            minute: '2-digit',
            second: '2-digit',
            hourCycle: 'h23',
          });
    formatters.set(key, found);
  }
  return found;
}

/** The zone's offset as "UTC+08:00" at a given moment (offsets change with daylight saving). */
export function zoneOffsetLabel(at: number = Date.now(), timeZone?: string): string {
  const parts = formatter('offset', timeZone).formatToParts(new Date(at));
  const name = parts.find((part) => part.type === 'timeZoneName')?.value ?? 'GMT';
  // Intl writes "GMT+08:00", or plain "GMT" for UTC itself.
  return name === 'GMT' ? 'UTC+00:00' : name.replace('GMT', 'UTC');
}

/** The operator's zone as shown once on a screen, e.g. "Asia/Shanghai (UTC+08:00)". */
export function zoneLabel(at: number = Date.now(), timeZone?: string): string {
  const name = timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  return `${name} (${zoneOffsetLabel(at, timeZone)})`;
}

interface TimeParts {
  date: string;
  time: string;
}

function timeParts(ms: number, timeZone?: string): TimeParts {
  const parts = formatter('parts', timeZone).formatToParts(new Date(ms));
  const get = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((part) => part.type === type)?.value ?? '00';
  return {
    date: `${get('year')}-${get('month')}-${get('day')}`,
    time: `${get('hour')}:${get('minute')}:${get('second')}`,
  };
}

/**
 * "2024-01-05 14:03:22": compact, sortable and the same in both languages; used in tables whose
 * column header names the zone.
 */
export function formatTime(ms: number, timeZone?: string): string {
  const { date, time } = timeParts(ms, timeZone);
  return `${date} ${time}`;
}

/** "2024-01-05 14:03:22 UTC+08:00": a time that stands alone, with its zone. */
export function formatTimeWithZone(ms: number, timeZone?: string): string {
  return `${formatTime(ms, timeZone)} ${zoneOffsetLabel(ms, timeZone)}`;
}

/** "2024-01-05": a day in the operator's zone. */
export function formatDay(ms: number, timeZone?: string): string {
  return timeParts(ms, timeZone).date;
}

/** The value an `<input type="datetime-local">` shows for an epoch time, in the local zone. */
export function toDateTimeLocal(ms: number): string {
  const { date, time } = timeParts(ms);
  return `${date}T${time}`;
}

/** Reads an `<input type="datetime-local">` value as local time; null when empty or invalid. */
export function fromDateTimeLocal(value: string): number | null {
  if (!value) return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (!match) return null;
  const [, y, mo, d, h, mi, s] = match;
  const date = new Date(
    Number(y),
    Number(mo) - 1,
    Number(d),
    Number(h),
    Number(mi),
    Number(s ?? 0),
  );
  const ms = date.getTime();
  return Number.isNaN(ms) ? null : ms;
}

/** Minutes east of UTC, as the main process wants it for grouping by local day. */
export function utcOffsetMinutes(at: number = Date.now()): number {
  return -new Date(at).getTimezoneOffset();
}
