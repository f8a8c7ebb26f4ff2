// @ts-check
// What src/parts/chunks.ts becomes in dist/zappy-lead-form-standalone.js: every part
// inlined, for a site that wants one file and nothing beside it (a WordPress
// theme that bundles its scripts, a page whose optimiser combines scripts).
// The loaders keep their shape, so the widget runs exactly as with the parts
// on demand; they just resolve at once.
import { campaign } from '../../src/campaign/campaign.ts';
import { fieldCheckers } from '../../src/form/field-checkers.ts';
import { en } from '../../src/i18n/en.ts';
import { es } from '../../src/i18n/es.ts';
import { completePhoneMetadata } from '../../src/lead/phone-metadata-complete.ts';

/** @type {import('../../src/parts/chunks.ts').PartLoaders} */
export const chunks = {
  en: async () => en,
  es: async () => es,
  phoneMetadata: async () => completePhoneMetadata,
  fieldCheckers: async () => fieldCheckers,
  campaign: async () => campaign,
};
