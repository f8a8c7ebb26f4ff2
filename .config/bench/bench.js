#!/usr/bin/env node
// `npm run bench`: what <zappy-lead-form> costs a page, side by side with the
// field a web developer would otherwise reach for, intl-tel-input with its
// validation utilities (issue #5, "Benchmark"). Not part of `npm test`.
//
//   npm run bench                       15 measured runs; builds dist/ first
//                                       when it is missing or older than
//                                       src/, .config/build/ or the lockfile
//   npm run bench -- --build            build dist/ first in any case
//   npm run bench -- --no-build         measure dist/ as it is
//   npm run bench -- --runs 30 --warmup 3  (default 15 runs after 1 warm-up)
//   npm run bench -- --markdown         also print the table for the README
//   npm run bench -- --out some.json    write the figures elsewhere
//
// Bytes: each output raw, gzip -9 and brotli (1 kB = 1000 bytes, as the build
// counts). Time, in headless Chromium, each run in a fresh browser context
// (empty cache) and a fresh page served from 127.0.0.1, ours and the peer's
// runs interleaved so that a busy machine slows both alike:
//   - load + first render: main-thread busy time from the DevTools metrics
//     (CDP `Performance.getMetrics` in thread time, so that waiting for a core
//     on a busy machine does not count: TaskDuration, ScriptDuration,
//     RecalcStyleDuration + LayoutDuration deltas), the wall time from the page's
//     performance.now() (./probes.js), and the JS heap still used after a GC;
//   - keystrokes: performance.now() around one `input` event in the phone
//     field until the widget has re-validated and updated; nine digits a run,
//     reported as the first keystroke (cold code) and the median of the
//     other eight.
// Each figure is the median over the runs with p10 and p90; ratios are ours /
// peer of the medians. The figures go to .config/bench/results/latest.json.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import puppeteer from 'puppeteer-core';
import { loadOurs, loadPeer, typeOurs, typePeer } from './probes.js';
import { serve } from './server.js';
import { quantile, round } from './stats.js';
// The browser and flags of the test rig, so the benchmark runs what the tests run.
import { CHROMIUM_ARGS, chromiumExecutablePath } from '../../test/rig/browsers.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const require = createRequire(import.meta.url);

const { values: options } = parseArgs({
  options: {
    runs: { type: 'string', default: '15' },
    warmup: { type: 'string', default: '1' },
    build: { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    markdown: { type: 'boolean', default: false },
    out: { type: 'string', default: join(root, '.config/bench/results/latest.json') },
  },
});
const RUNS = Number(options.runs);
const WARMUP = Number(options.warmup);
if (!Number.isInteger(RUNS) || RUNS < 1 || !Number.isInteger(WARMUP) || WARMUP < 0) {
  throw new Error('--runs must be a whole number from 1, --warmup from 0');
}

/** A Portuguese mobile, typed one digit per keystroke. */
const DIGITS = '912345678';

const PEER_NAME = 'intl-tel-input';
const peerRoot = dirname(require.resolve(`${PEER_NAME}/package.json`));
const PEER_VERSION = JSON.parse(readFileSync(join(peerRoot, 'package.json'), 'utf8')).version;

// --- bytes ---

function sizes(bytes) {
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, brotli: brotliCompressSync(bytes).length };
}

const sum = (rows) => ({
  raw: rows.reduce((total, row) => total + row.raw, 0),
  gzip: rows.reduce((total, row) => total + row.gzip, 0),
  brotli: rows.reduce((total, row) => total + row.brotli, 0),
});

/** Every .js under `dir`, recursively (no source maps). */
function scripts(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.js'))
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name))
    .sort();
}

// --- statistics ---

function summary(samples, digits = 3) {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    median: round(quantile(sorted, 0.5), digits),
    p10: round(quantile(sorted, 0.1), digits),
    p90: round(quantile(sorted, 0.9), digits),
    min: round(sorted[0], digits),
    max: round(sorted.at(-1), digits),
    samples: samples.map((value) => round(value, digits)),
  };
}

// --- one run ---

/** The DevTools metrics, durations in milliseconds. */
async function metrics(cdp) {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  const value = (name) => list.find((metric) => metric.name === name)?.value ?? Number.NaN;
  return {
    task: value('TaskDuration') * 1000,
    script: value('ScriptDuration') * 1000,
    styleLayout: (value('RecalcStyleDuration') + value('LayoutDuration')) * 1000,
    heap: value('JSHeapUsedSize'),
  };
}

/**
 * Loads and renders one subject in a fresh context and page, then types into it.
 *
 * @returns {Promise<Record<string, number>>} the figures of this run
 */
async function measure(browser, origin, subject) {
  const context = await browser.createBrowserContext();
  try {
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warn') problems.push(message.text());
    });
    page.on('requestfailed', (request) => problems.push(`${request.url()} failed`));
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`${response.url()}: HTTP ${response.status()}`);
    });
    await page.goto(`${origin}/blank.html`, { waitUntil: 'load' });
    if (!(await page.evaluate(() => globalThis.crossOriginIsolated))) throw new Error('the page is not cross-origin isolated');
    const cdp = await page.createCDPSession();
    // Thread time, not wall time: what the main thread spent, even when the
    // machine is busy with other work and the thread waits for a core.
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    // Let the navigation's own work finish before the first reading.
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 0)))));
    await cdp.send('HeapProfiler.collectGarbage');
    const before = await metrics(cdp);
    const wall = await page.evaluate(subject.load, subject.loadArgument(origin));
    const after = await metrics(cdp);
    await cdp.send('HeapProfiler.collectGarbage');
    const settled = await metrics(cdp);
    const typed = await page.evaluate(subject.type, DIGITS);
    subject.check(typed);
    if (problems.length > 0) throw new Error(`${subject.name}: ${problems.join('; ')}`);
    return {
      mainThread: after.task - before.task,
      script: after.script - before.script,
      styleLayout: after.styleLayout - before.styleLayout,
      wall: wall.total,
      load: wall.load,
      render: wall.render,
      heap: settled.heap - before.heap,
      firstKeystroke: typed.times[0],
      keystroke: summary(typed.times.slice(1)).median,
    };
  } finally {
    await context.close();
  }
}

const SUBJECTS = [
  {
    key: 'ours',
    name: 'zappy-lead-form',
    load: loadOurs,
    loadArgument: (origin) => `${origin}/ours/zappy-lead-form.js`,
    type: typeOurs,
    check({ invalidBefore, invalidAfter }) {
      // Empty submit: name plus the email-or-mobile pair (2 controls) at least;
      // typing the mobile clears the pair and leaves the name.
      if (!(invalidBefore >= 2 && invalidAfter >= 1 && invalidAfter < invalidBefore)) {
        throw new Error(`zappy-lead-form did not re-validate as expected (invalid controls ${invalidBefore} before, ${invalidAfter} after typing)`);
      }
    },
  },
  {
    key: 'peer',
    name: `${PEER_NAME} ${PEER_VERSION} + utils`,
    load: loadPeer,
    loadArgument: (origin) => ({
      script: `${origin}/peer/js/intlTelInputWithUtils.min.js`,
      stylesheet: `${origin}/peer/css/intlTelInput.min.css`,
    }),
    type: typePeer,
    check({ valid }) {
      if (valid !== true) throw new Error(`${PEER_NAME} did not validate the typed number (isValidNumber() gave ${valid})`);
    },
  },
];

// --- output ---

const kB = (bytes, suffix = true) => `${(bytes / 1000).toFixed(1)}${suffix ? ' kB' : ''}`;
const ms = (value, suffix = true) => `${value.toFixed(value < 1 ? 3 : value < 10 ? 2 : 1)}${suffix ? ' ms' : ''}`;
/** `median (p10–p90)`, the unit written once. */
const spread = (figure, unit) => `${unit(figure.median)} (${unit(figure.p10, false)}–${unit(figure.p90, false)})`;
const ratio = (ours, peer) => (peer === 0 ? Number.NaN : round(ours / peer, 2));

/** Rows of the time table: key of the per-run figure, label, unit. */
const TIME_ROWS = [
  ['mainThread', 'load + first render: main thread busy', ms],
  // ScriptDuration counts the script's top-level run; the widget's setup in
  // event listeners and microtasks lands in the busy time, not here (checked
  // against a DevTools trace: it matches EvaluateScript).
  ['script', '  of which script evaluation', ms],
  ['styleLayout', '  of which style and layout', ms],
  ['wall', 'load + first render: wall time', ms],
  ['load', '  script fetched, compiled and run', ms],
  ['render', '  first render, laid out', ms],
  ['heap', 'JS heap retained', kB],
  ['firstKeystroke', 'first keystroke once errors show', ms],
  ['keystroke', 'each later keystroke (median of 8)', ms],
];

function printTable(header, rows) {
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => String(row[column]).length)));
  const line = (row) => row.map((cell, column) => (column === 0 ? String(cell).padEnd(widths[0]) : String(cell).padStart(widths[column]))).join('   ');
  console.log(line(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('   '));
  for (const row of rows) console.log(line(row));
}

function markdownTable(results) {
  const { bytes, time, runs } = results;
  const [ours, peer] = [bytes.ours.script, bytes.peer.total];
  const row = (cells) => `| ${cells.join(' | ')} |`;
  return [
    row(['', '`<zappy-lead-form>` (whole form)', `${PEER_NAME} ${PEER_VERSION} + utils (one phone field)`, 'ours / peer']),
    row(['---', '--:', '--:', '--:']),
    row(['Download, gzip -9', kB(ours.gzip), `${kB(peer.gzip)} (JS + CSS)`, String(ratio(ours.gzip, peer.gzip))]),
    row(['Download, brotli', kB(ours.brotli), `${kB(peer.brotli)} (JS + CSS)`, String(ratio(ours.brotli, peer.brotli))]),
    row(['Load + first render, main thread', spread(time.ours.mainThread, ms), spread(time.peer.mainThread, ms), String(time.ratio.mainThread)]),
    row(['Load + first render, wall time', spread(time.ours.wall, ms), spread(time.peer.wall, ms), String(time.ratio.wall)]),
    row(['JS heap retained', kB(time.ours.heap.median), kB(time.peer.heap.median), String(time.ratio.heap)]),
    row(['First keystroke, validate and update', spread(time.ours.firstKeystroke, ms), spread(time.peer.firstKeystroke, ms), String(time.ratio.firstKeystroke)]),
    row(['Each later keystroke', spread(time.ours.keystroke, ms), spread(time.peer.keystroke, ms), String(time.ratio.keystroke)]),
    '',
    `Median (p10–p90) of ${runs} runs, headless ${results.environment.browser}, ${results.environment.cpu}; \`npm run bench\`, ${results.date.slice(0, 10)}.`,
  ].join('\n');
}

function git(...args) {
  const result = spawnSync('git', args, { cwd: root, encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

const SCRIPT = join(root, 'dist/zappy-lead-form.js');

/** Why dist/ must be built before it is measured, or `undefined` when it is current. */
function staleness() {
  // test/run.js rebuilds only the script: dist/esm/ may lag behind it.
  const outputs = [SCRIPT, join(root, 'dist/esm/index.js')];
  if (!outputs.every((file) => existsSync(file))) return 'dist/ is incomplete';
  const builtAt = Math.min(...outputs.map((file) => statSync(file).mtimeMs));
  const inputs = ['src', '.config/build', 'package-lock.json'].map((path) => join(root, path));
  const changed = inputs
    .flatMap((path) => (statSync(path).isDirectory() ? readdirSync(path, { recursive: true }).map((file) => join(path, file)) : [path]))
    .find((file) => statSync(file).mtimeMs > builtAt);
  return changed ? `${relative(root, changed)} is newer than dist/` : undefined;
}

// --- main ---

const started = performance.now();

const buildReason = options['no-build'] ? undefined : options.build ? '--build' : staleness();
if (options['no-build'] && staleness()) console.log(`Measuring dist/ as it is, though ${staleness()}.`);
if (buildReason) {
  // The budget only warns: an over-budget script is still worth measuring.
  process.stdout.write(`Building dist/ (${buildReason}): node .config/build/build.js --budget-warn-only ... `);
  const build = spawnSync(process.execPath, [join(root, '.config/build/build.js'), '--budget-warn-only'], { cwd: root, encoding: 'utf8' });
  if (build.status !== 0) {
    console.log('failed.');
    console.error(build.stdout, build.stderr);
    process.exit(1);
  }
  console.log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
}

// Every byte is read once, here: the server serves these copies, so a build
// running at the same time cannot change what is measured.
if (!existsSync(SCRIPT)) throw new Error('dist/zappy-lead-form.js is missing: run `npm run bench` without --no-build');
const script = readFileSync(SCRIPT);
// The parts the script loads on demand (none for the page measured here: a
// Portuguese page, default fields, a Portuguese number), served beside it.
const PART = /^zappy-lead-form\.([a-z]+)\.js$/;
const parts = Object.fromEntries(
  readdirSync(join(root, 'dist'))
    .filter((name) => PART.test(name))
    .sort()
    .map((name) => [name, readFileSync(join(root, 'dist', name))]),
);
const esm = scripts(join(root, 'dist/esm')).map((file) => sizes(readFileSync(file)));
const peerFile = (path) => readFileSync(join(peerRoot, 'dist', path));
const peerFiles = {
  'js/intlTelInputWithUtils.min.js': peerFile('js/intlTelInputWithUtils.min.js'),
  'css/intlTelInput.min.css': peerFile('css/intlTelInput.min.css'),
  // Loaded by the stylesheet for the flag of the selected country.
  'img/flags.webp': peerFile('img/flags.webp'),
  'img/flags@2x.webp': peerFile('img/flags@2x.webp'),
};

const bytes = {
  ours: {
    script: sizes(script),
    standalone: sizes(readFileSync(join(root, 'dist/zappy-lead-form-standalone.js'))),
    parts: Object.fromEntries(Object.entries(parts).map(([name, body]) => [name, sizes(body)])),
    esm: { files: esm.length, ...sum(esm) },
  },
  peer: Object.fromEntries(Object.entries(peerFiles).map(([path, body]) => [path, sizes(body)])),
};
bytes.peer.total = sum([bytes.peer['js/intlTelInputWithUtils.min.js'], bytes.peer['css/intlTelInput.min.css']]);

const files = new Map([
  ['/blank.html', Buffer.from('<!doctype html>\n<html lang="pt"><head><meta charset="utf-8"><title>bench</title></head><body><main id="host"></main></body></html>\n')],
  ['/ours/zappy-lead-form.js', script],
  ...Object.entries(parts).map(([name, body]) => [`/ours/${name}`, body]),
  ...Object.entries(peerFiles).map(([path, body]) => [`/peer/${path}`, body]),
]);

const loadBefore = loadavg()[0];
const server = await serve(files);
const browser = await puppeteer.launch({ executablePath: await chromiumExecutablePath(), headless: true, args: CHROMIUM_ARGS });
const perRun = { ours: [], peer: [] };
let browserVersion;
try {
  browserVersion = (await browser.version()).replace(/^(?:Headless)?Chrome\//, 'Chromium ');
  process.stdout.write(`Measuring in ${browserVersion}: ${WARMUP} warm-up and ${RUNS} measured runs of each `);
  for (let run = 0; run < WARMUP + RUNS; run++) {
    // Alternate who goes first, so neither always follows the other.
    const order = run % 2 === 0 ? SUBJECTS : [...SUBJECTS].reverse();
    for (const subject of order) {
      const figures = await measure(browser, server.origin, subject);
      if (run >= WARMUP) perRun[subject.key].push(figures);
    }
    process.stdout.write('.');
  }
  console.log('');
} finally {
  await browser.close();
  await server.close();
}

const time = { ours: {}, peer: {}, ratio: {} };
for (const [key] of TIME_ROWS) {
  const digits = key === 'heap' ? 0 : 3;
  time.ours[key] = summary(perRun.ours.map((figures) => figures[key]), digits);
  time.peer[key] = summary(perRun.peer.map((figures) => figures[key]), digits);
  time.ratio[key] = ratio(time.ours[key].median, time.peer[key].median);
}

const results = {
  date: new Date().toISOString(),
  commit: git('rev-parse', '--short', 'HEAD'),
  // Uncommitted changes to what the build reads: the figures may not match the commit.
  uncommittedChanges: Boolean(git('status', '--porcelain', '--', 'src', '.config/build', 'package-lock.json')),
  // Whether this run built dist/ (false: it measured dist/ as it found it).
  built: Boolean(buildReason),
  runs: RUNS,
  warmup: WARMUP,
  keystrokeDigits: DIGITS,
  environment: {
    browser: browserVersion,
    node: process.version,
    cpu: `${cpus()[0]?.model.trim() ?? 'unknown CPU'} × ${cpus().length}`,
    // Other work on the machine slows both subjects; the ratios hold up better than the times.
    loadAverage: { before: round(loadBefore, 2), after: round(loadavg()[0], 2) },
  },
  subjects: { ours: SUBJECTS[0].name, peer: SUBJECTS[1].name },
  method:
    'Bytes: raw, gzip -9 and brotli (quality 11) of each file; 1 kB = 1000 bytes; peer total = its JS + CSS. ' +
    'Time: each run in a fresh browser context and page served from 127.0.0.1, ours and the peer interleaved after a warm-up; ' +
    'main thread = delta of CDP Performance.getMetrics TaskDuration in thread time (of which ScriptDuration, the top-level run of the script, ' +
    'and RecalcStyleDuration + LayoutDuration) ' +
    'from before the <script> is added to the widget rendered and laid out; wall = performance.now() over the same span; ' +
    'heap = JSHeapUsedSize after a GC, minus before; keystroke = performance.now() from appending a digit to the phone field and ' +
    'dispatching input to the widget updated (ours: after an empty submit, to updateComplete; peer: its own input handling plus ' +
    'iti.isValidNumber()); 9 digits typed per run, a frame apart: the first keystroke, and the median of the other 8. ' +
    'Figures: median, p10, p90, min, max over the runs; ratio = ours / peer medians.',
  bytes,
  time,
};

const out = resolve(options.out);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);

console.log('');
const sizeRow = (label, figures) => [label, kB(figures.raw), kB(figures.gzip), kB(figures.brotli)];
printTable(
  ['Bytes (1 kB = 1000 B)', 'raw', 'gzip -9', 'brotli'],
  [
    sizeRow('ours  dist/zappy-lead-form.js', bytes.ours.script),
    ...Object.keys(parts).map((name) => sizeRow(`ours  dist/${name} (on demand)`, bytes.ours.parts[name])),
    sizeRow('ours  dist/zappy-lead-form-standalone.js (every part inlined)', bytes.ours.standalone),
    sizeRow(`ours  dist/esm/ (${bytes.ours.esm.files} files, sum; lit, zod, libphonenumber-js not included)`, bytes.ours.esm),
    ...Object.keys(peerFiles).map((path) => sizeRow(`peer  ${path}`, bytes.peer[path])),
    sizeRow('peer  JS + CSS', bytes.peer.total),
    [
      'ours / peer  (script / peer JS + CSS)',
      ...['raw', 'gzip', 'brotli'].map((key) => String(ratio(bytes.ours.script[key], bytes.peer.total[key]))),
    ],
  ],
);
console.log('');
printTable(
  [`Median (p10–p90) of ${RUNS} runs`, SUBJECTS[0].name, SUBJECTS[1].name, 'ours / peer'],
  TIME_ROWS.map(([key, label, unit]) => [label, spread(time.ours[key], unit), spread(time.peer[key], unit), String(time.ratio[key])]),
);
console.log('');
console.log(`Figures written to ${relative(root, out)} (${((performance.now() - started) / 1000).toFixed(1)} s in all).`);
if (loadBefore > cpus().length) {
  console.log(`Note: the machine was busy (load average ${loadBefore.toFixed(1)} on ${cpus().length} cores): the times are inflated and noisy; compare the ratios.`);
}
if (options.markdown) console.log(`\n${markdownTable(results)}`);
