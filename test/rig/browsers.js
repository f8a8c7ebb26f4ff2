// Finds the three browser engines on this machine and builds a @web/test-runner
// launcher for each. Kept apart from the config so `run.js` can decide, before
// starting anything, whether WebKit needs a virtual display.
import { existsSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

/** Engines in the order they run. */
export const ENGINES = /** @type {const} */ (['chromium', 'firefox', 'webkit']);

/**
 * Headless Chromium as root: no sandbox, and nothing that phones home (this
 * machine's closed network refuses those connections, noisily). Also used by
 * the benchmark (.config/bench/bench.js).
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

const CHROMIUM_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
];
const FIREFOX_PATHS = ['/usr/bin/firefox-esr', '/usr/bin/firefox'];
const WEBKIT_DRIVER = '/usr/bin/WebKitWebDriver';
const MINIBROWSER_PATHS = [
  '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
  '/usr/lib/aarch64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
  '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.0/MiniBrowser',
];

const firstExisting = (paths) => paths.find((p) => p && existsSync(p));

/**
 * Where each engine lives, or `undefined` when it is not installed.
 * Chromium falls back to the build that `@sparticuz/chromium` ships inside its
 * npm tarball, so `npm install` alone is enough for a Chromium run.
 */
export function locateEngines() {
  return {
    chromium: firstExisting([process.env.CHROME_PATH, ...CHROMIUM_PATHS]) ?? 'bundled',
    firefox: firstExisting([process.env.FIREFOX_PATH, ...FIREFOX_PATHS]),
    webkit: existsSync(WEBKIT_DRIVER) ? firstExisting(MINIBROWSER_PATHS) : undefined,
  };
}

async function bundledChromium() {
  const { default: chromium } = await import('@sparticuz/chromium');
  return chromium.executablePath();
}

/** The Chromium to drive: the system's (see {@link locateEngines}), else the bundled one, unpacked. */
export async function chromiumExecutablePath() {
  const found = locateEngines().chromium;
  return found === 'bundled' ? bundledChromium() : found;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForDriver(port, child) {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`WebKitWebDriver exited with ${child.exitCode}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/status`);
      if (res.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('WebKitWebDriver did not start within 15 s');
}

/**
 * Builds the launchers for the requested engines.
 * @param {readonly string[]} names
 */
export async function createLaunchers(names) {
  const found = locateEngines();
  const launchers = [];
  for (const name of names) {
    if (name === 'chromium') {
      const { chromeLauncher } = await import('@web/test-runner-chrome');
      const executablePath = await chromiumExecutablePath();
      launchers.push(
        chromeLauncher({ launchOptions: { executablePath, headless: true, args: CHROMIUM_ARGS } }),
      );
    } else if (name === 'firefox') {
      const { chromeLauncher } = await import('@web/test-runner-chrome');
      const puppeteer = await import('puppeteer-core');
      launchers.push(
        chromeLauncher({
          puppeteer: puppeteer.default ?? puppeteer,
          launchOptions: {
            browser: 'firefox',
            executablePath: found.firefox,
            headless: true,
            // A fresh profile per run keeps the visitor's storage (the outbox) clean.
            extraPrefsFirefox: { 'network.proxy.type': 0, 'app.update.enabled': false },
          },
        }),
      );
    } else if (name === 'webkit') {
      const { webdriverLauncher } = await import('@web/test-runner-webdriver');
      const port = await freePort();
      const driver = spawn(WEBKIT_DRIVER, [`--port=${port}`], { stdio: 'ignore' });
      process.on('exit', () => driver.kill());
      await waitForDriver(port, driver);
      launchers.push(
        webdriverLauncher({
          hostname: '127.0.0.1',
          port,
          logLevel: 'error',
          capabilities: {
            browserName: 'MiniBrowser',
            // webdriverio asks for BiDi (webSocketUrl) by default; WebKitWebDriver refuses it.
            'wdio:enforceWebDriverClassic': true,
            // Navigations return at once instead of waiting for the page to
            // load: wtr waits for its test page itself, and the navigation to
            // about:blank that ends each file now and then hung MiniBrowser for
            // the 120 s WebDriver timeout, failing a file whose tests all passed.
            pageLoadStrategy: 'none',
            'webkitgtk:browserOptions': { binary: found.webkit, args: ['--automation'] },
          },
        }),
      );
    }
  }
  return launchers;
}
