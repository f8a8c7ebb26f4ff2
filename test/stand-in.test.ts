import { expect } from '@open-wc/testing';
import type { FaultToggle, LeadRecord, RequestLogEntry } from '../demo/stand-in/stand-in.js';

// The stand-in is mounted in the test runner's dev server (test/rig/stand-in-plugin.js),
// so these requests go to the same origin as the test page. Three browsers share
// one server at the same time: every test uses its own account hash, and none
// touches the global fault toggle.

const CREATE_LEAD = '/4/clientes/createLead';

const newHash = () => `test-${crypto.randomUUID()}`;

// The article's example body, but for its mobile: `+351900000000` is a
// placeholder outside Portugal's numbering plan, which the stand-in, like the
// widget and the relay, refuses.
const ana = {
  client_name: 'Ana Rita',
  client_email: 'ana.rita@exemplo.com',
  client_mobile: '+351912345678',
  client_source: 'Website / Loja online',
  client_segment: 'PARCERIAS',
  form_id: '28842',
  campaign_name: 'Regresso ao Verão',
};

interface PostOptions {
  fault?: string;
  signal?: AbortSignal;
  contentType?: string;
  /** Sent as is instead of `JSON.stringify(body)`. */
  raw?: string;
}

function createLeadUrl(accountHash: string | null, fault?: string): string {
  const url = new URL(CREATE_LEAD, location.origin);
  if (accountHash !== null) url.searchParams.set('accountHash', accountHash);
  if (fault !== undefined) url.searchParams.set('fault', fault);
  return url.href;
}

function post(accountHash: string | null, body: unknown, options: PostOptions = {}): Promise<Response> {
  return fetch(createLeadUrl(accountHash, options.fault), {
    method: 'POST',
    headers: { 'Content-Type': options.contentType ?? 'application/json' },
    body: options.raw ?? JSON.stringify(body),
    ...(options.signal ? { signal: options.signal } : {}),
  });
}

async function getJson<T>(path: string): Promise<T> {
  const res = await fetch(path);
  expect(res.status, path).to.equal(200);
  return (await res.json()) as T;
}

async function leadsOf(accountHash: string): Promise<LeadRecord[]> {
  const { leads } = await getJson<{ leads: LeadRecord[] }>(`/__zappy/leads?accountHash=${encodeURIComponent(accountHash)}`);
  return leads;
}

async function requestsOf(accountHash: string): Promise<RequestLogEntry[]> {
  const { requests } = await getJson<{ requests: RequestLogEntry[] }>(
    `/__zappy/requests?accountHash=${encodeURIComponent(accountHash)}`,
  );
  return requests;
}

function setFault(accountHash: string, mode: string, count?: number): Promise<Response> {
  return fetch('/__zappy/faults', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ mode, accountHash, ...(count === undefined ? {} : { count }) }),
  });
}

// wtr lists every 404 answered to a test page as a warning; a request without a
// Referer is not traced back to the page, so expected 404s go out without one.
const NO_REFERRER = { referrerPolicy: 'no-referrer' } as const;

function patchLead(id: string, patch: unknown): Promise<Response> {
  return fetch(`/__zappy/leads/${encodeURIComponent(id)}`, {
    ...NO_REFERRER,
    method: 'PATCH',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(patch),
  });
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Leaves several kept-alive connections idle. Chromium and Firefox silently
 * resend a POST whose idle connection is reset, once per idle connection: the
 * `reset` fault must fail the page's request anyway, and be logged once.
 */
async function openIdleConnections(): Promise<void> {
  await Promise.all(Array.from({ length: 6 }, (_, i) => fetch(`/__zappy/faults?warm=${i}`).then((r) => r.text())));
}

/** Awaits a request that should fail and returns the reason. */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('Expected the request to fail');
}

describe('createLead stand-in', () => {
  describe('a valid lead', () => {
    it('is stored with every field sent and the CRM fields at their defaults', async () => {
      const hash = newHash();
      const res = await post(hash, ana);
      expect(res.status).to.equal(201);
      const { id } = (await res.json()) as { id: string };
      expect(id).to.be.a('string').and.not.be.empty;

      const leads = await leadsOf(hash);
      expect(leads).to.have.length(1);
      const [record] = leads;
      expect(record).to.include({ id, accountHash: hash, nextStep: '', nextStepDate: '', status: 'Novo' });
      expect(record!.lead).to.deep.equal(ana);
      expect(Date.parse(record!.receivedAt)).to.be.closeTo(Date.now(), 60_000);
    });

    it('can be posted from another origin (CORS is open)', async () => {
      const res = await post(newHash(), { client_name: 'Rui' });
      expect(res.headers.get('Access-Control-Allow-Origin')).to.equal('*');

      const preflight = await fetch(createLeadUrl(newHash()), {
        method: 'OPTIONS',
        headers: { 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
      });
      expect(preflight.status).to.equal(204);
      expect(preflight.headers.get('Access-Control-Allow-Origin')).to.equal('*');
      expect(preflight.headers.get('Access-Control-Allow-Methods')).to.contain('POST');
      expect(preflight.headers.get('Access-Control-Allow-Headers')?.toLowerCase()).to.contain('content-type');
    });

    it('strips keys outside the contract from the record but logs the body as received', async () => {
      const hash = newHash();
      const sent = { client_name: 'Rui', utm_source: 'newsletter', client_city: 'Porto' };
      expect((await post(hash, sent)).status).to.equal(201);

      const [record] = await leadsOf(hash);
      expect(record!.lead).to.deep.equal({ client_name: 'Rui', client_city: 'Porto' });
      const [entry] = await requestsOf(hash);
      expect(JSON.parse(entry!.body!)).to.deep.equal(sent);
      expect(entry).to.include({ status: 201, outcome: 'answered', recordId: record!.id, fault: null });
    });
  });

  describe('the account hash', () => {
    it('is required', async () => {
      for (const hash of [null, '', '   ']) {
        const res = await post(hash, ana);
        expect(res.status, JSON.stringify(hash)).to.equal(401);
        expect(await res.json()).to.deep.equal({ errors: [{ key: 'accountHash', code: 'required' }] });
      }
    });

    it('is refused when malformed', async () => {
      const res = await post('not a hash!', ana);
      expect(res.status).to.equal(403);
      expect(await res.json()).to.deep.equal({ errors: [{ key: 'accountHash', code: 'invalid' }] });
    });
  });

  describe('an invalid body', () => {
    it('is refused with 400 and the list of problems', async () => {
      const hash = newHash();
      const res = await post(hash, { client_email: 'ana@exemplo.com', client_birth_day: '12' });
      expect(res.status).to.equal(400);
      const { errors } = (await res.json()) as { errors: { key: string; code: string }[] };
      expect(errors).to.deep.equal([
        { key: 'client_name', code: 'empty' },
        { key: 'client_birth_month', code: 'missing-month' },
      ]);
      expect(await leadsOf(hash)).to.be.empty;
    });

    it('checks the fields as the widget does (the article documents an email, a phone...)', async () => {
      const hash = newHash();
      const res = await post(hash, { client_name: 'Ana', client_email: 'not-an-email', client_mobile: '+351 212 345 678', client_vat: '123456780' });
      expect(res.status).to.equal(400);
      expect(await res.json()).to.deep.equal({
        errors: [
          { key: 'client_email', code: 'format' },
          { key: 'client_mobile', code: 'not-mobile' },
          { key: 'client_vat', code: 'check-digit' },
        ],
      });
      expect(await leadsOf(hash)).to.be.empty;
    });

    it('is refused with 400 when it is not JSON, or not an object', async () => {
      const hash = newHash();
      const notJson = await post(hash, null, { raw: '{"client_name": "Ana"' });
      expect(notJson.status).to.equal(400);
      expect(await notJson.json()).to.deep.equal({ errors: [{ key: '(body)', code: 'invalid_json' }] });
      const array = await post(hash, [ana]);
      expect(array.status).to.equal(400);
      expect(await leadsOf(hash)).to.be.empty;
    });

    it('is refused with 415 when not sent as application/json', async () => {
      const hash = newHash();
      const res = await post(hash, ana, { contentType: 'text/plain' });
      expect(res.status).to.equal(415);
      expect(await leadsOf(hash)).to.be.empty;
    });

    it('is refused with 413 over 64 KB', async () => {
      const hash = newHash();
      const res = await post(hash, { client_name: 'Ana', custom_1: 'x'.repeat(70 * 1024) });
      expect(res.status).to.equal(413);
      const [entry] = await requestsOf(hash);
      expect(entry).to.include({ status: 413, body: null });
      expect(entry!.bodyBytes).to.be.greaterThan(64 * 1024);
    });
  });

  describe('duplicates', () => {
    it('are absorbed by email, whatever its case', async () => {
      const hash = newHash();
      const first = await post(hash, ana);
      const { id } = (await first.json()) as { id: string };
      const res = await post(hash, { client_name: 'Outra Ana', client_email: 'ANA.Rita@exemplo.com' });
      expect(res.status).to.equal(200);
      expect(await res.json()).to.deep.equal({ duplicate: true, id });
      expect(await leadsOf(hash)).to.have.length(1);
    });

    it('are absorbed by mobile, however it is spaced', async () => {
      const hash = newHash();
      await post(hash, ana);
      const res = await post(hash, { client_name: 'Ana', client_email: 'outra@exemplo.com', client_mobile: '+351 912 345 678' });
      expect(res.status).to.equal(200);
      expect(((await res.json()) as { duplicate: boolean }).duplicate).to.equal(true);
      expect(await leadsOf(hash)).to.have.length(1);
      const log = await requestsOf(hash);
      expect(log.map((e) => e.duplicate ?? false)).to.deep.equal([false, true]);
    });

    it('are only looked for within the same account', async () => {
      const [a, b] = [newHash(), newHash()];
      expect((await post(a, ana)).status).to.equal(201);
      expect((await post(b, ana)).status).to.equal(201);
      expect(await leadsOf(a)).to.have.length(1);
      expect(await leadsOf(b)).to.have.length(1);
    });

    it('are not matched on absent fields', async () => {
      const hash = newHash();
      expect((await post(hash, { client_name: 'Ana' })).status).to.equal(201);
      expect((await post(hash, { client_name: 'Rui' })).status).to.equal(201);
      expect(await leadsOf(hash)).to.have.length(2);
    });
  });

  describe('faults from the query flag', () => {
    for (const status of [500, 400]) {
      it(`fault=${status} answers ${status} and stores nothing`, async () => {
        const hash = newHash();
        const res = await post(hash, ana, { fault: String(status) });
        expect(res.status).to.equal(status);
        expect(res.headers.get('Retry-After')).to.equal(null);
        expect(await leadsOf(hash)).to.be.empty;
        const [entry] = await requestsOf(hash);
        expect(entry).to.include({ status, fault: String(status), outcome: 'answered' });
      });
    }

    for (const status of [503, 429]) {
      it(`fault=${status} answers ${status} with Retry-After: 2`, async () => {
        const hash = newHash();
        const res = await post(hash, ana, { fault: String(status) });
        expect(res.status).to.equal(status);
        expect(res.headers.get('Retry-After')).to.equal('2');
        expect(await leadsOf(hash)).to.be.empty;
      });
    }

    it('fault=hang never answers, and lets go once the client aborts', async () => {
      const hash = newHash();
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), 300);
      const error = await rejection(post(hash, ana, { fault: 'hang', signal: controller.signal }));
      clearTimeout(timer);
      expect((error as Error).name).to.equal('AbortError');

      const log = await until(
        () => requestsOf(hash),
        (entries) => entries[0]?.outcome === 'aborted',
      );
      expect(log).to.have.length(1);
      expect(log[0]).to.include({ fault: 'hang', status: null, outcome: 'aborted' });
      expect(await leadsOf(hash)).to.be.empty;
    });

    it('fault=reset makes fetch reject with a network error', async () => {
      const hash = newHash();
      await openIdleConnections();
      const error = await rejection(post(hash, ana, { fault: 'reset' }));
      expect(error).to.be.instanceOf(TypeError);
      // Exactly one request: the browser did not resend it behind the page's back.
      const log = await requestsOf(hash);
      expect(log.map((e) => [e.fault, e.outcome, e.status])).to.deep.equal([['reset', 'reset', null]]);
      expect(await leadsOf(hash)).to.be.empty;
    });

    it('refuses an unknown fault mode', async () => {
      const res = await post(newHash(), ana, { fault: 'explode' });
      expect(res.status).to.equal(400);
      expect(await res.json()).to.deep.equal({ errors: [{ key: 'fault', code: 'invalid_value' }] });
    });
  });

  describe('faults from /__zappy/faults', () => {
    it('fails the next `count` requests of the account, then clears itself', async () => {
      const hash = newHash();
      const set = await setFault(hash, '503', 2);
      expect(set.status).to.equal(200);
      expect(((await set.json()) as { account: FaultToggle }).account).to.deep.equal({ mode: '503', remaining: 2 });

      const first = await post(hash, ana);
      expect(first.status).to.equal(503);
      expect(first.headers.get('Retry-After')).to.equal('2');
      expect((await post(hash, ana)).status).to.equal(503);
      expect((await post(hash, ana)).status).to.equal(201);

      const state = await getJson<{ account: FaultToggle | null }>(`/__zappy/faults?accountHash=${hash}`);
      expect(state.account).to.equal(null);
      const log = await requestsOf(hash);
      expect(log.map((e) => [e.fault, e.status])).to.deep.equal([
        ['503', 503],
        ['503', 503],
        [null, 201],
      ]);
    });

    it('keeps failing without a count until set to none', async () => {
      const hash = newHash();
      await setFault(hash, '500');
      for (let i = 0; i < 3; i += 1) expect((await post(hash, ana)).status).to.equal(500);
      await setFault(hash, 'none');
      expect((await post(hash, ana)).status).to.equal(201);
    });

    it('applies 429 and 400 as the query flag does', async () => {
      const hash = newHash();
      await setFault(hash, '429', 1);
      const limited = await post(hash, ana);
      expect(limited.status).to.equal(429);
      expect(limited.headers.get('Retry-After')).to.equal('2');
      await setFault(hash, '400', 1);
      expect((await post(hash, ana)).status).to.equal(400);
      expect((await post(hash, ana)).status).to.equal(201);
    });

    it('hangs and resets on demand', async () => {
      const hash = newHash();
      await setFault(hash, 'hang', 1);
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), 300);
      const aborted = await rejection(post(hash, ana, { signal: controller.signal }));
      clearTimeout(timer);
      expect((aborted as Error).name).to.equal('AbortError');

      await setFault(hash, 'reset', 1);
      await openIdleConnections();
      expect(await rejection(post(hash, ana))).to.be.instanceOf(TypeError);
      // The page saw the single failure, and its own resend goes through.
      expect((await post(hash, ana)).status).to.equal(201);
      const log = await requestsOf(hash);
      expect(log.map((e) => e.outcome)).to.deep.equal(['aborted', 'reset', 'answered']);
    });

    it('touches no other account', async () => {
      const [faulty, healthy] = [newHash(), newHash()];
      await setFault(faulty, '500');
      expect((await post(healthy, ana)).status).to.equal(201);
      expect((await post(faulty, ana)).status).to.equal(500);
      await setFault(faulty, 'none');
    });

    it('refuses an unknown mode or a bad count', async () => {
      const hash = newHash();
      const badMode = await setFault(hash, 'explode');
      expect(badMode.status).to.equal(400);
      const badCount = await setFault(hash, '500', 0);
      expect(badCount.status).to.equal(400);
      expect((await post(hash, ana)).status).to.equal(201);
    });
  });

  describe('lead management (CRM) fields', () => {
    it('are updated with PATCH /__zappy/leads/:id', async () => {
      const hash = newHash();
      const { id } = (await (await post(hash, ana)).json()) as { id: string };
      const patch = { status: 'Em contacto', nextStep: 'Ligar de manhã', nextStepDate: '2026-12-01' };
      const res = await patchLead(id, patch);
      expect(res.status).to.equal(200);
      expect(await res.json()).to.include(patch);
      const [record] = await leadsOf(hash);
      expect(record).to.include(patch);
      expect(record!.lead).to.deep.equal(ana);

      expect((await patchLead(id, { nextStepDate: '' })).status).to.equal(200);
      expect((await leadsOf(hash))[0]).to.include({ nextStepDate: '', status: 'Em contacto' });
    });

    it('refuses values outside the CRM fields', async () => {
      const hash = newHash();
      const { id } = (await (await post(hash, ana)).json()) as { id: string };
      const res = await patchLead(id, { status: 'Feito', nextStepDate: '2026-02-30', client_name: 'X' });
      expect(res.status).to.equal(400);
      const { errors } = (await res.json()) as { errors: { key: string; code: string }[] };
      expect(errors).to.have.deep.members([
        { key: 'status', code: 'invalid_value' },
        { key: 'nextStepDate', code: 'invalid_format' },
        { key: 'client_name', code: 'unrecognized_keys' },
      ]);
      expect((await leadsOf(hash))[0]).to.include({ status: 'Novo', nextStepDate: '' });
      expect((await patchLead('no-such-id', { status: 'Perdido' })).status).to.equal(404);
    });
  });

  describe('accounts', () => {
    it('keep their records and request logs apart, and reset alone', async () => {
      const [a, b] = [newHash(), newHash()];
      await post(a, ana);
      await post(a, { client_name: 'Rui' });
      await post(b, { client_name: 'Rita' });

      expect((await leadsOf(a)).map((r) => r.lead.client_name)).to.deep.equal(['Ana Rita', 'Rui']);
      expect((await leadsOf(b)).map((r) => r.lead.client_name)).to.deep.equal(['Rita']);
      expect(await requestsOf(a)).to.have.length(2);

      const all = await getJson<{ leads: LeadRecord[] }>('/__zappy/leads');
      const mine = all.leads.filter((r) => r.accountHash === a || r.accountHash === b);
      expect(mine).to.have.length(3);

      const res = await fetch(`/__zappy/leads?accountHash=${a}`, { method: 'DELETE' });
      expect(await res.json()).to.deep.equal({ deleted: 2 });
      expect(await leadsOf(a)).to.be.empty;
      expect(await requestsOf(a)).to.be.empty;
      expect(await leadsOf(b)).to.have.length(1);
    });
  });

  it('answers 404 on an unknown control route and 405 on a wrong method', async () => {
    expect((await fetch('/__zappy/nothing-here', NO_REFERRER)).status).to.equal(404);
    const get = await fetch(createLeadUrl(newHash()));
    expect(get.status).to.equal(405);
    expect(get.headers.get('Allow')).to.contain('POST');
  });
});
