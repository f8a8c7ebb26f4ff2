/** The verdict of a {@link RateLimiter} on one request. */
export type RateVerdict = { readonly ok: true } | { readonly ok: false; readonly retryAfterMs: number };

/**
 * Counts requests per client and says when one is over the limit. The relay
 * asks once per `POST /leads`. Implementations: {@link memoryRateLimiter}
 * (Node; a Worker without a binding) and the Workers Rate Limiting binding
 * (`./worker.ts`).
 */
export interface RateLimiter {
  limit(key: string): Promise<RateVerdict> | RateVerdict;
}

/** A number of requests per window. */
export interface RateLimit {
  limit: number;
  windowMs: number;
}

/** The relay's default: 10 leads a minute from one address is more than any visitor sends. */
export const DEFAULT_RATE_LIMIT: RateLimit = { limit: 10, windowMs: 60_000 };

/** Thrown by {@link parseRateLimit} for a value it cannot read. */
export class RateLimitFormatError extends Error {}

const RATE = /^\s*(\d+)\s*\/\s*(\d+)?\s*(ms|s|m|h)?\s*$/i;
const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 } as const;

/**
 * Reads `ZAPPY_RATE_LIMIT`: requests per window, as `10/60s`, `100/1h`,
 * `30/m` (a bare unit counts one of it).
 *
 * @throws RateLimitFormatError for anything else, or a limit or window of 0.
 * @example
 * parseRateLimit('10/60s'); // { limit: 10, windowMs: 60000 }
 */
export function parseRateLimit(text: string): RateLimit {
  const match = RATE.exec(text);
  if (!match) throw new RateLimitFormatError(`"${text}" is not a rate (write it as 10/60s)`);
  const limit = Number(match[1]);
  const unit = (match[3] ?? 's').toLowerCase() as keyof typeof UNIT_MS;
  const windowMs = Number(match[2] ?? 1) * UNIT_MS[unit];
  if (limit < 1 || windowMs < 1) throw new RateLimitFormatError(`"${text}" allows nothing (write it as 10/60s)`);
  return { limit, windowMs };
}

/** Options of {@link memoryRateLimiter}. */
export interface MemoryRateLimiterOptions extends RateLimit {
  /** Clock, for tests. Default `Date.now`. */
  now?: () => number;
  /** Most clients tracked at once; the oldest windows go first. Default 100,000. */
  capacity?: number;
}

/**
 * A fixed-window counter per client, kept in this process's memory. Memory is
 * bounded: windows are kept in the order they opened (a `Map` keeps insertion
 * order), so expired ones are dropped from the front, and past `capacity` the
 * oldest go first.
 */
export function memoryRateLimiter({ limit, windowMs, now = Date.now, capacity = 100_000 }: MemoryRateLimiterOptions): RateLimiter {
  const windows = new Map<string, { count: number; endsAt: number }>();
  return {
    limit(key) {
      const time = now();
      for (const [oldest, window] of windows) {
        if (window.endsAt > time && windows.size < capacity) break;
        windows.delete(oldest);
      }
      let window = windows.get(key);
      if (!window || window.endsAt <= time) {
        windows.delete(key);
        window = { count: 0, endsAt: time + windowMs };
        windows.set(key, window);
      }
      window.count += 1;
      return window.count <= limit ? { ok: true } : { ok: false, retryAfterMs: window.endsAt - time };
    },
  };
}

/**
 * The key a client is counted under: its address, with an IPv6 address cut to
 * its /64 network (one household or phone gets a whole /64, and would
 * otherwise have billions of keys).
 */
export function rateLimitKey(address: string): string {
  if (!address.includes(':')) return address;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  const [head = '', tail = ''] = address.toLowerCase().split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const missing = address.includes('::') ? 8 - headGroups.length - tailGroups.length : 0;
  const groups = [...headGroups, ...Array<string>(Math.max(0, missing)).fill('0'), ...tailGroups];
  return `${groups.slice(0, 4).map((group) => group.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}
