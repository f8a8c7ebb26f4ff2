// Serves the strict-CSP fixture (test/fixtures/csp.html) with the policy of
// issue 5 as a real response header, the way a site would send it, and the
// widget's script and its parts to that page byte for byte as built. Every
// other path, the test runner's own page included, is left alone (wtr's
// runner page needs inline scripts, so the fixture runs in an iframe of it).
import { readFile } from 'node:fs/promises';

/** The policy a strict site sends: nothing inline, no eval, styles from the origin only. */
export const STRICT_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self' https://api.zappysoftware.com";

/** The page that gets the header. */
export const CSP_FIXTURE_PATH = '/test/fixtures/csp.html';

/** The built script; the fixture asks for it with `?as-built`. */
const SCRIPT_PATH = '/dist/zappy-lead-form.js';
/** The same script where its parts are missing: a site that copied the one file. */
const ALONE_SCRIPT_PATH = '/dist-alone/zappy-lead-form.js';
/** The script with its parts inlined, where no part is beside it. */
const STANDALONE_SCRIPT_PATH = '/dist-alone/zappy-lead-form-standalone.js';
/** The same script where its parts come after {@link SLOW_PART_MS}: a very slow network. */
const SLOW_SCRIPT_PATH = '/dist-slow/zappy-lead-form.js';
/** Longer than the widget waits for a part on submit (PART_WAIT_MS, 4 s). */
const SLOW_PART_MS = 6000;
/** The parts the script loads on demand, beside it (and beside the slow copy). */
const PART_PATH = /^\/dist(?:-slow)?\/(zappy-lead-form\.[a-z]+\.js)$/;
const dist = new URL('../../dist/', import.meta.url);

/**
 * A @web/dev-server plugin for the tests of the built script on a strict-CSP
 * page (test/csp.test.ts, test/dist-parts.test.ts).
 *
 * - `test/fixtures/csp.html` gets `Content-Security-Policy: STRICT_CSP`, and
 *   `Cache-Control: no-store` so a browser never reuses a copy whose headers
 *   it kept from another run. Its query changes the page: `lang=xx` sets
 *   `<html lang>`, `alone` loads the script from ALONE_SCRIPT_PATH, `slow`
 *   from SLOW_SCRIPT_PATH, `standalone` loads STANDALONE_SCRIPT_PATH.
 * - `/dist/zappy-lead-form.js?as-built`, its parts (`zappy-lead-form.en.js`,
 *   ...), ALONE_SCRIPT_PATH, STANDALONE_SCRIPT_PATH and SLOW_SCRIPT_PATH with
 *   its parts are answered with the files exactly as the build wrote them. The esbuild plugin of the config transforms every `.js`
 *   it serves once a `target` is set (re-printed, `"use strict"` added, an
 *   inline source map appended): these tests must run what ships. Without the
 *   query the script is served as before, so other tests see no change.
 *
 * All of it is done from the `transform` hook, which runs on the way back from
 * the static file middleware, after the esbuild plugin's (plugins transform in
 * order; this one is registered after it). A middleware added to Koa in
 * `serverStart` would never be called (see stand-in-plugin.js). The `serve`
 * hook only makes the copies under /dist-alone/ and /dist-slow/ exist, so
 * that `transform` sees them, and holds the slow parts back.
 *
 * @returns {import('@web/dev-server-core').Plugin}
 */
export function cspPlugin() {
  return {
    name: 'zappy-strict-csp',
    /** @param {import('koa').Context} context */
    async serve(context) {
      if ([ALONE_SCRIPT_PATH, STANDALONE_SCRIPT_PATH, SLOW_SCRIPT_PATH].includes(context.path)) return { body: '', type: 'js' };
      if (context.path.startsWith('/dist-slow/') && PART_PATH.test(context.path)) {
        await new Promise((resolve) => setTimeout(resolve, SLOW_PART_MS));
        return { body: '', type: 'js' };
      }
      return undefined;
    },
    /** @param {import('koa').Context} context */
    async transform(context) {
      if (context.path === CSP_FIXTURE_PATH) {
        let body = String(context.body);
        const lang = String(context.query.lang ?? '');
        if (/^[a-z]{2}$/.test(lang)) body = body.replace('<html lang="en">', `<html lang="${lang}">`);
        if ('alone' in context.query) body = body.replace(`"${SCRIPT_PATH}?as-built"`, `"${ALONE_SCRIPT_PATH}"`);
        if ('slow' in context.query) body = body.replace(`"${SCRIPT_PATH}?as-built"`, `"${SLOW_SCRIPT_PATH}"`);
        if ('standalone' in context.query) body = body.replace(`"${SCRIPT_PATH}?as-built"`, `"${STANDALONE_SCRIPT_PATH}"`);
        return { body, headers: { 'Content-Security-Policy': STRICT_CSP, 'Cache-Control': 'no-store' }, transformCache: false };
      }
      const part = PART_PATH.exec(context.path)?.[1];
      const asBuilt =
        (context.path === SCRIPT_PATH && 'as-built' in context.query) ||
        context.path === ALONE_SCRIPT_PATH ||
        context.path === SLOW_SCRIPT_PATH ||
        part !== undefined;
      if (context.path === STANDALONE_SCRIPT_PATH) {
        return { body: await readFile(new URL('zappy-lead-form-standalone.js', dist), 'utf8'), transformCache: false };
      }
      if (asBuilt) {
        return { body: await readFile(new URL(part ?? 'zappy-lead-form.js', dist), 'utf8'), transformCache: false };
      }
      return undefined;
    },
  };
}
