import { type Lead, type LeadIssue, parseLead } from './schema.js';

/** Zappy's createLead endpoint, used when no `endpoint` is given. */
export const DEFAULT_ENDPOINT = 'https://api.zappysoftware.com/4/clientes/createLead';

/** How long a request may take before it is aborted and reported as `retry`. */
export const DEFAULT_TIMEOUT_MS = 10_000;

/** Why a `retry` result was not delivered. */
export type RetryReason = 'network' | 'timeout' | 'aborted' | 'rate-limited' | 'server-error';

/**
 * The discriminated result of {@link sendLead}, by `kind`:
 * - `delivered`: a 2xx; Zappy accepted the lead (or absorbed it as a duplicate).
 * - `refused`: a 4xx other than 429, or a payload that breaks the contract: do not resend it unchanged.
 * - `retry`: not delivered yet (network error, timeout, abort, 429, 5xx): keep it and try again.
 */
export type SendResult =
  | { readonly kind: 'delivered'; readonly status: number }
  | {
      readonly kind: 'refused';
      /** The HTTP status, or 0 when the payload was refused before sending. */
      readonly status: number;
      /** Present when the payload itself broke the contract. */
      readonly issues?: readonly LeadIssue[];
    }
  | {
      readonly kind: 'retry';
      readonly reason: RetryReason;
      /** The HTTP status for 429 and 5xx. */
      readonly status?: number;
      /** The server's `Retry-After`, in milliseconds, when it sent one. */
      readonly retryAfterMs?: number;
    };

/** Options of {@link sendLead}. */
export interface SendLeadOptions {
  /** Base URL of createLead (absolute, or relative to the page). Default {@link DEFAULT_ENDPOINT}. */
  endpoint?: string;
  /** The business's private hash, sent as the `accountHash` query parameter. */
  accountHash?: string;
  /** Aborts the request; the result is then `retry` with reason `aborted`. */
  signal?: AbortSignal;
  /** Milliseconds before the request is aborted as a `timeout`. Default {@link DEFAULT_TIMEOUT_MS}. */
  timeoutMs?: number;
  /** Lets the request outlive the page (use right before navigating away). */
  keepalive?: boolean;
  /**
   * The lead's id, sent as the `Idempotency-Key` header so a relay of your own
   * (`zappy-lead-form/relay`) forwards a resent lead only once. Not sent to
   * Zappy's own endpoint: Zappy documents no such header, and a header it
   * does not expect would need its CORS approval.
   */
  idempotencyKey?: string;
  /**
   * The `fetch` to send with; the global one by default. The relay's Node
   * command passes a leaner one (`nodeFetch`, on `node:http`): Node 20's
   * built-in `fetch` costs it more CPU than everything else it does.
   */
  fetch?: typeof fetch;
}

/**
 * Builds the createLead URL: the endpoint with `accountHash` set as a query
 * parameter (URL-encoded, replacing any already there; other parameters kept).
 *
 * @throws TypeError when `endpoint` is not a URL (a configuration error, not an outcome).
 * @example
 * createLeadUrl({ accountHash: 'a b' });
 * // 'https://api.zappysoftware.com/4/clientes/createLead?accountHash=a+b'
 */
export function createLeadUrl({ endpoint = DEFAULT_ENDPOINT, accountHash }: SendLeadOptions = {}): string {
  const url = new URL(endpoint, globalThis.location?.href);
  if (accountHash !== undefined && accountHash !== '') url.searchParams.set('accountHash', accountHash);
  return url.href;
}

/**
 * Parses a `Retry-After` header (delay in seconds, or an HTTP date) to milliseconds.
 * Returns `undefined` when absent or unreadable.
 */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // Only an HTTP date has letters (`Wed, 21 Oct 2026 07:28:00 GMT`); Date.parse
  // would also read `-1` as the year 1 BC.
  const date = /[a-z]/i.test(trimmed) ? Date.parse(trimmed) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * POSTs a lead to createLead as JSON and tells what happened.
 *
 * It never rejects for an HTTP or network outcome: every response, network
 * failure, timeout or abort becomes a {@link SendResult}. Keys outside the
 * contract are stripped before sending; a payload that breaks the contract is
 * `refused` with status 0 and never sent. Nothing is logged: the URL carries the
 * account hash and the body personal data.
 *
 * @throws TypeError only for an `endpoint` that is not a URL.
 * @example
 * const result = await sendLead({ client_name: 'Ana' }, { accountHash: 'abc' });
 * if (result.kind === 'retry') queueForLater();
 */
export async function sendLead(lead: Lead, options: SendLeadOptions = {}): Promise<SendResult> {
  const url = createLeadUrl(options);
  const parsed = parseLead(lead);
  if (!parsed.ok) return { kind: 'refused', status: 0, issues: parsed.issues };
  if (options.signal?.aborted) return { kind: 'retry', reason: 'aborted' };

  // One controller for both the caller's signal and the timeout, without
  // AbortSignal.any (missing from the older Safari and WebKitGTK we support).
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const forwardAbort = () => controller.abort();
  options.signal?.addEventListener('abort', forwardAbort, { once: true });

  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (options.idempotencyKey && new URL(url).host !== new URL(DEFAULT_ENDPOINT).host) headers['Idempotency-Key'] = options.idempotencyKey;

  try {
    const response = await (options.fetch ?? fetch)(url, {
      method: 'POST',
      headers,
      body: JSON.stringify(parsed.lead),
      signal: controller.signal,
      keepalive: options.keepalive ?? false,
      // The endpoint needs no cookies; never send the host site's.
      credentials: 'omit',
    });
    const result = classifyResponse(response);
    // Read to the end, not cancelled: a cancelled body closes the connection,
    // and a server (the relay) would open a new one, TLS and all, per lead.
    // The status decides; a body cut short changes nothing.
    await response.arrayBuffer().catch(() => {});
    return result;
  } catch {
    if (timedOut) return { kind: 'retry', reason: 'timeout' };
    if (controller.signal.aborted) return { kind: 'retry', reason: 'aborted' };
    return { kind: 'retry', reason: 'network' };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', forwardAbort);
  }
}

function classifyResponse(response: Response): SendResult {
  const { status } = response;
  if (status >= 200 && status < 300) return { kind: 'delivered', status };
  if (status === 429 || status >= 500) {
    const retryAfterMs = parseRetryAfter(response.headers.get('Retry-After'));
    const reason = status === 429 ? 'rate-limited' : 'server-error';
    return retryAfterMs === undefined
      ? { kind: 'retry', reason, status }
      : { kind: 'retry', reason, status, retryAfterMs };
  }
  // 4xx, and the odd 1xx/3xx that fetch surfaces (an opaque redirect): the
  // endpoint will not take this lead as it is.
  return { kind: 'refused', status };
}
