// Cloudflare Workers entry: dist/zappy-lead-relay.worker.js (one self-contained
// ES module). It only reads `env` and hands it to createRelay, as the Node
// command does with process.env.
import { relayOptionsFromEnv } from './config.js';
import { IDEMPOTENCY_TTL_MS, type IdempotencyStore } from './idempotency.js';
import { jsonLogLine } from './log.js';
import { type RelayHandler, type RelayOptions, createRelay } from './relay.js';
import type { RateLimiter } from './rate-limit.js';

/** The Workers Rate Limiting binding (`[[ratelimits]]` in wrangler.toml). */
interface RateLimitBinding {
  limit(options: { key: string }): Promise<{ success: boolean }>;
}

/** The part of a KV namespace binding the relay uses. */
interface KvBinding {
  get(key: string): Promise<string | null>;
  put(key: string, value: string, options?: { expirationTtl?: number }): Promise<void>;
}

/**
 * What the Worker finds in `env`: the `ZAPPY_*` and `META_*` variables and
 * secrets (`wrangler secret put META_APP_SECRET`, and so on; the names of
 * `relayOptionsFromEnv`), and optional bindings.
 */
export interface RelayWorkerEnv {
  [name: string]: unknown;
  /** Rate Limiting binding: counts across the Cloudflare location, not only this isolate. */
  ZAPPY_RATE_LIMITER?: RateLimitBinding;
  /** KV namespace: delivered lead ids (and Meta `leadgen_id`s) remembered across isolates and locations for 48 h. */
  ZAPPY_DELIVERED?: KvBinding;
}

const TTL_SECONDS = IDEMPOTENCY_TTL_MS / 1000;

function bindingOptions(env: RelayWorkerEnv): Partial<RelayOptions> {
  const options: Partial<RelayOptions> = {};
  const binding = env.ZAPPY_RATE_LIMITER;
  if (binding && typeof binding.limit === 'function') {
    const limiter: RateLimiter = {
      // The binding does not say when its window ends; its longest period is 60 s.
      limit: async (key) => ((await binding.limit({ key })).success ? { ok: true } : { ok: false, retryAfterMs: 60_000 }),
    };
    options.rateLimit = limiter;
  }
  const kv = env.ZAPPY_DELIVERED;
  if (kv && typeof kv.get === 'function') {
    const store: IdempotencyStore = {
      delivered: async (key) => (await kv.get(`delivered:${key}`)) !== null,
      remember: (key) => kv.put(`delivered:${key}`, '1', { expirationTtl: TTL_SECONDS }),
    };
    options.idempotency = store;
  }
  return options;
}

// One relay per isolate: its memory (rate limits, delivered ids without KV)
// lives as long as the isolate. A configuration error is kept too, and answered.
let relay: RelayHandler | Error | undefined;

function relayFor(env: RelayWorkerEnv): RelayHandler | Error {
  if (!relay) {
    try {
      relay = createRelay({ ...relayOptionsFromEnv(env), ...bindingOptions(env) });
    } catch (error) {
      relay = error instanceof Error ? error : new Error(String(error));
    }
  }
  return relay;
}

export default {
  async fetch(request: Request, env: RelayWorkerEnv): Promise<Response> {
    const handler = relayFor(env);
    if (handler instanceof Error) {
      // The widget keeps the lead on a 503 with Retry-After; a 4xx would make it drop the lead.
      console.log(
        jsonLogLine({ time: new Date().toISOString(), level: 'error', method: request.method, route: '(any)', status: 503, ms: 0, problem: handler.message }),
      );
      return new Response(JSON.stringify({ errors: [{ key: '(relay)', code: 'misconfigured' }] }), {
        status: 503,
        headers: { 'Content-Type': 'application/json; charset=utf-8', 'Retry-After': '60', 'Cache-Control': 'no-store' },
      });
    }
    // Cloudflare sets CF-Connecting-IP itself; a client cannot forge it.
    const clientAddress = request.headers.get('CF-Connecting-IP') ?? undefined;
    return handler(request, clientAddress ? { clientAddress } : {});
  },
};
