import { describe, expect, it } from 'vitest';

import { CONTENT_SECURITY_POLICY } from '../../electron/shell/csp.js';
import { secureWebPreferences } from '../../electron/shell/web-preferences.js';

describe('window hardening', () => {
  const production = secureWebPreferences({ preload: '/app/preload.cjs', development: false });

  it.each([
    ['contextIsolation', true],
    ['sandbox', true],
    ['nodeIntegration', false],
    ['nodeIntegrationInWorker', false],
    ['nodeIntegrationInSubFrames', false],
    ['webSecurity', true],
    ['allowRunningInsecureContent', false],
    ['experimentalFeatures', false],
    ['webviewTag', false],
    ['navigateOnDragDrop', false],
    ['devTools', false],
  ] as const)('sets %s to %s in a packaged app', (key, value) => {
    expect(production[key]).toBe(value);
  });

  it('allows devtools only in development', () => {
    expect(secureWebPreferences({ preload: '', development: true }).devTools).toBe(true);
  });
});

describe('content security policy', () => {
  const directives = new Map(
    CONTENT_SECURITY_POLICY.split(';').map((part) => {
      const [name, ...values] = part.trim().split(/\s+/);
      return [name!, values] as const;
    }),
  );

  it('denies everything not named', () => {
    expect(directives.get('default-src')).toEqual(["'none'"]);
  });

  it("runs only the app's own scripts: no inline code, no eval, no remote hosts", () => {
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
  });

  it('lets the page reach no network at all', () => {
    expect(directives.get('connect-src')).toEqual(["'none'"]);
    expect(directives.get('form-action')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
  });
});
