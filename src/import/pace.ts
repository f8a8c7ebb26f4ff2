/**
 * When the import may send its next request: no faster than `--rate`, and
 * not before a `Retry-After` that createLead asked for has passed (a 429 is
 * about the account, not one row, so every sender waits).
 */
import type { RateLimit } from '../relay/rate-limit.js';

/** Resolves after `ms`, or rejects with the signal's reason once it aborts. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** Node's timer, abortable. */
export const sleep: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', abort);
      resolve();
    }, ms);
    const abort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', abort, { once: true });
  });

/** The shared pace of one import's requests. */
export interface Pace {
  /** Waits for this request's turn; rejects when `signal` aborts first. */
  turn(signal?: AbortSignal): Promise<void>;
  /** No request starts before `ms` from now (a server's `Retry-After`). */
  holdFor(ms: number): void;
}

/** Options of {@link createPace}. */
export interface PaceOptions {
  /** Requests per window, evenly spaced; none: as fast as the concurrency allows. */
  rate?: RateLimit;
  now?: () => number;
  sleep?: Sleep;
}

/**
 * A pace for one import. Turns are handed out evenly spaced (`windowMs /
 * limit` apart), in the order asked, so a rate of `5/s` never bursts.
 *
 * @example
 * const pace = createPace({ rate: { limit: 5, windowMs: 1000 } });
 * await pace.turn(); // at most 5 a second
 */
export function createPace({ rate, now = Date.now, sleep: wait = sleep }: PaceOptions = {}): Pace {
  const spacing = rate ? rate.windowMs / rate.limit : 0;
  let nextTurn = 0;
  let heldUntil = 0;
  return {
    async turn(signal) {
      const at = Math.max(now(), nextTurn, heldUntil);
      nextTurn = at + spacing;
      const delay = at - now();
      if (delay > 0 || signal?.aborted) await wait(Math.max(delay, 0), signal);
    },
    holdFor(ms) {
      heldUntil = Math.max(heldUntil, now() + ms);
    },
  };
}
