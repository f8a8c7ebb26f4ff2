// The /meta route in process, with the Graph API's and Zappy's `fetch` passed
// in: what the runtimes' table cannot time (two deliveries of one lead racing,
// a Graph API that never answers) and the options createRelay refuses.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { signedNotification } from '../../demo/stand-in/graph.js';
import type { RelayLogRecord } from '../../src/relay/log.js';
import { type MetaOptions, MAX_META_BODY_BYTES } from '../../src/relay/meta.js';
import { RelayConfigError, createRelay } from '../../src/relay/relay.js';

const SECRET = 'app-secret';
const meta = (extra: Partial<MetaOptions> = {}): MetaOptions => ({ appSecret: SECRET, verifyToken: 'v', pageToken: 'p', graphUrl: 'https://graph.test/v25.0', ...extra });
const graphLead = (id: string) =>
  Response.json({ id, form_id: '1', platform: 'fb', field_data: [{ name: 'full_name', values: ['Ana Silva'] }] });

/** A fetch that answers after `release()` is called, counting calls. */
function gated(answer: (url: string) => Response) {
  let open: () => void = () => {};
  const gate = new Promise<void>((resolve) => (open = resolve));
  const calls: string[] = [];
  const fetch = (async (input: string | URL | Request) => {
    calls.push(String(input));
    await gate;
    return answer(String(input));
  }) as typeof globalThis.fetch;
  return { fetch, calls, release: () => open() };
}

const post = (leadgenIds: string[]) => {
  const { body, signature } = signedNotification(SECRET, leadgenIds.map((leadgenId) => ({ leadgenId })));
  return new Request('https://relay.test/meta', { method: 'POST', headers: { 'X-Hub-Signature-256': signature }, body });
};

describe('relay /meta in process', () => {
  it('sends a lead once when Meta retries a notification still being worked on', async () => {
    const graph = gated((url) => graphLead(new URL(url).pathname.split('/').pop()!));
    const zappy: string[] = [];
    const logs: RelayLogRecord[] = [];
    const relay = createRelay({
      accountHash: 'h',
      endpoint: 'https://zappy.test/createLead',
      fetch: (async (_input: string | URL | Request, init?: RequestInit) => {
        zappy.push(String(init?.body));
        return new Response('{}', { status: 201 });
      }) as typeof fetch,
      meta: meta({ fetch: graph.fetch }),
      log: (record) => logs.push(record),
    });
    const first = relay(post(['111']));
    const retry = relay(post(['111']));
    await new Promise((resolve) => setTimeout(resolve, 20));
    graph.release();
    assert.deepEqual([(await first).status, (await retry).status], [200, 200]);
    assert.equal(graph.calls.length, 1);
    assert.equal(zappy.length, 1);
    assert.deepEqual(logs.filter((l) => l.leadgenId === '111').map((l) => l.code).sort(), ['delivered', 'joined']);
  });

  it('answers 5xx when the Graph API does not answer in time, and logs a timeout', async () => {
    const logs: RelayLogRecord[] = [];
    const never = (async (_input: string | URL | Request, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)))) as typeof fetch;
    const relay = createRelay({ accountHash: 'h', meta: meta({ fetch: never, graphTimeoutMs: 30 }), log: (record) => logs.push(record) });
    // AbortSignal.timeout's timer does not keep Node's event loop alive (a server's socket does).
    const hold = setInterval(() => {}, 1_000);
    const response = await relay(post(['222'])).finally(() => clearInterval(hold));
    assert.equal(response.status, 502);
    assert.equal(logs.find((l) => l.leadgenId === '222')?.graph, 'timeout');
  });

  it('answers 5xx, and logs a timeout, when the Graph API sends its headers but not its body in time', async () => {
    const logs: RelayLogRecord[] = [];
    const stalled = (async (_input: string | URL | Request, init?: RequestInit) =>
      new Response(
        new ReadableStream({
          start: (controller) => init?.signal?.addEventListener('abort', () => controller.error(init.signal!.reason)),
        }),
        { status: 200, headers: { 'Content-Type': 'application/json' } },
      )) as typeof fetch;
    const relay = createRelay({ accountHash: 'h', meta: meta({ fetch: stalled, graphTimeoutMs: 30 }), log: (record) => logs.push(record) });
    const hold = setInterval(() => {}, 1_000);
    const response = await relay(post(['333'])).finally(() => clearInterval(hold));
    assert.equal(response.status, 502);
    assert.equal(logs.find((l) => l.leadgenId === '333')?.graph, 'timeout');
  });

  it('sends the Page token in Authorization with its appsecret_proof, never in the URL', async () => {
    let seen: { url: string; authorization: string | null } | undefined;
    const relay = createRelay({
      accountHash: 'h',
      fetch: (async () => new Response('{}', { status: 201 })) as typeof fetch,
      meta: meta({
        fetch: (async (input: string | URL | Request, init?: RequestInit) => {
          seen = { url: String(input), authorization: new Headers(init?.headers).get('Authorization') };
          return graphLead('333');
        }) as typeof fetch,
      }),
      log: () => {},
    });
    assert.equal((await relay(post(['333']))).status, 200);
    const url = new URL(seen!.url);
    assert.equal(`${url.origin}${url.pathname}`, 'https://graph.test/v25.0/333');
    assert.match(url.searchParams.get('appsecret_proof') ?? '', /^[0-9a-f]{64}$/);
    assert.equal(url.searchParams.get('access_token'), null);
    assert.equal(seen!.authorization, 'Bearer p');
  });

  it('answers 413 to a notification over the limit, before checking anything', async () => {
    const relay = createRelay({ accountHash: 'h', meta: meta(), log: () => {} });
    const body = 'x'.repeat(MAX_META_BODY_BYTES + 1);
    assert.equal((await relay(new Request('https://relay.test/meta', { method: 'POST', body }))).status, 413);
  });

  const refused: [string, Partial<MetaOptions>, RegExp][] = [
    ['an empty secret', { appSecret: ' ' }, /META_APP_SECRET/],
    ['a Graph URL that is not http(s)', { graphUrl: 'graph.facebook.com' }, /META_GRAPH_URL/],
    ['a default country that is not a code', { defaultCountry: 'Portugal' }, /META_DEFAULT_COUNTRY/],
  ];
  for (const [what, options, message] of refused) {
    it(`refuses ${what} when the relay is created`, () => {
      assert.throws(() => createRelay({ accountHash: 'h', meta: meta(options) }), (error: unknown) => error instanceof RelayConfigError && message.test(error.message));
    });
  }
});
