import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';

import { pendingStatus, PENDING_STATUS_SQL, type Choice } from './status-rules.js';

const CUTOFF = 1_700_000_000_000;

describe('pendingStatus', () => {
  it.each([
    ['an invalid message, whatever is chosen', { valid: false, choice: 'include' }, 'invalid'],
    ['a valid message', {}, 'ready'],
    ['a message of an unknown type', { supported: false }, 'unsupported'],
    ['a message at the cutoff', { msgtime: CUTOFF }, 'excluded'],
    ['a message just before the cutoff', { msgtime: CUTOFF - 1 }, 'ready'],
    [
      'a message after the cutoff that the operator includes',
      { msgtime: CUTOFF + 1, choice: 'include' },
      'ready',
    ],
    ['a message the operator excludes', { choice: 'exclude' }, 'excluded'],
    ['an unknown type the operator includes', { supported: false, choice: 'include' }, 'ready'],
    ['a message with no cutoff set', { msgtime: CUTOFF + 1, cutoff: null }, 'ready'],
  ] as const)('gives %s the status %s', (_name, input, status) => {
    expect(
      pendingStatus({
        valid: true,
        supported: true,
        msgtime: 1,
        choice: null,
        cutoff: CUTOFF,
        ...input,
      }),
    ).toBe(status);
  });

  it('agrees with its SQL form for every valid message', () => {
    const db = new BetterSqlite3(':memory:');
    const statement = db.prepare(
      `SELECT ${PENDING_STATUS_SQL} FROM (SELECT @choice AS choice, @msgtype AS msgtype, @msgtime AS msgtime)`,
    );
    for (const choice of [null, 'include', 'exclude'] as Choice[])
      for (const msgtype of ['text', 'hologram'])
        for (const msgtime of [CUTOFF - 1, CUTOFF])
          for (const cutoff of [null, CUTOFF]) {
            const sql = statement.pluck().get({ choice, msgtype, msgtime, cutoff });
            const js = pendingStatus({
              valid: true,
              supported: msgtype === 'text',
              msgtime,
              choice,
              cutoff,
            });
            expect(sql, JSON.stringify({ choice, msgtype, msgtime, cutoff })).toBe(js);
          }
    db.close();
  });
});
