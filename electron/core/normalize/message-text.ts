/**
 * The words of a message that a person would search for or recognise it by: the text of a
 * text message, the title of a link, the name of a file, and so on. Used for the search index
 * and for the one-line preview in tables.
 */
type Json = Record<string, unknown>;

/** Enough for any chat message; longer texts are cut so that one message cannot bloat the index. */
export const MAX_TEXT_CHARS = 4000;

const FIELDS_BY_KEY: Record<string, readonly string[]> = {
  text: ['content'],
  markdown: ['content'],
  link: ['title', 'description'],
  weapp: ['title', 'displayname', 'description'],
  file: ['filename'],
  docmsg: ['title'],
  doc: ['title'],
  todo: ['title', 'content'],
  calendar: ['title', 'place', 'remarks'],
  meeting: ['topic', 'address', 'remarks'],
  card: ['corpname'],
  location: ['title', 'address'],
  redpacket: ['wish'],
  external_redpacket: ['wish'],
  sphfeed: ['sph_name', 'feed_desc'],
  voip_doc_share: ['filename'],
  collect: ['title', 'room_name'],
  vote: ['votetitle'],
  news: ['title', 'description'],
};

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function pushStrings(out: string[], source: unknown, fields: readonly string[]): void {
  if (!isObject(source)) return;
  for (const field of fields) {
    const value = source[field];
    if (typeof value === 'string' && value) out.push(value);
  }
}

/** Items of chatrecord and mixed hold JSON text; their own `content` or `title` is the text. */
function pushItemTexts(out: string[], items: unknown): void {
  if (!Array.isArray(items)) return;
  for (const item of items) {
    if (!isObject(item) || typeof item['content'] !== 'string') continue;
    try {
      const inner: unknown = JSON.parse(item['content']);
      pushStrings(out, inner, ['content', 'title', 'filename', 'description']);
    } catch {
      out.push(item['content']);
    }
  }
}

export function messageText(message: Json): string {
  const out: string[] = [];
  const msgtype = typeof message['msgtype'] === 'string' ? message['msgtype'] : '';
  for (const [key, fields] of Object.entries(FIELDS_BY_KEY)) {
    if (key in message) pushStrings(out, message[key], fields);
  }
  const info = message['info'];
  if (isObject(info)) {
    pushStrings(out, info, ['content', 'filename']);
    if (Array.isArray(info['item']))
      for (const item of info['item']) pushStrings(out, item, ['title', 'description']);
  }
  const vote = message['vote'];
  if (isObject(vote) && Array.isArray(vote['voteitem'])) {
    for (const item of vote['voteitem']) if (typeof item === 'string') out.push(item);
  }
  const collect = message['collect'];
  if (isObject(collect) && Array.isArray(collect['details'])) {
    for (const detail of collect['details']) pushStrings(out, detail, ['ques']);
  }
  if (msgtype === 'chatrecord' && isObject(message['chatrecord'])) {
    pushStrings(out, message['chatrecord'], ['title']);
    pushItemTexts(out, message['chatrecord']['item']);
  }
  if (msgtype === 'mixed' && isObject(message['mixed']))
    pushItemTexts(out, message['mixed']['item']);
  const text = out.join(' ');
  return text.length > MAX_TEXT_CHARS ? text.slice(0, MAX_TEXT_CHARS) : text;
}
