/**
 * Lone UTF-16 surrogates (half of an emoji, cut by a broken exporter) cannot be encoded as
 * UTF-8, so the upload would silently turn them into U+FFFD. We do that ourselves, visibly:
 * each affected field gets a warning naming it.
 */
import type { Problem } from '../../../shared/messages/problem.js';
import { setOwn } from './own-property.js';

/** Well-formed JSON.stringify writes a lone surrogate as an escape; a paired one stays raw. */
const ESCAPED_SURROGATE = /(^|[^\\])(\\\\)*\\u[dD][89a-fA-F][0-9a-fA-F]{2}/;

export function mayHoldLoneSurrogate(json: string): boolean {
  return ESCAPED_SURROGATE.test(json);
}

/** Replaces lone surrogates with U+FFFD everywhere in the value; returns the notes. */
export function repairLoneSurrogates(
  value: unknown,
  path = '',
): { value: unknown; notes: Problem[] } {
  const notes: Problem[] = [];
  const repaired = walk(value, path, notes);
  return { value: repaired, notes };
}

function walk(value: unknown, path: string, notes: Problem[]): unknown {
  if (typeof value === 'string') {
    if (value.isWellFormed()) return value;
    notes.push({
      severity: 'warning',
      code: 'lone_surrogate',
      path,
      message: `Field ${path || '(record)'} holds a broken character (half of a UTF-16 pair); it was replaced with "\uFFFD".`,
    });
    return value.toWellFormed();
  }
  if (Array.isArray(value))
    return value.map((item, index) => walk(item, `${path}[${index}]`, notes));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const fixedKey = key.isWellFormed() ? key : key.toWellFormed();
      const itemPath = path ? `${path}.${fixedKey}` : fixedKey;
      if (fixedKey !== key) {
        notes.push({
          severity: 'warning',
          code: 'lone_surrogate',
          path: itemPath,
          message: `The name of field ${itemPath} holds a broken character (half of a UTF-16 pair); it was replaced with "\uFFFD".`,
        });
      }
      setOwn(out, fixedKey, walk(item, itemPath, notes));
    }
    return out;
  }
  return value;
}
