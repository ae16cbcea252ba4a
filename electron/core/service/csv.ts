/**
 * RFC 4180 CSV cells, written by hand because it is a dozen lines. Cells that a spreadsheet
 * would run as a formula (=, +, -, @ at the start) get a leading apostrophe: exports hold text
 * that came from customers.
 */
/**
 * What a spreadsheet may read as the start of a formula, after any spaces or invisible
 * characters: = + - @ in their ASCII and full-width forms, and tab or carriage return.
 */
const FORMULA_START = /^[\s\u200b-\u200f\u2060\ufeff]*[=+\-@\uff1d\uff0b\uff0d\uff20]|^[\t\r]/;

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'string' ? value : String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(values: readonly unknown[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}
