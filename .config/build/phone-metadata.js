// The phone metadata that ships: libphonenumber-js's own `max` metadata, cut
// at build time to what `checkMobile` (src/lead/phone.ts) needs and packed for
// `unpackPhoneMetadata()` (src/lead/phone-metadata-packed.ts). Pure and
// browser-safe: the build (./build.js) runs it on the installed package's
// `metadata.max.json` on every build, and test/phone-metadata.test.ts runs it
// on the same file in the browser to prove that `checkMobile` answers exactly
// as with the complete metadata for the curated countries, and accepts the
// mobile examples of every other country.
//
// Layout of a country in metadata version 4 (libphonenumber-js
// source/metadata.js, class NumberingPlan): 0 calling code, 1 international
// (IDD) prefix, 2 national number pattern, 3 possible lengths, 4 formats,
// 5 national prefix, 6 national prefix formatting rule, 7 national prefix for
// parsing, 8 national prefix transform rule, 9 national prefix optional when
// formatting, 10 leading digits, 11 number types, 12 default IDD prefix,
// 13 extension prefix. Absent values are `0`; trailing ones may be left out.

/** @typedef {import('libphonenumber-js/core/es6').MetadataJson} MetadataJson */

/**
 * Countries kept with their number types, where `checkMobile` tells a mobile
 * from a landline exactly as with the complete metadata. The markets a
 * Portuguese salon's clients come from, the same ones the form shows a
 * national example for (src/form/presentation.ts): Portugal; Brazil, the
 * largest foreign community in Portugal; the United Kingdom, France, Spain,
 * Germany and Italy, the first sources of tourists and foreign residents (and
 * France of the Portuguese diaspora); the United States and Canada.
 *
 * Countries that share a calling code with one of these and have no leading
 * digits of their own (Guernsey and Jersey with +44) are added by
 * {@link packPhoneMetadata}: libphonenumber picks among them by number type.
 */
export const CURATED_COUNTRIES = Object.freeze(['PT', 'BR', 'GB', 'FR', 'ES', 'DE', 'IT', 'US', 'CA']);

/** Country code of the non-geographic calling codes in libphonenumber's data. */
const NON_GEOGRAPHIC = '001';

/**
 * Cuts the `max` metadata down and packs it for
 * `unpackPhoneMetadata()` (src/lead/phone-metadata-packed.ts, which documents
 * the packed form):
 *
 * - Curated countries keep every rule that parsing and `getType()` read,
 *   all ten number types included: `isValid()` is "matches some type", so
 *   without the toll-free or premium patterns such numbers would turn from
 *   `not-mobile` into `invalid`. (Merging those eight non-textable patterns
 *   into one, each bound to its own lengths by a lookahead, was tried: it
 *   came out 60 bytes larger after gzip.) Formatting rules go (formats,
 *   national prefix formatting, default IDD and extension prefixes):
 *   `checkMobile` never formats.
 * - Every other country, and the non-geographic calling codes, keep their
 *   calling code, IDD prefix, possible lengths, national prefix rules and
 *   leading digits, but no number types: a number there is valid when its
 *   length is possible, like the library's `min` metadata, and `getType()` is
 *   `undefined`, which `checkMobile` takes as "cannot tell, accept".
 *
 * @param {MetadataJson} max The parsed `libphonenumber-js/metadata.max.json`.
 * @param {readonly string[]} [curated] Countries to keep exactly.
 * @returns {{ packed: import('../../src/lead/phone-metadata-packed.js').PackedPhoneMetadata, curated: string[] }}
 *   The packed metadata and the countries kept exactly (the requested ones
 *   plus those they pull in).
 */
export function packPhoneMetadata(max, curated = CURATED_COUNTRIES) {
  if (max.version !== 4) throw new Error(`libphonenumber-js metadata version ${max.version}: the cut knows version 4`);
  const plans = /** @type {Record<string, any[]>} */ (max.countries);
  const exact = new Set(curated);
  for (const code of curated) {
    if (!plans[code]) throw new Error(`Curated country ${code} is not in the metadata`);
  }
  for (const members of Object.values(max.country_calling_codes)) {
    if (!members.some((code) => exact.has(code))) continue;
    for (const code of members) {
      if (!plans[code]?.[10]) exact.add(code);
    }
  }

  /** @type {Record<string, unknown[]>} */
  const exactPlans = {};
  const lines = [];
  for (const [callingCode, members] of Object.entries(max.country_calling_codes)) {
    for (const code of members) {
      if (exact.has(code)) {
        exactPlans[code] = exactPlan(plans[code]);
        lines.push(`${callingCode}\t${code}`);
      } else {
        lines.push(lengthsOnlyLine(callingCode, code, plans[code]));
      }
    }
  }
  for (const [callingCode, plan] of Object.entries(/** @type {Record<string, any[]>} */ (max.nonGeographic ?? {}))) {
    lines.push(lengthsOnlyLine(callingCode, NON_GEOGRAPHIC, plan));
  }
  return { packed: { exact: exactPlans, lines: lines.join('\n') }, curated: [...exact].sort() };
}

/**
 * Countries whose rules travel inside the widget; every other country's are
 * loaded on demand (src/lead/phone-metadata.ts). Portugal: most numbers a
 * Portuguese salon's form receives.
 */
export const FIRST_COUNTRIES = Object.freeze(['PT']);

/**
 * The rules the widget has at once: the {@link FIRST_COUNTRIES} (and those
 * sharing their calling codes without leading digits of their own), kept as
 * exactly as in {@link packPhoneMetadata}, as plain `MetadataJson` (too small
 * to be worth packing). Any other calling code is unknown to it: such numbers
 * are `invalid-country` until the rest arrives.
 *
 * @param {MetadataJson} max The parsed `libphonenumber-js/metadata.max.json`.
 * @param {readonly string[]} [first] Countries to keep.
 * @returns {MetadataJson}
 */
export function firstPhoneMetadataCut(max, first = FIRST_COUNTRIES) {
  const { packed } = packPhoneMetadata(max, first);
  /** @type {Record<string, string[]>} */
  const callingCodes = {};
  for (const [callingCode, members] of Object.entries(max.country_calling_codes)) {
    const kept = members.filter((country) => Object.hasOwn(packed.exact, country));
    if (kept.length > 0) callingCodes[callingCode] = kept;
  }
  return /** @type {MetadataJson} */ (
    /** @type {unknown} */ ({ version: 4, country_calling_codes: callingCodes, countries: packed.exact, nonGeographic: {} })
  );
}

/** Every rule that parsing and `getType()` read; no formatting. @param {any[]} plan */
function exactPlan(plan) {
  const kept = [...plan];
  kept[4] = 0; // formats
  kept[6] = 0; // national prefix formatting rule
  kept[9] = 0; // national prefix optional when formatting
  kept[12] = 0; // default IDD prefix: only for formatting
  kept[13] = 0; // extension prefix: only for formatting
  return trimTrailingZeros(kept);
}

/**
 * Parsing rules and lengths, no types, as one line of the packed form.
 * @param {string} callingCode @param {string} code @param {any[]} plan
 */
function lengthsOnlyLine(callingCode, code, plan) {
  const [, idd, , lengths, , nationalPrefix, , prefixForParsing, transformRule, , leadingDigits] = plan;
  const fields = [
    callingCode,
    code,
    idd === '00' ? '' : idd || '',
    lengths.join(','),
    nationalPrefix || '',
    prefixForParsing || '',
    transformRule || '',
    leadingDigits || '',
  ];
  for (const field of fields) {
    if (/[\t\n]/.test(field)) throw new Error(`A ${code} rule contains a tab or a newline: the packed form cannot hold it`);
  }
  while (fields.at(-1) === '') fields.pop();
  return fields.join('\t');
}

/** @param {unknown[]} list */
function trimTrailingZeros(list) {
  let end = list.length;
  while (end > 0 && (list[end - 1] === 0 || list[end - 1] === undefined)) end -= 1;
  return list.slice(0, end);
}
