// A tiny static server for the benchmark, on 127.0.0.1: real HTTP (the
// browser fetches, parses and compiles as it would from a site) without the
// quirks of file:// pages, and without the network's noise.
import { createServer } from 'node:http';
import { extname } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.webp': 'image/webp',
  '.png': 'image/png',
};

// Cross-origin isolation: performance.now() is then coarsened to 5 µs instead
// of 100 µs in Chromium, fine enough for a keystroke that takes well under a
// millisecond (https://developer.mozilla.org/en-US/docs/Web/API/Performance/now#security_requirements).
// Every file comes from this one origin, so require-corp blocks nothing.
const HEADERS = {
  'cache-control': 'no-store',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
};

/**
 * Serves `files` (URL path to bytes, held in memory so a build running at the
 * same time cannot change what is measured half-way through) until `close()`.
 *
 * @param {Map<string, Buffer>} files
 * @returns {Promise<{ origin: string, close: () => Promise<void> }>}
 */
export async function serve(files) {
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    const body = files.get(path);
    if (request.method !== 'GET' || !body) {
      response.writeHead(path === '/favicon.ico' ? 204 : 404, HEADERS).end();
      return;
    }
    response.writeHead(200, {
      ...HEADERS,
      'content-type': TYPES[extname(path)] ?? 'application/octet-stream',
      'content-length': body.length,
    });
    response.end(body);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
