// POST /leads in process, with Zappy's `fetch` and the idempotency store
// passed in: what the runtimes' table cannot time or break (a body still
// arriving while the same key is delivered, a store that fails) and the
// requests a TLS proxy in front rewrites.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { IdempotencyStore } from '../../src/relay/idempotency.js';
import type { RelayLogRecord } from '../../src/relay/log.js';
import { relayOptionsFromEnv } from '../../src/relay/config.js';
import { RelayConfigError, createRelay } from '../../src/relay/relay.js';

const SITE = 'https://www.salao.pt';
const LEAD = JSON.stringify({ client_name: 'Ana Rita', client_email: 'ana@exemplo.pt' });

/** A fetch standing in for Zappy: answers 201 and counts the leads it got. */
function zappy(status = 201) {
  const received: string[] = [];
  const fetch = (async (_input: string | URL | Request, init?: RequestInit) => {
    received.push(String(init?.body));
    return new Response(status === 204 ? null : '{"id":"rec-1"}', { status });
  }) as typeof globalThis.fetch;
  return { fetch, received };
}

const post = (headers: Record<string, string> = {}, body: BodyInit = LEAD, url = 'https://relay.test/leads') =>
  new Request(url, { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: SITE, ...headers }, body, duplex: 'half' } as RequestInit);

describe('relay POST /leads in process', () => {
  it("forwards a lead once when its key is delivered while a second request's body is still arriving", async () => {
    const upstream = zappy();
    const relay = createRelay({ accountHash: 'h', fetch: upstream.fetch, rateLimit: false });
    const key = crypto.randomUUID();
    // The second request's body comes in two parts; the first request is delivered in between.
    let finish: () => void = () => {};
    const bodyHeld = new Promise<void>((resolve) => (finish = resolve));
    const slowBody = new ReadableStream<Uint8Array>({
      async start(controller) {
        const bytes = new TextEncoder().encode(LEAD);
        controller.enqueue(bytes.subarray(0, 10));
        await bodyHeld;
        controller.enqueue(bytes.subarray(10));
        controller.close();
      },
    });
    const second = relay(post({ 'Idempotency-Key': key }, slowBody));
    const first = await relay(post({ 'Idempotency-Key': key }));
    assert.equal(first.status, 201);
    finish();
    const again = await second;
    assert.equal(again.status, 200);
    assert.deepEqual(await again.json(), { delivered: true, replayed: true });
    assert.equal(upstream.received.length, 1);
  });

  it('answers a lead Zappy took as delivered even when the idempotency store fails, and logs the problem', async () => {
    const upstream = zappy();
    const logs: RelayLogRecord[] = [];
    const failing: IdempotencyStore = {
      delivered: async () => false,
      remember: async () => {
        throw new Error('KV write limit');
      },
    };
    const relay = createRelay({ accountHash: 'h', fetch: upstream.fetch, rateLimit: false, idempotency: failing, log: (record) => logs.push(record) });
    const response = await relay(post({ 'Idempotency-Key': crypto.randomUUID() }));
    assert.equal(response.status, 201);
    assert.equal(logs[0]?.upstream, 201);
    assert.equal(logs[0]?.level, 'error');
    assert.match(logs[0]?.problem ?? '', /idempotency store failed/);
  });

  it("answers Zappy's 204 as a 204 without a body", async () => {
    const relay = createRelay({ accountHash: 'h', fetch: zappy(204).fetch, rateLimit: false });
    const response = await relay(post());
    assert.equal(response.status, 204);
    assert.equal(await response.text(), '');
  });

  it('lets a page of its own site post whatever the list, also behind a TLS proxy that makes it see http://', async () => {
    const relay = createRelay({ accountHash: 'h', fetch: zappy().fetch, rateLimit: false, allowedOrigins: 'https://salao.pt' });
    // The proxy keeps the Host: the relay sees http://www.salao.pt/api/leads.
    assert.equal((await relay(post({}, LEAD, 'http://www.salao.pt/api/leads'))).status, 201);
    // The proxy rewrites it: only a trusted proxy's X-Forwarded-Host tells.
    const rewritten = (relayed: ReturnType<typeof createRelay>, headers: Record<string, string>) => relayed(post(headers, LEAD, 'http://127.0.0.1:8787/api/leads'));
    assert.equal((await rewritten(relay, { 'X-Forwarded-Host': 'www.salao.pt' })).status, 403);
    const behindProxy = createRelay({ accountHash: 'h', fetch: zappy().fetch, rateLimit: false, allowedOrigins: 'https://salao.pt', trustProxy: true });
    assert.equal((await rewritten(behindProxy, { 'X-Forwarded-Host': 'www.salao.pt' })).status, 201);
    // Another site is still refused.
    assert.equal((await relay(post({ Origin: 'https://salao.pt.evil.com' }, LEAD, 'http://www.salao.pt/api/leads'))).status, 403);
  });

  it('refuses at start an origin pattern with a * elsewhere than the whole first label, naming the variable', () => {
    for (const pattern of ['https://*.*.salao.pt', 'https://*salao.pt', 'https://www.*.pt']) {
      assert.throws(() => relayOptionsFromEnv({ ZAPPY_ACCOUNT_HASH: 'h', ZAPPY_ALLOWED_ORIGINS: pattern }), (error: Error) => error instanceof RelayConfigError && /^ZAPPY_ALLOWED_ORIGINS: .*first label/.test(error.message), pattern);
    }
    assert.doesNotThrow(() => relayOptionsFromEnv({ ZAPPY_ACCOUNT_HASH: 'h', ZAPPY_ALLOWED_ORIGINS: 'https://*.salao.pt' }));
  });
});
