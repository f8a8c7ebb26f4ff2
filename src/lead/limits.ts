// Apart from ./schema.ts so that the checkers loaded on demand
// (src/form/field-checkers.ts) can read the limits without bringing zod along.

/**
 * Longest value accepted for each free-text key. The contract sets no limits;
 * these are generous for real data and stop a pasted novel (or a bot) from
 * sending megabytes. Email follows RFC 5321's 254-character path limit and an
 * E.164 number is at most 15 digits after the `+`.
 */
export const MAX_LENGTH = {
  form_id: 100,
  campaign_name: 200,
  client_name: 120,
  client_email: 254,
  client_mobile: 16,
  client_source: 100,
  client_segment: 100,
  client_ref: 100,
  client_vat: 20,
  client_cc: 20,
  client_street: 200,
  client_zipcode: 20,
  client_city: 100,
  custom_1: 500,
  custom_2: 500,
} as const;

/** Keys of the contract whose value is free text (every key but the birthday parts). */
export type TextKey = keyof typeof MAX_LENGTH;
