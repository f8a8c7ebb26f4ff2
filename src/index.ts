/**
 * zappy-lead-form: the element class, its events and the pure lead core.
 * Importing this module registers nothing; import `zappy-lead-form/define`
 * (or load the script build) to register `<zappy-lead-form>`.
 */
export { ZappyLeadForm } from './zappy-lead-form.js';
export type {
  LeadSubmitDetail,
  LeadSentDetail,
  LeadQueuedDetail,
  LeadRefusedDetail,
  LeadInvalidDetail,
  LeadDialogDetail,
  ZappyLeadFormEventMap,
} from './events.js';
export type { Attribution } from './campaign/attribution.js';
export type { Messages, Language } from './i18n/messages.js';
export { leadSchema, parseLead, LEAD_KEYS, MAX_LENGTH, type Lead } from './lead/schema.js';
export {
  sendLead,
  createLeadUrl,
  DEFAULT_ENDPOINT,
  type SendResult,
  type SendLeadOptions,
  type RetryReason,
} from './lead/send-lead.js';
