// Serves the strict-CSP fixture (test/fixtures/csp.html) with the policy of
// issue 5 as a real response header, the way a site would send it; every other
// path, the test runner's own page included, is left alone (wtr's runner page
// needs inline scripts, so the fixture runs in an iframe of it).

/** The policy a strict site sends: nothing inline, no eval, styles from the origin only. */
export const STRICT_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self' https://api.zappysoftware.com";

/** The page that gets the header. */
export const CSP_FIXTURE_PATH = '/test/fixtures/csp.html';

/**
 * A @web/dev-server plugin that adds `Content-Security-Policy: STRICT_CSP` to
 * the fixture page's response.
 *
 * It sets the header from the `transform` hook, which runs on the way back
 * from the static file middleware and may return headers only (a middleware
 * added to Koa in `serverStart` would never be called; see stand-in-plugin.js).
 * `Cache-Control: no-store` keeps a browser from answering a reload of the
 * page from a copy whose headers it kept from another run.
 *
 * @returns {import('@web/dev-server-core').Plugin}
 */
export function cspPlugin() {
  return {
    name: 'zappy-strict-csp',
    /** @param {import('koa').Context} context */
    transform(context) {
      if (context.path !== CSP_FIXTURE_PATH) return undefined;
      return { headers: { 'Content-Security-Policy': STRICT_CSP, 'Cache-Control': 'no-store' }, transformCache: false };
    },
  };
}
