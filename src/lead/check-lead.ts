import { checkBirthday } from './birthday.js';
import type { Check } from './check.js';
import { checkCitizenCard } from './citizen-card.js';
import { checkEmail } from './email.js';
import { MAX_LENGTH, type TextKey } from './limits.js';
import { checkName } from './name.js';
import { checkNif } from './nif.js';
import { checkMobile } from './phone.js';
import { checkPostalCode } from './postal-code.js';
import { LEAD_KEYS, type Lead, type LeadIssue, parseLead } from './schema.js';
import { checkText } from './text.js';

/** Options of {@link checkLead}. */
export interface CheckLeadOptions {
  /**
   * ISO 3166-1 alpha-2 country of mobile numbers written without a country
   * code, and of postal codes when {@link postalCodes} is `'country'`.
   * Default `'PT'`.
   */
  defaultCountry?: string;
  /**
   * How postal codes are judged:
   * - `'country'` (default): by `defaultCountry`'s rules, as a form with that
   *   `default-country` judges them (Portugal's `NNNN-NNN`, elsewhere free text).
   * - `'any'`: a Portuguese-shaped code is normalised to `NNNN-NNN`, anything
   *   else is free text. For a receiver that cannot know which country the
   *   form asked about (the relay serves forms of every `default-country`).
   */
  postalCodes?: 'country' | 'any';
  /** "Now", for the birthday's "not in the future" rule. Default: the current date. */
  today?: Date;
}

/** Outcome of {@link checkLead}: the normalised payload, or every problem found. */
export type CheckedLead = { ok: true; lead: Lead } | { ok: false; issues: LeadIssue[] };

type TextCheck = (value: string, options: CheckLeadOptions) => Check<string, string>;

/** Keys whose value has a checker of its own; every other text key is free text. */
const TEXT_CHECKERS: Partial<Record<TextKey, TextCheck>> = {
  client_name: (value) => checkName(value),
  client_email: (value) => checkEmail(value),
  client_mobile: (value, { defaultCountry = 'PT' }) => checkMobile(value, { defaultCountry }),
  client_vat: (value) => checkNif(value),
  client_cc: (value) => checkCitizenCard(value),
  client_zipcode: (value, { defaultCountry = 'PT', postalCodes = 'country' }) => {
    if (postalCodes === 'country') return checkPostalCode(value, defaultCountry);
    const portuguese = checkPostalCode(value, 'PT');
    return portuguese.ok ? portuguese : checkText(value, MAX_LENGTH.client_zipcode);
  },
};

const BIRTHDAY_KEYS = {
  day: 'client_birth_day',
  month: 'client_birth_month',
  year: 'client_birth_year',
} as const;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Absent, `null` or blank: an optional key left out. */
const isBlank = (value: unknown): boolean =>
  value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/**
 * Checks and normalises a createLead payload that did not come from a
 * visitor's form (a relayed request, a Meta lead, a spreadsheet row) with the
 * same checkers the form uses: the name and free text tidied and measured, the
 * email, the mobile (only a number that can take a text message, sent in
 * E.164), the NIF, the Cartão de Cidadão, the postal code and the birthday.
 *
 * Keys outside the contract are dropped; blank optional values are left out.
 * Text keys take strings; the birthday parts take numbers or digit strings
 * (`'07'`), or a month name. Problems come back as data, one per key
 * (`{ key: 'client_email', code: 'format' }`), with the checkers' reason codes,
 * `invalid_type` for a value of the wrong type, or `empty` for a missing name.
 * Pure; never throws.
 *
 * @example
 * checkLead({ client_name: ' Ana ', client_mobile: '912 345 678', utm: 'x' });
 * // { ok: true, lead: { client_name: 'Ana', client_mobile: '+351912345678' } }
 * checkLead({ client_name: 'Ana', client_vat: '123456780' });
 * // { ok: false, issues: [{ key: 'client_vat', code: 'check-digit' }] }
 */
export function checkLead(input: unknown, options: CheckLeadOptions = {}): CheckedLead {
  if (!isPlainObject(input)) return { ok: false, issues: [{ key: '(body)', code: 'invalid_type' }] };
  const lead: Record<string, string | number> = {};
  const issues: LeadIssue[] = [];

  for (const key of LEAD_KEYS) {
    if (key === 'client_birth_day' || key === 'client_birth_month' || key === 'client_birth_year') continue;
    const value = input[key];
    if (isBlank(value)) {
      if (key === 'client_name') issues.push({ key, code: 'empty' });
      continue;
    }
    if (typeof value !== 'string') {
      issues.push({ key, code: 'invalid_type' });
      continue;
    }
    const check = TEXT_CHECKERS[key] ?? ((text: string) => checkText(text, MAX_LENGTH[key]));
    const result = check(value, options);
    if (result.ok) lead[key] = result.value;
    else if (result.reason !== 'empty' || key === 'client_name') issues.push({ key, code: result.reason });
  }

  const birthday = birthdayOf(input, options, issues);
  if (birthday) Object.assign(lead, birthday);

  if (issues.length > 0) return { ok: false, issues };
  // The checkers' values always fit the schema; this is the last guard of the contract.
  return parseLead(lead);
}

/** The birthday parts of `input`, checked as the form's three inputs are; problems go to `issues`. */
function birthdayOf(input: Record<string, unknown>, options: CheckLeadOptions, issues: LeadIssue[]): Partial<Lead> | undefined {
  const parts = { day: '', month: '', year: '' };
  let typeIssue = false;
  for (const part of ['day', 'month', 'year'] as const) {
    const value = input[BIRTHDAY_KEYS[part]];
    if (isBlank(value)) continue;
    if (typeof value === 'number' && Number.isFinite(value)) parts[part] = String(value);
    else if (typeof value === 'string') parts[part] = value;
    else {
      issues.push({ key: BIRTHDAY_KEYS[part], code: 'invalid_type' });
      typeIssue = true;
    }
  }
  if (typeIssue) return undefined;
  const result = checkBirthday(parts, options.today ? { today: options.today } : {});
  if (result.ok) {
    const { day, month, year } = result.value;
    return { client_birth_day: day, client_birth_month: month, ...(year === undefined ? {} : { client_birth_year: year }) };
  }
  if (result.reason !== 'empty') {
    for (const part of result.parts) issues.push({ key: BIRTHDAY_KEYS[part], code: result.reason });
  }
  return undefined;
}
