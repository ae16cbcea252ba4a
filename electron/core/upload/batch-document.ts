/**
 * The plaintext of one upload call: `{"msg_list":[...]}` built from the stored payloads, which
 * are already exact JSON. Joining text avoids parsing and re-serialising a thousand messages
 * (and keeps integers above 2^53 exactly as stored).
 */
import type { QueuedMessage } from '../store/upload-queue.js';

export function batchDocument(messages: readonly QueuedMessage[]): Buffer {
  let text = '{"msg_list":[';
  for (let index = 0; index < messages.length; index += 1) {
    if (index > 0) text += ',';
    text += messages[index]!.payload;
  }
  text += ']}';
  return Buffer.from(text, 'utf8');
}
