/**
 * The plaintext of one upload call: `{"msg_list":[...]}` built from the stored payloads, which
 * are already exact JSON. Joining them avoids parsing and serialising a thousand messages
 * again (and keeps integers above 2^53 exactly as stored). The bytes are written straight
 * into one buffer sized for the worst case (three UTF-8 bytes per UTF-16 unit): joining a
 * thousand strings first and encoding the result cost twice as much (benchmark figure 4a).
 */
import type { QueuedMessage } from '../store/upload-queue.js';

const OPEN = Buffer.from('{"msg_list":[');
const CLOSE = Buffer.from(']}');
const COMMA = 0x2c;
const MAX_UTF8_BYTES_PER_UNIT = 3;

export function batchDocument(messages: readonly QueuedMessage[]): Buffer {
  let bound = OPEN.length + CLOSE.length + messages.length;
  for (const message of messages) bound += message.payload.length * MAX_UTF8_BYTES_PER_UNIT;
  const document = Buffer.allocUnsafe(bound);
  let at = OPEN.copy(document, 0);
  for (let index = 0; index < messages.length; index += 1) {
    if (index > 0) document[at++] = COMMA;
    at += document.write(messages[index]!.payload, at, 'utf8');
  }
  at += CLOSE.copy(document, at);
  return document.subarray(0, at);
}
