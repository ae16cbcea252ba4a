/**
 * Every screen at the two window sizes we support, in both languages, with an empty store,
 * with the fixtures (imported and partly uploaded, so that every screen has something to
 * show) and with a million messages. The screenshots are for people to look at; the checks
 * are what a screenshot would show wrong without anyone looking.
 */
import { expect, test, type AppHarness } from '../harness/app-fixture.js';
import { copyFixtures } from '../harness/inputs.js';
import { useMillionStore } from '../harness/million.js';
import { ImportPage } from '../pages/import-page.js';
import { ScreenTour, SCREENS, VIEWPORTS } from '../pages/screen-tour.js';

type Lang = 'zh' | 'en';

const LANGS: Record<Lang, 'zh-CN' | 'en'> = { zh: 'zh-CN', en: 'en' };

/** Sentences the main side writes in English; a Chinese screen must not show them as they came. */
const MAIN_SIDE_ENGLISH =
  /The SCRM|messages failed|Field \S+ (is|should|was)|Line \d+ is|Connected to/;

/** The fixtures' last two messages (2022-10-24) fall after this moment. */
const FIXTURES_CUTOFF = Date.parse('2022-01-01T00:00:00+08:00');

async function tourAll(app: AppHarness, state: string, lang: Lang): Promise<void> {
  const tour = new ScreenTour(app.page);
  if (lang === 'en') await tour.app.setLanguage('en');
  for (const viewport of VIEWPORTS) {
    await app.page.setViewportSize(viewport);
    for (const screen of SCREENS) {
      await tour.visit(screen);
      await app.screenshot(`${state}-${screen}-${lang}-${viewport.width}x${viewport.height}`);
      expect
        .soft(await tour.horizontalOverflow(), `${screen} at ${viewport.width} px scrolls sideways`)
        .toBe(0);
      if (lang === 'zh') {
        expect
          .soft(await app.page.locator('main').innerText(), `${screen} shows English sentences`)
          .not.toMatch(MAIN_SIDE_ENGLISH);
      }
    }
  }
}

/** The fixtures imported by choosing them, then uploaded to a sandbox that refuses half. */
async function prepareFixtures(app: AppHarness): Promise<void> {
  app.settings({ cutoff: FIXTURES_CUTOFF, rate: { calls: 10, windowSeconds: 2 }, maxAttempts: 1 });
  await app.open();
  const importPage = new ImportPage(app.page);
  await importPage.app.waitForReady();
  app.pickNext([copyFixtures(app.dir)]);
  await importPage.importAndWait(() => importPage.chooseFiles());

  const sandbox = await app.service.ensureSandbox();
  sandbox.setFaults({ partialFailure: { probability: 1, fraction: 0.5 } });
  const outcome = await app.service.uploadAndWait();
  expect(outcome.failed).toBeGreaterThan(0);
  // The window learns of the upload's end within a second; screenshots wait for it.
  await expect.poll(() => importPage.app.badge('failed')).toBe(outcome.failed);
}

for (const lang of ['zh', 'en'] as const) {
  test.describe(`every screen in ${LANGS[lang]}`, () => {
    test(`with an empty store`, async ({ app }) => {
      await app.open();
      await new ScreenTour(app.page).app.waitForReady();
      await tourAll(app, 'empty', lang);
    });

    test(`with the fixtures`, async ({ app }) => {
      await prepareFixtures(app);
      await tourAll(app, 'fixtures', lang);
    });
  });

  test.describe(`every screen in ${LANGS[lang]} with a million messages`, () => {
    useMillionStore();

    test(`with a million messages`, async ({ app }) => {
      await app.open();
      await new ScreenTour(app.page).app.waitForReady();
      await tourAll(app, 'million', lang);
    });
  });
}
