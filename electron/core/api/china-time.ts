/**
 * Date-times as the SCRM writes them: "YYYY-MM-DD HH:mm:ss" without a zone, meaning China
 * time. China has kept UTC+8 all year since 1991, so a fixed offset is exact.
 */

export const CHINA_UTC_OFFSET_MINUTES = 8 * 60;

const MINUTE_MS = 60_000;

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

export function formatChinaDateTime(epochMs: number): string {
  const shifted = new Date(epochMs + CHINA_UTC_OFFSET_MINUTES * MINUTE_MS);
  const two = (value: number) => String(value).padStart(2, '0');
  return (
    `${shifted.getUTCFullYear()}-${two(shifted.getUTCMonth() + 1)}-${two(shifted.getUTCDate())} ` +
    `${two(shifted.getUTCHours())}:${two(shifted.getUTCMinutes())}:${two(shifted.getUTCSeconds())}`
  );
}

/**
 * Reads "YYYY-MM-DD HH:mm[:ss[.fff]]" with an optional zone ("Z", "+08:00", "+0800", "+08");
 * without one the time is China time. Returns epoch milliseconds, or null for anything else,
 * including dates that do not exist (February 30th).
 */
export function parseDateTime(text: string): number | null {
  const match = DATE_TIME.exec(text.trim());
  if (!match) return null;
  const [, year, month, day, hour, minute, second = '0', fraction = '0', zone] = match;

  const fields = [year, month, day, hour, minute, second].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const [y, mo, d, h, mi, s] = fields;
  const local = Date.UTC(y, mo - 1, d, h, mi, s, Number(fraction.slice(0, 3).padEnd(3, '0')));
  const check = new Date(local);
  if (
    check.getUTCFullYear() !== y ||
    check.getUTCMonth() !== mo - 1 ||
    check.getUTCDate() !== d ||
    check.getUTCHours() !== h ||
    check.getUTCMinutes() !== mi ||
    check.getUTCSeconds() !== s
  ) {
    return null;
  }

  const offsetMinutes = zone === undefined ? CHINA_UTC_OFFSET_MINUTES : parseZone(zone);
  if (offsetMinutes === null) return null;
  return local - offsetMinutes * MINUTE_MS;
}

function parseZone(zone: string): number | null {
  if (zone.toUpperCase() === 'Z') return 0;
  const match = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (!match) return null;
  const hours = Number(match[2]);
  const minutes = Number(match[3] ?? '0');
  if (hours > 14 || minutes > 59) return null;
  return (match[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
}
