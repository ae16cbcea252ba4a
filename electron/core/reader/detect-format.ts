/**
 * Tells JSON Lines from a JSON document by looking at the start of the file.
 *
 * A file starting with `[` is a JSON array. A file starting with `{` is JSON Lines when its
 * first object is a message written on one line; it is a document when the first line is only
 * an opening brace (pretty-printed) or when the first key is not a message field (a wrapper
 * such as `{"errcode":0,"chatdata":[...]}` or `{"msg_list":[...]}`), unless that first line is
 * a whole object and more lines follow: then each line is a wrapper or an object of its own,
 * and reading them as lines keeps a broken line from derailing the rest. Anything else is not
 * a chat-archive export.
 */
export type ExportFormat = 'jsonl' | 'json';

export type FormatGuess =
  { ok: true; format: ExportFormat } | { ok: false; code: 'empty' | 'not_json'; message: string };

/** Keys a WeCom message object starts with, in the exports we know. */
const MESSAGE_KEYS = new Set([
  'msgid',
  'action',
  'from',
  'tolist',
  'roomid',
  'msgtime',
  'msgtype',
  'seq',
  'time',
  'user',
  'publickey_ver',
  'encrypt_random_key',
  'encrypt_chat_msg',
]);

export function detectFormat(head: string, isWholeFile: boolean): FormatGuess {
  const start = head.search(/\S/);
  if (start === -1) {
    if (!isWholeFile) {
      return {
        ok: false,
        code: 'not_json',
        message: 'The file starts with a long run of blank space and no JSON.',
      };
    }
    const message = head
      ? 'The file holds only blank space: it holds no messages.'
      : 'The file is empty: it holds no messages.';
    return { ok: false, code: 'empty', message };
  }
  const first = head[start];
  if (first === '[') return { ok: true, format: 'json' };
  if (first !== '{') {
    const shown = JSON.stringify(head.slice(start, start + 12));
    return {
      ok: false,
      code: 'not_json',
      message: `The file does not start like a chat-archive export (JSON Lines or JSON): it starts with ${shown}.`,
    };
  }
  const lineEnd = head.indexOf('\n', start);
  const firstLine = (lineEnd === -1 ? head.slice(start) : head.slice(start, lineEnd)).trim();
  if (firstLine === '{') return { ok: true, format: 'json' };
  const key = /^\{\s*"((?:[^"\\]|\\.)*)"/.exec(firstLine)?.[1];
  if (key === undefined || MESSAGE_KEYS.has(key)) return { ok: true, format: 'jsonl' };
  const moreLines = lineEnd !== -1 && /\S/.test(head.slice(lineEnd));
  return { ok: true, format: moreLines && isWholeObject(firstLine) ? 'jsonl' : 'json' };
}

function isWholeObject(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}
