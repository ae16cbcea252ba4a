/**
 * What an export file holds, read with nothing but JSON.parse: the expectations the browser
 * tests compare the screens with, worked out apart from the app's own reader and store.
 */
import { readFileSync } from 'node:fs';

export interface ExportedMessage {
  msgid: string;
  /** 1-based line in the file. */
  line: number;
  msgtype: string;
  from: string;
  roomid: string;
  /** Milliseconds; times written in seconds are read the way the app repairs them. */
  msgtime: number;
  text: string;
  raw: Record<string, unknown>;
}

/** Below this a msgtime is in seconds (it would be before 2001 as milliseconds). */
const SECONDS_BELOW = 1e12;

/**
 * The messages the store keeps: one per msgid (the first copy wins), lines that are not JSON
 * left out.
 */
export function exportedMessages(file: string): ExportedMessage[] {
  const seen = new Set<string>();
  const out: ExportedMessage[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((text, index) => {
      if (!text.trim()) return;
      let raw: Record<string, unknown>;
      try {
        raw = JSON.parse(text) as Record<string, unknown>;
      } catch {
        return;
      }
      const msgid = String(raw['msgid']);
      if (seen.has(msgid)) return;
      seen.add(msgid);
      const time = Number(raw['msgtime'] ?? raw['time'] ?? 0);
      const content = (raw['text'] as { content?: unknown } | undefined)?.content;
      out.push({
        msgid,
        line: index + 1,
        msgtype: String(raw['msgtype'] ?? 'switch'),
        from: String(raw['from'] ?? raw['user'] ?? ''),
        roomid: String(raw['roomid'] ?? ''),
        msgtime: time < SECONDS_BELOW ? time * 1000 : time,
        text: typeof content === 'string' ? content : '',
        raw,
      });
    });
  return out;
}
