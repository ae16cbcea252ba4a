/**
 * SQL functions the queries need, registered on each connection that browses the store.
 */
import type { Database } from 'better-sqlite3';

import { messageText } from '../normalize/message-text.js';

export function registerTextFunctions(db: Database): void {
  db.function(
    'message_text_contains',
    { deterministic: true },
    (payload: unknown, runsJson: unknown) => {
      if (typeof payload !== 'string' || typeof runsJson !== 'string') return 0;
      let text: string;
      try {
        text = messageText(JSON.parse(payload) as Record<string, unknown>).toLowerCase();
      } catch {
        return 0;
      }
      const runs = JSON.parse(runsJson) as string[];
      return runs.every((run) => text.includes(run)) ? 1 : 0;
    },
  );
}
