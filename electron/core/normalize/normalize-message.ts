/**
 * Turns a message in WeCom's raw export shape into the upload shape (DESIGN §3), noting every
 * change it makes. Input already in the upload shape comes out unchanged, so normalizing twice
 * changes nothing.
 */
import type { Problem } from '../../../shared/messages/problem.js';
import { stringifyExact } from '../json/exact-json.js';
import { setOwn } from './own-property.js';

export type Message = Record<string, unknown>;

export interface Normalized {
  message: Message;
  /** Warnings describing each safe treatment that was applied. */
  notes: Problem[];
}

/**
 * Below this a millisecond time would be before March 1973, long before WeCom existed, while
 * a time in seconds stays below it until the year 5138: so a smaller msgtime is in seconds.
 */
const SECONDS_THRESHOLD = 100_000_000_000;

/**
 * Below this even a time in seconds would be before March 1973: such a time is unknown, and
 * is kept as it is, so that normalizing a time twice never multiplies it twice.
 */
const MIN_SECONDS = SECONDS_THRESHOLD / 1000;

const VOTE_FIELDS = ['votetitle', 'voteitem', 'votetype', 'voteid'] as const;

/** Where WeCom's export key differs from the upload key. */
const RENAMED_PAYLOAD: Record<string, string> = {
  docmsg: 'doc',
  external_redpacket: 'redpacket',
};

export function normalizeMessage(input: Message): Normalized {
  const notes: Problem[] = [];
  let message = input;
  const msgtype = message['msgtype'];

  if (typeof msgtype === 'string') {
    const rawKey = RENAMED_PAYLOAD[msgtype];
    if (rawKey && message[msgtype] === undefined && isObject(message[rawKey])) {
      message = renameKey(message, rawKey, msgtype);
    }
    if (msgtype === 'vote' && message['vote'] === undefined) message = nestVote(message);
    if (msgtype === 'chatrecord' || msgtype === 'mixed') {
      message = stringifyItemContents(message, msgtype, notes);
    }
  }

  message = fixTime(
    message,
    message['action'] === 'switch' && msgtype === undefined ? 'time' : 'msgtime',
    notes,
  );
  return { message, notes };
}

function isObject(value: unknown): value is Message {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Renames a key in place of the old one, keeping the order of the other keys. */
function renameKey(message: Message, from: string, to: string): Message {
  const out: Message = {};
  for (const [key, value] of Object.entries(message)) setOwn(out, key === from ? to : key, value);
  return out;
}

/** WeCom puts a vote's fields at the top level; the upload shape nests them under `vote`. */
function nestVote(message: Message): Message {
  if (!VOTE_FIELDS.some((field) => field in message)) return message;
  const out: Message = {};
  const vote: Message = {};
  for (const [key, value] of Object.entries(message)) {
    if ((VOTE_FIELDS as readonly string[]).includes(key)) {
      if (!('vote' in out)) out['vote'] = vote;
      vote[key] = value;
    } else {
      setOwn(out, key, value);
    }
  }
  return out;
}

/** Items of chatrecord and mixed carry their content as JSON text; some tools expand it. */
function stringifyItemContents(message: Message, key: string, notes: Problem[]): Message {
  const payload = message[key];
  if (!isObject(payload) || !Array.isArray(payload['item'])) return message;
  const items = payload['item'] as unknown[];
  if (!items.some((item) => isObject(item) && isObject(item['content']))) return message;
  const fixed = items.map((item, index) => {
    if (!isObject(item) || !isObject(item['content'])) return item;
    notes.push({
      severity: 'warning',
      code: 'content_not_text',
      path: `${key}.item[${index}].content`,
      message: `Field ${key}.item[${index}].content was an object; it was written as JSON text, as the API expects.`,
    });
    return { ...item, content: stringifyExact(item['content']) };
  });
  return { ...message, [key]: { ...payload, item: fixed } };
}

function fixTime(message: Message, field: 'msgtime' | 'time', notes: Problem[]): Message {
  const value = message[field];
  if (typeof value === 'string' && /^\d{1,16}$/.test(value)) {
    notes.push({
      severity: 'warning',
      code: 'time_as_text',
      path: field,
      message: `Field ${field} was text ("${value}"); it was read as the number ${value}.`,
    });
    return fixTime({ ...message, [field]: Number(value) }, field, notes);
  }
  if (typeof value !== 'number' || !Number.isInteger(value)) return message;
  if (value === 0) {
    notes.push({
      severity: 'warning',
      code: 'time_zero',
      path: field,
      message: `Field ${field} is 0, so the time of this message is unknown; it will show as 1 January 1970.`,
    });
    return message;
  }
  if (value > 0 && value < MIN_SECONDS) {
    notes.push({
      severity: 'warning',
      code: 'time_too_early',
      path: field,
      message: `Field ${field} (${value}) is too small to be a time in seconds or in milliseconds, so the time of this message is unknown; it was kept as it is and will show as a day in 1970.`,
    });
    return message;
  }
  if (value >= MIN_SECONDS && value < SECONDS_THRESHOLD) {
    notes.push({
      severity: 'warning',
      code: 'time_in_seconds',
      path: field,
      message: `Field ${field} (${value}) is in seconds, not milliseconds; it was multiplied by 1000.`,
    });
    return { ...message, [field]: value * 1000 };
  }
  return message;
}
