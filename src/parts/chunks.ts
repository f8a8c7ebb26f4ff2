import type { MetadataJson } from 'libphonenumber-js/core/es6';
import type { Campaign, CampaignHost } from '../campaign/campaign.js';
import type { LitTags } from '../campaign/dialog.js';
import type { FieldCheckers } from '../form/field-checkers.js';
import type { Messages } from '../i18n/messages.js';

/**
 * How each part that only some visitors need is fetched; `./lazy-part.ts`
 * decides when, and what happens when one does not arrive. The three
 * implementations of this interface are type-checked against it: this module
 * (the source, and the npm package's ES modules), and the script builds'
 * `.config/build/script-chunks.js` (each part a file beside the script) and
 * `.config/build/standalone-chunks.js` (every part inlined).
 *
 * A loader's promise rejects when its part cannot be fetched.
 */
export interface PartLoaders {
  /** The English texts. */
  en(): Promise<Messages>;
  /** The Spanish texts. */
  es(): Promise<Messages>;
  /** The phone-numbering rules of every country (`../lead/phone-metadata-complete.ts`). */
  phoneMetadata(): Promise<MetadataJson>;
  /** The checkers of birthday, postal code, NIF and Cartão de Cidadão (`../form/field-checkers.ts`). */
  fieldCheckers(): Promise<FieldCheckers>;
  /** The campaign features: attribution, prefill, conversions, the dialog, the consent record (`../campaign/campaign.ts`). */
  campaign(): Promise<(host: CampaignHost, lit: LitTags) => Campaign>;
}

/**
 * The parts, as plain dynamic imports: in the source and in the ES modules of
 * the npm package, the site's bundler turns them into chunks of its own. The
 * script build (`dist/zappy-lead-form.js`, a classic script that cannot split
 * itself) replaces this module with `.config/build/script-chunks.js`, which
 * imports the files the build writes beside the script
 * (`zappy-lead-form.en.js`, `.es.js`, `.phone.js`, `.fields.js`, `.campaign.js`) by URL
 * relative to the script. Those are ES modules: `import()` is governed by
 * `script-src`, which already lets the script itself in, so a strict CSP
 * needs no new entry.
 */
export const chunks: PartLoaders = {
  en: () => import('../i18n/en.js').then((module) => module.en),
  es: () => import('../i18n/es.js').then((module) => module.es),
  phoneMetadata: () => import('../lead/phone-metadata-complete.js').then((module) => module.completePhoneMetadata),
  fieldCheckers: () => import('../form/field-checkers.js').then((module) => module.fieldCheckers),
  campaign: () => import('../campaign/campaign.js').then((module) => module.campaign),
};
