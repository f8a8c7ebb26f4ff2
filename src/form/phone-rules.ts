import type { MetadataJson } from 'libphonenumber-js/core/es6';
import { outsideRules } from '../lead/phone.js';
import { firstPhoneMetadata, firstPhoneMetadataIsComplete } from '../lead/phone-metadata-first.js';
import { chunks } from '../parts/chunks.js';
import { lazyPart } from '../parts/lazy-part.js';

/*
 * Why the rules come in two steps. The script's budget (issue #5: 32 KB gzip,
 * everything included) cannot hold numbering rules good enough for the whole
 * world: the cut in `../lead/phone-metadata-complete.ts` weighs 5.9 kB on its
 * own. Most visitors of a Portuguese salon type a Portuguese number, and
 * Portugal's rules weigh 0.3 kB, so those travel with the script and the rest
 * loads the first time a number needs them: a `+` or `00` with another
 * country code, or a site whose `default-country` is not PT. By the time such
 * a visitor has typed the number, the rest is usually there.
 */
const rest = lazyPart(chunks.phoneMetadata, 'no phone rules for countries other than Portugal; foreign numbers are taken unchecked.');

/** Whether the rules in hand are Portugal's alone (the published builds, until the rest arrives). */
const partial = () => !firstPhoneMetadataIsComplete && !rest.value;

/**
 * How the form checks a mobile now: with the rules in hand, and foreign
 * numbers taken on trust when the rest of the rules cannot come (they failed
 * to load, or a submit waited for them in vain).
 *
 * @param waitedInVain A submit waited `PART_WAIT_MS` and the rest did not come.
 */
export const phoneCheckOptions = (waitedInVain = false): { metadata: MetadataJson; acceptUnknownCountries: boolean } => ({
  metadata: rest.value ?? firstPhoneMetadata,
  acceptUnknownCountries: partial() && (rest.failed || waitedInVain),
});

/**
 * Whether the verdict on `raw` could change once the rules of every country
 * are in hand: they are still Portugal's alone (and not out of reach), and
 * the number (or, for a national number, the default country) is outside
 * them. Then the rest is worth loading, or waiting for, before the number is
 * judged. Cheap enough for every keystroke.
 *
 * @example
 * // In the published builds, before the rest has loaded:
 * mobileNeedsMoreRules('+44 7400 123456', 'PT') // true
 * mobileNeedsMoreRules('912 345 678', 'PT')     // false
 */
export const mobileNeedsMoreRules = (raw: string, defaultCountry: string): boolean =>
  partial() && !rest.failed && outsideRules(raw, { defaultCountry }, firstPhoneMetadata);

/** The rest of the rules, loaded on demand: `load()` to fetch them, `within()` to wait for them. */
export const phoneRulesPart = rest;
