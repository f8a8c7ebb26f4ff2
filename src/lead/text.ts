import { type Check, fail, pass } from './check.js';

/** Why {@link checkText} refused a value. */
export type TextReason = 'empty' | 'too-long';

// Line breaks and tabs are control characters too, but they separate words:
// they become a space, while the other controls (NUL, ESC, C1...) vanish.
// Both classes are spelled out rather than `\p{Cc}` and `\s`: WebKit's
// regular-expression JIT now and then misclassifies other characters (seen
// with CJK compatibility ideographs and lone surrogates), and a name must
// never lose a letter to it.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
const SPACING_CONTROL = /^[\t\n\v\f\r\x85]$/;
const SURROGATE = /[\ud800-\udfff]/;
/** JavaScript's `\s`: ASCII and Unicode spaces, line and paragraph separators, BOM. */
const WHITESPACE_RUN = /[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+/g;

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
  return dropLoneSurrogates(raw)
    .replace(CONTROL, (c) => (SPACING_CONTROL.test(c) ? ' ' : ''))
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

/**
 * Removes lone surrogates: broken UTF-16 (a bad paste, a truncated emoji) that
 * cannot be sent as valid UTF-8, so it is dropped rather than sent as U+FFFD.
 * A loop, not `/\p{Cs}/u`: WebKit's regular expressions miss some of them.
 */
function dropLoneSurrogates(text: string): string {
  // Most text has no surrogates at all (no emoji): skip the loop.
  if (!SURROGATE.test(text)) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const high = unit >= 0xd800 && unit <= 0xdbff;
    const low = unit >= 0xdc00 && unit <= 0xdfff;
    if (high) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) out += text[i]! + text[++i]!;
    } else if (!low) {
      out += text[i];
    }
  }
  return out;
}

/** `text` cut to at most `max` UTF-16 code units, never between the two halves of a character. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  return /[\ud800-\udbff]$/.test(cut) ? cut.slice(0, -1) : cut;
}
