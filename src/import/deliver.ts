/**
 * One row's delivery: sendLead, then the widget's retry policy (../delivery/backoff.ts):
 * backoff with jitter after a network error, a timeout, a 429 or a 5xx, the
 * server's `Retry-After` honoured, never a retry after another 4xx.
 */
import { type BackoffOptions, retryDelay } from '../delivery/backoff.js';
import type { Lead } from '../lead/schema.js';
import { type RetryReason, type SendLeadOptions, sendLead } from '../lead/send-lead.js';
import { type Pace, type Sleep, sleep } from './pace.js';

/** retryDelay's own ceiling, 5 minutes. */
const DEFAULT_MAX_MS = 5 * 60_000;

/** How a delivery ended. */
export type Delivery =
  | { readonly kind: 'delivered'; readonly status: number; readonly attempts: number }
  | { readonly kind: 'refused'; readonly status: number; readonly attempts: number }
  | {
      readonly kind: 'failed';
      /** The last attempt's reason, or `interrupted` when the import was stopped between attempts. */
      readonly reason: RetryReason | 'interrupted';
      readonly status?: number;
      readonly attempts: number;
    };

/** Options of {@link deliver}. */
export interface DeliverOptions extends Pick<SendLeadOptions, 'endpoint' | 'accountHash' | 'timeoutMs' | 'fetch'> {
  /** Sent as `Idempotency-Key` (to a relay; never to Zappy, which documents no such header). */
  idempotencyKey: string;
  /** Retries after the first attempt. */
  retries: number;
  /** The retry delays (baseMs, maxMs, random). */
  backoff?: Omit<BackoffOptions, 'retryAfterMs'>;
  /** The import's shared pace. */
  pace: Pace;
  /**
   * Stops the delivery between attempts (a request under way is let finish,
   * so its outcome is known and journaled).
   */
  signal?: AbortSignal;
  sleep?: Sleep;
}

/**
 * Sends one lead until it is delivered or refused, or the retries run out.
 * Never rejects.
 *
 * @example
 * const delivery = await deliver(lead, { idempotencyKey, retries: 5, pace, accountHash });
 */
export async function deliver(lead: Lead, options: DeliverOptions): Promise<Delivery> {
  const { retries, backoff = {}, pace, signal, sleep: wait = sleep } = options;
  const send: SendLeadOptions = { idempotencyKey: options.idempotencyKey };
  if (options.endpoint !== undefined) send.endpoint = options.endpoint;
  if (options.accountHash !== undefined) send.accountHash = options.accountHash;
  if (options.timeoutMs !== undefined) send.timeoutMs = options.timeoutMs;
  if (options.fetch !== undefined) send.fetch = options.fetch;
  for (let attempt = 1; ; attempt++) {
    try {
      await pace.turn(signal);
    } catch {
      return { kind: 'failed', reason: 'interrupted', attempts: attempt - 1 };
    }
    const result = await sendLead(lead, send);
    if (result.kind === 'delivered') return { kind: 'delivered', status: result.status, attempts: attempt };
    if (result.kind === 'refused') return { kind: 'refused', status: result.status, attempts: attempt };
    const failed = { kind: 'failed', reason: result.reason, ...(result.status === undefined ? {} : { status: result.status }), attempts: attempt } as const;
    // Capped as the backoff caps it: a `Retry-After` of a day would stall the whole import.
    if (result.retryAfterMs !== undefined) pace.holdFor(Math.min(result.retryAfterMs, backoff.maxMs ?? DEFAULT_MAX_MS));
    if (attempt > retries) return failed;
    try {
      await wait(retryDelay(attempt, { ...backoff, retryAfterMs: result.retryAfterMs }), signal);
    } catch {
      return { ...failed, reason: 'interrupted' };
    }
  }
}
