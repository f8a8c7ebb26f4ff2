/**
 * Whether `text` holds a lone surrogate (broken UTF-16). Checked by code unit:
 * WebKit's `/\p{Cs}/u` misfires now and then, in tests as in the code.
 */
export function hasLoneSurrogate(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
      else return true;
    } else if (unit >= 0xdc00 && unit <= 0xdfff) {
      return true;
    }
  }
  return false;
}

// JavaScript's `\s` and the C0/C1 controls, spelled out: WebKit's regex JIT now
// and then misreads `\s` and `\p{Cc}` (see src/lead/text.ts).
const WHITESPACE = /[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]/;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Whether `text` is not tidy single-line text: a control character, any
 * whitespace other than a plain space, or two spaces in a row.
 */
export function hasStrayWhitespaceOrControl(text: string): boolean {
  return text.includes('  ') || CONTROL.test(text) || [...text].some((c) => c !== ' ' && WHITESPACE.test(c));
}
