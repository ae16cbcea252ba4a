/**
 * From one record's text to what the store keeps: parse (integers above 2^53 intact), unwrap,
 * normalize, validate, and derive the columns the store indexes. Every problem found is kept
 * with the field it concerns; nothing here throws for bad input.
 */
import { parse as parseLossless } from 'lossless-json';

import { isSupportedMsgtype } from '../../../shared/messages/msgtypes.js';
import type { Problem } from '../../../shared/messages/problem.js';
import { parseExact, stringifyExact } from '../json/exact-json.js';
import { messageText } from '../normalize/message-text.js';
import { normalizeMessage, type Message } from '../normalize/normalize-message.js';
import { mayHoldLoneSurrogate, repairLoneSurrogates } from '../normalize/well-formed.js';
import { WRAPPER_KEYS } from '../reader/json-scanner.js';
import { searchTokens } from '../store/search-tokens.js';
import { MAX_NESTING } from '../reader/raw-record.js';
import { validateMessage } from '../validate/validate-message.js';

/** Messages after this (2^42 ms, the year 2109) cannot be real; the store's keys stop there. */
export const MAX_MSGTIME = 2 ** 42 - 1;

export interface MessageInput {
  msgid: string;
  msgtime: number;
  msgtype: string;
  sender: string;
  room: string;
  supported: boolean;
  valid: boolean;
  problems: Problem[];
  /** The message in the upload shape, as exact JSON text. */
  payload: string;
  /**
   * The search index's tokens for the message's text (message-text.ts, search-tokens.ts),
   * made here so that a parse worker does the work.
   */
  searchTokens: string;
}

export type RecordOutcome =
  | { kind: 'message'; message: MessageInput }
  /** A record that cannot be stored as a message (no msgid, not JSON, ...). */
  | { kind: 'rejected'; msgid: string | null; problems: Problem[] }
  /** A GetChatData entry that is still encrypted: the file must be decrypted first. */
  | { kind: 'encrypted' };

function isObject(value: unknown): value is Message {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function notAnObject(sentence: string): RecordOutcome {
  return { kind: 'rejected', msgid: null, problems: [error('not_an_object', '', sentence)] };
}

function error(code: string, path: string, message: string): Problem {
  return { severity: 'error', code, path, message };
}

export function processRecord(text: string, line: number): RecordOutcome[] {
  let parsed: unknown;
  try {
    parsed = parseExact(text);
  } catch (cause) {
    // The exact parser recurses: a deep record beside a long number overflows its stack, and
    // must be grouped with the deep records that the native parser reads and the checks refuse.
    const code = cause instanceof RangeError ? 'too_deep' : 'bad_json';
    return [
      {
        kind: 'rejected',
        msgid: guessMsgid(text),
        problems: [error(code, '', describeJsonError(cause, text, line))],
      },
    ];
  }
  if (!isObject(parsed)) {
    return [notAnObject(`Line ${line} holds JSON that is not an object, so it is not a message.`)];
  }
  const list = wrappedList(parsed);
  if (list) return list.flatMap((item) => processValue(item, line, null));
  return processValue(parsed, line, text);
}

/** `sourceText` is the record's own text when it is exactly this value (not an expanded list). */
function processValue(value: unknown, line: number, sourceText: string | null): RecordOutcome[] {
  if (!isObject(value)) {
    return [notAnObject(`An entry at line ${line} is not a JSON object, so it is not a message.`)];
  }
  const message = unwrapEntry(value);
  // An envelope that also carries its decrypted message is readable as it is.
  if (message === value && isEncryptedEntry(value)) return [{ kind: 'encrypted' }];
  try {
    return [processMessage(message, message === value ? sourceText : null)];
  } catch (cause) {
    // Parsing is iterative, but writing and checking the message are recursive.
    if (!(cause instanceof RangeError)) throw cause;
    return [
      {
        kind: 'rejected',
        msgid: typeof message['msgid'] === 'string' ? message['msgid'] : null,
        problems: [error('too_deep', '', `Line ${line} is nested too deeply to read.`)],
      },
    ];
  }
}

/** A record that is itself a wrapper (a one-line `{"msg_list": [...]}`) expands to its list. */
function wrappedList(value: Message): unknown[] | null {
  if ('msgid' in value) return null;
  for (const key of WRAPPER_KEYS) if (Array.isArray(value[key])) return value[key] as unknown[];
  return null;
}

function isEncryptedEntry(value: Message): boolean {
  return 'encrypt_chat_msg' in value && !('action' in value) && !('msgtype' in value);
}

/**
 * Some tools keep GetChatData's envelope (`seq`, `msgid`, `publickey_ver`) and put the
 * decrypted message in one field beside it. Take that message and keep the envelope's seq.
 */
function unwrapEntry(value: Message): Message {
  if ('action' in value || 'msgtype' in value) return value;
  const inner = Object.values(value).filter(
    (item): item is Message => isObject(item) && ('action' in item || 'msgtype' in item),
  );
  if (inner.length !== 1) return value;
  const message = inner[0]!;
  const out: Message = { ...message };
  if (out['msgid'] === undefined && value['msgid'] !== undefined) out['msgid'] = value['msgid'];
  if (out['seq'] === undefined && value['seq'] !== undefined) out['seq'] = value['seq'];
  return out;
}

function processMessage(raw: Message, sourceText: string | null): RecordOutcome {
  const { message: normalized, notes } = normalizeMessage(raw);
  let message = normalized;
  // A record that needed no change is stored as it was written: exact by construction, and
  // writing it again would cost as much as parsing it. Multi-line (pretty-printed) records are
  // written compactly instead.
  let payload =
    normalized === raw && sourceText !== null && !sourceText.includes('\n')
      ? sourceText.trim()
      : stringifyExact(message);
  if (hasManyBrackets(payload) && nestingDepth(payload) > MAX_NESTING) {
    // Writing or checking such a record recursively would overflow the stack somewhere later.
    throw new RangeError('nested too deeply');
  }
  const problems: Problem[] = [...notes];
  if (mayHoldLoneSurrogate(payload)) {
    const repaired = repairLoneSurrogates(message);
    if (repaired.notes.length) {
      message = repaired.value as Message;
      payload = stringifyExact(message);
      problems.push(...repaired.notes);
    }
  }
  problems.push(...validateMessage(message));
  if (payload.includes('"__proto__"')) problems.push(...prototypeKeys(message));

  const msgid = message['msgid'];
  if (typeof msgid !== 'string' || msgid === '') {
    return { kind: 'rejected', msgid: typeof msgid === 'number' ? String(msgid) : null, problems };
  }

  const isSwitch = message['action'] === 'switch' && message['msgtype'] === undefined;
  const msgtype = isSwitch
    ? 'switch'
    : typeof message['msgtype'] === 'string'
      ? message['msgtype']
      : '';
  const rawTime = isSwitch ? message['time'] : message['msgtime'];
  let msgtime =
    typeof rawTime === 'number' && Number.isSafeInteger(rawTime) && rawTime >= 0 ? rawTime : 0;
  // The reader makes integers above 2^53 bigint: far past MAX_MSGTIME too (nanoseconds, say).
  if (msgtime > MAX_MSGTIME || (typeof rawTime === 'bigint' && rawTime > 0n)) {
    problems.push(
      error(
        'time_out_of_range',
        isSwitch ? 'time' : 'msgtime',
        `Field ${isSwitch ? 'time' : 'msgtime'} (${String(rawTime)}) lies after the year 2100, so it cannot be a real message time.`,
      ),
    );
    msgtime = 0;
  }
  const sender = isSwitch ? message['user'] : message['from'];
  const roomid = message['roomid'];
  return {
    kind: 'message',
    message: {
      msgid,
      msgtime,
      msgtype,
      sender: typeof sender === 'string' ? sender : '',
      room: typeof roomid === 'string' ? roomid : '',
      supported: isSupportedMsgtype(msgtype),
      valid: !problems.some((problem) => problem.severity === 'error'),
      problems,
      payload,
      searchTokens: searchTokens(messageText(message)),
    },
  };
}

/** Best effort to name the message in a line that does not parse. */
function guessMsgid(text: string): string | null {
  return /"msgid"\s*:\s*"((?:[^"\\]|\\.){1,200})"/.exec(text)?.[1] ?? null;
}

/**
 * A sentence that locates a JSON syntax error. `line` is where the record starts; a record of
 * a JSON document may span many lines, so the line and column are counted inside it.
 */
export function describeJsonError(cause: unknown, text: string, line: number): string {
  if (cause instanceof RangeError) return `Line ${line} is nested too deeply to read.`;
  const detail = cause instanceof Error ? cause.message : String(cause);
  const position = errorPosition(detail) ?? errorPosition(losslessError(text));
  if (
    /Unexpected end of JSON input|Unterminated|end of input/.test(detail) ||
    (position !== null && position >= text.trimEnd().length)
  ) {
    return `Line ${line} is cut off: its JSON ends too early.`;
  }
  if (position === null) return `Line ${line} is not valid JSON.`;
  const before = text.slice(0, position);
  const breaks = before.split('\n').length - 1;
  const column = position - (before.lastIndexOf('\n') + 1) + 1;
  const within = breaks > 0 ? ` (in the record that starts at line ${line})` : '';
  return `Line ${line + breaks} is not valid JSON near column ${column}${within}.`;
}

function errorPosition(detail: string): number | null {
  const position = /position (\d+)/.exec(detail)?.[1];
  return position === undefined ? null : Number(position);
}

/** V8 names no position for an unexpected token; the slower lossless parser always does. */
function losslessError(text: string): string {
  try {
    parseLossless(text);
  } catch (cause) {
    return cause instanceof Error ? cause.message : '';
  }
  return '';
}

/** A text cannot nest deeper than it has opening brackets; counting them is cheap. */
function hasManyBrackets(json: string): boolean {
  let count = 0;
  for (const bracket of ['{', '[']) {
    let at = json.indexOf(bracket);
    while (at !== -1) {
      count += 1;
      if (count > MAX_NESTING) return true;
      at = json.indexOf(bracket, at + 1);
    }
  }
  return false;
}

/** How deeply a JSON text nests; stops counting once past MAX_NESTING. */
export function nestingDepth(json: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let index = 0; index < json.length; index += 1) {
    const char = json.charCodeAt(index);
    if (inString) {
      if (char === 0x5c) index += 1;
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) {
      inString = true;
    } else if (char === 0x7b || char === 0x5b) {
      depth += 1;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > MAX_NESTING) return deepest;
      }
    } else if (char === 0x7d || char === 0x5d) {
      depth -= 1;
    }
  }
  return deepest;
}

/**
 * A "__proto__" key is no WeCom field; programs that read the message with plain assignment
 * (as ours once did) let it replace the object's prototype. Such a message is not uploaded.
 */
function prototypeKeys(value: unknown, path = ''): Problem[] {
  if (typeof value !== 'object' || value === null) return [];
  const found: Problem[] = [];
  for (const [key, item] of Object.entries(value)) {
    const here = Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
    if (key === '__proto__') {
      found.push(
        error(
          'prototype_key',
          here,
          `Field ${here} is not a message field and can be used to attack programs that read the message; the message is not uploaded.`,
        ),
      );
    } else {
      found.push(...prototypeKeys(item, here));
    }
  }
  return found;
}
