import type { Attribution } from './campaign/attribution.js';
import type { Lead } from './lead/schema.js';
import type { RetryReason } from './lead/send-lead.js';

/** `zappy-lead-submit`: a valid lead is about to be sent. Cancelable. */
export interface LeadSubmitDetail {
  /** Generated when the visitor submitted; the same id follows the lead through every later event. */
  readonly id: string;
  /** The exact payload that will be POSTed. */
  readonly lead: Lead;
  /** With `attribution`: what it captured (campaign link, referrer, landing page). */
  readonly attribution?: Attribution;
}

/** `zappy-lead-sent`: createLead answered 2xx. */
export interface LeadSentDetail {
  readonly id: string;
  readonly lead: Lead;
  /** The HTTP status. */
  readonly status: number;
}

/**
 * `zappy-lead-queued`: not delivered yet (network, timeout, 429, 5xx). Kept in
 * the outbox for automatic retry unless `kept` is false (storage full or blocked).
 */
export interface LeadQueuedDetail {
  readonly id: string;
  readonly lead: Lead;
  readonly reason: RetryReason;
  /** The HTTP status, for 429 and 5xx. */
  readonly status?: number;
  /** Whether the lead is kept for automatic retry. */
  readonly kept: boolean;
}

/** `zappy-lead-refused`: createLead refused the lead (4xx other than 429). */
export interface LeadRefusedDetail {
  readonly id: string;
  readonly lead: Lead;
  /** The HTTP status (0 when the payload was refused before sending). */
  readonly status: number;
}

/** `zappy-lead-invalid`: the visitor submitted with errors. */
export interface LeadInvalidDetail {
  /** The names of the invalid controls, in form order (API keys where there is one). */
  readonly fields: readonly string[];
}

/** `zappy-lead-open`, `zappy-lead-close`: the dialog of `mode="dialog"` opened or closed. */
export type LeadDialogDetail = Record<string, never>;

/** Every event of `<zappy-lead-form>`, by name. */
export interface ZappyLeadFormEventMap {
  'zappy-lead-submit': CustomEvent<LeadSubmitDetail>;
  'zappy-lead-sent': CustomEvent<LeadSentDetail>;
  'zappy-lead-queued': CustomEvent<LeadQueuedDetail>;
  'zappy-lead-refused': CustomEvent<LeadRefusedDetail>;
  'zappy-lead-invalid': CustomEvent<LeadInvalidDetail>;
  'zappy-lead-open': CustomEvent<LeadDialogDetail>;
  'zappy-lead-close': CustomEvent<LeadDialogDetail>;
}

/** Builds one of the element's events: bubbling, composed, typed. */
export function createLeadEvent<K extends keyof ZappyLeadFormEventMap>(
  type: K,
  detail: ZappyLeadFormEventMap[K]['detail'],
  options: { cancelable?: boolean } = {},
): ZappyLeadFormEventMap[K] {
  const init = { detail, bubbles: true, composed: true, cancelable: options.cancelable ?? false };
  return new CustomEvent(type, init) as ZappyLeadFormEventMap[K];
}

declare global {
  // Lets `addEventListener('zappy-lead-sent', e => e.detail.lead)` type-check
  // on the element, on any element it bubbles through, and on `document` and
  // `window` (their maps extend this one): the events are composed and bubble.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface GlobalEventHandlersEventMap extends ZappyLeadFormEventMap {}
}
