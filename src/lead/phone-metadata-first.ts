import type { MetadataJson } from 'libphonenumber-js/core/es6';
import max from 'libphonenumber-js/max/metadata';

/**
 * The phone-numbering rules the widget has at once. In the source (the demo,
 * the tests) they are the package's complete `max` set, so nothing is left
 * to load. The published builds replace this module with Portugal's rules
 * alone, cut from the installed libphonenumber-js on every build
 * (`.config/build/phone-metadata.js`): the rest comes on demand through
 * `../form/phone-rules.ts`.
 */
export const firstPhoneMetadata: MetadataJson = max;

/** Whether {@link firstPhoneMetadata} has every country: `false` in the published builds. */
export const firstPhoneMetadataIsComplete: boolean = true;
