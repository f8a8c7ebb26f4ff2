/**
 * Remembers which leads the relay has delivered, by the `Idempotency-Key` the
 * widget sends (its lead id), so a lead resent after an answer that never
 * reached the browser is not forwarded again.
 */
export interface IdempotencyStore {
  /** Whether a lead with this key was delivered (and is still remembered). */
  delivered(key: string): Promise<boolean> | boolean;
  /** Records that the lead with this key was delivered. */
  remember(key: string): Promise<void> | void;
}

/**
 * How long a delivered key is remembered by default: longer than any widget
 * keeps retrying a lead unanswered, and than the 36 hours over which Meta
 * sends a notification again.
 */
export const IDEMPOTENCY_TTL_MS = 48 * 60 * 60 * 1000;

/** Options of {@link memoryIdempotencyStore}. */
export interface MemoryIdempotencyStoreOptions {
  /** How long a key is remembered. Default {@link IDEMPOTENCY_TTL_MS}. */
  ttlMs?: number;
  /** Most keys kept; past it the oldest are forgotten first. Default 100,000 (about 15 MB). */
  capacity?: number;
  /** Clock, for tests. Default `Date.now`. */
  now?: () => number;
}

/**
 * Delivered keys in this process's memory, for `ttlMs` or until `capacity`
 * newer ones push them out. Every key lives equally long, so insertion order
 * is expiry order and forgetting costs nothing per request.
 */
export function memoryIdempotencyStore({
  ttlMs = IDEMPOTENCY_TTL_MS,
  capacity = 100_000,
  now = Date.now,
}: MemoryIdempotencyStoreOptions = {}): IdempotencyStore {
  const expiries = new Map<string, number>();
  const forgetExpired = (time: number) => {
    for (const [key, expiresAt] of expiries) {
      if (expiresAt > time && expiries.size <= capacity) break;
      expiries.delete(key);
    }
  };
  return {
    delivered(key) {
      const time = now();
      forgetExpired(time);
      return (expiries.get(key) ?? 0) > time;
    },
    remember(key) {
      expiries.delete(key);
      expiries.set(key, now() + ttlMs);
      forgetExpired(now());
    },
  };
}

/**
 * A well-formed key: 1 to 200 visible ASCII characters (the widget sends a
 * UUID). Anything else is ignored, as if no key had been sent.
 */
export const isIdempotencyKey = (key: string | null): key is string => key !== null && /^[\x21-\x7e]{1,200}$/.test(key);

/** What {@link inFlight}'s function returns: the outcome, and whether it was another caller's. */
export interface InFlightRun<T> {
  /** True when a run with the key was already under way and this caller joined it. */
  joined: boolean;
  outcome: Promise<T>;
}

/**
 * Deliveries under way, by key: a caller whose key is already being delivered
 * waits for that delivery's outcome instead of starting a second one (two
 * requests of one lead racing, or Meta retrying a notification the relay is
 * still working on). A key is forgotten as soon as its delivery settles; what
 * was delivered is the {@link IdempotencyStore}'s to remember.
 *
 * @example
 * const once = inFlight<Answer>();
 * const { joined, outcome } = once(key, () => deliver(lead));
 */
export function inFlight<T>(): (key: string, run: () => Promise<T>) => InFlightRun<T> {
  const pending = new Map<string, Promise<T>>();
  return (key, run) => {
    const under = pending.get(key);
    if (under) return { joined: true, outcome: under };
    const outcome = run();
    pending.set(key, outcome);
    outcome.finally(() => pending.delete(key)).catch(() => {});
    return { joined: false, outcome };
  };
}
