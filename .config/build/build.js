#!/usr/bin/env node
// `npm run build`: every output of the package, then a size table.
//
//   dist/zappy-lead-form.js      one classic script (IIFE), every dependency
//                                inlined: paste it into any site
//   dist/zappy-lead-form.*.js    the parts it loads on demand, beside it (ES
//                                modules): en and es texts, the phone rules
//                                of countries other than Portugal, the
//                                checkers of birthday, address, NIF and CC,
//                                the campaign features (attribution, prefill,
//                                conversions, the dialog, the consent record)
//   dist/zappy-lead-form-standalone.js
//                                the same script with every part inlined,
//                                for sites that want one file (no budget)
//   dist/esm/                    ES modules for bundlers, lit, zod and
//                                libphonenumber-js left as imports:
//                                index.js (no side effects), define.js
//   dist/types/                  .d.ts
//   dist/custom-elements.json    the custom elements manifest
//   dist/server/                 the server side for Node (ES modules, target
//                                node20): relay.js (`zappy-lead-form/relay`),
//                                relay-node.js (`zappy-lead-form/relay/node`),
//                                import.js (`zappy-lead-form/import`),
//                                cli.js (the `zappy-lead-form` command)
//   dist/zappy-lead-relay.worker.js
//                                the relay as one self-contained ES module
//                                for Cloudflare Workers
//
// Each .js has its .map. Both JavaScript builds ship the curated phone
// metadata (./phone-metadata.js), never the complete one: Portugal's inside,
// the rest in a part of its own; and Lit's `css` and
// `html` templates minified (./minify-templates.js). The script build also
// shortens our classes' private member names (./mangle-private.js).
//
// The build fails when dist/zappy-lead-form.js exceeds the budget (issue #5)
// or when a JavaScript output can reach `eval` or the `Function` constructor
// (a strict CSP page forbids both).
//
//   node .config/build/build.js            everything
//   node .config/build/build.js --script   only dist/zappy-lead-form.js and its
//                                          parts, with the same checks (test/run.js)
//   ... --server                           only dist/server/ and the Worker (test/run.js)
//   ... --budget-warn-only                 an over-budget script is a warning,
//                                          not a failure (test/run.js: the
//                                          tests judge behaviour; the budget
//                                          is judged by `npm run build`)
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { minify } from 'terser';
import { build } from 'vite';
import { manglePrivateMembers } from './mangle-private.js';
import { minifyLitTemplates } from './minify-templates.js';
import { firstPhoneMetadataCut, packPhoneMetadata } from './phone-metadata.js';

/**
 * Most gzip bytes dist/zappy-lead-form.js may weigh: 32 KB, with 1 KB = 1024
 * bytes as the project's hooks count (the size table prints kB of 1000 bytes).
 */
const BUDGET_GZIP_BYTES = 32 * 1024;

const root = fileURLToPath(new URL('../..', import.meta.url));
const dist = join(root, 'dist');
const SCRIPT_NAME = 'zappy-lead-form.js';
const SCRIPT = join(dist, SCRIPT_NAME);
const STANDALONE_NAME = 'zappy-lead-form-standalone.js';
const scriptOnly = process.argv.includes('--script');
const serverOnly = process.argv.includes('--server');
const WORKER_NAME = 'zappy-lead-relay.worker.js';
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const budgetWarnOnly = process.argv.includes('--budget-warn-only');
const require = createRequire(import.meta.url);

/** Sources in a map relative to dist/, where the map ends up, wherever it is built. */
const sourcesRelativeToDist = (source, map) => relative(dist, resolve(dirname(map), source));

/** Dependencies the ES build leaves as imports (`libphonenumber-js/core/es6`, not its metadata). */
const EXTERNAL = /^(?:lit|lit-html|lit-element|@lit\/[^/]+|zod|libphonenumber-js\/core)(?:\/|$)/;

/**
 * The phone metadata the builds ship, generated now from the installed
 * libphonenumber-js, so it is never stale and never hand-edited:
 *
 * - src/lead/phone-metadata-first.ts, the rules inside the widget, becomes
 *   Portugal's alone (`firstPhoneMetadataCut`), flagged incomplete;
 * - the one metadata import of src/lead/phone-metadata-complete.ts, the part
 *   loaded on demand, becomes the curated cut of every country
 *   (`packPhoneMetadata`).
 *
 * Any other way into libphonenumber's data (its default entry, `/min`, `/max`,
 * `/mobile`, a metadata file) fails the build: it would bring back 20 to 40 kB
 * gzip.
 */
/**
 * How src/lead/phone-metadata-*.ts import the full metadata: its ES module
 * (`metadata.max.json.js`), not the JSON file, which Node loads only with an
 * import attribute and Vite's config loader warns about.
 */
const MAX_METADATA = 'libphonenumber-js/max/metadata';

function phoneMetadataCut() {
  const first = join(root, 'src/lead/phone-metadata-first.ts');
  const owner = join(root, 'src/lead/phone-metadata-complete.ts');
  // No such file: the module exists only in the build (dist/esm/lead/phone-metadata.cut.js).
  const VIRTUAL_ID = join(root, 'src/lead/phone-metadata.cut.js');
  const swapped = new Set();
  let max;
  const maxMetadata = () =>
    (max ??= JSON.parse(readFileSync(require.resolve('libphonenumber-js/metadata.max.json'), 'utf8')));
  return {
    name: 'zappy-phone-metadata-cut',
    enforce: 'pre',
    resolveId(source, importer) {
      if (!source.startsWith('libphonenumber-js')) return null;
      if (source === MAX_METADATA && importer === owner) return VIRTUAL_ID;
      if (EXTERNAL.test(source)) return null;
      this.error(`${source} imported by ${importer}: only src/lead/phone-metadata-complete.ts may import phone metadata`);
    },
    load(id) {
      if (id === first) {
        swapped.add(id);
        const metadata = JSON.stringify(firstPhoneMetadataCut(maxMetadata()));
        return `export const firstPhoneMetadata = ${metadata};\nexport const firstPhoneMetadataIsComplete = false;\n`;
      }
      if (id !== VIRTUAL_ID) return null;
      swapped.add(id);
      const { packed } = packPhoneMetadata(maxMetadata());
      const unpack = JSON.stringify(join(root, 'src/lead/phone-metadata-packed.ts'));
      return `import { unpackPhoneMetadata } from ${unpack};\nexport default unpackPhoneMetadata(${JSON.stringify(packed)});\n`;
    },
    buildEnd(error) {
      if (error) return;
      // Whichever of the two modules a build reaches must have been swapped.
      const reached = new Set(this.getModuleIds());
      if (reached.has(owner) && !swapped.has(VIRTUAL_ID)) {
        this.error(`src/lead/phone-metadata-complete.ts no longer imports ${MAX_METADATA}: the curated cut was not used`);
      }
      if (reached.has(first) && !swapped.has(first)) this.error('src/lead/phone-metadata-first.ts was not replaced by the cut');
    },
  };
}

/**
 * libphonenumber-js modules that its `PhoneNumber` class imports only for
 * methods src/lead/phone.ts never calls: `format()`, `formatNational()`,
 * `formatInternational()` and `getURI()` (formatting rules are not even in the
 * metadata cut), and `getPossibleCountries()`. A bundler keeps every method of
 * a class that is used at all, and everything those methods import: 0.8 kB
 * gzip here.
 */
const PHONE_NUMBER_UNUSED = ['./format.js', './helpers/getPossibleCountriesForNumber.js'];

/**
 * The script build (where libphonenumber-js is inlined) gets a stub instead of
 * the {@link PHONE_NUMBER_UNUSED} modules: calling one of those methods throws
 * an error that says so, rather than formatting with rules that are not there.
 */
function phoneNumberUnusedStubs() {
  const STUB = '\0zappy-phone-number-unused';
  return {
    name: 'zappy-phone-number-unused',
    enforce: 'pre',
    resolveId(source, importer) {
      if (!importer?.replaceAll('\\', '/').endsWith('/libphonenumber-js/es6-modern/PhoneNumber.js')) return null;
      return PHONE_NUMBER_UNUSED.includes(source) ? STUB : null;
    },
    load(id) {
      if (id !== STUB) return null;
      const message = 'This PhoneNumber method is not in the script build (.config/build/build.js)';
      return `export default function unavailable() {\n  throw new Error(${JSON.stringify(message)});\n}\n`;
    },
  };
}

/** Settings both JavaScript builds share. */
const common = () => ({
  configFile: false,
  root,
  logLevel: 'warn',
  plugins: [phoneMetadataCut(), minifyLitTemplates(join(root, 'src'))],
  build: { emptyOutDir: false, sourcemap: true, minify: true, copyPublicDir: false, reportCompressedSize: false },
});

/**
 * package.json's `sideEffects` names the shipped files only, so the bundler
 * takes src/define.ts for side-effect free and would drop the script entry's
 * bare import of it: say that this import is there for its effect.
 */
function keepDefine() {
  const entry = join(root, '.config/build/script-entry.js');
  return {
    name: 'zappy-keep-define',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (importer !== entry) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      return resolved && { ...resolved, moduleSideEffects: true };
    },
  };
}

/**
 * The parts the script loads on demand (src/parts/chunks.ts), each written beside it
 * as `zappy-lead-form.<name>.js`: the names ./script-chunks.js loads.
 */
const SCRIPT_CHUNKS = {
  en: join(root, 'src/i18n/en.ts'),
  es: join(root, 'src/i18n/es.ts'),
  phone: join(root, 'src/lead/phone-metadata-complete.ts'),
  fields: join(root, 'src/form/field-checkers.ts'),
  campaign: join(root, 'src/campaign/campaign.ts'),
};

/**
 * In the script builds, src/parts/chunks.ts is `replacement`: ./script-chunks.js
 * (parts by URL, beside the script) or ./standalone-chunks.js (parts inlined).
 */
function scriptChunks(replacement) {
  const source = join(root, 'src/parts/chunks.ts');
  return {
    name: 'zappy-script-chunks',
    enforce: 'pre',
    async resolveId(id, importer, options) {
      if (!importer?.startsWith(join(root, 'src')) || !id.endsWith('/chunks.js')) return null;
      const resolved = await this.resolve(id, importer, { ...options, skipSelf: true });
      return resolved?.id === source ? replacement : null;
    },
  };
}

/**
 * dist/zappy-lead-form.js, one classic script, written to `outDir`; or, with
 * `standalone`, dist/zappy-lead-form-standalone.js, the same with its parts inlined.
 */
function scriptBuild(outDir, { standalone = false } = {}) {
  const base = common();
  return {
    ...base,
    plugins: [
      ...base.plugins,
      keepDefine(),
      scriptChunks(join(root, `.config/build/${standalone ? 'standalone' : 'script'}-chunks.js`)),
      phoneNumberUnusedStubs(),
      manglePrivateMembers(join(root, 'src')),
    ],
    build: {
      ...base.build,
      outDir,
      lib: {
        entry: join(root, '.config/build/script-entry.js'),
        formats: ['iife'],
        name: 'ZappyLeadForm',
        fileName: () => (standalone ? STANDALONE_NAME : SCRIPT_NAME),
      },
      rolldownOptions: {
        output: { sourcemapPathTransform: sourcesRelativeToDist },
      },
    },
  };
}

/**
 * The script's parts (SCRIPT_CHUNKS), written to `outDir`: ES modules, which
 * is what `import()` loads. One build per part, so that each is one file
 * (several entries in one build would share modules through extra chunks).
 */
function scriptChunkBuild(outDir, name, entry) {
  const base = common();
  return {
    ...base,
    build: {
      ...base.build,
      outDir,
      lib: { entry, formats: ['es'], fileName: () => `zappy-lead-form.${name}.js` },
      rolldownOptions: {
        output: {
          minify: true,
          sourcemapPathTransform: sourcesRelativeToDist,
        },
      },
    },
  };
}

/** Every part of the script, into `outDir`. */
async function buildScriptChunks(outDir) {
  for (const [name, entry] of Object.entries(SCRIPT_CHUNKS)) await build(scriptChunkBuild(outDir, name, entry));
}

/**
 * Minifies the built script once more, with Terser, and its map with it: the
 * one file whose weight has a budget. Terser after the default minifier gets
 * 0.55 kB gzip off, more than either alone (three passes; nothing `unsafe`).
 */
async function terse(file) {
  const name = basename(file);
  const map = JSON.parse(readFileSync(`${file}.map`, 'utf8'));
  const result = await minify(readFileSync(file, 'utf8'), {
    ecma: 2020,
    compress: { passes: 3 },
    sourceMap: { content: map, url: `${name}.map`, filename: name, includeSources: true },
  });
  writeFileSync(file, result.code);
  writeFileSync(`${file}.map`, String(result.map));
}

/** dist/esm/: one module per source module, so bundlers shake what is unused. */
function moduleBuild() {
  const base = common();
  return {
    ...base,
    build: {
      ...base.build,
      outDir: join(dist, 'esm'),
      lib: { entry: { index: join(root, 'src/index.ts'), define: join(root, 'src/define.ts') }, formats: ['es'] },
      rolldownOptions: {
        external: (id) => EXTERNAL.test(id),
        // Library mode minifies only the IIFE unless told so for ES too.
        output: { minify: true, preserveModules: true, preserveModulesRoot: join(root, 'src'), entryFileNames: '[name].js' },
      },
    },
  };
}

/**
 * The server side: no size budget and no metadata cut (a server checks every
 * country's numbers exactly), the same lead core as the widget.
 *
 * dist/server/ for Node: zod and libphonenumber-js bundled in (the metadata
 * is JSON, which Node's ES modules cannot import bare), the Node adapter, the
 * argument parser and the import's readers (csv-parse, the .xlsx reader) left
 * as the package's dependencies.
 */
function serverBuild() {
  return {
    configFile: false,
    root,
    logLevel: 'warn',
    define: { __VERSION__: JSON.stringify(version) },
    ssr: { noExternal: true, external: ['@hono/node-server', 'cac', 'csv-parse', 'saxes', 'yauzl'] },
    build: {
      ssr: true,
      outDir: join(dist, 'server'),
      emptyOutDir: false,
      sourcemap: true,
      minify: false,
      target: 'node20',
      copyPublicDir: false,
      reportCompressedSize: false,
      rolldownOptions: {
        input: {
          relay: join(root, 'src/relay/index.ts'),
          'relay-node': join(root, 'src/relay/node.ts'),
          import: join(root, 'src/import/index.ts'),
          cli: join(root, 'src/cli/main.ts'),
        },
        output: {
          format: 'es',
          entryFileNames: '[name].js',
          chunkFileNames: 'chunks/[name]-[hash].js',
          sourcemapPathTransform: sourcesRelativeToDist,
        },
      },
    },
  };
}

/**
 * dist/zappy-lead-relay.worker.js: the relay for Cloudflare Workers, one ES
 * module with everything inlined (a Worker cannot import from node_modules).
 */
function workerBuild(outDir) {
  return {
    configFile: false,
    root,
    logLevel: 'warn',
    resolve: { conditions: ['workerd', 'worker', 'browser', 'import', 'default'] },
    build: {
      outDir,
      emptyOutDir: false,
      sourcemap: true,
      minify: true,
      target: 'es2022',
      copyPublicDir: false,
      reportCompressedSize: false,
      lib: { entry: join(root, 'src/relay/worker.ts'), formats: ['es'], fileName: () => WORKER_NAME },
      rolldownOptions: { output: { sourcemapPathTransform: sourcesRelativeToDist } },
    },
  };
}

/** Both server outputs. */
async function buildServer() {
  rmSync(join(dist, 'server'), { recursive: true, force: true });
  await build(serverBuild());
  await build(workerBuild(dist));
}

function run(command, args) {
  const result = spawnSync(process.execPath, [require.resolve(command), ...args], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed`);
}

/** Every .js under `dir`, recursively. */
function scripts(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.js'))
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name))
    .sort();
}

/** `eval` and the `Function` constructor, however reached (`new Function`, `Function(...)`, an alias). */
const EVAL = /\beval\b|\bFunction\b/g;

function evalFindings(file) {
  const code = readFileSync(file, 'utf8');
  return [...code.matchAll(EVAL)].map(
    (match) => `${relative(root, file)}: "${code.slice(Math.max(0, match.index - 40), match.index + 40)}"`,
  );
}

function sizes(file) {
  const code = readFileSync(file);
  return {
    file: relative(root, file),
    raw: code.length,
    gzip: gzipSync(code, { level: 9 }).length,
    brotli: brotliCompressSync(code).length,
  };
}

const kB = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;

function printTable(rows) {
  const widths = [Math.max(6, ...rows.map((row) => row.file.length)), 10, 10, 10];
  const line = (cells) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  console.log(line(['output', 'raw', 'gzip -9', 'brotli']));
  for (const row of rows) console.log(line([row.file, kB(row.raw), kB(row.gzip), kB(row.brotli)]));
}

const started = performance.now();
if (serverOnly) {
  await buildServer();
} else if (scriptOnly) {
  // Built aside, then renamed into dist/ (atomic on one file system): another
  // `npm test` running at the same time never loads half a file.
  const aside = join(root, `node_modules/.cache/zappy-build-${process.pid}`);
  await build(scriptBuild(aside));
  await terse(join(aside, SCRIPT_NAME));
  await buildScriptChunks(aside);
  await build(scriptBuild(aside, { standalone: true }));
  await terse(join(aside, STANDALONE_NAME));
  mkdirSync(dist, { recursive: true });
  // The parts first: a page that gets the new script finds its parts there.
  for (const name of readdirSync(aside).sort((a, b) => Number(a === SCRIPT_NAME) - Number(b === SCRIPT_NAME))) {
    renameSync(join(aside, name), join(dist, name));
  }
  rmSync(aside, { recursive: true, force: true });
} else {
  rmSync(dist, { recursive: true, force: true });
  await build(scriptBuild(dist));
  await terse(SCRIPT);
  await buildScriptChunks(dist);
  await build(scriptBuild(dist, { standalone: true }));
  await terse(join(dist, STANDALONE_NAME));
  await build(moduleBuild());
  run('typescript/bin/tsc', ['-p', '.config/build/tsconfig.types.json']);
  run('@custom-elements-manifest/analyzer/cem.js', ['analyze', '--config', '.config/build/custom-elements-manifest.config.js']);
  await buildServer();
}

const chunkFiles = Object.keys(SCRIPT_CHUNKS).map((name) => join(dist, `zappy-lead-form.${name}.js`));
const scriptOutputs = serverOnly ? [] : [SCRIPT, ...chunkFiles, join(dist, STANDALONE_NAME)];
const esmOutputs = scriptOnly || serverOnly ? [] : scripts(join(dist, 'esm'));
const serverOutputs = scriptOnly ? [] : [join(dist, WORKER_NAME), ...scripts(join(dist, 'server'))];
const rows = scriptOutputs.map(sizes);
if (esmOutputs.length > 0) {
  const esm = esmOutputs.map(sizes);
  rows.push(...esm);
  const total = (key) => esm.reduce((sum, row) => sum + row[key], 0);
  rows.push({ file: `dist/esm/ (${esm.length} files, sum)`, raw: total('raw'), gzip: total('gzip'), brotli: total('brotli') });
}
rows.push(...serverOutputs.map(sizes));
printTable(rows);
console.log(`Built in ${((performance.now() - started) / 1000).toFixed(1)} s.`);

// Workers refuse eval and `new Function` too, like a strict CSP.
const problems = [...scriptOutputs, ...esmOutputs, ...serverOutputs]
  .flatMap(evalFindings)
  .map((finding) => `eval or the Function constructor in ${finding}`);
const script = serverOnly ? undefined : sizes(SCRIPT);
if (script && script.gzip > BUDGET_GZIP_BYTES) {
  const overBudget = `dist/zappy-lead-form.js is ${script.gzip} bytes gzip, over the budget of ${BUDGET_GZIP_BYTES} (${kB(script.gzip - BUDGET_GZIP_BYTES)} too many)`;
  if (budgetWarnOnly) console.warn(`Warning: ${overBudget}; \`npm run build\` fails on this.`);
  else problems.push(overBudget);
}
if (problems.length > 0) {
  for (const problem of problems) console.error(`Build failed: ${problem}.`);
  process.exit(1);
}
if (script) console.log(`dist/zappy-lead-form.js: ${script.gzip} of ${BUDGET_GZIP_BYTES} budget bytes gzip; no eval, no Function constructor.`);
else console.log('No eval, no Function constructor.');
