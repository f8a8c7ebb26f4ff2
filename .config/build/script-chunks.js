// @ts-check
// What src/parts/chunks.ts becomes in the script build (dist/zappy-lead-form.js): the
// same loaders, but each part is a file the build writes beside the script
// (`zappy-lead-form.<name>.js`, an ES module; see SCRIPT_CHUNKS in
// ./build.js), imported by its URL relative to the script. A classic script
// cannot split itself into chunks, and a bare `import('./en.js')` would be
// resolved against the page, not the script.
//
// `document.currentScript` is the script element only while the script first
// runs, so it is read then. It is null when the script is loaded some other
// way (as a module, or evaluated by a tag manager's custom JavaScript): then
// every loader rejects, and the widget falls back (Portuguese texts, foreign
// numbers taken on trust, fields checked only for being filled in), as it
// does when a file is missing.

const script = document.currentScript;
const base = script instanceof HTMLScriptElement && script.src ? script.src : undefined;

/**
 * Imports a part; when that fails, the error names the file (not every engine's
 * own message does: WebKit's says only "Importing a module script failed").
 * @param {string} name
 */
async function load(name) {
  const file = `zappy-lead-form.${name}.js`;
  try {
    if (!base) throw Error('the script was not loaded by a <script src>');
    return await import(/* @vite-ignore */ new URL(file, base).href);
  } catch (error) {
    throw Error(`${file} did not load: ${error}`);
  }
}

/** @type {import('../../src/parts/chunks.ts').PartLoaders} */
export const chunks = {
  en: () => load('en').then((module) => module.en),
  es: () => load('es').then((module) => module.es),
  phoneMetadata: () => load('phone').then((module) => module.completePhoneMetadata),
  fieldCheckers: () => load('fields').then((module) => module.fieldCheckers),
  campaign: () => load('campaign').then((module) => module.campaign),
};
