// `npx zappy-lead-form relay` as an operator meets it: configuration errors,
// exit codes, a clean stop on SIGTERM and SIGINT, and the server timeouts that
// keep slow clients from holding sockets. The routes are test/server/relay.test.ts's.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { listen } from '../../src/relay/node.js';
import { createRelay } from '../../src/relay/relay.js';
import { CLI, startNodeRelay } from './support/relay-runtimes.js';
import { type Upstream, startUpstream } from './support/upstream.js';

const HASH = 'hash-s3cr3t-node-5e1d';

/** Runs the command to its end with only these variables set. */
const runRelay = (env: Record<string, string>, args: string[] = []) =>
  spawnSync(process.execPath, [CLI, 'relay', ...args], { env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', ...env }, encoding: 'utf8', timeout: 10_000 });

describe('npx zappy-lead-form relay', () => {
  let upstream: Upstream;
  before(async () => {
    upstream = await startUpstream();
  });
  after(() => upstream.close());

  it('refuses to start without ZAPPY_ACCOUNT_HASH: exit 2, one line that names it', () => {
    const result = runRelay({});
    assert.equal(result.status, 2);
    assert.equal(result.stdout, '');
    const lines = result.stderr.trim().split('\n');
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, /ZAPPY_ACCOUNT_HASH/);
  });

  const malformed: [string, Record<string, string>, RegExp][] = [
    ['ZAPPY_ALLOWED_ORIGINS with a path', { ZAPPY_ALLOWED_ORIGINS: 'https://www.salao.pt/contactos' }, /ZAPPY_ALLOWED_ORIGINS/],
    ['ZAPPY_RATE_LIMIT that is not a rate', { ZAPPY_RATE_LIMIT: 'lots' }, /ZAPPY_RATE_LIMIT.*10\/60s/],
    ['ZAPPY_TRUST_PROXY that is not a yes, a no or a number', { ZAPPY_TRUST_PROXY: 'maybe' }, /ZAPPY_TRUST_PROXY/],
    ['ZAPPY_ENDPOINT that is not a URL', { ZAPPY_ENDPOINT: 'api.zappysoftware.com?accountHash=x' }, /ZAPPY_ENDPOINT/],
    ['ZAPPY_UPSTREAM_TIMEOUT_MS that is not milliseconds', { ZAPPY_UPSTREAM_TIMEOUT_MS: '8s' }, /ZAPPY_UPSTREAM_TIMEOUT_MS/],
    ['PORT that is not a port', { PORT: 'http' }, /PORT/],
  ];
  for (const [what, env, message] of malformed) {
    it(`refuses ${what}: exit 2, one line that says what to fix, never the hash`, () => {
      const result = runRelay({ ZAPPY_ACCOUNT_HASH: HASH, ...env });
      assert.equal(result.status, 2, result.stderr);
      assert.equal(result.stderr.trim().split('\n').length, 1);
      assert.match(result.stderr, message);
      assert.ok(!result.stderr.includes(HASH) && !result.stdout.includes(HASH));
    });
  }

  it('exits 1 with one line naming PORT when the port is taken', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as AddressInfo;
    try {
      const result = runRelay({ ZAPPY_ACCOUNT_HASH: HASH, PORT: String(port) });
      assert.equal(result.status, 1);
      assert.match(result.stderr, new RegExp(`port ${port}.*in use.*PORT`));
    } finally {
      taken.close();
    }
  });

  it('--help lists every variable and the exit codes', () => {
    const result = spawnSync(process.execPath, [CLI, 'relay', '--help'], { encoding: 'utf8' });
    assert.equal(result.status, 0);
    for (const name of ['ZAPPY_ACCOUNT_HASH', 'ZAPPY_ALLOWED_ORIGINS', 'ZAPPY_ENDPOINT', 'ZAPPY_RATE_LIMIT', 'ZAPPY_TRUST_PROXY', 'PORT', 'Exit codes']) {
      assert.match(result.stdout, new RegExp(name));
    }
  });

  it('on SIGTERM finishes the request under way, then exits 0', async () => {
    const relay = await startNodeRelay({ ZAPPY_ACCOUNT_HASH: HASH, ZAPPY_ENDPOINT: upstream.endpoint });
    upstream.next({ status: 201, delayMs: 600 });
    const pending = relay.fetch('/leads', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"client_name":"Ana"}' });
    await new Promise((resolve) => setTimeout(resolve, 150));
    relay.child.kill('SIGTERM');
    const response = await pending;
    assert.equal(response.status, 201);
    const [code] = await once(relay.child, 'exit');
    assert.equal(code, 0);
    // It no longer takes connections.
    await assert.rejects(fetch(`${relay.url}/health`));
  });

  it('on SIGINT (Ctrl-C) with nothing under way exits 0 at once', async () => {
    const relay = await startNodeRelay({ ZAPPY_ACCOUNT_HASH: HASH, ZAPPY_ENDPOINT: upstream.endpoint });
    assert.equal((await relay.fetch('/health')).status, 200);
    const started = Date.now();
    relay.child.kill('SIGINT');
    const [code] = await once(relay.child, 'exit');
    assert.equal(code, 0);
    assert.ok(Date.now() - started < 2_000, 'an idle keep-alive connection held the exit');
  });
});

describe('the Node server', () => {
  /** Connects and writes `text`; resolves how long the server took to close the socket. */
  async function closedAfter(url: string, text: string): Promise<number> {
    const { hostname, port } = new URL(url);
    const socket = connect(Number(port), hostname);
    await once(socket, 'connect');
    const started = Date.now();
    socket.write(text);
    socket.resume();
    await once(socket, 'close');
    return Date.now() - started;
  }

  it('closes a client that sends its headers too slowly, and one whose body never ends', async () => {
    const handler = createRelay({ accountHash: HASH, endpoint: 'http://127.0.0.1:9/', log: () => {} });
    const running = await listen(handler, { port: 0, host: '127.0.0.1', timeouts: { headersMs: 300, requestMs: 600, idleSocketMs: 5_000 } });
    try {
      const slowHeaders = await closedAfter(running.url, 'POST /leads HTTP/1.1\r\nHost: x\r\n');
      assert.ok(slowHeaders >= 250 && slowHeaders < 2_500, `headers: closed after ${slowHeaders} ms`);
      const slowBody = await closedAfter(running.url, 'POST /leads HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"client_');
      assert.ok(slowBody >= 500 && slowBody < 3_000, `body: closed after ${slowBody} ms`);
    } finally {
      await running.close();
    }
  });
});
