import type { Connect, Plugin } from 'vite';
import { CREATE_LEAD_PATH, type StandIn, createStandIn } from './stand-in.js';

type Middlewares = Connect.Server;

/**
 * Mounts the local stand-in of Zappy's createLead endpoint (and its
 * `/__zappy/` control routes, used by `demo/report.html`) in Vite's dev and
 * preview servers, so `npm start` works without a Zappy account or network.
 *
 * createLead goes first in the middleware stack, ahead of Vite's own CORS
 * middleware: that one answers every preflight itself and allows only
 * localhost origins, which would keep a page on another origin from posting.
 * The `/__zappy/` routes stay behind Vite's host check (they are same-origin
 * only, and a DNS-rebinding page must not read them).
 *
 * @param standIn The store to serve; a new one by default. Pass one to share
 *   it with another plugin (the demo's relay and "Zappy on another origin").
 * @example
 * export default defineConfig({ plugins: [createLeadStandIn()] });
 */
export function createLeadStandIn(standIn: StandIn = createStandIn()): Plugin {
  // One store per plugin instance: it survives Vite's restarts on config edits.
  const handle: Connect.NextHandleFunction = (req, res, next) => {
    standIn.handle(req, res).then((handled) => {
      if (!handled) next();
    }, next);
  };
  const createLeadFirst: Connect.NextHandleFunction = (req, res, next) => {
    if (new URL(req.url ?? '/', 'http://stand-in.invalid').pathname === CREATE_LEAD_PATH) handle(req, res, next);
    else next();
  };
  const mount = (middlewares: Middlewares) => {
    middlewares.stack.unshift({ route: '', handle: createLeadFirst });
    middlewares.use(handle);
  };
  return {
    name: 'zappy-create-lead-stand-in',
    configureServer(server) {
      mount(server.middlewares);
      server.httpServer?.once('close', () => standIn.close());
    },
    configurePreviewServer(server) {
      mount(server.middlewares);
      server.httpServer.once('close', () => standIn.close());
    },
  };
}
