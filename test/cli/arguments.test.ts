/** How the built CLI answers arguments it cannot use: one sentence that says what to type. */
import { beforeAll, describe, expect, it } from 'vitest';

import { buildCliIfStale, runCli } from '../support/cli-process.js';

beforeAll(() => buildCliIfStale(), 120_000);

describe('CLI arguments', () => {
  it('says how to pass a value that starts with a dash', async () => {
    // Regression: a clientSecret starting with "-" was only called "ambiguous", and the hint
    // to write --client-secret=VALUE was cut off.
    const result = await runCli(['status', '--client-secret', '-3xY_secret']);

    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'The value given to --client-secret starts with a dash; write it as --client-secret=VALUE. See --help.\n',
    );
  });

  it('takes such a value written with an equals sign', async () => {
    const result = await runCli(['upload', '--client-secret=-3xY_secret', '--rate=nonsense']);

    expect(result.code).toBe(2);
    expect(result.stderr).not.toMatch(/ambiguous|dash/);
  });
});
