/**
 * zod schemas of the upload shape, one per message type, from the upload API's field list.
 *
 * Policy: the fields without which a message means nothing (the text of a text message, the
 * file id of a media message, ...) are required; every other documented field is checked for
 * its type when present. Objects stay open (`looseObject`) because WeCom adds fields over time
 * and the SCRM ignores what it does not know. Where the API page and WeCom's real exports
 * disagree (the page calls `agree.agree_time` a String, exports carry a number), both are
 * accepted.
 */
import { z } from 'zod';

import type { Msgtype } from './msgtypes.js';

const UINT64_MAX = 2n ** 64n - 1n;

/** True for text with no quote, control character or UTF-16 surrogate: safe to quote. */
function isPlainText(value: string): boolean {
  for (let index = 0; index < value.length; index += 1) {
    const code = value.charCodeAt(index);
    if (code < 0x20 || code === 0x22 || code === 0x7f || (code >= 0xd800 && code <= 0xdfff))
      return false;
  }
  return true;
}

/** Names a value's kind the way an operator would, for sentences like "but it is a number". */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      // A short text is quoted: "should be send, recall or switch, but it is the text "list"".
      if (value === '') return 'empty text';
      return value.length <= 32 && isPlainText(value) ? `the text "${value}"` : 'text';
    case 'number':
    case 'bigint': {
      // A four-million-digit number must not become a four-megabyte sentence.
      const digits = String(value);
      return digits.length > 30
        ? `a number of ${digits.length} digits (${digits.slice(0, 12)}…)`
        : `the number ${digits}`;
    }
    case 'boolean':
      return `${String(value)}`;
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}

/** An error map that says "is missing" or "should be X, but it is Y" (the path is added later). */
function expect(what: string) {
  return {
    error: (issue: { input?: unknown }) =>
      issue.input === undefined
        ? 'is missing'
        : `should be ${what}, but it is ${describeValue(issue.input)}`,
  };
}

const WHOLE_NUMBER = 'a whole number from 0 to 18446744073709551615';

/**
 * An unsigned integer of up to 64 bits. The reader turns integers above 2^53 into bigint so
 * that they survive digit for digit; smaller ones stay numbers. zod reports the refinement of
 * the branch whose type matched, not the union's error, so each refinement says the sentence.
 */
export const uint = z.union(
  [
    z.number().int(expect(WHOLE_NUMBER)).nonnegative(expect(WHOLE_NUMBER)),
    z.bigint().nonnegative(expect(WHOLE_NUMBER)).max(UINT64_MAX, expect(WHOLE_NUMBER)),
  ],
  expect(WHOLE_NUMBER),
);

/** A time the API page types as String while WeCom's exports send a number. */
const timeLike = z.union([uint, z.string()], expect('a number or text'));

const str = z.string(expect('text'));
const strList = z.array(z.string(expect('text')), expect('a list of texts'));
const num = z.number(expect('a number'));
const bool = z.boolean(expect('true or false'));

function obj<T extends z.core.$ZodLooseShape>(shape: T) {
  return z.looseObject(shape, expect('an object'));
}

function list<T extends z.ZodType>(item: T) {
  return z.array(item, expect('a list'));
}

const media = {
  sdkfileid: str,
  md5sum: str.optional(),
};

const itemWithJsonContent = obj({
  type: str,
  content: str,
});

export const payloadSchemas = {
  text: obj({ content: str }),
  image: obj({ ...media, filesize: uint.optional() }),
  revoke: obj({ pre_msgid: str }),
  agree: obj({ userid: str, agree_time: timeLike.optional() }),
  disagree: obj({ userid: str, disagree_time: timeLike.optional() }),
  voice: obj({
    ...media,
    voice_size: uint.optional(),
    play_length: uint.optional(),
  }),
  video: obj({ ...media, filesize: uint.optional(), play_length: uint.optional() }),
  card: obj({ userid: str, corpname: str.optional() }),
  location: obj({
    latitude: num,
    longitude: num,
    address: str.optional(),
    title: str.optional(),
    zoom: uint.optional(),
  }),
  emotion: obj({
    ...media,
    type: uint.optional(),
    width: uint.optional(),
    height: uint.optional(),
    imagesize: uint.optional(),
  }),
  file: obj({
    ...media,
    filename: str,
    fileext: str.optional(),
    filesize: uint.optional(),
  }),
  link: obj({
    link_url: str,
    title: str.optional(),
    description: str.optional(),
    image_url: str.optional(),
  }),
  weapp: obj({
    title: str,
    description: str.optional(),
    username: str.optional(),
    displayname: str.optional(),
  }),
  chatrecord: obj({
    title: str.optional(),
    item: list(
      obj({
        type: str,
        content: str,
        msgtime: uint.optional(),
        from_chatroom: bool.optional(),
      }),
    ),
  }),
  todo: obj({ content: str, title: str.optional() }),
  vote: obj({
    voteid: str,
    votetype: uint,
    votetitle: str.optional(),
    voteitem: strList.optional(),
  }),
  collect: obj({
    title: str,
    room_name: str.optional(),
    creator: str.optional(),
    create_time: timeLike.optional(),
    details: list(obj({ id: uint, ques: str.optional(), type: str.optional() })).optional(),
  }),
  redpacket: obj({
    type: uint,
    totalcnt: uint,
    totalamount: uint,
    wish: str.optional(),
  }),
  meeting: obj({
    meetingid: uint,
    meetingtype: uint,
    topic: str.optional(),
    starttime: uint.optional(),
    endtime: uint.optional(),
    address: str.optional(),
    remarks: str.optional(),
    status: uint.optional(),
  }),
  docmsg: obj({ link_url: str, title: str.optional(), doc_creator: str.optional() }),
  calendar: obj({
    title: str,
    creatorname: str.optional(),
    attendeename: strList.optional(),
    starttime: uint.optional(),
    endtime: uint.optional(),
    place: str.optional(),
    remarks: str.optional(),
  }),
  mixed: obj({ item: list(itemWithJsonContent) }),
  meeting_voice_call: obj({
    sdkfileid: str,
    endtime: uint.optional(),
    demofiledata: list(
      obj({
        filename: str.optional(),
        demooperator: str.optional(),
        starttime: uint.optional(),
        endtime: uint.optional(),
      }),
    ).optional(),
    sharescreendata: list(
      obj({
        share: str.optional(),
        starttime: uint.optional(),
        endtime: uint.optional(),
      }),
    ).optional(),
  }),
  voip_doc_share: obj({
    ...media,
    filename: str,
    filesize: uint.optional(),
  }),
  external_redpacket: obj({
    type: uint,
    totalcnt: uint,
    totalamount: uint,
    wish: str.optional(),
  }),
  sphfeed: obj({
    feed_type: uint,
    sph_name: str.optional(),
    feed_desc: str.optional(),
  }),
  markdownInfo: obj({ content: str }),
  newsInfo: obj({
    item: list(
      obj({
        title: str.optional(),
        description: str.optional(),
        url: str.optional(),
        picurl: str.optional(),
      }),
    ),
  }),
  newsLegacy: obj({
    title: str.optional(),
    description: str.optional(),
    url: str.optional(),
    picurl: str.optional(),
  }),
  voiptextInfo: obj({ callduration: uint, invitetype: uint }),
  qydiskfileInfo: obj({ filename: str }),
};

const baseFields = {
  msgid: z.string(expect('text')).min(1, 'is empty'),
  action: z.enum(['send', 'recall', 'switch'], expect('send, recall or switch')),
  from: str,
  tolist: strList,
  roomid: str.optional(),
  msgtime: uint,
  seq: uint.optional(),
};

function message<K extends string, S extends z.ZodType>(msgtype: string, key: K, payload: S) {
  return obj({
    ...baseFields,
    msgtype: z.literal(msgtype),
    ...({ [key]: payload } as { [P in K]: S }),
  });
}

/** A type whose payload may sit under either of two keys; one of them must be there. */
function eitherKey(
  msgtype: string,
  key: string,
  legacyKey: string,
  payload: z.ZodType,
  legacyPayload: z.ZodType,
) {
  return obj({
    ...baseFields,
    msgtype: z.literal(msgtype),
    [key]: payload.optional(),
    [legacyKey]: legacyPayload.optional(),
  }).refine((value) => value[key] !== undefined || value[legacyKey] !== undefined, {
    message: 'is missing',
    path: [key],
  });
}

const p = payloadSchemas;

/** The schema of each supported message type in the upload shape. */
export const messageSchemas: Record<Msgtype, z.ZodType> = {
  text: message('text', 'text', p.text),
  image: message('image', 'image', p.image),
  revoke: message('revoke', 'revoke', p.revoke),
  agree: message('agree', 'agree', p.agree),
  disagree: message('disagree', 'disagree', p.disagree),
  voice: message('voice', 'voice', p.voice),
  video: message('video', 'video', p.video),
  card: message('card', 'card', p.card),
  location: message('location', 'location', p.location),
  emotion: message('emotion', 'emotion', p.emotion),
  file: message('file', 'file', p.file),
  link: message('link', 'link', p.link),
  weapp: message('weapp', 'weapp', p.weapp),
  chatrecord: message('chatrecord', 'chatrecord', p.chatrecord),
  todo: message('todo', 'todo', p.todo),
  vote: message('vote', 'vote', p.vote),
  collect: message('collect', 'collect', p.collect),
  redpacket: message('redpacket', 'redpacket', p.redpacket),
  meeting: message('meeting', 'meeting', p.meeting),
  docmsg: message('docmsg', 'docmsg', p.docmsg),
  // Markdown and news once had keys of their own; the API now asks for `info` and takes both.
  markdown: eitherKey('markdown', 'info', 'markdown', p.markdownInfo, p.markdownInfo),
  news: eitherKey('news', 'info', 'news', p.newsInfo, p.newsLegacy),
  calendar: message('calendar', 'calendar', p.calendar),
  mixed: message('mixed', 'mixed', p.mixed),
  meeting_voice_call: message(
    'meeting_voice_call',
    'meeting_voice_call',
    p.meeting_voice_call,
  ).extend({ voiceid: str }),
  voip_doc_share: message('voip_doc_share', 'voip_doc_share', p.voip_doc_share).extend({
    voipid: str,
  }),
  external_redpacket: message('external_redpacket', 'external_redpacket', p.external_redpacket),
  sphfeed: message('sphfeed', 'sphfeed', p.sphfeed),
  voiptext: message('voiptext', 'info', p.voiptextInfo),
  qydiskfile: message('qydiskfile', 'info', p.qydiskfileInfo),
  // A switch record has no msgtype, from or tolist: only who switched company and when.
  switch: obj({
    msgid: baseFields.msgid,
    action: z.literal('switch', expect('switch')),
    time: uint,
    user: str,
    seq: uint.optional(),
  }),
};

/** What every message must carry even when its type is unknown to the upload API. */
export const unsupportedMessageSchema = obj({
  ...baseFields,
  msgtype: z.string(expect('text')).min(1, 'is empty'),
});

/** The encrypted document's plaintext: `{"msg_list": [...]}`, at most 1000 messages. */
export const MAX_MESSAGES_PER_CALL = 1000;
