import { type Check, fail, pass } from './check.js';

/**
 * Why {@link checkCitizenCard} refused a value (codes, not UI text).
 *
 * - `empty`: blank after trimming (the caller decides whether that is an error).
 * - `format`: not `DDDDDDDD C AAT` once spaces and dashes are removed.
 * - `check-digit`: the last digit does not match the other eleven characters.
 */
export type CitizenCardReason = 'empty' | 'format' | 'check-digit';

// Spaces (any Unicode space) and every kind of dash, wherever they are.
const SEPARATORS = /[\s\p{Pd}\u2212]/gu;
// 8-digit civil ID, its check digit, 2 version characters, final check digit.
// ASCII letters spelled out on purpose: a case-insensitive Unicode class would
// also match `ſ` (long s) and `K` (Kelvin sign), and upper-casing `ß` gives `SS`.
const SHAPE = /^[0-9]{9}[A-Za-z0-9]{2}[0-9]$/;

/**
 * Value of one character in the check: `0`-`9` are 0-9, `A`-`Z` are 10-35.
 * Expects an upper-case ASCII letter or digit.
 */
const charValue = (char: string): number => Number.parseInt(char, 36);

/**
 * Normalises and checks the number of a Portuguese citizen card, Cartão de
 * Cidadão (`client_cc`), as printed on the card: `DDDDDDDD C AAT`.
 *
 * Spaces and dashes are optional and letters may be any case; the value
 * returned is the canonical, upper-case, spaced form. The check is the one the
 * card issuer publishes: values 0-35 for `0`-`Z` over all 12 characters, every
 * second value from the right doubled (minus 9 when over 9), total divisible
 * by 10. It catches every single wrong digit, but not every wrong version
 * letter: `A`, `K` and `U` weigh the same, so swapping one for another passes.
 * Never throws.
 *
 * @example
 * checkCitizenCard('000000000zz4');   // { ok: true, value: '00000000 0 ZZ4' }
 * checkCitizenCard('00000000 0 ZZ0'); // { ok: false, reason: 'check-digit' }
 * checkCitizenCard('1234');           // { ok: false, reason: 'format' }
 */
export function checkCitizenCard(raw: string): Check<string, CitizenCardReason> {
  const trimmed = raw.trim();
  if (trimmed === '') return fail('empty');
  const compact = trimmed.replace(SEPARATORS, '');
  if (!SHAPE.test(compact)) return fail('format');
  const chars = compact.toUpperCase();
  let sum = 0;
  for (let i = 0; i < chars.length; i += 1) {
    const value = charValue(chars.charAt(i));
    // Counting from the right, positions 2, 4, ... are doubled: with 12
    // characters those are the even indexes from the left.
    const doubled = i % 2 === 0;
    const weighted = doubled ? value * 2 : value;
    sum += doubled && weighted > 9 ? weighted - 9 : weighted;
  }
  if (sum % 10 !== 0) return fail('check-digit');
  return pass(`${chars.slice(0, 8)} ${chars.charAt(8)} ${chars.slice(9)}`);
}
