#!/usr/bin/env node
// `npm test`: runs the browser test suite in every engine that is installed and
// ends with the plain line `N passed, N failed`.
//
//   npm test                                   every installed engine
//   npm test -- --browsers firefox             one engine (comma-separate several)
//   npm test -- --files test/email.test.ts     any other flag goes to web-test-runner
//
// Under CI (CI=true) all three engines are required: a missing one fails the run
// instead of being skipped. WebKit's MiniBrowser has no headless mode, so when it
// runs and no display exists the runner is started under `xvfb-run -a`.
//
// test/dist.test.ts checks the built script, so the run first builds it
// (`node .config/build/build.js --script`, a few seconds) unless `--files`
// leaves that test out. A failed build (`eval` found, a compile error; the size
// budget only warns here, `npm run build` enforces it)
// counts as one failure; the tests still run, so one run reports everything.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
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

if (missing.length > 0 && (isCI || requested.length > 0)) {
  console.error(`Required browser engine(s) not found: ${missing.join(', ')}.`);
  console.error('Install them with: apt-get install chromium firefox-esr webkit2gtk-driver xvfb');
  console.log('0 passed, 1 failed');
  process.exit(1);
}
for (const name of missing) console.warn(`Skipping ${name}: not installed (CI requires it).`);
const engines = wanted.filter(available);

// Tests of the built script: dist.test.ts, csp.test.ts (and any glob that may include them).
const runsDistTest = !args.includes('--files') || args.some((arg) => /dist|csp|\*/.test(arg));
let buildFailed = false;
if (runsDistTest) {
  const build = spawnSync(process.execPath, [join(root, '.config/build/build.js'), '--script', '--budget-warn-only'], { cwd: root, stdio: 'inherit' });
  buildFailed = build.status !== 0;
}

// One file per run: two runs at once (two terminals) must not read each other's counts.
const summaryFile = join(root, `node_modules/.cache/zappy-test-summary-${process.pid}.json`);
mkdirSync(dirname(summaryFile), { recursive: true });
rmSync(summaryFile, { force: true });

const wtr = join(root, 'node_modules/@web/test-runner/dist/bin.js');
const wtrArgs = [wtr, '--config', join(root, 'test/web-test-runner.config.js'), ...args];
const needsDisplay = engines.includes('webkit') && !process.env.DISPLAY;
const [command, commandArgs] = needsDisplay
  ? ['xvfb-run', ['-a', '--server-args=-screen 0 1280x1024x24', process.execPath, ...wtrArgs]]
  : [process.execPath, wtrArgs];

console.log(`Engines: ${engines.join(', ')}`);
const child = spawn(command, commandArgs, {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, ZAPPY_ENGINES: engines.join(','), ZAPPY_SUMMARY_FILE: summaryFile },
});
child.on('exit', (code, signal) => {
  let totals = { passed: 0, failed: 0, skipped: 0, brokenFiles: [] };
  if (existsSync(summaryFile)) totals = JSON.parse(readFileSync(summaryFile, 'utf8'));
  else {
    // The runner died before reporting: that is a failure, and say how it died.
    console.log(`The test runner ended (${signal ? `signal ${signal}` : `exit code ${code}`}) before reporting its results.`);
    totals.failed = 1;
  }
  rmSync(summaryFile, { force: true });
  for (const file of totals.brokenFiles) console.log(`Failed to run: ${file}`);
  if (buildFailed) {
    console.log('Failed: the script build (see its output above)');
    totals.failed += 1;
  }
  const runnerFailed = code !== 0 || signal !== null;
  if (runnerFailed && totals.failed === 0) totals.failed = 1;
  if (totals.passed + totals.failed === 0) {
    console.log('No test ran.');
    totals.failed = 1;
  }
  const skipped = totals.skipped > 0 ? `, ${totals.skipped} skipped` : '';
  console.log(`${totals.passed} passed, ${totals.failed} failed${skipped}`);
  process.exit(totals.failed > 0 ? 1 : 0);
});
