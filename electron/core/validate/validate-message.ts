/**
 * Checks a normalized message against the schema of its type and turns every zod issue into a
 * located sentence, so that the operator sees all problems of a record at once.
 */
import type { z } from 'zod';

import { isSupportedMsgtype } from '../../../shared/messages/msgtypes.js';
import type { Problem } from '../../../shared/messages/problem.js';
import { formatPath } from '../../../shared/messages/problem.js';
import { messageSchemas, unsupportedMessageSchema } from '../../../shared/messages/schemas.js';

export function schemaFor(message: Record<string, unknown>): z.ZodType {
  if (message['action'] === 'switch' && message['msgtype'] === undefined) {
    return messageSchemas.switch;
  }
  const msgtype = message['msgtype'];
  if (typeof msgtype === 'string' && isSupportedMsgtype(msgtype)) return messageSchemas[msgtype];
  return unsupportedMessageSchema;
}

export function validateMessage(message: Record<string, unknown>): Problem[] {
  const result = schemaFor(message).safeParse(message);
  if (result.success) return [];
  return result.error.issues.map(issueToProblem);
}

function issueToProblem(issue: z.core.$ZodIssue): Problem {
  const path = formatPath(issue.path);
  const subject = path ? `Field ${path}` : 'The message';
  return {
    severity: 'error',
    code: issue.code,
    path,
    message: `${subject} ${issue.message}.`,
  };
}
