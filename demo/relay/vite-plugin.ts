import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import type { Connect, Plugin } from 'vite';
import { jsonLogLine } from '../../src/relay/log.js';
import { type RelayHandler, createRelay } from '../../src/relay/relay.js';
import { CREATE_LEAD_PATH, type StandIn } from '../stand-in/stand-in.js';
import { META_PLAYER_PATH, metaPlayer } from './meta-player.js';

/** The demo's business, as the stand-in knows it: the relay adds this hash, the page never sees it. */
export const DEMO_ACCOUNT_HASH = 'demo-hash';

/** Where the demo page learns the address of "Zappy on another origin". */
export const DEMO_CONFIG_PATH = '/__demo/zappy';

/**
 * The relay in `npm start`, as a site would deploy it, and a Zappy that lives
 * on another origin, so the demo shows what the relay is for:
 *
 * - "Zappy": the same stand-in (`standIn`, shared with `createLeadStandIn`, so
 *   the report page sees every lead) also served on a port of its own. A page
 *   of the dev server posting there is cross-origin, as a real site posting to
 *   api.zappysoftware.com is; with the stand-in's CORS switched off, the
 *   browser blocks it.
 * - The relay at `/api/leads` (and `/api/health`) on the dev server's own
 *   origin, forwarding to that "Zappy" with the hash; it works whatever the
 *   CORS switch says. Its log lines go to the dev server's terminal.
 *
 * `GET /__demo/zappy` tells the page "Zappy"'s address. The relay's Meta
 * route (`/api/meta`) reads leads from a Graph API stand-in, and
 * `POST /__demo/meta` plays Meta for demo/meta.html (./meta-player.ts).
 */
export function relayDemo(standIn: StandIn): Plugin {
  let zappyOrigin: Promise<string> | undefined;
  /** Starts "Zappy on another origin" once, on a free port of localhost. */
  const startZappy = () =>
    (zappyOrigin ??= new Promise((resolve, reject) => {
      const zappy = createServer((req, res) => {
        standIn.handle(req, res).then((handled) => {
          if (!handled) res.writeHead(404).end();
        });
      });
      zappy.once('error', reject);
      zappy.listen(0, 'localhost', () => resolve(`http://localhost:${(zappy.address() as AddressInfo).port}`));
      zappy.unref();
    }));

  return {
    name: 'zappy-relay-demo',
    configureServer(server) {
      const player = metaPlayer();
      let handler: Promise<RelayHandler> | undefined;
      const relayHandler = () =>
        (handler ??= (async () =>
          createRelay({
            accountHash: DEMO_ACCOUNT_HASH,
            endpoint: `${await startZappy()}${CREATE_LEAD_PATH}`,
            rateLimit: { limit: 30, windowMs: 60_000 },
            meta: await player.options(),
            log: (record) => server.config.logger.info(`relay ${jsonLogLine(record)}`, { timestamp: true }),
          }))());
      let relay: Connect.NextHandleFunction | undefined;
      const mountRelay = async (): Promise<Connect.NextHandleFunction> => {
        const handler = await relayHandler();
        // Vite's own Request and Response stay as they are.
        return getRequestListener((request, env) => handler(request, { clientAddress: env.incoming.socket.remoteAddress ?? '' }), {
          overrideGlobalObjects: false,
        }) as unknown as Connect.NextHandleFunction;
      };
      server.middlewares.use(async (req, res, next) => {
        const path = new URL(req.url ?? '/', 'http://demo.invalid').pathname;
        try {
          if (path === DEMO_CONFIG_PATH) {
            res.setHeader('Content-Type', 'application/json');
            res.end(JSON.stringify({ zappyEndpoint: `${await startZappy()}${CREATE_LEAD_PATH}`, accountHash: DEMO_ACCOUNT_HASH }));
            return;
          }
          if (path === META_PLAYER_PATH && req.method === 'POST') {
            const origin = `http://${req.headers.host ?? 'localhost'}`;
            await player.handle(req, res, await relayHandler(), origin);
            return;
          }
          if (path !== '/api/leads' && path !== '/api/health' && path !== '/api/meta') return next();
          relay ??= await mountRelay();
          relay(req, res, next);
        } catch (error) {
          next(error);
        }
      });
    },
  };
}
