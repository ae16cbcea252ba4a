/**
 * Where the clients may send credentials: anywhere over https, and over plain http only to
 * this machine (the sandbox). Certificate checks are never turned off.
 */
import { UnsafeBaseUrlError } from './api-errors.js';

const LOOPBACK_IPV4 = /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

/** The WHATWG URL parser has already normalised the host (`0x7f.1` becomes `127.0.0.1`). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === 'localhost' || host === '[::1]' || LOOPBACK_IPV4.test(host);
}

/** Parses and checks a base URL; throws UnsafeBaseUrlError with a sentence otherwise. */
export function checkBaseUrl(baseUrl: string): URL {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new UnsafeBaseUrlError(
      `The base URL "${baseUrl}" is not a valid URL; enter it as https://host[:port].`,
    );
  }

  if (url.username || url.password) {
    throw new UnsafeBaseUrlError(
      `The base URL ${url.host} carries a user name or password; enter the address alone (the credentials go in their own fields).`,
    );
  }
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return url;
  if (url.protocol === 'http:') {
    throw new UnsafeBaseUrlError(
      `The base URL ${url.origin} uses http, which would send the credentials unencrypted; use https (plain http is only allowed for this computer).`,
    );
  }
  throw new UnsafeBaseUrlError(
    `The base URL "${baseUrl}" must start with https://; enter the SCRM's API address.`,
  );
}

/** Joins a checked base URL (which may carry a path prefix) and an endpoint path. */
export function endpointUrl(baseUrl: string, path: string): URL {
  const base = checkBaseUrl(baseUrl);
  const url = new URL(base.href);
  url.pathname = `${base.pathname.replace(/\/+$/, '')}${path}`;
  url.search = '';
  url.hash = '';
  return url;
}
