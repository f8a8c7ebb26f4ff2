import type { MetadataJson } from 'libphonenumber-js/core/es6';
import type { FieldCheckers } from './form/field-checkers.js';
import type { Messages } from './i18n/messages.js';

/**
 * The parts of the widget that only some visitors need, each loaded the first
 * time one does: the English and Spanish texts (the form speaks Portuguese
 * first), the phone-numbering rules of every country but Portugal
 * (`./lead/phone-metadata.ts` says why and what happens until they arrive),
 * and the checkers of the fields most forms leave out
 * (`./form/field-checkers.ts`).
 *
 * This module is the one seam between the widget and how those parts travel:
 *
 * - In the source and in the ES modules of the npm package they are plain
 *   dynamic imports, which the site's bundler turns into chunks of its own.
 * - The script build (`dist/zappy-lead-form.js`, a classic script that cannot
 *   split itself) replaces this module with one that imports the files the
 *   build writes beside it, `zappy-lead-form.en.js`, `.es.js`, `.phone.js`
 *   and `.fields.js`,
 *   by URL relative to the script (`.config/build/chunks.js`). Those are ES
 *   modules: `import()` is governed by `script-src`, which already lets the
 *   script itself in, so a strict CSP needs no new entry.
 *
 * A loader's promise rejects when its part cannot be fetched; every caller
 * has an answer for that (Portuguese texts, foreign numbers taken on trust,
 * fields checked only for being filled in).
 */
export const chunks = {
  en: (): Promise<Messages> => import('./i18n/en.js').then((module) => module.en),
  es: (): Promise<Messages> => import('./i18n/es.js').then((module) => module.es),
  phoneMetadata: (): Promise<MetadataJson> =>
    import('./lead/phone-metadata-complete.js').then((module) => module.completePhoneMetadata),
  fieldCheckers: (): Promise<FieldCheckers> => import('./form/field-checkers.js').then((module) => module.fieldCheckers),
};

/** The name of a part {@link chunks} loads. */
export type ChunkName = keyof typeof chunks;
