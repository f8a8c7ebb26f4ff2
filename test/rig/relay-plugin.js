// The relay (src/relay/), mounted in the test runner's dev server in front of
// the createLead stand-in, so browser tests can post through it as a site
// would: the widget gets `endpoint="/relay/<account>/leads"` and no hash; the
// relay adds `<account>` as the hash and forwards to the stand-in on the same
// server, where the test reads what arrived.
//
//   /relay/<account>/leads          pages of this server's origins may post
//                                   (localhost and 127.0.0.1: a page on one
//                                   posting to the other is cross-origin)
//   /relay-strict/<account>/leads   only https://elsewhere.example may post
//
// Upstream timeout 5 s (longer than the stand-in's `slow` fault), no rate limit, no log lines (test/server/ checks those).
import { getRequestListener } from '@hono/node-server';
import { bundleForNode } from './bundle-for-node.js';

const ROUTE = /^\/(relay|relay-strict)\/([^/]+)\/(?:leads|health)$/;

/**
 * A @web/dev-server plugin answering the relay routes from the `serve` hook,
 * as ./stand-in-plugin.js does (and for the same reasons).
 * @returns {import('@web/dev-server-core').Plugin}
 */
export function relayPlugin() {
  const load = bundleForNode('src/relay/index.ts', 'relay');
  /** One relay per route and account: each has its own hash, as each business would. */
  const listeners = new Map();
  let make;
  return {
    name: 'zappy-relay',
    async serverStart({ config }) {
      const { createRelay } = await load();
      const ownOrigins = [`http://localhost:${config.port}`, `http://127.0.0.1:${config.port}`];
      make = (kind, account) => {
        const relay = createRelay({
          accountHash: account,
          endpoint: `http://127.0.0.1:${config.port}/4/clientes/createLead`,
          allowedOrigins: kind === 'relay' ? ownOrigins : ['https://elsewhere.example'],
          rateLimit: false,
          upstreamTimeoutMs: 5_000,
          log: () => {},
        });
        // The adapter must not swap the runner's own global Request and Response.
        return getRequestListener((request, env) => relay(request, { clientAddress: env.incoming.socket.remoteAddress }), {
          overrideGlobalObjects: false,
        });
      };
    },
    /** @param {import('koa').Context} context */
    async serve(context) {
      const match = ROUTE.exec(context.path);
      if (!match || !make) return undefined;
      const [, kind, account] = match;
      const key = `${kind}/${account}`;
      if (!listeners.has(key)) listeners.set(key, make(kind, decodeURIComponent(account)));
      context.respond = false;
      await listeners.get(key)(context.req, context.res);
      // See ./stand-in-plugin.js: keeps the request out of wtr's 404 list.
      if (!context.res.headersSent) context.res.statusCode = 499;
      return undefined;
    },
  };
}
