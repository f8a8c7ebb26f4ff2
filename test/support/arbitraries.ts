import fc from 'fast-check';

/**
 * Any sequence of UTF-16 code units, lone surrogates included: what a field's
 * `value` can hold once a paste or a script has been at it.
 */
export const utf16 = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)) });

/**
 * Any text a checker may be handed: binary and ASCII strings, grapheme
 * clusters (emoji, combining marks) and raw {@link utf16}, one kind picked at
 * random per value. `alsoLike` adds strings shaped like the field's real
 * input (`fc.stringMatching(...)`), each as likely as the kinds above, so that
 * a property reaches the checker's accepting paths too.
 *
 * @example
 * fc.property(anyTextOr(fc.stringMatching(/^[0-9]{4}-[0-9]{3}$/)), (raw) => ...)
 */
export function anyTextOr(...alsoLike: fc.Arbitrary<string>[]): fc.Arbitrary<string> {
  return fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary-ascii' }), fc.string({ unit: 'grapheme' }), utf16, ...alsoLike);
}

/** {@link anyTextOr} with nothing added: any text, with no bias towards a field's format. */
export const anyText = anyTextOr();
