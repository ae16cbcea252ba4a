/**
 * How a message that is not (yet) being uploaded gets its status, in one place for the
 * importer (JavaScript) and for re-evaluation after a setting changes (SQL).
 *
 * Invalid messages stay invalid whatever the operator chooses. Otherwise the operator's
 * explicit choice wins; then unsupported types are held back; then the cutoff keeps out
 * messages from after Dustess's own archive sync was switched on.
 */
import { MEDIA_MSGTYPES, MSGTYPE_NAMES } from '../../../shared/messages/msgtypes.js';
import type { MessageStatus } from '../../../shared/messages/status.js';

export type Choice = 'include' | 'exclude' | null;

export function pendingStatus(input: {
  valid: boolean;
  supported: boolean;
  msgtime: number;
  choice: Choice;
  cutoff: number | null;
}): MessageStatus {
  if (!input.valid) return 'invalid';
  if (input.choice === 'exclude') return 'excluded';
  if (input.choice === 'include') return 'ready';
  if (!input.supported) return 'unsupported';
  if (input.cutoff !== null && input.msgtime >= input.cutoff) return 'excluded';
  return 'ready';
}

/** SQL list of the msgtypes the upload API knows. */
export const SUPPORTED_MSGTYPES_SQL = `(${MSGTYPE_NAMES.map((name) => `'${name}'`).join(', ')})`;

/** SQL list of the msgtypes that refer to media files. */
export const MEDIA_MSGTYPES_SQL = `(${MEDIA_MSGTYPES.map((name) => `'${name}'`).join(', ')})`;

/** The same rule over the columns of `messages`; bind `@cutoff` (null when there is none). */
export const PENDING_STATUS_SQL = `CASE
    WHEN choice = 'exclude' THEN 'excluded'
    WHEN choice = 'include' THEN 'ready'
    WHEN msgtype NOT IN ${SUPPORTED_MSGTYPES_SQL} THEN 'unsupported'
    WHEN @cutoff IS NOT NULL AND msgtime >= @cutoff THEN 'excluded'
    ELSE 'ready'
  END`;

/** Statuses that follow the rules above (the others belong to validation or the uploader). */
export const RULED_STATUSES_SQL = "('ready', 'unsupported', 'excluded')";
