import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import sinon from 'sinon';
import type { Lead } from '../src/lead/schema.js';
import {
  DEFAULT_ENDPOINT,
  createLeadUrl,
  parseRetryAfter,
  sendLead,
} from '../src/lead/send-lead.js';

const lead: Lead = { client_name: 'Ana Rita', client_email: 'ana.rita@exemplo.com' };

/** A fetch that hangs until its signal aborts, like a server that never answers. */
function hangingFetch(_url: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  return new Promise((_resolve, reject) => {
    init?.signal?.addEventListener('abort', () => reject(new DOMException('Aborted', 'AbortError')));
  });
}

describe('sendLead', () => {
  let fetchStub: sinon.SinonStub<Parameters<typeof fetch>, ReturnType<typeof fetch>>;

  beforeEach(() => {
    fetchStub = sinon.stub(window, 'fetch');
  });
  afterEach(() => sinon.restore());

  const respond = (status: number, headers: Record<string, string> = {}) =>
    fetchStub.resolves(new Response(status === 204 ? null : '{}', { status, headers }));

  it('POSTs the lead as JSON to the default endpoint with the account hash', async () => {
    respond(200);
    await sendLead(lead, { accountHash: 'h4sh/with+chars' });
    expect(fetchStub.calledOnce).to.equal(true);
    const [url, init] = fetchStub.firstCall.args as [string, RequestInit];
    expect(url).to.equal(`${DEFAULT_ENDPOINT}?accountHash=h4sh%2Fwith%2Bchars`);
    expect(init.method).to.equal('POST');
    expect(new Headers(init.headers).get('Content-Type')).to.equal('application/json');
    expect(JSON.parse(init.body as string)).to.deep.equal(lead);
    expect(init.credentials).to.equal('omit');
  });

  it('strips keys outside the contract before sending', async () => {
    respond(200);
    await sendLead({ ...lead, utm_source: 'x', password: 'y' } as Lead, { accountHash: 'a' });
    const body = JSON.parse(fetchStub.firstCall.args[1]!.body as string);
    expect(body).to.deep.equal(lead);
  });

  it('refuses a payload that breaks the contract without sending it', async () => {
    respond(200);
    const result = await sendLead({ client_email: 'x@y.pt' } as Lead, { accountHash: 'a' });
    expect(result).to.deep.include({ kind: 'refused', status: 0 });
    expect(result.kind === 'refused' && result.issues?.map((i) => i.key)).to.deep.equal(['client_name']);
    expect(fetchStub.called).to.equal(false);
  });

  const table: [number, Record<string, string>, object][] = [
    [200, {}, { kind: 'delivered', status: 200 }],
    [201, {}, { kind: 'delivered', status: 201 }],
    [204, {}, { kind: 'delivered', status: 204 }],
    [400, {}, { kind: 'refused', status: 400 }],
    [401, {}, { kind: 'refused', status: 401 }],
    [403, {}, { kind: 'refused', status: 403 }],
    [404, {}, { kind: 'refused', status: 404 }],
    [422, {}, { kind: 'refused', status: 422 }],
    [429, {}, { kind: 'retry', reason: 'rate-limited', status: 429 }],
    [429, { 'Retry-After': '7' }, { kind: 'retry', reason: 'rate-limited', status: 429, retryAfterMs: 7000 }],
    [500, {}, { kind: 'retry', reason: 'server-error', status: 500 }],
    [502, {}, { kind: 'retry', reason: 'server-error', status: 502 }],
    [503, { 'Retry-After': '2' }, { kind: 'retry', reason: 'server-error', status: 503, retryAfterMs: 2000 }],
  ];
  for (const [status, headers, expected] of table) {
    it(`classifies HTTP ${status}${headers['Retry-After'] ? ' with Retry-After' : ''}`, async () => {
      respond(status, headers);
      expect(await sendLead(lead, { accountHash: 'a' })).to.deep.equal(expected);
    });
  }

  it('reports a network failure as retry, without throwing', async () => {
    fetchStub.rejects(new TypeError('Failed to fetch'));
    expect(await sendLead(lead, { accountHash: 'a' })).to.deep.equal({ kind: 'retry', reason: 'network' });
  });

  it('aborts a hung request after the timeout and reports it as retry', async () => {
    fetchStub.callsFake(hangingFetch);
    const result = await sendLead(lead, { accountHash: 'a', timeoutMs: 30 });
    expect(result).to.deep.equal({ kind: 'retry', reason: 'timeout' });
  });

  it("follows the caller's AbortSignal", async () => {
    fetchStub.callsFake(hangingFetch);
    const controller = new AbortController();
    const pending = sendLead(lead, { accountHash: 'a', signal: controller.signal });
    controller.abort();
    expect(await pending).to.deep.equal({ kind: 'retry', reason: 'aborted' });
  });

  it('does not send when the signal is already aborted', async () => {
    fetchStub.callsFake(hangingFetch);
    const result = await sendLead(lead, { accountHash: 'a', signal: AbortSignal.abort() });
    expect(result).to.deep.equal({ kind: 'retry', reason: 'aborted' });
    expect(fetchStub.called).to.equal(false);
  });

  it('passes keepalive through for requests that must outlive the page', async () => {
    respond(200);
    await sendLead(lead, { accountHash: 'a', keepalive: true });
    expect(fetchStub.firstCall.args[1]!.keepalive).to.equal(true);
  });

  it('sends the lead id as Idempotency-Key to an endpoint of your own (a relay)', async () => {
    respond(201);
    await sendLead(lead, { endpoint: 'https://www.salao.pt/api/leads', idempotencyKey: 'lead-1' });
    expect(new Headers(fetchStub.firstCall.args[1]!.headers).get('Idempotency-Key')).to.equal('lead-1');
    await sendLead(lead, { endpoint: '/api/leads', idempotencyKey: 'lead-2' });
    expect(new Headers(fetchStub.secondCall.args[1]!.headers).get('Idempotency-Key')).to.equal('lead-2');
  });

  it("never sends Idempotency-Key to Zappy's own endpoint (Zappy's CORS would have to allow it)", async () => {
    respond(201);
    await sendLead(lead, { accountHash: 'a', idempotencyKey: 'lead-1' });
    await sendLead(lead, { endpoint: `${DEFAULT_ENDPOINT}?x=1`, accountHash: 'a', idempotencyKey: 'lead-2' });
    for (const call of fetchStub.getCalls()) {
      const headers = new Headers(call.args[1]!.headers);
      expect(headers.has('Idempotency-Key')).to.equal(false);
      expect([...headers.keys()]).to.deep.equal(['content-type']);
    }
  });

  it('sends with the fetch it is given instead of the global one (the relay on Node)', async () => {
    const own = sinon.stub<Parameters<typeof fetch>, ReturnType<typeof fetch>>().resolves(new Response(null, { status: 201 }));
    expect(await sendLead(lead, { accountHash: 'a', fetch: own })).to.deep.equal({ kind: 'delivered', status: 201 });
    expect(own.calledOnce).to.equal(true);
    expect(fetchStub.called).to.equal(false);
  });

  it('never logs the account hash or the lead', async () => {
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) => sinon.spy(console, m));
    fetchStub.onFirstCall().rejects(new TypeError('Failed to fetch'));
    fetchStub.onSecondCall().resolves(new Response('{}', { status: 500 }));
    await sendLead(lead, { accountHash: 'secret-hash' });
    await sendLead(lead, { accountHash: 'secret-hash' });
    for (const spy of spies) expect(spy.called, spy.toString()).to.equal(false);
  });

  it('reaches the createLead stand-in end to end', async () => {
    sinon.restore();
    const endpoint = '/4/clientes/createLead';
    const accountHash = `send-lead-${crypto.randomUUID()}`;
    expect(await sendLead(lead, { endpoint, accountHash })).to.deep.equal({ kind: 'delivered', status: 201 });
    expect(await sendLead(lead, { endpoint }), 'no account hash').to.deep.equal({ kind: 'refused', status: 401 });
    const fault = await sendLead(lead, { endpoint: `${endpoint}?fault=503`, accountHash });
    expect(fault).to.deep.equal({ kind: 'retry', reason: 'server-error', status: 503, retryAfterMs: 2000 });
  });
});

describe('createLeadUrl', () => {
  it('keeps other query parameters of a custom endpoint and replaces accountHash', () => {
    const url = createLeadUrl({ endpoint: 'https://proxy.example/lead?x=1&accountHash=old', accountHash: 'new' });
    expect(url).to.equal('https://proxy.example/lead?x=1&accountHash=new');
  });

  it('resolves a relative endpoint against the page', () => {
    expect(createLeadUrl({ endpoint: '/4/clientes/createLead', accountHash: 'a' })).to.equal(
      `${location.origin}/4/clientes/createLead?accountHash=a`,
    );
  });

  it('omits accountHash when none is given (a proxy may add it server-side)', () => {
    expect(createLeadUrl({ endpoint: 'https://proxy.example/lead' })).to.equal('https://proxy.example/lead');
  });

  it('round-trips any account hash through the URL', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (hash) => {
        const url = new URL(createLeadUrl({ accountHash: hash }));
        return url.searchParams.get('accountHash') === hash && url.origin === 'https://api.zappysoftware.com';
      }),
    );
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  const cases: [string | null, number | undefined][] = [
    [null, undefined],
    ['0', 0],
    ['120', 120_000],
    [' 5 ', 5000],
    ['Thu, 01 Jan 2026 00:00:30 GMT', 30_000],
    ['Wed, 31 Dec 2025 23:00:00 GMT', 0],
    ['soon', undefined],
    ['-1', undefined],
  ];
  for (const [header, expected] of cases) {
    it(`reads ${JSON.stringify(header)} as ${expected}`, () => {
      expect(parseRetryAfter(header, now)).to.equal(expected);
    });
  }
});
