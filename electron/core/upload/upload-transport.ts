/**
 * What the uploader needs from the network: send one `{"msg_list": [...]}` document and say
 * how the SCRM answered. The SCRM transport encrypts, signs and posts it; tests may pass any
 * other implementation that speaks to a real server.
 */
import type { UploadOutcome } from '../api/upload-outcome.js';

export type { UploadOutcome };

export interface UploadTransport {
  readonly target: 'sandbox' | 'production';
  readonly baseUrl: string;
  readonly clientId: string;
  /** Makes sure a usable access token is at hand; throws TransportError otherwise. */
  prepare(signal?: AbortSignal): Promise<void>;
  send(document: Buffer, signal?: AbortSignal): Promise<UploadOutcome>;
  /** Forget the access token, so that the next call fetches a new one. */
  invalidateToken(): void;
}

/**
 * A failure before any call could be made. `fatal` ones (wrong credentials, a token the SCRM
 * keeps refusing) stop the run; the others are waited out like a failed call.
 */
export class TransportError extends Error {
  constructor(
    message: string,
    readonly fatal: boolean,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}
