// Serves the strict-CSP fixture (test/fixtures/csp.html) with the policy of
// issue 5 as a real response header, the way a site would send it, and the
// widget's script to that page byte for byte as built. Every other path, the
// test runner's own page included, is left alone (wtr's runner page needs
// inline scripts, so the fixture runs in an iframe of it).
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** The policy a strict site sends: nothing inline, no eval, styles from the origin only. */
export const STRICT_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self' https://api.zappysoftware.com";

/** The page that gets the header. */
export const CSP_FIXTURE_PATH = '/test/fixtures/csp.html';

/** The built script; the fixture asks for it with `?as-built`. */
const SCRIPT_PATH = '/dist/zappy-lead-form.js';
const scriptFile = fileURLToPath(new URL('../../dist/zappy-lead-form.js', import.meta.url));

/**
 * A @web/dev-server plugin for the strict-CSP test.
 *
 * - `test/fixtures/csp.html` gets `Content-Security-Policy: STRICT_CSP`, and
 *   `Cache-Control: no-store` so a browser never reuses a copy whose headers
 *   it kept from another run.
 * - `/dist/zappy-lead-form.js?as-built` is answered with the file exactly as
 *   the build wrote it. The esbuild plugin of the config transforms every `.js`
 *   it serves once a `target` is set (re-printed, `"use strict"` added, an
 *   inline source map appended): the CSP test must run what ships. Without the
 *   query the script is served as before, so other tests see no change.
 *
 * Both are done from the `transform` hook, which runs on the way back from the
 * static file middleware, after the esbuild plugin's (plugins transform in
 * order; this one is registered after it). A middleware added to Koa in
 * `serverStart` would never be called (see stand-in-plugin.js).
 *
 * @returns {import('@web/dev-server-core').Plugin}
 */
export function cspPlugin() {
  return {
    name: 'zappy-strict-csp',
    /** @param {import('koa').Context} context */
    async transform(context) {
      if (context.path === CSP_FIXTURE_PATH) {
        return { headers: { 'Content-Security-Policy': STRICT_CSP, 'Cache-Control': 'no-store' }, transformCache: false };
      }
      if (context.path === SCRIPT_PATH && 'as-built' in context.query) {
        return { body: await readFile(scriptFile, 'utf8'), transformCache: false };
      }
      return undefined;
    },
  };
}
