import type { MetadataJson } from 'libphonenumber-js/core/es6';
import { chunks } from '../chunks.js';
import { firstPhoneMetadata, firstPhoneMetadataIsComplete } from './phone-metadata-first.js';

/**
 * How complete the phone-numbering rules in hand are:
 *
 * - `complete`: every country (always so in the source).
 * - `partial`: Portugal's alone, as the published builds start; the rest has
 *   not arrived yet. A number from elsewhere is `invalid-country` for now.
 * - `unavailable`: the rest could not be loaded (offline, a self-hosted copy
 *   of the script without its `.phone.js` file beside it, a CSP that blocks
 *   the script's origin for modules). Foreign numbers are then taken on trust
 *   (`acceptUnknownCountries` of `checkMobile`), never refused.
 */
export type PhoneMetadataStatus = 'complete' | 'partial' | 'unavailable';

/*
 * Why the rules come in two steps. The script's budget (issue #5: 32 KB gzip,
 * everything included) cannot hold numbering rules good enough for the whole
 * world: the cut in `./phone-metadata-complete.ts` weighs 6.5 kB on its own.
 * Most visitors of a Portuguese salon type a Portuguese number, and Portugal's
 * rules weigh 0.3 kB, so those travel with the script and the rest loads the
 * first time a number needs them: a `+` or `00` with another country code, or
 * a site whose `default-country` is not PT. By the time such a visitor has
 * typed the number, the rest is usually there.
 */
let metadata: MetadataJson = firstPhoneMetadata;
let status: PhoneMetadataStatus = firstPhoneMetadataIsComplete ? 'complete' : 'partial';
let loading: Promise<void> | undefined;

/** The numbering rules in hand: what `checkMobile` uses unless given others. */
export const phoneMetadata = (): MetadataJson => metadata;

/** How complete {@link phoneMetadata} is. */
export const phoneMetadataStatus = (): PhoneMetadataStatus => status;

/**
 * Loads the rules of every country, once per page; resolves when they are in
 * hand or could not be loaded (then the status is `unavailable`). Never rejects.
 */
export function loadCompletePhoneMetadata(): Promise<void> {
  if (status !== 'partial') return Promise.resolve();
  loading ??= chunks.phoneMetadata().then(
    (complete) => {
      metadata = complete;
      status = 'complete';
    },
    (error: unknown) => {
      status = 'unavailable';
      console.warn('zappy-lead-form: no phone rules for countries other than Portugal; foreign numbers are taken unchecked.', error);
    },
  );
  return loading;
}
