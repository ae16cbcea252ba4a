/**
 * The real transport: fetch (and cache) the access token, encrypt and sign the document the
 * WeCom-callback way, post it, and classify the reply.
 */
import { UnsafeBaseUrlError, TokenError } from '../api/api-errors.js';
import { checkBaseUrl } from '../api/base-url.js';
import { createTokenClient, type TokenClient } from '../api/token-client.js';
import { pushChatData } from '../api/upload-client.js';
import type { UploadOutcome } from '../api/upload-outcome.js';
import { sealMessageList } from '../crypto/envelope.js';
import type { Credentials } from '../../../shared/settings.js';
import { TransportError, type UploadTransport } from './upload-transport.js';

export interface ScrmTransportOptions {
  credentials: Credentials;
  target: 'sandbox' | 'production';
  timeoutMs?: number;
  fetchImpl?: typeof fetch;
}

export function createScrmTransport(options: ScrmTransportOptions): UploadTransport {
  const { credentials } = options;
  try {
    checkBaseUrl(credentials.baseUrl);
  } catch (error) {
    if (error instanceof UnsafeBaseUrlError) throw new TransportError(error.message, true);
    throw error;
  }
  const tokens: TokenClient = createTokenClient({
    baseUrl: credentials.baseUrl,
    clientId: credentials.clientId,
    clientSecret: credentials.clientSecret,
    ...(options.fetchImpl ? { fetchImpl: options.fetchImpl } : {}),
  });
  let accessToken: string | null = null;

  async function token(): Promise<string> {
    try {
      accessToken = await tokens.getToken();
      return accessToken;
    } catch (error) {
      if (error instanceof TokenError) {
        // Wrong credentials and a token that keeps being refused need the operator; a token
        // service that is down or busy is waited out like any failed call.
        const fatal = error.reason === 'credentials' || error.reason === 'refresh-limit';
        throw new TransportError(error.message, fatal);
      }
      throw error;
    }
  }

  return {
    target: options.target,
    baseUrl: credentials.baseUrl,
    clientId: credentials.clientId,
    async prepare() {
      await token();
    },
    async send(document: Buffer, signal?: AbortSignal): Promise<UploadOutcome> {
      let current: string;
      try {
        current = await token();
      } catch (error) {
        return {
          kind: 'transient',
          reason: error instanceof Error ? error.message : String(error),
        };
      }
      const envelope = sealMessageList(document, credentials);
      const outcome = await pushChatData({
        baseUrl: credentials.baseUrl,
        accessToken: current,
        envelope,
        ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
        ...(options.fetchImpl ? { fetchImpl: options.fetchImpl } : {}),
        ...(signal ? { signal } : {}),
      });
      if (outcome.kind === 'accepted') tokens.accepted(current);
      return outcome;
    },
    invalidateToken() {
      tokens.invalidate(accessToken ?? undefined);
      accessToken = null;
    },
  };
}
