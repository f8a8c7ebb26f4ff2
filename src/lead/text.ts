import { type Check, fail, pass } from './check.js';

/** Why {@link checkText} refused a value. */
export type TextReason = 'empty' | 'too-long';

// Line breaks and tabs are control characters too, but they separate words:
// they become a space, while the other controls (NUL, ESC, C1...) vanish.
const CONTROL = /\p{Cc}/gu;
const SPACING_CONTROL = /^[\t\n\v\f\r\x85]$/;
// A lone surrogate is broken UTF-16 (a bad paste or a truncated emoji): it
// cannot be sent as valid UTF-8, so it is dropped rather than sent as U+FFFD.
const LONE_SURROGATE = /\p{Cs}/gu;
const WHITESPACE_RUN = /\s+/g;

/**
 * Tidies single-line free text: trims, turns every run of whitespace (spaces,
 * tabs, line breaks, Unicode spaces) into one space, and removes control
 * characters and lone surrogates. Emoji, combining marks and right-to-left
 * text are kept as typed.
 *
 * @example
 * tidyText('  Rua\tdo Ouro,\n 12 '); // 'Rua do Ouro, 12'
 */
export function tidyText(raw: string): string {
  return raw
    .replace(CONTROL, (c) => (SPACING_CONTROL.test(c) ? ' ' : ''))
    .replace(LONE_SURROGATE, '')
    .replace(WHITESPACE_RUN, ' ')
    .trim();
}

/**
 * Normalises free text with {@link tidyText} and checks its length, counted in
 * UTF-16 code units like zod's `maxLength`, so an accepted value always passes
 * the schema. Over-long text is refused, never truncated. Never throws.
 *
 * @example
 * checkText(' Lisboa ', 100);   // { ok: true, value: 'Lisboa' }
 * checkText('a'.repeat(101), 100); // { ok: false, reason: 'too-long' }
 */
export function checkText(raw: string, maxLength: number): Check<string, TextReason> {
  const value = tidyText(raw);
  if (value === '') return fail('empty');
  if (value.length > maxLength) return fail('too-long');
  return pass(value);
}
