/**
 * One JSON POST with a deadline, turned into either the reply's status and text or the reason
 * no reply came. Both clients classify replies themselves; this only does the transport.
 */
import { redactUrl } from '../logging/logger.js';

export interface PostJsonOptions {
  readonly url: URL;
  readonly body: string;
  readonly timeoutMs: number;
  readonly fetchImpl?: typeof fetch;
  /** Cancels the call; its abort reason is thrown, as cancelling is not an outcome. */
  readonly signal?: AbortSignal;
}

export type HttpExchange =
  | {
      readonly kind: 'reply';
      readonly status: number;
      readonly headers: Headers;
      readonly text: string;
      readonly durationMs: number;
    }
  | {
      readonly kind: 'no-reply';
      readonly reason: 'timeout' | 'network';
      readonly detail: string;
      readonly durationMs: number;
    };

export async function postJson(options: PostJsonOptions): Promise<HttpExchange> {
  const { url, body, timeoutMs, signal } = options;
  const fetchImpl = options.fetchImpl ?? fetch;
  const deadline = AbortSignal.timeout(timeoutMs);
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);

  try {
    const response = await fetchImpl(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body,
      signal: signal ? AbortSignal.any([deadline, signal]) : deadline,
      // A redirect would carry the access token in the query to wherever it points.
      redirect: 'manual',
    });
    // The deadline covers the body too: a reply that stalls halfway times out.
    const text = await response.text();
    return {
      kind: 'reply',
      status: response.status,
      headers: response.headers,
      text,
      durationMs: elapsed(),
    };
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    if (deadline.aborted) {
      return {
        kind: 'no-reply',
        reason: 'timeout',
        detail: `no complete reply within ${timeoutMs} ms`,
        durationMs: elapsed(),
      };
    }
    return {
      kind: 'no-reply',
      reason: 'network',
      detail: describeNetworkError(error),
      durationMs: elapsed(),
    };
  }
}

/** undici wraps the socket error as `cause`; its code (ECONNREFUSED, ...) says the most. */
function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause: unknown = error.cause;
  if (cause instanceof Error) {
    const code = (cause as Error & { code?: unknown }).code;
    return redactUrl(typeof code === 'string' ? `${code}: ${cause.message}` : cause.message);
  }
  return redactUrl(error.message);
}
