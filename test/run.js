#!/usr/bin/env node
// `npm test`: runs every test and ends with the plain line `N passed, N failed`:
// the server side's tests (test/server/: the relay on Node and inside workerd,
// the commands) with Node's test runner, then the browser suite in every
// engine that is installed, counted together.
//
//   npm test                                   everything, every installed engine
//   npm test -- --browsers firefox             one engine (comma-separate several)
//   npm test -- --files test/email.test.ts     some files (browser or test/server/);
//                                              any other flag goes to web-test-runner
//
// Under CI (CI=true) all three engines are required: a missing one fails the run
// instead of being skipped. WebKit's MiniBrowser has no headless mode, so when it
// runs and no display exists the runner is started under `xvfb-run -a`.
//
// The server tests run the built relay (dist/server/, the Worker), so the run
// builds those first (`build.js --server`, about 2 s).
//
// test/dist.test.ts checks the built script, so the run first builds it
// (`node .config/build/build.js --script`, a few seconds) unless `--files`
// leaves that test out. A failed build (`eval` found, a compile error; the size
// budget only warns here, `npm run build` enforces it)
// counts as one failure; the tests still run, so one run reports everything.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENGINES, locateEngines } from './rig/browsers.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const isCI = Boolean(process.env.CI) && process.env.CI !== 'false';

function takeOption(name) {
  const index = args.indexOf(name);
  if (index === -1) return undefined;
  const [, value] = args.splice(index, 2);
  return value;
}

// `--files` may name server tests, browser tests or both: split them.
const SERVER_TESTS = 'test/server';
const isServerTest = (file) => relative(join(root, SERVER_TESTS), resolve(root, file)).split(/[\\/]/)[0] !== '..';
const allServerTests = readdirSync(join(root, SERVER_TESTS))
  .filter((name) => name.endsWith('.test.ts'))
  .map((name) => `${SERVER_TESTS}/${name}`);
const filesIndex = args.indexOf('--files');
let serverTests = allServerTests;
let runsBrowsers = true;
if (filesIndex !== -1) {
  const named = [];
  for (let i = filesIndex + 1; i < args.length && !args[i].startsWith('--'); i++) named.push(args[i]);
  // Node 20's test runner takes no globs (the browsers' runner does): `test/server/meta*.test.ts` is expanded here.
  const globToRegExp = (glob) => new RegExp(`^${glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '[^/]*')}$`);
  serverTests = named
    .filter(isServerTest)
    .flatMap((file) => (file.includes('*') ? allServerTests.filter((test) => globToRegExp(relative(root, resolve(root, file))).test(test)) : [file]));
  const browserFiles = named.filter((file) => !isServerTest(file));
  args.splice(filesIndex, named.length + 1, ...(browserFiles.length > 0 ? ['--files', ...browserFiles] : []));
  runsBrowsers = browserFiles.length > 0;
}

const requested = (takeOption('--browsers') ?? process.env.ZAPPY_ENGINES ?? '')
  .split(',')
  .map((s) => s.trim().toLowerCase())
  .filter(Boolean);
const unknown = requested.filter((name) => !ENGINES.includes(name));
if (unknown.length > 0) {
  console.error(`Unknown engine(s): ${unknown.join(', ')}. Choose from ${ENGINES.join(', ')}.`);
  process.exit(2);
}

const found = locateEngines();
const hasXvfb = spawnSync('sh', ['-c', 'command -v xvfb-run'], { stdio: 'ignore' }).status === 0;
const available = (name) => Boolean(found[name]) && (name !== 'webkit' || process.env.DISPLAY || hasXvfb);
const wanted = requested.length > 0 ? requested : [...ENGINES];
const missing = wanted.filter((name) => !available(name));

if (runsBrowsers && missing.length > 0 && (isCI || requested.length > 0)) {
  console.error(`Required browser engine(s) not found: ${missing.join(', ')}.`);
  console.error('Install them with: apt-get install chromium firefox-esr webkit2gtk-driver xvfb');
  console.log('0 passed, 1 failed');
  process.exit(1);
}
if (runsBrowsers) for (const name of missing) console.warn(`Skipping ${name}: not installed (CI requires it).`);
const engines = wanted.filter(available);

// Tests of the built script: dist.test.ts, csp.test.ts (and any glob that may include them).
const runsDistTest = runsBrowsers && (!args.includes('--files') || args.some((arg) => /dist|csp|\*/.test(arg)));
let buildFailed = false;
if (runsDistTest) {
  const build = spawnSync(process.execPath, [join(root, '.config/build/build.js'), '--script', '--budget-warn-only'], { cwd: root, stdio: 'inherit' });
  buildFailed = build.status !== 0;
}

// One file per run: two runs at once (two terminals) must not read each other's counts.
const cacheDir = join(root, 'node_modules/.cache');
const summaryFile = join(cacheDir, `zappy-test-summary-${process.pid}.json`);
const nodeSummaryFile = join(cacheDir, `zappy-node-summary-${process.pid}.json`);
mkdirSync(dirname(summaryFile), { recursive: true });
rmSync(summaryFile, { force: true });
rmSync(nodeSummaryFile, { force: true });

const totals = { passed: 0, failed: 0, skipped: 0, brokenFiles: [] };
const add = (part) => {
  totals.passed += part.passed;
  totals.failed += part.failed;
  totals.skipped += part.skipped;
  totals.brokenFiles.push(...part.brokenFiles);
};

/** Runs a command to its end; resolves its exit code and signal. */
const runToEnd = (command, commandArgs, env = process.env) =>
  new Promise((done) => {
    const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit', env });
    child.on('exit', (code, signal) => done({ code, signal }));
  });

/** Adds the counts a runner wrote to `file`; a runner that died before writing them is one failure. */
function collect(file, runner, { code, signal }) {
  const failedBefore = totals.failed;
  if (existsSync(file)) add(JSON.parse(readFileSync(file, 'utf8')));
  rmSync(file, { force: true });
  // A runner that failed without a failing test (it died, or could not start) is one failure.
  if ((code !== 0 || signal !== null) && totals.failed === failedBefore) {
    console.log(`The ${runner} ended (${signal ? `signal ${signal}` : `exit code ${code}`}) without a failing test to show for it.`);
    totals.failed += 1;
  }
}

if (serverTests.length > 0) {
  const build = spawnSync(process.execPath, [join(root, '.config/build/build.js'), '--server'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) {
    console.log('Failed: the server build (see its output above)');
    totals.failed += 1;
  }
  console.log(`Server tests (Node ${process.version}): ${serverTests.join(' ')}`);
  const outcome = await runToEnd(process.execPath, [
    '--import', 'tsx', '--test',
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    `--test-reporter=${join(root, 'test/rig/node-summary-reporter.js')}`, `--test-reporter-destination=${nodeSummaryFile}`,
    ...serverTests,
  ]);
  collect(nodeSummaryFile, 'Node test runner', outcome);
}

if (runsBrowsers) {
  const wtr = join(root, 'node_modules/@web/test-runner/dist/bin.js');
  const wtrArgs = [wtr, '--config', join(root, 'test/web-test-runner.config.js'), ...args];
  const needsDisplay = engines.includes('webkit') && !process.env.DISPLAY;
  const [command, commandArgs] = needsDisplay
    ? ['xvfb-run', ['-a', '--server-args=-screen 0 1280x1024x24', process.execPath, ...wtrArgs]]
    : [process.execPath, wtrArgs];
  console.log(`Engines: ${engines.join(', ')}`);
  const outcome = await runToEnd(command, commandArgs, { ...process.env, ZAPPY_ENGINES: engines.join(','), ZAPPY_SUMMARY_FILE: summaryFile });
  collect(summaryFile, 'browser test runner', outcome);
}

for (const file of totals.brokenFiles) console.log(`Failed to run: ${file}`);
if (buildFailed) {
  console.log('Failed: the script build (see its output above)');
  totals.failed += 1;
}
if (totals.passed + totals.failed === 0) {
  console.log('No test ran.');
  totals.failed = 1;
}
const skipped = totals.skipped > 0 ? `, ${totals.skipped} skipped` : '';
console.log(`${totals.passed} passed, ${totals.failed} failed${skipped}`);
process.exit(totals.failed > 0 ? 1 : 0);
