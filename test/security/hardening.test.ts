/**
 * The window's hardening, read from the shell's source with the TypeScript parser (the shell
 * cannot run here: there is no Electron binary), and the Content Security Policy.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import ts from 'typescript';
import { describe, expect, it } from 'vitest';

import { CONTENT_SECURITY_POLICY } from '../../electron/shell/csp.js';

const root = path.resolve(import.meta.dirname, '../..');

/** The object literal passed as `webPreferences` to `new BrowserWindow(...)` in main.ts. */
function webPreferences(): Map<string, string> {
  const file = path.join(root, 'electron/main.ts');
  const source = ts.createSourceFile(
    file,
    readFileSync(file, 'utf8'),
    ts.ScriptTarget.Latest,
    true,
  );
  const found = new Map<string, string>();
  const visit = (node: ts.Node): void => {
    if (ts.isNewExpression(node) && node.expression.getText() === 'BrowserWindow') {
      const options = node.arguments?.[0];
      if (options && ts.isObjectLiteralExpression(options)) {
        for (const property of options.properties) {
          if (
            ts.isPropertyAssignment(property) &&
            property.name.getText() === 'webPreferences' &&
            ts.isObjectLiteralExpression(property.initializer)
          ) {
            for (const setting of property.initializer.properties) {
              if (ts.isPropertyAssignment(setting))
                found.set(setting.name.getText(), setting.initializer.getText());
            }
          }
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('window hardening', () => {
  const settings = webPreferences();

  it.each([
    ['contextIsolation', 'true'],
    ['sandbox', 'true'],
    ['nodeIntegration', 'false'],
    ['nodeIntegrationInWorker', 'false'],
    ['nodeIntegrationInSubFrames', 'false'],
    ['webSecurity', 'true'],
    ['allowRunningInsecureContent', 'false'],
    ['experimentalFeatures', 'false'],
    ['webviewTag', 'false'],
    ['navigateOnDragDrop', 'false'],
  ])('sets %s to %s', (key, value) => {
    expect(settings.get(key)).toBe(value);
  });

  it('allows devtools only in development builds', () => {
    expect(settings.get('devTools')).toBe('development');
    expect(readFileSync(path.join(root, 'electron/main.ts'), 'utf8')).toMatch(
      /const development = !app\.isPackaged;/,
    );
  });

  it('enables no Blink features and no remote module', () => {
    expect(settings.has('enableBlinkFeatures')).toBe(false);
    expect(settings.has('enableRemoteModule')).toBe(false);
  });
});

describe('content security policy', () => {
  const parse = (policy: string) =>
    new Map(
      policy
        .split(';')
        .map((part) => part.trim())
        .filter(Boolean)
        .map((part) => {
          const [name, ...values] = part.split(/\s+/);
          return [name!, values.join(' ')] as const;
        }),
    );
  const header = parse(CONTENT_SECURITY_POLICY);

  it('denies everything not named', () => {
    expect(header.get('default-src')).toBe("'none'");
  });

  it("runs only the app's own scripts: no inline code, no eval, no remote hosts", () => {
    expect(header.get('script-src')).toBe("'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|https?:|data:|\*/);
  });

  it('lets the page reach no network at all', () => {
    for (const directive of [
      'connect-src',
      'form-action',
      'frame-ancestors',
      'object-src',
      'base-uri',
    ]) {
      expect(header.get(directive), directive).toBe("'none'");
    }
  });

  it('is the same policy in the page itself', () => {
    const html = readFileSync(path.join(root, 'renderer/index.html'), 'utf8');
    const meta = parse(/http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)![1]!);
    for (const [directive, value] of meta) expect(header.get(directive), directive).toBe(value);
    // frame-ancestors cannot be set from a meta tag; the protocol handler sends it as a header.
    expect([...header.keys()].filter((name) => !meta.has(name))).toEqual(['frame-ancestors']);
  });
});
