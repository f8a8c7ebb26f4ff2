import { Agent as HttpAgent, type IncomingHttpHeaders, type Server, createServer, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import type { RelayHandler } from './relay.js';

/** Where {@link listen} serves. */
export interface ListenOptions {
  /** Default 8787. `0` picks a free port. */
  port?: number;
  /** Default `0.0.0.0` (every IPv4 interface; put a TLS proxy in front). */
  host?: string;
  /** Default {@link SERVER_TIMEOUTS}. */
  timeouts?: Partial<ServerTimeouts>;
}

/** How long a client may take, in milliseconds (see {@link SERVER_TIMEOUTS}). */
export interface ServerTimeouts {
  headersMs: number;
  requestMs: number;
  keepAliveMs: number;
  idleSocketMs: number;
}

/** A relay serving over HTTP, from {@link listen}. */
export interface RunningServer {
  /** `http://host:port`. */
  readonly url: string;
  readonly server: Server;
  /**
   * Stops taking connections, lets the requests under way finish (at most
   * `graceMs`, default 15 s, then cuts what is left) and resolves when the
   * server is closed.
   */
  close(graceMs?: number): Promise<void>;
}

/**
 * Limits that keep a slow or idle client from holding a socket: headers within
 * 10 s, the whole request within 15 s (a lead is under 16 KB), idle keep-alive
 * connections closed after 5 s, any socket silent for 20 s closed.
 */
export const SERVER_TIMEOUTS: Readonly<ServerTimeouts> = { headersMs: 10_000, requestMs: 15_000, keepAliveMs: 5_000, idleSocketMs: 20_000 };

/**
 * Serves a Fetch handler (the relay) with Node's `http`, through
 * `@hono/node-server`'s request listener, which turns each `IncomingMessage`
 * into a `Request` and writes the `Response` back (streaming, back-pressure
 * and aborts handled there, not here). The peer address goes to the handler as
 * `clientAddress`.
 *
 * @example
 * const running = await listen(createRelay(relayOptionsFromEnv(process.env)), { port: 8787 });
 * process.once('SIGTERM', () => running.close());
 */
export async function listen(handler: RelayHandler, { port = 8787, host = '0.0.0.0', timeouts = {} }: ListenOptions = {}): Promise<RunningServer> {
  const { headersMs, requestMs, keepAliveMs, idleSocketMs } = { ...SERVER_TIMEOUTS, ...timeouts };
  const listener = getRequestListener((request, env) => {
    const clientAddress = env.incoming.socket.remoteAddress;
    return handler(request, clientAddress ? { clientAddress } : {});
  });
  const server = createServer(
    {
      headersTimeout: headersMs,
      requestTimeout: requestMs,
      keepAliveTimeout: keepAliveMs,
      // Node checks the two timeouts above only this often (30 s by default).
      connectionsCheckingInterval: Math.min(1_000, headersMs),
    },
    listener,
  );
  server.setTimeout(idleSocketMs, (socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${shownHost}:${address.port}`,
    server,
    close(graceMs = 15_000) {
      closing ??= new Promise<void>((resolve) => {
        // Stops accepting and closes idle keep-alive sockets; requests under way finish.
        server.close(() => resolve());
        // A socket that was busy when close() began becomes idle once its answer is written.
        const sweep = setInterval(() => server.closeIdleConnections(), 100);
        const cut = setTimeout(() => server.closeAllConnections(), graceMs);
        server.once('close', () => {
          clearInterval(sweep);
          clearTimeout(cut);
        });
      });
      return closing;
    },
  };
}

/**
 * Connections to Zappy kept open between leads (TLS once, not per lead), and
 * closed after 4 s idle, before a server's own idle timeout can close one
 * under a request.
 */
const AGENTS = {
  'http:': new HttpAgent({ keepAlive: true, timeout: 4_000 }),
  'https:': new HttpsAgent({ keepAlive: true, timeout: 4_000 }),
} as const;

function responseHeaders(incoming: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming)) {
    for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, item);
  }
  return headers;
}

/**
 * The `fetch` the relay's Node command reaches Zappy with: `node:http` and
 * `node:https` with keep-alive agents, for what `sendLead` asks (a string
 * body, headers, an abort signal) and answers (the status and headers; the
 * body is read to the end and dropped). Node 20's built-in `fetch` costs the
 * relay about half its CPU per lead (`npm run bench:relay`). Redirects are not
 * followed: createLead has no reason to redirect, and the relay reports one as
 * a configuration problem.
 */
export const nodeFetch = ((input: string | URL | Request, init: RequestInit = {}): Promise<Response> =>
  new Promise((resolve, reject) => {
    const url = new URL(input instanceof Request ? input.url : input);
    const { signal } = init;
    if (signal?.aborted) return reject(signal.reason);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return reject(new TypeError(`nodeFetch: ${url.protocol} is not http(s)`));
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const request = send(
      url,
      { method: init.method ?? 'GET', headers: Object.fromEntries(new Headers(init.headers)), agent: AGENTS[url.protocol] },
      (response) => {
        response.on('error', reject);
        response.on('end', () => {
          try {
            resolve(new Response(null, { status: response.statusCode ?? 0, headers: responseHeaders(response.headers) }));
          } catch (error) {
            // A status `Response` cannot hold (below 200 or above 599): a broken upstream.
            reject(error);
          }
        });
        response.resume();
      },
    );
    const abort = () => request.destroy(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
    signal?.addEventListener('abort', abort, { once: true });
    request.on('error', reject);
    request.on('close', () => signal?.removeEventListener('abort', abort));
    request.end(typeof init.body === 'string' ? init.body : undefined);
  })) as typeof fetch;
