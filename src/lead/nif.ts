import { type Check, fail, pass } from './check.js';

/**
 * Why {@link checkNif} refused a value (codes, not UI text).
 *
 * - `empty`: blank after trimming (the caller decides whether that is an error).
 * - `format`: not 9 digits once the `PT` prefix and separators are removed.
 * - `prefix`: 9 digits, but no kind of taxpayer starts with those digits.
 * - `check-digit`: the last digit does not match the other eight (a typo).
 */
export type NifReason = 'empty' | 'format' | 'prefix' | 'check-digit';

// Separators people (and invoices) put in a NIF: any space, dots, and every
// kind of dash (word processors turn `-` into `–`), incl. the minus sign.
const SEPARATORS = /[\s.\p{Pd}\u2212]/gu;
// The VIES form `PT123456789`: the country prefix, any case, at the start only.
const PT_PREFIX = /^[Pp][Tt]/;
const NINE_DIGITS = /^[0-9]{9}$/;
const EIGHT_DIGITS = /^[0-9]{8}$/;
/**
 * Leading digits in use, by kind of taxpayer (Autoridade Tributária): 1-3
 * people, 45 non-resident people, 5 companies, 6 public bodies, 70-79 (not 73
 * or 76) estates, funds, non-residents and special regimes, 90-91 condominiums
 * and unregistered companies, 98 non-residents without a permanent
 * establishment, 99 civil societies. Nothing starts with 0, 4x (but 45) or 8.
 */
const VALID_PREFIX = /^(?:[12356]|45|7[0-2457-9]|9[0189])/;

/**
 * The check digit of a NIF from its first 8 digits (mod 11, weights 9 to 2;
 * a remainder of 0 or 1 gives 0). Returns `NaN` unless given exactly 8 ASCII
 * digits. Useful to build valid NIFs in tests and demos.
 *
 * @example
 * nifCheckDigit('12345678'); // 9, so 123456789 is a valid NIF
 */
export function nifCheckDigit(first8: string): number {
  if (!EIGHT_DIGITS.test(first8)) return Number.NaN;
  let sum = 0;
  for (let i = 0; i < 8; i += 1) sum += Number(first8[i]) * (9 - i);
  const remainder = sum % 11;
  return remainder < 2 ? 0 : 11 - remainder;
}

/**
 * Normalises and checks a Portuguese tax number, NIF / NIPC (`client_vat`).
 *
 * Accepts an optional `PT` prefix (any case) and spaces, dots and dashes
 * anywhere; returns the 9 bare digits. Checks, in this order: 9 digits
 * (`format`), a leading digit or pair in use (`prefix`), the mod-11 check
 * digit (`check-digit`). Does not say whether the number was ever issued.
 * Never throws.
 *
 * @example
 * checkNif('PT 501 964 843'); // { ok: true, value: '501964843' }
 * checkNif('123456780');      // { ok: false, reason: 'check-digit' }
 * checkNif('812345678');      // { ok: false, reason: 'prefix' }
 */
export function checkNif(raw: string): Check<string, NifReason> {
  const trimmed = raw.trim();
  if (trimmed === '') return fail('empty');
  const digits = trimmed.replace(PT_PREFIX, '').replace(SEPARATORS, '');
  if (!NINE_DIGITS.test(digits)) return fail('format');
  if (!VALID_PREFIX.test(digits)) return fail('prefix');
  if (nifCheckDigit(digits.slice(0, 8)) !== Number(digits[8])) return fail('check-digit');
  return pass(digits);
}
