import type { MetadataJson } from 'libphonenumber-js/core/es6';

/**
 * The phone metadata of the published builds, as the build writes it: a cut
 * of libphonenumber-js's `max` metadata generated on every build from the
 * installed package (`.config/build/phone-metadata.js`; why, in
 * `../form/phone-rules.ts`). Plain data; {@link unpackPhoneMetadata} turns it into
 * the `MetadataJson` the library reads.
 */
export interface PackedPhoneMetadata {
  /**
   * Numbering plans of the curated countries, by country code: metadata
   * version 4 arrays with types, formatting rules left out.
   */
  readonly exact: Readonly<Record<string, readonly unknown[]>>;
  /**
   * One line per country, in the library's calling-code order (the first
   * country of a calling code is its main one), fields separated by tabs:
   * `callingCode country` for a curated country; otherwise
   * `callingCode country idd lengths nationalPrefix prefixForParsing
   * transformRule leadingDigits`, where an empty `idd` is `00`, `lengths` is a
   * comma-separated list and empty trailing fields are left out. Country `001`
   * is a non-geographic calling code (+800, +881, ...).
   */
  readonly lines: string;
}

/** Country code of the non-geographic calling codes in libphonenumber's data. */
const NON_GEOGRAPHIC = '001';

/**
 * Rebuilds the metadata from its packed form. A country outside the curated
 * set gets no number types and a national number pattern that accepts any
 * digits of one of its possible lengths: libphonenumber then calls a number
 * valid by its length alone, like its `min` metadata, and `getType()` returns
 * `undefined`.
 *
 * @example
 * unpackPhoneMetadata({ exact: {}, lines: '351\tPT\t\t9' }).countries.PT
 * // ['351', '00', '\\d{9}', [9]]
 */
export function unpackPhoneMetadata(packed: PackedPhoneMetadata): MetadataJson {
  const callingCodes: Record<string, string[]> = {};
  const countries: Record<string, unknown> = {};
  const nonGeographic: Record<string, unknown> = {};
  for (const line of packed.lines.split('\n')) {
    const [callingCode = '', country = '', idd, lengths = '', prefix, prefixForParsing, transformRule, leadingDigits] =
      line.split('\t');
    const possibleLengths = lengths.split(',').map(Number);
    const plan = packed.exact[country] ?? [
      callingCode,
      idd || '00',
      possibleLengths.map((length) => `\\d{${length}}`).join('|'),
      possibleLengths,
      0,
      prefix || 0,
      0,
      prefixForParsing || 0,
      transformRule || 0,
      0,
      leadingDigits || 0,
    ];
    if (country === NON_GEOGRAPHIC) {
      nonGeographic[callingCode] = plan;
    } else {
      countries[country] = plan;
      (callingCodes[callingCode] ??= []).push(country);
    }
  }
  return { version: 4, country_calling_codes: callingCodes, countries, nonGeographic } as unknown as MetadataJson;
}
