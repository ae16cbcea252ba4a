/**
 * A million messages: the Messages table scrolls to any place (its scroll space is scaled past
 * what the browser allows) and filters still answer with rows.
 */
import { expect, test } from '../harness/app-fixture.js';
import { MILLION } from '../harness/million-store.js';
import { useMillionStore } from '../harness/million.js';
import { MessagesPage } from '../pages/messages-page.js';

/** Stored of the million: 5 duplicate lines, 5 conflicting copies and 5 broken lines are not. */
const STORED = MILLION - 5;

/** The generated msgids are `demo<index>_<msgtime>`, index in time order. */
function indexOf(msgid: string): number {
  return Number(/^demo(\d+)_/.exec(msgid)?.[1] ?? Number.NaN);
}

test.describe('with a million messages', () => {
  useMillionStore();

  test('the message table scrolls to the middle and the end, and filters answer', async ({
    app,
  }) => {
    await app.open();
    const messages = new MessagesPage(app.page);
    await messages.app.waitForReady();
    await messages.open();
    const table = messages.table.table;
    await messages.table.waitForTotal(STORED);
    await expect(table).toHaveAttribute('data-scaled', 'true');

    // Newest first: the top holds the last generated messages.
    const top = (await messages.table.visibleMsgids()).map(indexOf);
    expect(Math.min(...top)).toBeGreaterThan(MILLION - 100);

    await messages.table.scrollTo(0.5);
    const middle = (await messages.table.visibleMsgids()).map(indexOf);
    expect(middle.length).toBeGreaterThan(5);
    for (const index of middle) expect(Math.abs(index - MILLION / 2)).toBeLessThan(MILLION / 50);
    await app.screenshot('million-messages-middle-zh');

    await messages.table.scrollTo(1);
    const end = (await messages.table.visibleMsgids()).map(indexOf);
    expect(Math.min(...end)).toBe(0);
    await app.screenshot('million-messages-end-zh');

    // The keyboard reaches the very first message too.
    await messages.table.press('Home');
    await expect(messages.table.row(0)).toBeVisible();
    expect(indexOf((await messages.table.visibleMsgids())[0]!)).toBeGreaterThan(MILLION - 100);

    // A filter starts at the top of its own result, with rows.
    await messages.table.chooseTypes(['image']);
    await expect(table).toHaveAttribute('data-total', /^\d+$/);
    const images = await messages.table.total();
    expect(images).toBeGreaterThan(1000);
    expect(new Set(await messages.table.columnTexts('type'))).toEqual(new Set(['图片媒体']));
    await messages.table.scrollTo(1);
    expect((await messages.table.visibleMsgids()).length).toBeGreaterThan(5);

    await messages.table.clearFilters();
    await messages.table.search('合同');
    // Typing waits a moment before the table asks again; then every row matches.
    await expect
      .poll(async () =>
        (await messages.table.columnTexts('preview')).every((text) => text.includes('合同')),
      )
      .toBe(true);
    await messages.table.setSender('employee7');
    await expect
      .poll(async () => new Set(await messages.table.columnTexts('sender')))
      .toEqual(new Set(['employee7']));
    const both = await messages.table.total();
    expect(both).toBeGreaterThan(0);
    await app.screenshot('million-messages-filtered-zh');
  });
});
