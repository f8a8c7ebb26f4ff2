// @web/test-runner configuration. Start it through `npm test` (test/run.js),
// which picks the engines and wraps WebKit in a virtual display.
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { createLaunchers } from './rig/browsers.js';
import { summaryReporter } from './rig/summary-reporter.js';
import { standInPlugin } from './rig/stand-in-plugin.js';
import { relayPlugin } from './rig/relay-plugin.js';
import { cspPlugin } from './rig/csp-plugin.js';

// A runner that ends with a failure code and says nothing is undebuggable in
// CI: name the caller of process.exit when the code is not 0.
const exit = process.exit.bind(process);
process.exit = (code) => {
  if (code) console.error(`web-test-runner exits with code ${code}:`, new Error().stack?.split('\n').slice(2, 7).join('\n'));
  return exit(code);
};

const engines = (process.env.ZAPPY_ENGINES ?? 'chromium').split(',').filter(Boolean);
const summaryFile = process.env.ZAPPY_SUMMARY_FILE ?? fileURLToPath(new URL('../node_modules/.cache/wtr-summary.json', import.meta.url));

export default {
  rootDir: fileURLToPath(new URL('..', import.meta.url)),
  // test/server/ runs in Node (run.js), not in a browser.
  files: ['test/**/*.test.ts', '!test/server/**'],
  nodeResolve: { exportConditions: ['browser', 'production'] },
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) }), standInPlugin(), relayPlugin(), cspPlugin()],
  browsers: await createLaunchers(engines),
  // One browser page at a time per engine: two cores, three engines.
  concurrency: 1,
  concurrentBrowsers: 3,
  testFramework: { config: { timeout: 10_000 } },
  testsFinishTimeout: 180_000,
  browserStartTimeout: 60_000,
  // The summary first: the default reporter's own stop must not keep it from running.
  reporters: [summaryReporter({ outFile: summaryFile }), defaultReporter({ reportTestResults: true, reportTestProgress: !process.env.CI })],
};
