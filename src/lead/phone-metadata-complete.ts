import type { MetadataJson } from 'libphonenumber-js/core/es6';
import max from 'libphonenumber-js/max/metadata';

/**
 * The phone-numbering rules of every country, which `../form/phone-rules.ts`
 * loads on demand (through `../parts/chunks.ts`) when the first ones do not cover a
 * number. Code and data stay apart (libphonenumber-js README, "min vs max vs
 * mobile vs core"), so the data can be swapped without touching the code.
 *
 * In the source (the demo, the tests) this is the package's complete `max`
 * set, the smallest stock set with the number-type patterns behind
 * `PhoneNumber.getType()`, which tells a mobile from a landline (`min` only
 * checks lengths and accepts the non-existent `+351 901 234 567`; `mobile`
 * cannot tell a landline from an unknown number). It weighs about 40 kB gzip.
 *
 * The published builds replace this import with a cut of the same `max` data,
 * generated on every build from the installed libphonenumber-js
 * (`.config/build/phone-metadata.js`, so it never drifts from the library and
 * nobody edits it by hand), unpacked by `./phone-metadata-packed.ts`:
 *
 * - Curated countries keep their complete rules, types included, so
 *   `checkMobile` answers exactly as here (test/phone-metadata.test.ts checks
 *   it): PT, BR, GB, FR, ES, DE, IT, US and CA, where a Portuguese salon's
 *   clients come from, plus GG and JE, which share +44 with GB.
 * - Every other country keeps its calling code, possible lengths and national
 *   prefix rules but no types: a number of a possible length is accepted as a
 *   mobile, a wrong length is still `too-short` or `too-long`. A landline from
 *   there gets through; a real mobile is never refused.
 *
 * Measured on libphonenumber-js 1.13.16 (gzip -9): the complete set 40.4 kB;
 * the cut 6.5 kB, of which 3.7 kB for the eleven curated countries (and the
 * unpacking) and 2.8 kB for the other 234 countries and the 9 non-geographic
 * codes.
 */
export const completePhoneMetadata: MetadataJson = max;
