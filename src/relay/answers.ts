import type { LeadIssue } from '../lead/schema.js';
import type { SendResult } from '../lead/send-lead.js';

/**
 * What the relay answers the widget, as data: the status, a `Retry-After`
 * (seconds) when the widget should keep the lead and try later, the JSON body,
 * and, for the operator, a problem to put in the log line.
 */
export interface RelayAnswer {
  status: number;
  retryAfterSeconds?: number;
  body: unknown;
  /** A plain-text body instead of JSON (the Meta webhook handshake's challenge). */
  text?: string;
  /** A configuration mistake the operator must fix; logged, never sent to the page. */
  problem?: string;
  /** What Zappy answered, for the log: its status, or `timeout`, `network`. */
  upstream?: number | string;
}

/** Seconds announced when Zappy did not say how long to wait. */
// Short for a passing failure: the widget's own backoff (2 s, 4 s, 8 s...)
// still grows; Retry-After only sets the earliest retry.
export const DEFAULT_RETRY_AFTER_SECONDS = { misconfigured: 60, rateLimited: 10, unavailable: 2 } as const;

/** Zappy's answers that mean the relay itself is set up wrong, and what to fix. */
const MISCONFIGURED: Readonly<Record<number, string>> = {
  401: 'Zappy answered 401: the account hash is wrong or not active. Check ZAPPY_ACCOUNT_HASH (Zappy support activates it).',
  403: 'Zappy answered 403: the account hash is not allowed to create leads. Check ZAPPY_ACCOUNT_HASH (Zappy support activates it).',
  404: 'Zappy answered 404: the createLead address is wrong. Check ZAPPY_ENDPOINT (or unset it to use Zappy\'s).',
};

const errors = (key: string, code: string) => ({ errors: [{ key, code }] satisfies LeadIssue[] });

/** `Retry-After` in whole seconds, at least 1. */
const seconds = (ms: number | undefined, fallback: number) =>
  ms === undefined ? fallback : Math.max(1, Math.ceil(ms / 1000));

/**
 * The one table from an upstream outcome ({@link SendResult} of `sendLead`) to
 * the relay's answer, chosen so the widget's outbox does the right thing:
 *
 * | Zappy | relay | widget |
 * |---|---|---|
 * | 2xx | the same 2xx | delivered |
 * | 401, 403, 404 (the relay's hash or endpoint is wrong) | 502 + `Retry-After: 60`, and a loud log line | kept, retried |
 * | any other 4xx (about the lead) | the same 4xx | refused |
 * | 429 | 503 + Zappy's `Retry-After`, or 10 s | kept, retried |
 * | 5xx, network error | 503 + Zappy's `Retry-After`, or 2 s | kept, retried |
 * | no answer in time | 504 + `Retry-After: 2` | kept, retried |
 *
 * A configuration mistake must never turn leads into "refused": the widget
 * would drop them.
 */
export function answerForUpstream(result: SendResult): RelayAnswer {
  const upstream = result.kind === 'retry' ? (result.status ?? result.reason) : result.status;
  return { ...relayAnswerFor(result), upstream };
}

function relayAnswerFor(result: SendResult): RelayAnswer {
  switch (result.kind) {
    case 'delivered':
      // 204 and 205 carry no body (a Response with one cannot even be made).
      return { status: result.status, body: result.status === 204 || result.status === 205 ? null : { delivered: true } };
    case 'refused': {
      const problem = MISCONFIGURED[result.status];
      // Below 400: a redirect fetch could not follow, or a payload sendLead refused before sending. Neither is the lead's fault.
      if (problem || result.status < 400) {
        return {
          status: 502,
          retryAfterSeconds: DEFAULT_RETRY_AFTER_SECONDS.misconfigured,
          body: errors('(upstream)', 'misconfigured'),
          problem: problem ?? `Zappy answered ${result.status}, which createLead never should. Check ZAPPY_ENDPOINT.`,
        };
      }
      return { status: result.status, body: errors('(upstream)', 'refused') };
    }
    case 'retry':
      if (result.reason === 'timeout') {
        return { status: 504, retryAfterSeconds: DEFAULT_RETRY_AFTER_SECONDS.unavailable, body: errors('(upstream)', 'timeout') };
      }
      if (result.reason === 'rate-limited') {
        return {
          status: 503,
          retryAfterSeconds: seconds(result.retryAfterMs, DEFAULT_RETRY_AFTER_SECONDS.rateLimited),
          body: errors('(upstream)', 'rate_limited'),
        };
      }
      return {
        status: 503,
        retryAfterSeconds: seconds(result.retryAfterMs, DEFAULT_RETRY_AFTER_SECONDS.unavailable),
        body: errors('(upstream)', 'unavailable'),
      };
  }
}
