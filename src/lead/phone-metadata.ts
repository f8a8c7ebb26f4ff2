import type { MetadataJson } from 'libphonenumber-js/core';
import max from 'libphonenumber-js/metadata.max.json';

/**
 * The phone-numbering rules that `./phone.ts` passes to every
 * `libphonenumber-js/core` function. This is the only module that imports
 * metadata: code and data stay apart (libphonenumber-js README, "min vs max vs
 * mobile vs core"), so the data can be swapped without touching the code.
 *
 * For now it is the package's complete `max` set (`metadata.max.json`, exported
 * by the package as `libphonenumber-js/metadata.max.json`; about 145 KB raw).
 * `max` is the smallest stock set that carries the number-type patterns behind
 * `PhoneNumber.getType()`, which tells a mobile from a landline: `min` only
 * checks lengths (it accepts the non-existent `+351 901 234 567`) and `mobile`
 * cannot tell a landline from an unknown number.
 *
 * A later build step will replace this import with a curated cut of the same
 * `max` data, generated at build time from the installed package's own metadata
 * (so it never drifts from the library version), keeping only the countries the
 * widget needs, to fit the 32 KB gzip budget. Any replacement must keep the
 * `MetadataJson` shape and the type patterns (`MOBILE`, `FIXED_LINE_OR_MOBILE`):
 * without them every number is refused as `not-mobile`.
 */
export const phoneMetadata: MetadataJson = max;
