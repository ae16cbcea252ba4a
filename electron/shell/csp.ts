/**
 * The Content Security Policy of every page the app serves: scripts and styles only from the
 * app itself, no network, no frames, no plugins. Kept free of Electron so that the browser
 * tests serve the renderer under the very same policy.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');
