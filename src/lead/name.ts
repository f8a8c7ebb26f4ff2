import type { Check } from './check.js';
import { MAX_LENGTH } from './limits.js';
import { checkText } from './text.js';

/**
 * Why {@link checkName} refused a value (codes, not UI text).
 *
 * - `empty`: nothing left after tidying (the caller decides whether that is an error).
 * - `too-long`: more than `MAX_LENGTH.client_name` UTF-16 code units after tidying.
 */
export type NameReason = 'empty' | 'too-long';

/**
 * Normalises and checks a client's name (`client_name`).
 *
 * Tidies like every free-text field (`tidyText`): trims, turns every run of
 * whitespace (spaces, tabs, line breaks, Unicode spaces) into one space, and
 * removes control characters and lone surrogates; letters, accents, emoji and
 * right-to-left text are kept as typed. The limit is
 * {@link MAX_LENGTH}`.client_name`, counted in UTF-16 code units like zod's
 * `maxLength`, so an accepted value always passes `leadSchema`. Over-long
 * names are refused, never truncated. Never throws.
 *
 * @example
 * checkName('  Ana \n Rita ');  // { ok: true, value: 'Ana Rita' }
 * checkName(' \t ');            // { ok: false, reason: 'empty' }
 * checkName('a'.repeat(121));   // { ok: false, reason: 'too-long' }
 */
export function checkName(raw: string): Check<string, NameReason> {
  return checkText(raw, MAX_LENGTH.client_name);
}
