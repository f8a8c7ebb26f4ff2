import { defineConfig } from 'vite';
import { createLeadStandIn } from './demo/stand-in/vite-plugin.js';

// `npm start`: the demo pages, with a local stand-in of Zappy's createLead
// endpoint mounted at /4/clientes/createLead.
export default defineConfig({
  plugins: [createLeadStandIn()],
});
