import { type CheckLeadOptions, checkLead } from '../lead/check-lead.js';
import type { Lead } from '../lead/schema.js';
import { DEFAULT_ENDPOINT, sendLead } from '../lead/send-lead.js';
import { decodeUtf8, readBody } from './body.js';
import { DEFAULT_RETRY_AFTER_SECONDS, type RelayAnswer, answerForUpstream } from './answers.js';
import { RelayConfigError } from './config-error.js';
import { type IdempotencyStore, inFlight, isIdempotencyKey, memoryIdempotencyStore } from './idempotency.js';
import { type RelayLogRecord, jsonLogLine } from './log.js';
import { META_METHODS, type MetaOptions, type MetaRoute, createMetaRoute } from './meta.js';
import { parseAllowedOrigins } from './origins.js';
import { DEFAULT_RATE_LIMIT, type RateLimit, type RateLimiter, memoryRateLimiter, rateLimitKey } from './rate-limit.js';

/** Largest `POST /leads` body accepted, in bytes: a full lead is under 3 KB. */
export const MAX_BODY_BYTES = 16 * 1024;

/** How long Zappy may take before the relay answers 504: less than the widget's own 10 s timeout. */
export const DEFAULT_UPSTREAM_TIMEOUT_MS = 8_000;

/**
 * Options of {@link createRelay}. Secrets come in here, from wherever the
 * runtime keeps them (environment variables, Worker secrets); the relay never
 * reads globals.
 */
export interface RelayOptions {
  /** The business's private createLead hash. Required; never logged nor returned. */
  accountHash: string;
  /**
   * Origins whose pages may post (`https://www.salao.pt`, `https://*.salao.pt`).
   * Empty, absent or `['*']`: every origin. A page on the relay's own host
   * may always post, over https or http (see `isOwnOrigin`).
   */
  allowedOrigins?: string | readonly string[];
  /** Upstream createLead URL. Default Zappy's ({@link DEFAULT_ENDPOINT}). */
  endpoint?: string;
  /**
   * Requests per client address: a {@link RateLimit} counted in memory
   * (default 10 per 60 s), a {@link RateLimiter} of your own (the Workers
   * binding), or `false` for none.
   */
  rateLimit?: RateLimit | RateLimiter | false;
  /**
   * Where the client address (for the rate limit) comes from:
   * - `false` (default): the connection's (`context.clientAddress`).
   * - `true`, or a number of proxies in front: `X-Forwarded-For`, that many
   *   entries from its end (1 for `true`: the address your own proxy appended;
   *   anything before it is the client's to write).
   * - `'cloudflare'`: the `CF-Connecting-IP` header, for a Node relay whose
   *   traffic all comes through Cloudflare (a Worker needs nothing: Cloudflare
   *   sets it, and the Worker entry passes it on).
   */
  trustProxy?: boolean | number | 'cloudflare';
  /**
   * Where delivered `Idempotency-Key`s (and Meta's `leadgen_id`s) are
   * remembered. Default: this process's memory, 48 h.
   */
  idempotency?: IdempotencyStore;
  /** Milliseconds Zappy may take. Default {@link DEFAULT_UPSTREAM_TIMEOUT_MS}. */
  upstreamTimeoutMs?: number;
  /** How leads are checked: as the widget checks them, postal codes of any country. */
  checks?: Pick<CheckLeadOptions, 'defaultCountry'>;
  /** Receives one record per request. Default: one JSON line on standard output. */
  log?: (record: RelayLogRecord) => void;
  /**
   * Meta's Lead Ads webhook (`GET`/`POST /meta`): leads of Facebook and
   * Instagram instant forms. Absent: the route answers 404.
   */
  meta?: MetaOptions;
  /** Clock, for tests. Default `Date.now`. */
  now?: () => number;
  /** The `fetch` that reaches Zappy. Default the global one; the Node command passes `nodeFetch` (`./node.ts`). */
  fetch?: typeof fetch;
}

/** What the runtime adapter knows about a request beyond the `Request` itself. */
export interface RelayRequestContext {
  /** The peer address of the connection (Node), or the one Cloudflare vouches for (Workers). */
  clientAddress?: string;
}

/** A standard Fetch API handler: runs on Node, Workers, Deno, Vercel, Netlify. */
export type RelayHandler = (request: Request, context?: RelayRequestContext) => Promise<Response>;

export { RelayConfigError } from './config-error.js';

const LEADS_METHODS = 'POST, OPTIONS';
const HEALTH_METHODS = 'GET, HEAD';

const errors = (key: string, code: string) => ({ errors: [{ key, code }] });

/** The answer to a lead whose `Idempotency-Key` was delivered before: delivered, not forwarded again. */
const REPLAYED: RelayAnswer = Object.freeze({ status: 200, body: { delivered: true, replayed: true } });

/**
 * Whether `origin` is the relay's own site: the host the request was sent to
 * (or, behind a trusted proxy, the one it forwarded), over http or https,
 * since a TLS proxy in front makes the relay see `http://`.
 */
function isOwnOrigin(origin: string, url: URL, request: Request, trustProxy: number | 'cloudflare'): boolean {
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false;
  }
  const forwarded = trustProxy ? request.headers.get('X-Forwarded-Host')?.split(',')[0]?.trim().toLowerCase() : undefined;
  return host === url.host || host === forwarded;
}

/** The route a path ends in: the relay can be mounted under any prefix (`/api/leads`). */
function routeOf(pathname: string): 'leads' | 'health' | 'meta' | undefined {
  const last = pathname.replace(/\/$/, '').split('/').pop();
  return last === 'leads' || last === 'health' || last === 'meta' ? last : undefined;
}

function mediaType(request: Request): string {
  return (request.headers.get('Content-Type') ?? '').split(';')[0]!.trim().toLowerCase();
}

/** The client address per `trustProxy`, or `'unknown'`. */
function clientAddress(request: Request, context: RelayRequestContext, trustProxy: number | 'cloudflare'): string {
  if (trustProxy === 'cloudflare') {
    const address = request.headers.get('CF-Connecting-IP')?.trim();
    if (address) return address;
  } else if (trustProxy > 0) {
    const hops = (request.headers.get('X-Forwarded-For') ?? '').split(',').map((hop) => hop.trim()).filter(Boolean);
    const client = hops[hops.length - trustProxy] ?? hops[0];
    if (client) return client;
  }
  return context.clientAddress ?? 'unknown';
}

function isRateLimiter(value: RelayOptions['rateLimit']): value is RateLimiter {
  return typeof value === 'object' && typeof (value as RateLimiter).limit === 'function';
}

/**
 * Creates the relay: a Fetch API handler that takes the widget's leads on the
 * business's own domain, checks them with the widget's own lead core, and
 * forwards them to Zappy's createLead with the account hash, which never
 * reaches a page.
 *
 * Routes (matched on the last path segment, so any prefix works):
 * - `POST /leads`: the widget's JSON body. 403 for an origin not allowed, 429
 *   over the rate limit, 413 over 16 KB, 415 unless JSON, 400 for malformed
 *   JSON or a lead that breaks the contract (`{ errors: [{ key, code }] }`);
 *   else Zappy's outcome as `answerForUpstream` maps it. An `Idempotency-Key`
 *   already delivered is answered 200 without forwarding again.
 * - `OPTIONS /leads`: the CORS pre-flight.
 * - `GET /health`: `{ status: 'ok', ... }`, nothing secret.
 * - `GET`/`POST /meta`, with `meta` set: Meta's Lead Ads webhook (see
 *   `createMetaRoute` in `./meta.ts`); 404 without.
 *
 * @throws RelayConfigError when `accountHash` is missing or an option is malformed.
 * @example
 * const relay = createRelay({ accountHash: env.ZAPPY_ACCOUNT_HASH, allowedOrigins: 'https://www.salao.pt' });
 * export default { fetch: (request) => relay(request) };
 */
export function createRelay(options: RelayOptions): RelayHandler {
  if (typeof options.accountHash !== 'string' || options.accountHash.trim() === '') {
    throw new RelayConfigError('ZAPPY_ACCOUNT_HASH is not set: the relay needs the account hash Zappy support activated.');
  }
  const accountHash = options.accountHash.trim();
  const endpoint = options.endpoint || DEFAULT_ENDPOINT;
  try {
    const url = new URL(endpoint);
    if (!/^https?:$/.test(url.protocol)) throw new TypeError('not http');
  } catch {
    // Not echoed: a URL may carry a hash in its query.
    throw new RelayConfigError('ZAPPY_ENDPOINT is not an http(s) URL.');
  }
  const origins = parseAllowedOrigins(options.allowedOrigins);
  const rateLimit = options.rateLimit ?? DEFAULT_RATE_LIMIT;
  const limiter: RateLimiter | undefined =
    rateLimit === false ? undefined : isRateLimiter(rateLimit) ? rateLimit : memoryRateLimiter({ ...rateLimit, ...(options.now ? { now: options.now } : {}) });
  const trustProxy = options.trustProxy === true ? 1 : options.trustProxy || 0;
  const store = options.idempotency ?? memoryIdempotencyStore(options.now ? { now: options.now } : {});
  const timeoutMs = options.upstreamTimeoutMs ?? DEFAULT_UPSTREAM_TIMEOUT_MS;
  const checks: CheckLeadOptions = { ...options.checks, postalCodes: 'any' };
  const log = options.log ?? ((record: RelayLogRecord) => console.log(jsonLogLine(record)));
  const now = options.now ?? Date.now;
  /** Deliveries under way, by key: a second request with the key waits for the first. */
  const deliveries = inFlight<RelayAnswer>();

  const health = {
    status: 'ok',
    service: 'zappy-lead-relay',
    origins: origins.open ? 'any' : 'listed',
    rateLimit: rateLimit === false ? 'off' : isRateLimiter(rateLimit) ? 'custom' : `${rateLimit.limit}/${rateLimit.windowMs / 1000}s`,
    meta: options.meta ? 'on' : 'off',
  };

  async function forward(lead: Lead, key: string | undefined): Promise<RelayAnswer> {
    const result = await sendLead(lead, { endpoint, accountHash, timeoutMs, ...(options.fetch ? { fetch: options.fetch } : {}) });
    const answer = answerForUpstream(result);
    if (result.kind === 'delivered' && key) {
      try {
        await store.remember(key);
      } catch (error) {
        // Zappy has the lead: say so. A 5xx here would make the widget send it again, and again.
        answer.problem = `delivered, but the idempotency store failed (${error instanceof Error ? error.name : typeof error}): a retry of this lead would be forwarded again`;
      }
    }
    return answer;
  }

  const meta: MetaRoute | undefined = options.meta
    ? createMetaRoute(options.meta, {
        deliver: forward,
        store,
        now,
        logLead: (fields) =>
          log({ time: new Date(now() - fields.ms).toISOString(), level: fields.problem ? 'error' : 'info', method: 'POST', route: '/meta', ...fields }),
      })
    : undefined;

  /** `POST /leads`, once the origin is allowed. Fills `record` with what the log line needs. */
  async function postLead(request: Request, context: RelayRequestContext, record: Partial<RelayLogRecord>): Promise<RelayAnswer> {
    if (limiter) {
      const verdict = await limiter.limit(rateLimitKey(clientAddress(request, context, trustProxy)));
      if (!verdict.ok) {
        return { status: 429, retryAfterSeconds: Math.max(1, Math.ceil(verdict.retryAfterMs / 1000)), body: errors('(client)', 'rate_limited') };
      }
    }
    const headerKey = request.headers.get('Idempotency-Key');
    const key = isIdempotencyKey(headerKey) ? headerKey : undefined;
    if (key) {
      record.leadId = key;
      if (await store.delivered(key)) {
        record.code = 'replayed';
        return REPLAYED;
      }
    }
    if (mediaType(request) !== 'application/json') return { status: 415, body: errors('(body)', 'unsupported_media_type') };
    const raw = await readBody(request, MAX_BODY_BYTES);
    if (raw.kind === 'too-big') return { status: 413, body: errors('(body)', 'too_big') };
    const body = decodeUtf8(raw.bytes);
    if (body.kind === 'not-utf8') return { status: 400, body: errors('(body)', 'invalid_encoding') };
    let json: unknown;
    try {
      json = JSON.parse(body.text);
    } catch {
      return { status: 400, body: errors('(body)', 'invalid_json') };
    }
    const checked = checkLead(json, checks);
    if (!checked.ok) {
      record.code = 'invalid';
      return { status: 400, body: { errors: checked.issues } };
    }

    let delivery: Promise<RelayAnswer>;
    if (key) {
      // Asked again inside the run: a first request with this key may have been delivered while this body was arriving.
      const run = deliveries(key, async () => ((await store.delivered(key)) ? REPLAYED : forward(checked.lead, key)));
      if (run.joined) record.code = 'joined';
      delivery = run.outcome;
    } else delivery = forward(checked.lead, undefined);
    const answer = await delivery;
    if (answer === REPLAYED) record.code = 'replayed';
    if (answer.upstream !== undefined) record.upstream = answer.upstream;
    return answer;
  }

  return async function relay(request: Request, context: RelayRequestContext = {}): Promise<Response> {
    const started = now();
    const url = new URL(request.url);
    const route = routeOf(url.pathname);
    const origin = request.headers.get('Origin');
    const record: Partial<RelayLogRecord> = {};
    const headers = new Headers({ 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
    let answer: RelayAnswer;

    if (route === 'leads') {
      headers.set('Vary', 'Origin');
      const allowed = origin === null || isOwnOrigin(origin, url, request, trustProxy) || origins.allows(origin);
      if (origin !== null) record.origin = origin;
      if (allowed && origin !== null) {
        headers.set('Access-Control-Allow-Origin', origin);
        headers.set('Access-Control-Expose-Headers', 'Retry-After');
      }
      if (!allowed) {
        record.code = 'origin_not_allowed';
        answer = { status: 403, body: errors('Origin', 'not_allowed') };
      } else if (request.method === 'OPTIONS') {
        headers.set('Access-Control-Allow-Methods', LEADS_METHODS);
        headers.set('Access-Control-Allow-Headers', 'Content-Type, Idempotency-Key');
        // Chromium caps it at 2 h; Firefox at 24 h.
        headers.set('Access-Control-Max-Age', '7200');
        answer = { status: 204, body: null };
      } else if (request.method === 'POST') {
        try {
          answer = await postLead(request, context, record);
        } catch (error) {
          // A fault of the relay itself: the widget keeps the lead and tries again.
          answer = { status: 503, retryAfterSeconds: DEFAULT_RETRY_AFTER_SECONDS.unavailable, body: errors('(relay)', 'internal_error') };
          record.problem = `relay error: ${error instanceof Error ? error.name : typeof error}`;
        }
      } else {
        headers.set('Allow', LEADS_METHODS);
        answer = { status: 405, body: errors('(method)', 'method_not_allowed') };
      }
    } else if (route === 'meta' && meta) {
      if (request.method === 'GET' || request.method === 'POST') {
        try {
          answer = await meta(request, record);
        } catch (error) {
          // A fault of the relay itself: Meta sends the notification again.
          answer = { status: 503, body: errors('(relay)', 'internal_error') };
          record.problem = `relay error: ${error instanceof Error ? error.name : typeof error}`;
        }
      } else {
        headers.set('Allow', META_METHODS);
        answer = { status: 405, body: errors('(method)', 'method_not_allowed') };
      }
    } else if (route === 'health') {
      if (request.method === 'GET' || request.method === 'HEAD') answer = { status: 200, body: health };
      else {
        headers.set('Allow', HEALTH_METHODS);
        answer = { status: 405, body: errors('(method)', 'method_not_allowed') };
      }
    } else {
      answer = { status: 404, body: errors('(route)', 'not_found') };
    }

    if (answer.retryAfterSeconds !== undefined) headers.set('Retry-After', String(answer.retryAfterSeconds));
    if (answer.problem) record.problem = answer.problem;
    let body: string | null = null;
    if (answer.text !== undefined) {
      headers.set('Content-Type', 'text/plain; charset=utf-8');
      body = answer.text;
    } else if (answer.body !== null) {
      headers.set('Content-Type', 'application/json; charset=utf-8');
      if (request.method !== 'HEAD') body = JSON.stringify(answer.body);
    }
    log({
      time: new Date(started).toISOString(),
      level: record.problem ? 'error' : 'info',
      method: request.method,
      // Only the known route names: an unknown path could carry anything.
      route: route && (route !== 'meta' || meta) ? `/${route}` : '(other)',
      status: answer.status,
      ms: now() - started,
      ...record,
    });
    return new Response(body, { status: answer.status, headers });
  };
}
