// The relay's behavioural table: every case runs against `npx zappy-lead-form
// relay` on Node and against the Worker build inside workerd, with a local
// upstream standing in for Zappy (test/server/support/upstream.ts).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import { type RelayInstance, RUNTIMES } from './support/relay-runtimes.js';
import { type Upstream, startUpstream } from './support/upstream.js';

const HASH = 'hash-s3cr3t-7f3a9c21';
const SITE = 'https://www.salao.pt';

/** A visitor's lead as the widget sends it, with a key outside the contract. */
const person = {
  client_name: '  Maria  Inês Pereira ',
  client_email: 'maria.pereira@exemplo.pt',
  client_mobile: '912 345 678',
  client_vat: '123456789',
  client_zipcode: '1000 001',
  client_birth_day: 7,
  client_birth_month: 3,
  client_birth_year: 1985,
  utm_source: 'instagram',
};
/** Personal data that must never appear in a log line or an answer. */
const PRIVATE = [HASH, 'Maria', 'Pereira', 'maria.pereira', '912345678', '912 345 678', '123456789', '1000-001', '1000 001'];

const baseEnv = (upstream: Upstream, extra: Record<string, string> = {}) => ({
  ZAPPY_ACCOUNT_HASH: HASH,
  ZAPPY_ALLOWED_ORIGINS: `${SITE}, https://*.salao.pt`,
  ZAPPY_ENDPOINT: upstream.endpoint,
  ZAPPY_RATE_LIMIT: '1000/60s',
  ZAPPY_UPSTREAM_TIMEOUT_MS: '1000',
  ...extra,
});

const post = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/json', Origin: SITE, ...headers },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

const jsonOf = async (response: Response) => JSON.parse(await response.text()) as Record<string, unknown>;

for (const runtime of RUNTIMES) {
  describe(`relay on ${runtime.name}`, () => {
    let upstream: Upstream;
    let relay: RelayInstance;
    let tight: RelayInstance;
    let open: RelayInstance;
    let proxied: RelayInstance;
    /** Everything any instance answered: status line, headers and body, for the privacy scan. */
    const answers: string[] = [];

    /** Wraps an instance so every answer lands in {@link answers}. */
    const recorded = (instance: RelayInstance): RelayInstance => ({
      ...instance,
      logs: instance.logs,
      async fetch(path, init) {
        const response = await instance.fetch(path, init);
        const text = await response.clone().text();
        answers.push(`${response.status} ${JSON.stringify([...response.headers])} ${text}`);
        return response;
      },
    });

    before(async () => {
      upstream = await startUpstream();
      [relay, tight, open, proxied] = (
        await Promise.all([
          runtime.start(baseEnv(upstream)),
          runtime.start(baseEnv(upstream, { ZAPPY_RATE_LIMIT: '3/60s' })),
          runtime.start(baseEnv(upstream, { ZAPPY_ALLOWED_ORIGINS: '' })),
          runtime.start(baseEnv(upstream, { ZAPPY_RATE_LIMIT: '2/60s', ZAPPY_TRUST_PROXY: '1' })),
        ])
      ).map(recorded) as [RelayInstance, RelayInstance, RelayInstance, RelayInstance];
    });
    after(async () => {
      await Promise.all([relay, tight, open, proxied].map((instance) => instance?.stop()));
      await upstream?.close();
    });
    beforeEach(() => upstream.reset());

    it('forwards a valid lead to createLead with the hash, normalised, and answers its 2xx', async () => {
      const response = await relay.fetch('/leads', post(person));
      assert.equal(response.status, 201);
      assert.deepEqual(await jsonOf(response), { delivered: true });
      assert.equal(response.headers.get('Access-Control-Allow-Origin'), SITE);
      assert.match(response.headers.get('Vary') ?? '', /Origin/);
      assert.equal(upstream.received.length, 1);
      const [request] = upstream.received;
      assert.equal(request!.method, 'POST');
      assert.equal(request!.url.pathname, '/4/clientes/createLead');
      assert.equal(request!.url.searchParams.get('accountHash'), HASH);
      assert.match(String(request!.headers['content-type']), /^application\/json/);
      assert.deepEqual(JSON.parse(request!.body), {
        client_name: 'Maria Inês Pereira',
        client_email: 'maria.pereira@exemplo.pt',
        client_mobile: '+351912345678',
        client_vat: '123456789',
        client_zipcode: '1000-001',
        client_birth_day: 7,
        client_birth_month: 3,
        client_birth_year: 1985,
      });
    });

    it('takes a postal code of another country as free text (the relay serves forms of every country)', async () => {
      const response = await relay.fetch('/leads', post({ client_name: 'Ana', client_zipcode: '28001' }));
      assert.equal(response.status, 201);
      assert.equal(JSON.parse(upstream.received[0]!.body).client_zipcode, '28001');
    });

    it('answers the pre-flight of an allowed origin with exactly that origin', async () => {
      const response = await relay.fetch('/leads', {
        method: 'OPTIONS',
        headers: { Origin: SITE, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type,idempotency-key' },
      });
      assert.equal(response.status, 204);
      assert.equal(response.headers.get('Access-Control-Allow-Origin'), SITE);
      assert.match(response.headers.get('Access-Control-Allow-Methods') ?? '', /POST/);
      assert.match(response.headers.get('Access-Control-Allow-Headers') ?? '', /Content-Type/);
      assert.match(response.headers.get('Access-Control-Allow-Headers') ?? '', /Idempotency-Key/);
      assert.match(response.headers.get('Vary') ?? '', /Origin/);
      assert.equal(upstream.received.length, 0);
    });

    it('allows any subdomain of a *. pattern, and not the bare domain', async () => {
      const preflight = (origin: string) => relay.fetch('/leads', { method: 'OPTIONS', headers: { Origin: origin, 'Access-Control-Request-Method': 'POST' } });
      const sub = await preflight('https://loja.salao.pt');
      assert.equal(sub.status, 204);
      assert.equal(sub.headers.get('Access-Control-Allow-Origin'), 'https://loja.salao.pt');
      const deep = await preflight('https://a.b.salao.pt');
      assert.equal(deep.headers.get('Access-Control-Allow-Origin'), 'https://a.b.salao.pt');
      const bare = await preflight('https://salao.pt');
      assert.equal(bare.status, 403);
      assert.equal(bare.headers.get('Access-Control-Allow-Origin'), null);
    });

    it('refuses an origin not allowed with 403, no CORS headers, and forwards nothing', async () => {
      for (const origin of ['https://outro-salao.pt', 'http://www.salao.pt', 'https://www.salao.pt.evil.com', 'null']) {
        const response = await relay.fetch('/leads', post(person, { Origin: origin }));
        assert.equal(response.status, 403, origin);
        assert.equal(response.headers.get('Access-Control-Allow-Origin'), null, origin);
        assert.deepEqual(await jsonOf(response), { errors: [{ key: 'Origin', code: 'not_allowed' }] });
      }
      assert.equal(upstream.received.length, 0);
    });

    it('takes requests without an Origin (servers, not browsers) without CORS headers', async () => {
      const response = await relay.fetch('/leads', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(person) });
      assert.equal(response.status, 201);
      assert.equal(response.headers.get('Access-Control-Allow-Origin'), null);
    });

    it('allows every origin when ZAPPY_ALLOWED_ORIGINS is not set', async () => {
      const response = await open.fetch('/leads', post(person, { Origin: 'https://qualquer.example' }));
      assert.equal(response.status, 201);
      assert.equal(response.headers.get('Access-Control-Allow-Origin'), 'https://qualquer.example');
    });

    it('answers GET /health with a small status and nothing secret', async () => {
      const response = await relay.fetch('/health');
      assert.equal(response.status, 200);
      const body = await jsonOf(response);
      assert.equal(body.status, 'ok');
      assert.equal(body.origins, 'listed');
      assert.doesNotMatch(JSON.stringify(body), /hash|s3cr3t|127\.0\.0\.1/i);
      assert.equal(upstream.received.length, 0);
    });

    it('serves under any path prefix (/api/leads, /api/health)', async () => {
      assert.equal((await relay.fetch('/api/leads', post(person))).status, 201);
      assert.equal((await relay.fetch('/api/health')).status, 200);
    });

    it('answers 404 for other paths and 405 for other methods, with Allow', async () => {
      assert.equal((await relay.fetch('/other')).status, 404);
      const get = await relay.fetch('/leads', { headers: { Origin: SITE } });
      assert.equal(get.status, 405);
      assert.equal(get.headers.get('Allow'), 'POST, OPTIONS');
      const postHealth = await relay.fetch('/health', { method: 'POST' });
      assert.equal(postHealth.status, 405);
      assert.equal(postHealth.headers.get('Allow'), 'GET, HEAD');
    });

    it('answers 415 for a body that is not JSON, 400 for malformed JSON', async () => {
      const text = await relay.fetch('/leads', { ...post('client_name=Ana'), headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: SITE } });
      assert.equal(text.status, 415);
      assert.deepEqual(await jsonOf(text), { errors: [{ key: '(body)', code: 'unsupported_media_type' }] });
      const malformed = await relay.fetch('/leads', post('{"client_name": "Ana"'));
      assert.equal(malformed.status, 400);
      assert.deepEqual(await jsonOf(malformed), { errors: [{ key: '(body)', code: 'invalid_json' }] });
      const array = await relay.fetch('/leads', post('[1, 2]'));
      assert.equal(array.status, 400);
      assert.equal(upstream.received.length, 0);
    });

    it('answers 413 for a body over 16 KB', async () => {
      const response = await relay.fetch('/leads', post({ client_name: 'Ana', custom_1: 'x'.repeat(17_000) }));
      assert.equal(response.status, 413);
      assert.deepEqual(await jsonOf(response), { errors: [{ key: '(body)', code: 'too_big' }] });
      assert.equal(upstream.received.length, 0);
    });

    it('re-checks the lead as the widget does: 400 with every invalid key and its reason, nothing forwarded', async () => {
      const response = await relay.fetch(
        '/leads',
        post({
          client_name: ' ',
          client_email: 'not-an-email',
          client_mobile: '212 345 678',
          client_vat: '123456780',
          client_cc: '1234',
          client_birth_day: 30,
          client_birth_month: 2,
          custom_1: 'y'.repeat(501),
        }),
      );
      assert.equal(response.status, 400);
      assert.deepEqual(await jsonOf(response), {
        errors: [
          { key: 'client_name', code: 'empty' },
          { key: 'client_email', code: 'format' },
          { key: 'client_mobile', code: 'not-mobile' },
          { key: 'client_vat', code: 'check-digit' },
          { key: 'client_cc', code: 'format' },
          { key: 'custom_1', code: 'too-long' },
          { key: 'client_birth_day', code: 'impossible' },
        ],
      });
      const wrongType = await relay.fetch('/leads', post({ client_name: 'Ana', client_email: 42, client_birth_month: [3] }));
      assert.equal(wrongType.status, 400);
      assert.deepEqual(await jsonOf(wrongType), {
        errors: [
          { key: 'client_email', code: 'invalid_type' },
          { key: 'client_birth_month', code: 'invalid_type' },
        ],
      });
      assert.equal(upstream.received.length, 0);
    });

    const upstreamTable: [string, Parameters<Upstream['next']>[0], number, string | null][] = [
      ['204 (a 2xx without a body)', { status: 204 }, 204, null],
      ['400 (the lead)', { status: 400 }, 400, null],
      ['422 (the lead)', { status: 422 }, 422, null],
      ['429 with Retry-After: 7', { status: 429, headers: { 'Retry-After': '7' } }, 503, '7'],
      ['429 without Retry-After', { status: 429 }, 503, '10'],
      ['500', { status: 500 }, 503, '2'],
      ['503 with Retry-After: 120', { status: 503, headers: { 'Retry-After': '120' } }, 503, '120'],
      ['a hang past the timeout', 'hang', 504, '2'],
      ['a connection reset', 'reset', 503, '2'],
    ];
    for (const [what, behaviour, status, retryAfter] of upstreamTable) {
      it(`maps Zappy's ${what} to ${status}${retryAfter ? ` with Retry-After: ${retryAfter}` : ''}`, async () => {
        upstream.next(behaviour);
        const response = await relay.fetch('/leads', post(person));
        assert.equal(response.status, status);
        assert.equal(response.headers.get('Retry-After'), retryAfter);
        assert.equal(response.headers.get('Access-Control-Allow-Origin'), SITE);
        // The browser must be able to read the delay.
        if (retryAfter) assert.match(response.headers.get('Access-Control-Expose-Headers') ?? '', /Retry-After/);
      });
    }

    for (const [status, variable] of [[401, 'ZAPPY_ACCOUNT_HASH'], [403, 'ZAPPY_ACCOUNT_HASH'], [404, 'ZAPPY_ENDPOINT']] as const) {
      it(`answers Zappy's ${status} with 502 + Retry-After (the lead is kept) and logs what to fix: ${variable}`, async () => {
        upstream.next({ status });
        const response = await relay.fetch('/leads', post(person));
        assert.equal(response.status, 502);
        assert.equal(response.headers.get('Retry-After'), '60');
        assert.doesNotMatch(await response.text(), new RegExp(variable));
        await waitFor(() => relay.logs.some((line) => line.includes(`"upstream":${status}`)));
        const line = JSON.parse(relay.logs.findLast((l) => l.includes(`"upstream":${status}`))!);
        assert.equal(line.level, 'error');
        assert.match(line.problem, new RegExp(variable));
      });
    }

    it('does not forward a lead again once its Idempotency-Key was delivered', async () => {
      const key = randomUUID();
      const first = await relay.fetch('/leads', post(person, { 'Idempotency-Key': key }));
      assert.equal(first.status, 201);
      const again = await relay.fetch('/leads', post(person, { 'Idempotency-Key': key }));
      assert.equal(again.status, 200);
      assert.deepEqual(await jsonOf(again), { delivered: true, replayed: true });
      assert.equal(upstream.received.length, 1);
      const other = await relay.fetch('/leads', post(person, { 'Idempotency-Key': randomUUID() }));
      assert.equal(other.status, 201);
      assert.equal(upstream.received.length, 2);
    });

    it('does not use up the key on an attempt that failed', async () => {
      const key = randomUUID();
      upstream.next({ status: 500 });
      assert.equal((await relay.fetch('/leads', post(person, { 'Idempotency-Key': key }))).status, 503);
      assert.equal((await relay.fetch('/leads', post(person, { 'Idempotency-Key': key }))).status, 201);
      assert.equal((await relay.fetch('/leads', post(person, { 'Idempotency-Key': key }))).status, 200);
      assert.equal(upstream.received.length, 2);
    });

    it('forwards two simultaneous requests with one key once', async () => {
      const key = randomUUID();
      upstream.next({ status: 201, delayMs: 300 });
      const answers = await Promise.all([
        relay.fetch('/leads', post(person, { 'Idempotency-Key': key })),
        relay.fetch('/leads', post(person, { 'Idempotency-Key': key })),
      ]);
      assert.deepEqual(answers.map((r) => r.status).sort(), [201, 201]);
      assert.equal(upstream.received.length, 1);
    });

    it('limits each client address: 429 with Retry-After past ZAPPY_RATE_LIMIT, pre-flights not counted', async () => {
      const client = { 'CF-Connecting-IP': '203.0.113.9' };
      await tight.fetch('/leads', { method: 'OPTIONS', headers: { Origin: SITE, 'Access-Control-Request-Method': 'POST', ...client } });
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await tight.fetch('/leads', post(person, client))).status);
      assert.deepEqual(statuses, [201, 201, 201, 429]);
      const limited = await tight.fetch('/leads', post(person, client));
      assert.equal(limited.status, 429);
      const retryAfter = Number(limited.headers.get('Retry-After'));
      assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
      assert.equal(limited.headers.get('Access-Control-Allow-Origin'), SITE);
      assert.equal(upstream.received.length, 3);
    });

    it('behind a proxy (ZAPPY_TRUST_PROXY=1), counts the address the proxy appended, not what the client wrote', async () => {
      const via = (forwardedFor: string) => post(person, { 'X-Forwarded-For': forwardedFor });
      const statuses = [];
      // The client forges a different first entry each time; the proxy's own entry is what counts.
      for (const forged of ['1.1.1.1', '2.2.2.2', '3.3.3.3']) statuses.push((await proxied.fetch('/leads', via(`${forged}, 203.0.113.5`))).status);
      assert.deepEqual(statuses, [201, 201, 429]);
      // Another visitor has a budget of their own.
      assert.equal((await proxied.fetch('/leads', via('203.0.113.6'))).status, 201);
    });

    it('logs one JSON line per request: time, route, status, latency, lead id, upstream status', async () => {
      const key = randomUUID();
      const before = relay.logs.length;
      await relay.fetch('/leads', post(person, { 'Idempotency-Key': key }));
      await relay.fetch('/health');
      await waitFor(() => relay.logs.length >= before + 2);
      const lines = relay.logs.slice(before).map((line) => JSON.parse(line));
      assert.equal(lines.length, 2);
      const [lead, health] = lines;
      assert.ok(!Number.isNaN(Date.parse(lead.time)));
      assert.deepEqual(
        { method: lead.method, route: lead.route, status: lead.status, leadId: lead.leadId, upstream: lead.upstream },
        { method: 'POST', route: '/leads', status: 201, leadId: key, upstream: 201 },
      );
      assert.equal(typeof lead.ms, 'number');
      assert.equal(health.route, '/health');
    });

    it('never puts the hash or a lead\'s personal data in an answer or a log line', async () => {
      // Runs last: scans everything the cases above answered and logged.
      assert.ok(answers.length > 40, `only ${answers.length} answers recorded`);
      const logs = [...relay.logs, ...tight.logs, ...open.logs, ...proxied.logs];
      assert.ok(logs.length > 40, `only ${logs.length} log lines`);
      for (const text of [...answers, ...logs]) {
        for (const secret of PRIVATE) assert.ok(!text.includes(secret), `"${secret}" found in: ${text.slice(0, 200)}`);
      }
    });
  });
}

async function waitFor(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
