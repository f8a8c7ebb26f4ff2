/**
 * A local stand-in for Zappy's createLead in the relay's tests: answers 201
 * unless told otherwise for the next requests, and keeps what it received.
 */
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the upstream answers one request. */
export type UpstreamBehaviour =
  | { status: number; headers?: Record<string, string>; body?: string; delayMs?: number }
  | 'hang'
  | 'reset';

/** A request the upstream received. */
export interface ReceivedRequest {
  method: string;
  url: URL;
  headers: IncomingMessage['headers'];
  body: string;
}

/** The running upstream. */
export interface Upstream {
  /** createLead's address on this upstream, for `ZAPPY_ENDPOINT`. */
  readonly endpoint: string;
  /** Answers the next requests with these behaviours, in order; then 201 again. */
  next(...behaviours: UpstreamBehaviour[]): void;
  /** Every request received, oldest first. */
  readonly received: ReceivedRequest[];
  /** Forgets the received requests and pending behaviours. */
  reset(): void;
  close(): Promise<void>;
}

/** Starts the upstream on a free port of 127.0.0.1. */
export async function startUpstream(): Promise<Upstream> {
  const queue: UpstreamBehaviour[] = [];
  const received: ReceivedRequest[] = [];
  const hanging = new Set<ServerResponse>();

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({
        method: req.method ?? '',
        url: new URL(req.url ?? '/', 'http://upstream.test'),
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const behaviour = queue.shift() ?? { status: 201, body: '{"id":"rec-1"}' };
      if (behaviour === 'hang') {
        hanging.add(res);
        res.on('close', () => hanging.delete(res));
        return;
      }
      if (behaviour === 'reset') {
        req.socket.resetAndDestroy();
        return;
      }
      setTimeout(() => {
        res.writeHead(behaviour.status, { 'Content-Type': 'application/json', ...behaviour.headers });
        res.end(behaviour.body ?? '{}');
      }, behaviour.delayMs ?? 0);
    });
  });
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}/4/clientes/createLead`,
    next: (...behaviours) => queue.push(...behaviours),
    received,
    reset() {
      queue.length = 0;
      received.length = 0;
    },
    close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
