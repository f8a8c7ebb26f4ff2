/** The longest the outbox ever waits before an attempt, a server's `Retry-After` included: 5 minutes. */
export const MAX_WAIT_MS = 5 * 60_000;

/** Options of {@link retryDelay}. */
export interface BackoffOptions {
  /** Delay ceiling before jitter for the first retry, in ms. Default 2000. */
  baseMs?: number;
  /** Longest delay, in ms. Default 5 minutes. */
  maxMs?: number;
  /** A number in [0, 1); `Math.random` by default (injectable for tests). */
  random?: () => number;
  /** The server's `Retry-After`, in ms: waited at least this long. */
  retryAfterMs?: number | undefined;
}

/**
 * How long to wait before the next attempt: exponential backoff with "equal
 * jitter" (a random delay between half the exponential ceiling and the
 * ceiling), so a crowd of browsers that failed together does not retry
 * together. A server's `Retry-After` is honoured as a floor, capped at `maxMs`.
 *
 * @param attempt How many attempts have failed so far (1 after the first failure).
 * @example
 * retryDelay(1); // 1000..2000
 * retryDelay(3); // 4000..8000
 * retryDelay(1, { retryAfterMs: 30_000 }); // 30000
 */
export function retryDelay(attempt: number, options: BackoffOptions = {}): number {
  const { baseMs = 2000, maxMs = MAX_WAIT_MS, random = Math.random, retryAfterMs } = options;
  const exponent = Math.min(Math.max(attempt, 1) - 1, 30);
  const ceiling = Math.min(maxMs, baseMs * 2 ** exponent);
  const jittered = ceiling / 2 + random() * (ceiling / 2);
  const floor = retryAfterMs === undefined ? 0 : Math.min(retryAfterMs, maxMs);
  return Math.round(Math.max(jittered, floor));
}
