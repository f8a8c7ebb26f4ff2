import * as z from 'zod/mini';
import { MAX_LENGTH, type TextKey } from './limits.js';

export { MAX_LENGTH, type TextKey } from './limits.js';

// zod/mini, not zod: the full entry probes `new Function` (a strict-CSP
// violation) and costs ~18 KB more gzip in the visitor's download.
const text = (key: TextKey) =>
  z.string().check(z.trim(), z.minLength(1), z.maxLength(MAX_LENGTH[key]));
const optionalText = (key: TextKey) => z.optional(text(key));

/**
 * The createLead request body: exactly the 18 keys of the contract
 * (`../shared/reference/createLead.md`). Only `client_name` is required; the
 * birthday parts are JSON numbers, everything else strings.
 *
 * Parsing strips unknown keys, so nothing outside the contract leaves the browser.
 */
export const leadSchema = z.object({
  form_id: optionalText('form_id'),
  campaign_name: optionalText('campaign_name'),
  client_name: text('client_name'),
  client_email: optionalText('client_email'),
  client_mobile: optionalText('client_mobile'),
  client_source: optionalText('client_source'),
  client_segment: optionalText('client_segment'),
  client_ref: optionalText('client_ref'),
  client_vat: optionalText('client_vat'),
  client_cc: optionalText('client_cc'),
  client_birth_day: z.optional(z.number().check(z.multipleOf(1), z.gte(1), z.lte(31))),
  client_birth_month: z.optional(z.number().check(z.multipleOf(1), z.gte(1), z.lte(12))),
  client_birth_year: z.optional(z.number().check(z.multipleOf(1), z.gte(1900), z.lte(2100))),
  client_street: optionalText('client_street'),
  client_zipcode: optionalText('client_zipcode'),
  client_city: optionalText('client_city'),
  custom_1: optionalText('custom_1'),
  custom_2: optionalText('custom_2'),
});

/** A createLead request body, as sent. */
export type Lead = z.infer<typeof leadSchema>;

/** Every key of the contract, in the contract's order. */
export const LEAD_KEYS = Object.keys(leadSchema.shape) as (keyof Lead)[];

/** A problem found in a payload: the offending key and a zod issue code. */
export interface LeadIssue {
  key: string;
  code: string;
}

/** Outcome of {@link parseLead}. */
export type ParsedLead = { ok: true; lead: Lead } | { ok: false; issues: LeadIssue[] };

/**
 * Checks an untrusted object against the contract and returns the payload with
 * unknown keys removed, or the list of problems (as codes, not UI text).
 *
 * @example
 * parseLead({ client_name: 'Ana', utm: 'x' }); // { ok: true, lead: { client_name: 'Ana' } }
 */
export function parseLead(input: unknown): ParsedLead {
  const result = z.safeParse(leadSchema, input);
  if (result.success) return { ok: true, lead: result.data };
  return {
    ok: false,
    issues: result.error.issues.map((issue) => ({
      key: issue.path.map(String).join('.') || '(body)',
      code: issue.code,
    })),
  };
}
