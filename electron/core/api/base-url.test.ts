import { describe, expect, it } from 'vitest';

import { UnsafeBaseUrlError } from './api-errors.js';
import { checkBaseUrl, endpointUrl } from './base-url.js';

describe('checkBaseUrl', () => {
  it.each([
    'https://qw-openapi-tx.dustess.com',
    'https://api.example.com:8443/prefix',
    'http://127.0.0.1:8080',
    'http://127.8.9.10',
    'http://localhost:3000',
    'http://LOCALHOST',
    'http://[::1]:3000',
    'http://0x7f.1:80',
  ])('allows %s', (baseUrl) => {
    expect(() => checkBaseUrl(baseUrl)).not.toThrow();
  });

  it.each<[string, RegExp]>([
    ['http://qw-openapi-tx.dustess.com', /uses http.*use https/],
    ['http://127.0.0.1.example.com', /uses http/],
    ['http://10.0.0.1', /uses http/],
    ['http://[::2]', /uses http/],
    ['ftp://127.0.0.1', /must start with https/],
    ['qw-openapi-tx.dustess.com', /not a valid URL/],
    ['', /not a valid URL/],
    // Regression: a user name and password in the address were kept and logged with it.
    ['https://user:secret@qw-openapi-tx.dustess.com', /carries a user name or password/],
    ['https://user@qw-openapi-tx.dustess.com', /carries a user name or password/],
  ])('refuses %s with a sentence', (baseUrl, sentence) => {
    expect(() => checkBaseUrl(baseUrl)).toThrow(UnsafeBaseUrlError);
    expect(() => checkBaseUrl(baseUrl)).toThrow(sentence);
  });
});

describe('endpointUrl', () => {
  it.each<[string, string]>([
    ['https://h.example', 'https://h.example/auth/v1/access_token/token'],
    ['https://h.example/', 'https://h.example/auth/v1/access_token/token'],
    ['https://h.example/gw/', 'https://h.example/gw/auth/v1/access_token/token'],
    ['https://h.example/gw?x=1#f', 'https://h.example/gw/auth/v1/access_token/token'],
  ])('joins %s and the path', (baseUrl, expected) => {
    expect(endpointUrl(baseUrl, '/auth/v1/access_token/token').href).toBe(expected);
  });
});
