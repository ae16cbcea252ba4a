/** Lets a group of tests start from their own copy of the million-message store. */
import { test } from './app-fixture.js';
import { millionStore } from './million-store.js';

/** Generating and importing a million messages takes about a minute on two cores. */
const BUILD_TIMEOUT_MS = 300_000;

/** Call inside a `test.describe`: its tests open the app on a copy of the million store. */
export function useMillionStore(): void {
  test.use({ seed: 'million' });
  test.beforeAll(async () => {
    test.setTimeout(BUILD_TIMEOUT_MS);
    await millionStore();
  });
}
