import { type Plugin, defineConfig } from 'vite';
import { relayDemo } from './demo/relay/vite-plugin.js';
import { createStandIn } from './demo/stand-in/stand-in.js';
import { createLeadStandIn } from './demo/stand-in/vite-plugin.js';

/** The demo lives in demo/: the server's root address leads there. */
function rootToDemo(): Plugin {
  return {
    name: 'zappy-root-to-demo',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        if (req.url !== '/' && req.url !== '/index.html') return next();
        res.statusCode = 302;
        res.setHeader('Location', '/demo/index.html');
        res.end();
      });
    },
  };
}

// `npm start`: the demo pages, with a local stand-in of Zappy's createLead
// endpoint mounted at /4/clientes/createLead, the same stand-in as "Zappy on
// another origin", and the relay at /api/leads in front of it.
const standIn = createStandIn();
export default defineConfig({
  plugins: [createLeadStandIn(standIn), relayDemo(standIn), rootToDemo()],
});
