// The relay's /meta route (Meta's Lead Ads webhook): every case runs against
// `npx zappy-lead-form relay` on Node and against the Worker build inside
// workerd, with local stand-ins of the Graph API (demo/stand-in/graph.ts) and
// of Zappy's createLead (support/upstream.ts).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, beforeEach, describe, it } from 'node:test';
import { type GraphLeadRecord, type GraphStandIn, signatureOf, signedNotification, startGraphStandIn } from '../../demo/stand-in/graph.js';
import { CLI, type RelayInstance, RUNTIMES, loggedLine as logged } from './support/relay-runtimes.js';
import { type Upstream, startUpstream } from './support/upstream.js';

const HASH = 'hash-s3cr3t-meta-91ce';
const APP_SECRET = 'app-s3cr3t-5d8e0f';
const VERIFY_TOKEN = 'verify-t0ken-77aa';
const PAGE_TOKEN = 'EAAGpage-t0ken-c0ffee';

/** A lead as Meta's standard questions give it, on Instagram. */
const maria: Omit<GraphLeadRecord, 'id' | 'created_time'> = {
  form_id: '880011223344',
  campaign_name: 'Primavera 2026',
  platform: 'ig',
  field_data: [
    { name: 'full_name', values: ['Maria Inês Pereira'] },
    { name: 'email', values: ['maria.pereira@exemplo.pt'] },
    { name: 'phone_number', values: ['912 345 678'] },
    { name: 'date_of_birth', values: ['03/07/1985'] },
    { name: 'city', values: ['Lisboa'] },
    { name: 'zip_code', values: ['1000 001'] },
    { name: 'street_address', values: ['Rua Augusta 10'] },
    { name: 'qual_o_servico_pretendido', values: ['Coloração', 'Corte'] },
    { name: 'nif', values: ['123 456 789'] },
  ],
};
/** First and last name, `post_code`, on Facebook, a landline in the phone. */
const joao: Omit<GraphLeadRecord, 'id' | 'created_time'> = {
  form_id: '880011223355',
  platform: 'fb',
  field_data: [
    { name: 'first_name', values: ['João'] },
    { name: 'last_name', values: ['Sousa Tavares'] },
    { name: 'post_code', values: ['4000-123'] },
    { name: 'phone_number', values: ['213 456 789'] },
  ],
};
const nameless: Omit<GraphLeadRecord, 'id' | 'created_time'> = {
  form_id: '880011223366',
  platform: 'fb',
  field_data: [{ name: 'email', values: ['sem.nome@exemplo.pt'] }],
};
/** Secrets and personal values that must never appear in a log line. */
const PRIVATE = [
  HASH, APP_SECRET, VERIFY_TOKEN, PAGE_TOKEN,
  'Maria', 'Pereira', 'maria.pereira', '912345678', '912 345 678', 'Lisboa', 'Augusta', 'Coloração', '123456789', '123 456 789',
  '1000-001', '1000 001', 'João', 'Tavares', '213 456 789', '213456789', 'sem.nome', 'Primavera', '03/07/1985', 'Lucía', '612 345 678',
];

const metaEnv = (graph: GraphStandIn, upstream: Upstream, extra: Record<string, string> = {}) => ({
  ZAPPY_ACCOUNT_HASH: HASH,
  ZAPPY_ENDPOINT: upstream.endpoint,
  ZAPPY_UPSTREAM_TIMEOUT_MS: '1000',
  META_APP_SECRET: APP_SECRET,
  META_VERIFY_TOKEN: VERIFY_TOKEN,
  META_PAGE_TOKEN: PAGE_TOKEN,
  META_GRAPH_URL: graph.url,
  META_FIELD_MAP: JSON.stringify({ qual_o_servico_pretendido: 'custom_1', nif: 'client_vat' }),
  META_SOURCE_FACEBOOK: 'Facebook Lead Ads',
  META_SOURCE_INSTAGRAM: 'Instagram Lead Ads',
  ...extra,
});

const notify = (body: string, signature: string | undefined): RequestInit => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/json', ...(signature === undefined ? {} : { 'X-Hub-Signature-256': signature }) },
  body,
});
/** A correctly signed notification of these leads. */
const signed = (...leadgenIds: string[]) => {
  const { body, signature } = signedNotification(APP_SECRET, leadgenIds.map((leadgenId) => ({ leadgenId })));
  return notify(body, signature);
};

const bodies = (upstream: Upstream) => upstream.received.map((request) => JSON.parse(request.body) as Record<string, unknown>);

for (const runtime of RUNTIMES) {
  describe(`relay /meta on ${runtime.name}`, () => {
    let upstream: Upstream;
    let graph: GraphStandIn;
    let relay: RelayInstance;
    let presetForm: RelayInstance;
    let withoutMeta: RelayInstance;

    before(async () => {
      [upstream, graph] = await Promise.all([startUpstream(), startGraphStandIn({ pageToken: PAGE_TOKEN, appSecret: APP_SECRET })]);
      // Every start settles before `after` runs: one that fails must not leave the others running (and the run hanging).
      const started = await Promise.allSettled([
        runtime.start(metaEnv(graph, upstream)).then((instance) => (relay = instance)),
        runtime
          .start(metaEnv(graph, upstream, { META_FORM_ID: 'meta-lead-ads', META_DEFAULT_COUNTRY: 'ES', META_FIELD_MAP: '' }))
          .then((instance) => (presetForm = instance)),
        runtime.start({ ZAPPY_ACCOUNT_HASH: HASH, ZAPPY_ENDPOINT: upstream.endpoint }).then((instance) => (withoutMeta = instance)),
      ]);
      for (const outcome of started) if (outcome.status === 'rejected') throw outcome.reason;
    });
    after(async () => {
      await Promise.all([relay, presetForm, withoutMeta].map((instance) => instance?.stop()));
      await Promise.all([upstream?.close(), graph?.close()]);
    });
    beforeEach(() => {
      upstream.reset();
      graph.reset();
    });

    it('answers the subscription handshake with the challenge, as plain text', async () => {
      const response = await relay.fetch(`/meta?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1158201444`);
      assert.equal(response.status, 200);
      assert.match(response.headers.get('Content-Type') ?? '', /^text\/plain/);
      assert.equal(await response.text(), '1158201444');
    });

    it('refuses the handshake with 403 for a wrong or missing verify token, or another mode', async () => {
      for (const query of [
        `hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}x&hub.challenge=1`,
        'hub.mode=subscribe&hub.challenge=1',
        `hub.mode=unsubscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1`,
      ]) {
        const response = await relay.fetch(`/meta?${query}`);
        assert.equal(response.status, 403, query);
        assert.doesNotMatch(await response.text(), /^1$/);
      }
    });

    it('answers 401 to a notification without a signature or with a wrong one, and fetches nothing', async () => {
      const id = graph.add(maria);
      const { body, signature } = signedNotification(APP_SECRET, [{ leadgenId: id }]);
      const wrongs = [undefined, '', signatureOf('another-secret', body), signature.replace('sha256=', 'sha1='), `${signature.slice(0, -2)}00`];
      for (const header of wrongs) assert.equal((await relay.fetch('/meta', notify(body, header))).status, 401, String(header));
      assert.equal(graph.received.length, 0);
      assert.equal(upstream.received.length, 0);
      await logged(relay, (line) => line['code'] === 'signature_missing');
      await logged(relay, (line) => line['code'] === 'signature_wrong');
    });

    it('checks the signature over the bytes received, not over a re-serialised body', async () => {
      const id = graph.add(joao);
      // Meta escapes "/" and non-ASCII; JSON.stringify of the parsed body would not.
      const raw = `{"object":"page","entry":[{"id":"1029384756","time":1767225600,"changes":[{"field":"leadgen","value":{"leadgen_id":"${id}","form_id":"880011223355","page_id":"1029384756","note":"caf\\u00e9 \\/ ok"}}]}]}`;
      const reserialised = JSON.stringify(JSON.parse(raw));
      assert.notEqual(reserialised, raw);
      assert.equal((await relay.fetch('/meta', notify(raw, signatureOf(APP_SECRET, reserialised)))).status, 401);
      assert.equal(graph.received.length, 0);
      assert.equal((await relay.fetch('/meta', notify(raw, signatureOf(APP_SECRET, raw)))).status, 200);
      assert.equal(upstream.received.length, 1);
    });

    it('reads a signed lead from the Graph API with the Page token and posts it to Zappy, mapped and normalised', async () => {
      const id = graph.add(maria);
      const response = await relay.fetch('/meta', signed(id));
      assert.equal(response.status, 200);
      assert.deepEqual(graph.received, [{ leadgenId: id, fields: 'created_time,field_data,form_id,ad_id,campaign_name,platform', authorised: true }]);
      assert.equal(upstream.received.length, 1);
      assert.equal(upstream.received[0]!.url.searchParams.get('accountHash'), HASH);
      assert.deepEqual(bodies(upstream)[0], {
        form_id: '880011223344',
        campaign_name: 'Primavera 2026',
        client_name: 'Maria Inês Pereira',
        client_email: 'maria.pereira@exemplo.pt',
        client_mobile: '+351912345678',
        client_source: 'Instagram Lead Ads',
        client_vat: '123456789',
        // Meta's date_of_birth is written month first.
        client_birth_day: 7,
        client_birth_month: 3,
        client_birth_year: 1985,
        client_street: 'Rua Augusta 10',
        client_zipcode: '1000-001',
        client_city: 'Lisboa',
        custom_1: 'Coloração, Corte',
      });
      const line = await logged(relay, (l) => l['leadgenId'] === id);
      assert.equal(line['code'], 'delivered');
      assert.equal(line['upstream'], 201);
      assert.equal(line['route'], '/meta');
    });

    it('joins first and last name, takes post_code, names Facebook, and leaves a landline out of client_mobile (logged by key)', async () => {
      const id = graph.add(joao);
      assert.equal((await relay.fetch('/meta', signed(id))).status, 200);
      assert.deepEqual(bodies(upstream)[0], {
        form_id: '880011223355',
        client_name: 'João Sousa Tavares',
        client_source: 'Facebook Lead Ads',
        client_zipcode: '4000-123',
      });
      const line = await logged(relay, (l) => l['leadgenId'] === id);
      assert.equal(line['code'], 'delivered');
      assert.deepEqual(line['reasons'], ['client_mobile:not-mobile']);
    });

    it('presets form_id with META_FORM_ID and reads national mobiles with META_DEFAULT_COUNTRY', async () => {
      const id = graph.add({ platform: 'ig', form_id: '1', field_data: [{ name: 'full_name', values: ['Lucía García'] }, { name: 'phone_number', values: ['612 345 678'] }] });
      assert.equal((await presetForm.fetch('/meta', signed(id))).status, 200);
      assert.deepEqual(bodies(upstream)[0], { form_id: 'meta-lead-ads', client_name: 'Lucía García', client_mobile: '+34612345678', client_source: 'Instagram Lead Ads' });
    });

    it('delivers every lead of a notification with several entries and changes, and skips other fields', async () => {
      const [a, b, c] = [graph.add(maria), graph.add(joao), graph.add({ ...joao, field_data: [{ name: 'full_name', values: ['Rita Lopes'] }] })];
      const body = JSON.stringify({
        object: 'page',
        entry: [
          { id: '1', time: 1, changes: [{ field: 'leadgen', value: { leadgen_id: a } }, { field: 'feed', value: { item: 'post' } }] },
          { id: '1', time: 1, changes: [{ field: 'leadgen', value: { leadgen_id: b } }, { field: 'leadgen', value: { leadgen_id: c } }] },
        ],
      });
      const response = await relay.fetch('/meta', notify(body, signatureOf(APP_SECRET, body)));
      assert.equal(response.status, 200);
      assert.deepEqual(bodies(upstream).map((lead) => lead['client_name']).sort(), ['João Sousa Tavares', 'Maria Inês Pereira', 'Rita Lopes']);
      const request = await logged(relay, (l) => l['leads'] === 3);
      assert.deepEqual(request['reasons'], ['unknown_field']);
    });

    it('does not send a delivered lead again when Meta retries the notification', async () => {
      const id = graph.add(maria);
      assert.equal((await relay.fetch('/meta', signed(id))).status, 200);
      assert.equal((await relay.fetch('/meta', signed(id))).status, 200);
      assert.equal(upstream.received.length, 1);
      assert.equal(graph.received.length, 1);
      await logged(relay, (l) => l['leadgenId'] === id && l['code'] === 'replayed');
    });

    it('answers 5xx while Zappy is down, then delivers each lead exactly once when Meta retries', async () => {
      const [a, b] = [graph.add(maria), graph.add(joao)];
      upstream.next({ status: 503 });
      const first = await relay.fetch('/meta', signed(a, b));
      assert.ok(first.status >= 500, String(first.status));
      assert.equal(upstream.received.length, 2);
      const retried = await relay.fetch('/meta', signed(a, b));
      assert.equal(retried.status, 200);
      // The first request Zappy received got the 503: the others were delivered.
      const delivered = bodies(upstream).slice(1).map((lead) => lead['client_name']).sort();
      assert.deepEqual(delivered, ['João Sousa Tavares', 'Maria Inês Pereira']);
      assert.equal((await relay.fetch('/meta', signed(a, b))).status, 200);
      assert.equal(upstream.received.length, 3);
    });

    it('answers 5xx when the Graph API refuses the token (190), and logs it loudly without the token', async () => {
      const id = graph.add(maria);
      graph.next({ status: 400, code: 190 });
      const response = await relay.fetch('/meta', signed(id));
      assert.ok(response.status >= 500, String(response.status));
      assert.equal(upstream.received.length, 0);
      const line = await logged(relay, (l) => l['leadgenId'] === id);
      assert.equal(line['level'], 'error');
      assert.equal(line['graph'], 190);
      assert.match(String(line['problem']), /META_PAGE_TOKEN/);
      // Meta retries once the token is replaced: delivered then.
      assert.equal((await relay.fetch('/meta', signed(id))).status, 200);
      assert.equal(upstream.received.length, 1);
    });

    it('answers 5xx when the Graph API fails (500, or 400 without a known code)', async () => {
      const id = graph.add(maria);
      graph.next({ status: 500 }, { status: 400, code: 1 });
      assert.ok((await relay.fetch('/meta', signed(id))).status >= 500);
      assert.ok((await relay.fetch('/meta', signed(id))).status >= 500);
      assert.equal(upstream.received.length, 0);
      await logged(relay, (l) => l['leadgenId'] === id && l['graph'] === 500);
    });

    it('acknowledges a lead Zappy refuses for good (4xx), logs it, and does not resend it on a retry', async () => {
      const id = graph.add(maria);
      upstream.next({ status: 422, body: '{"message":"invalid"}' });
      assert.equal((await relay.fetch('/meta', signed(id))).status, 200);
      const line = await logged(relay, (l) => l['leadgenId'] === id);
      assert.equal(line['code'], 'refused');
      assert.equal(line['upstream'], 422);
      assert.equal((await relay.fetch('/meta', signed(id))).status, 200);
      assert.equal(upstream.received.length, 1);
    });

    it('acknowledges a lead without a name, sends nothing, and logs why', async () => {
      const id = graph.add(nameless);
      assert.equal((await relay.fetch('/meta', signed(id))).status, 200);
      assert.equal(upstream.received.length, 0);
      const line = await logged(relay, (l) => l['leadgenId'] === id);
      assert.equal(line['code'], 'invalid');
      assert.deepEqual(line['reasons'], ['client_name:empty']);
    });

    it('acknowledges and ignores malformed JSON, another object, and a leadgen_id that is not one', async () => {
      const garbage = [
        '{"object":"page","entry":[',
        JSON.stringify({ object: 'instagram', entry: [{ id: '1', changes: [{ field: 'comments', value: {} }] }] }),
        JSON.stringify({ object: 'page', entry: [{ id: '1', changes: [{ field: 'leadgen', value: { leadgen_id: '../me/accounts' } }] }] }),
      ];
      for (const body of garbage) assert.equal((await relay.fetch('/meta', notify(body, signatureOf(APP_SECRET, body)))).status, 200, body);
      assert.equal(graph.received.length, 0);
      assert.equal(upstream.received.length, 0);
      for (const reason of ['invalid_json', 'unknown_object', 'invalid_leadgen_id']) {
        await logged(relay, (l) => l['code'] === 'ignored' && (l['reasons'] as string[]).includes(reason));
      }
    });

    it('answers 405 to other methods on /meta', async () => {
      const response = await relay.fetch('/meta', { method: 'PUT', body: '{}' });
      assert.equal(response.status, 405);
      assert.equal(response.headers.get('Allow'), 'GET, POST');
    });

    it('has no /meta route without the META_ secrets', async () => {
      assert.equal((await withoutMeta.fetch(`/meta?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1`)).status, 404);
      assert.equal((await withoutMeta.fetch('/meta', signed(graph.add(maria)))).status, 404);
      assert.equal(graph.received.length, 0);
    });

    it('never logs a token, the secret, the hash or a lead\'s answers', async () => {
      await logged(relay, (l) => l['route'] === '/meta');
      const all = [...relay.logs, ...presetForm.logs].join('\n');
      for (const value of PRIVATE) assert.ok(!all.includes(value), `a log line contains ${value}`);
    });
  });
}

describe('npx zappy-lead-form relay with some META_ secrets', () => {
  it('refuses to start without all three: exit 2, one line naming those missing, never a secret', () => {
    const result = spawnSync(process.execPath, [CLI, 'relay'], {
      env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', ZAPPY_ACCOUNT_HASH: HASH, META_APP_SECRET: APP_SECRET },
      encoding: 'utf8',
      timeout: 10_000,
    });
    assert.equal(result.status, 2, result.stderr);
    assert.match(result.stderr, /META_VERIFY_TOKEN and META_PAGE_TOKEN are not set/);
    assert.ok(!result.stderr.includes(APP_SECRET));
  });

  it('refuses a META_FIELD_MAP naming a key createLead does not have', () => {
    const result = spawnSync(process.execPath, [CLI, 'relay'], {
      env: {
        PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', ZAPPY_ACCOUNT_HASH: HASH,
        META_APP_SECRET: APP_SECRET, META_VERIFY_TOKEN: VERIFY_TOKEN, META_PAGE_TOKEN: PAGE_TOKEN, META_FIELD_MAP: '{"servico":"custom_3"}',
      },
      encoding: 'utf8',
      timeout: 10_000,
    });
    assert.equal(result.status, 2, result.stderr);
    assert.match(result.stderr, /META_FIELD_MAP maps "servico" to "custom_3"/);
  });
});
