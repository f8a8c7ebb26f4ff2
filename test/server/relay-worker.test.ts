// The Worker build inside workerd, where it differs from Node: the Rate
// Limiting binding and a KV namespace when configured, and a configuration
// error answered so that the widget keeps its leads.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Miniflare } from 'miniflare';
import { COMPATIBILITY_DATE, WORKER, loggedLine, workerdRuntime } from './support/relay-runtimes.js';
import { type Upstream, startUpstream } from './support/upstream.js';

const HASH = 'hash-s3cr3t-worker-0b7c';
const lead = (key: string) => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key, 'CF-Connecting-IP': '198.51.100.7' },
  body: JSON.stringify({ client_name: 'Ana', client_email: 'ana@exemplo.pt' }),
});

describe('relay Worker in workerd', () => {
  let upstream: Upstream;
  before(async () => {
    upstream = await startUpstream();
  });
  after(() => upstream.close());

  it('without ZAPPY_ACCOUNT_HASH answers 503 + Retry-After (the widget keeps the lead) and logs what to set', async () => {
    const relay = await workerdRuntime.start({ ZAPPY_ENDPOINT: upstream.endpoint });
    try {
      const response = await relay.fetch('/leads', lead(randomUUID()));
      assert.equal(response.status, 503);
      assert.equal(response.headers.get('Retry-After'), '60');
      const line = await loggedLine(relay, (l) => String(l['problem']).includes('ZAPPY_ACCOUNT_HASH'));
      assert.equal(line.level, 'error');
      assert.equal(upstream.received.length, 0);
    } finally {
      await relay.stop();
    }
  });

  it('counts with the Rate Limiting binding when one is configured', async () => {
    // The variable alone would allow 1000 a minute: the 429 can only come from the binding's 2.
    const relay = await workerdRuntime.start(
      { ZAPPY_ACCOUNT_HASH: HASH, ZAPPY_ENDPOINT: upstream.endpoint, ZAPPY_RATE_LIMIT: '1000/60s' },
      { rateLimit: { limit: 2, period: 60 } },
    );
    try {
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await relay.fetch('/leads', lead(randomUUID()))).status);
      assert.deepEqual(statuses, [201, 201, 429]);
      assert.equal((await relay.fetch('/health')).status, 200);
    } finally {
      await relay.stop();
    }
  });

  it('remembers delivered leads in the ZAPPY_DELIVERED KV namespace when one is bound', async () => {
    const mf = new Miniflare({
      modules: true,
      scriptPath: WORKER,
      compatibilityDate: COMPATIBILITY_DATE,
      bindings: { ZAPPY_ACCOUNT_HASH: HASH, ZAPPY_ENDPOINT: upstream.endpoint },
      kvNamespaces: ['ZAPPY_DELIVERED'],
      structuredWorkerdLogs: true,
      handleStructuredLogs: () => {},
    });
    try {
      upstream.reset();
      const key = randomUUID();
      const first = await mf.dispatchFetch('https://relay.test/leads', lead(key));
      assert.equal(first.status, 201);
      const kv = (await mf.getKVNamespace('ZAPPY_DELIVERED')) as unknown as { get(key: string): Promise<string | null> };
      assert.equal(await kv.get(`delivered:${key}`), '1');
      const again = await mf.dispatchFetch('https://relay.test/leads', lead(key));
      assert.equal(again.status, 200);
      assert.equal(upstream.received.length, 1);
    } finally {
      await mf.dispose();
    }
  });
});
