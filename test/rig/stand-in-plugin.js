// The stand-in of Zappy's createLead endpoint, mounted in the test runner's dev
// server so browser tests can post to `/4/clientes/createLead` on their own
// origin and read what arrived through `/__zappy/`. The stand-in is
// TypeScript, shared with the Vite demo: ./bundle-for-node.js makes it
// importable here.
import { bundleForNode } from './bundle-for-node.js';

/**
 * A @web/dev-server plugin that answers createLead and the `/__zappy/` routes
 * from an in-memory store shared by every browser of the run.
 *
 * It answers from the `serve` hook, not from a Koa middleware added with
 * `app.use()` in `serverStart`: the dev server creates its http server (and Koa
 * composes the middleware list) before `serverStart` runs, and koa-compose
 * 4.2.0, the version installed here, composes a copy of that list, so a
 * middleware added later is never called (koajs/compose#106).
 *
 * `serve` runs inside the middleware chain, after middlewares that only inspect
 * the response on the way back; none of them reads the request body, so the
 * stand-in reads `ctx.req` itself. When it answers, `ctx.respond = false` tells
 * Koa to leave `ctx.res` alone, and `serve` returns nothing so no plugin body is
 * set. The middlewares after it (static files) ignore a request that already has
 * a status; those before it only post-process 2xx responses of JS or HTML files
 * (or file paths), which the stand-in's JSON answers never are.
 *
 * @returns {import('@web/dev-server-core').Plugin}
 */
export function standInPlugin() {
  const load = bundleForNode('demo/stand-in/stand-in.ts', 'stand-in');
  /** @type {import('../../demo/stand-in/stand-in.ts').StandIn | undefined} */
  let standIn;
  return {
    name: 'zappy-stand-in',
    async serverStart() {
      const { createStandIn } = await load();
      standIn = createStandIn();
    },
    /** @param {import('koa').Context} context */
    async serve(context) {
      if (!standIn || !(await standIn.handle(context.req, context.res))) return undefined;
      context.respond = false;
      // A `hang` or `reset` fault sends nothing, so the status is still Koa's
      // initial 404 and wtr would list the URL under "404 network requests".
      // 499 (nginx's "client closed request") is never written: it only keeps
      // the request out of that list and out of the 2xx post-processing.
      if (!context.res.headersSent) context.res.statusCode = 499;
      return undefined;
    },
    serverStop() {
      standIn?.close();
    },
  };
}
