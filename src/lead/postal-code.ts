import { type Check, fail, pass } from './check.js';
import { MAX_LENGTH } from './limits.js';
import { tidyText } from './text.js';

/**
 * Why {@link checkPostalCode} refused a value (codes, not UI text).
 *
 * - `empty`: blank after tidying (the caller decides whether that is an error).
 * - `format`: Portugal only, not `NNNN-NNN` with a first digit 1-9.
 * - `too-long`: other countries only, more than `MAX_LENGTH.client_zipcode`
 *   UTF-16 code units after tidying.
 */
export type PostalCodeReason = 'empty' | 'format' | 'too-long';

// `1000-001`, `1000 001`, `1000001`, `1000 – 001`: the 4 + 3 digits with at most
// one dash of any kind (word processors and phones turn `-` into `–`) and any
// spaces around it. Nothing starts with 0.
const PT_CODE = /^([1-9][0-9]{3})\s*[\p{Pd}\u2212]?\s*([0-9]{3})$/u;

/**
 * Normalises and checks a postal code (`client_zipcode`).
 *
 * For Portugal (`'PT'`, the default, any case) the value returned is
 * `NNNN-NNN`; spaces, a missing dash or an en-dash are accepted. Other
 * countries' codes are free text, tidied like any other (`tidyText`: trimmed,
 * whitespace collapsed, control characters removed, case kept); only their
 * length is checked, so `format` never comes back for them. Never throws.
 *
 * @example
 * checkPostalCode(' 1000 001 ');      // { ok: true, value: '1000-001' }
 * checkPostalCode('0100-001');        // { ok: false, reason: 'format' }
 * checkPostalCode('sw1a  1aa', 'GB'); // { ok: true, value: 'sw1a 1aa' }
 */
export function checkPostalCode(raw: string, country = 'PT'): Check<string, PostalCodeReason> {
  const value = tidyText(raw);
  if (value === '') return fail('empty');
  if (country.trim().toUpperCase() === 'PT') {
    const match = PT_CODE.exec(value);
    return match ? pass(`${match[1]}-${match[2]}`) : fail('format');
  }
  if (value.length > MAX_LENGTH.client_zipcode) return fail('too-long');
  return pass(value);
}
