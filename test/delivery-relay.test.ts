import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import sinon from 'sinon';
import '../src/define.js';
import { OUTBOX_KEY } from '../src/delivery/outbox-store.js';
import type { ZappyLeadForm } from '../src/zappy-lead-form.js';
import { control, fill, submit } from './support/lead-form.js';
import { failNext, newAccount, recordsOf, requestsOf } from './support/stand-in.js';

// Issue 9: the widget posting through the relay (src/relay/, mounted by
// test/rig/relay-plugin.js in front of the createLead stand-in), the
// recommended set-up: an endpoint on the site's own domain and no hash in the
// page. The stand-in fails on command behind the relay; in every case the lead
// is delivered exactly once, or kept, never lost.

const Form = () => customElements.get('zappy-lead-form') as typeof ZappyLeadForm;

/** The relay's address for `account`; `host` other than the page's makes it cross-origin. */
const relayEndpoint = (account: string, { strict = false, host = location.host } = {}) =>
  `${location.protocol}//${host}/${strict ? 'relay-strict' : 'relay'}/${encodeURIComponent(account)}/leads`;

/** The page's server under its other name: localhost and 127.0.0.1 are two origins. */
const otherHost = () => `${location.hostname === 'localhost' ? '127.0.0.1' : 'localhost'}:${location.port}`;

async function renderWidget(endpoint: string, attributes: Record<string, string> = {}): Promise<ZappyLeadForm> {
  localStorage.removeItem(OUTBOX_KEY);
  const el = await fixture<ZappyLeadForm>(html`<zappy-lead-form endpoint=${endpoint} fields="name email mobile" min-fill-time="0"></zappy-lead-form>`);
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  await el.updateComplete;
  return el;
}

type Outcome = { type: 'zappy-lead-sent' | 'zappy-lead-queued' | 'zappy-lead-refused'; detail: { id: string; reason?: string; status?: number; kept?: boolean } };

/** Fills in a lead and submits it; resolves with the event the first attempt ended with. */
async function submitLead(el: ZappyLeadForm): Promise<Outcome> {
  await fill(el, { client_name: 'Ana Rita', client_email: 'ana@exemplo.pt', client_mobile: '912 345 678' });
  const outcome = Promise.race(
    (['zappy-lead-sent', 'zappy-lead-queued', 'zappy-lead-refused'] as const).map((type) =>
      oneEvent(el, type).then((event) => ({ type, detail: event.detail })),
    ),
  );
  await submit(el);
  return outcome;
}

describe('delivery through the relay', () => {
  afterEach(() => sinon.restore());

  it('delivers a lead from a page without the hash; the relay adds it, with no warning', async () => {
    const warn = sinon.spy(console, 'warn');
    const account = newAccount('relay-ok');
    const el = await renderWidget(relayEndpoint(account));
    const first = await submitLead(el);
    expect(first.type).to.equal('zappy-lead-sent');
    expect(first.detail.status).to.equal(201);
    const [record] = await recordsOf(account);
    expect(record!.accountHash).to.equal(account);
    expect(record!.lead).to.deep.equal({ client_name: 'Ana Rita', client_email: 'ana@exemplo.pt', client_mobile: '+351912345678' });
    expect(el.hasAttribute('account-hash')).to.equal(false);
    expect(warn.called, String(warn.args)).to.equal(false);
  });

  it('delivers through a relay on another origin (CORS pre-flight with Idempotency-Key)', async () => {
    const account = newAccount('relay-cors');
    const el = await renderWidget(relayEndpoint(account, { host: otherHost() }));
    expect((await submitLead(el)).type).to.equal('zappy-lead-sent');
    expect((await recordsOf(account)).length).to.equal(1);
  });

  it("keeps the lead when the page's origin is not allowed (never refused, never lost)", async () => {
    const account = newAccount('relay-origin');
    const el = await renderWidget(relayEndpoint(account, { strict: true, host: otherHost() }));
    const first = await submitLead(el);
    expect(first.type).to.equal('zappy-lead-queued');
    expect(first.detail.reason).to.equal('network');
    expect(first.detail.kept).to.equal(true);
    expect(Form().pendingCount()).to.equal(1);
    expect(await requestsOf(account)).to.deep.equal([]);
  });

  for (const mode of ['500', 'reset', '429'] as const) {
    it(`Zappy's ${mode === 'reset' ? 'network failure' : mode}: the relay answers 503 + Retry-After, the lead is kept and sent once, automatically`, async () => {
      const account = newAccount(`relay-${mode}`);
      const el = await renderWidget(relayEndpoint(account));
      await failNext(account, mode);
      const first = await submitLead(el);
      expect(first.type).to.equal('zappy-lead-queued');
      expect(first.detail).to.include({ reason: 'server-error', status: 503, kept: true });
      // The relay's Retry-After holds even an explicit flush back.
      expect(await Form().flushOutbox()).to.equal(0);
      const sent = await oneEvent(el, 'zappy-lead-sent');
      expect(sent.detail.id).to.equal(first.detail.id);
      expect((await recordsOf(account)).length).to.equal(1);
      expect((await requestsOf(account)).length).to.equal(2);
    });
  }

  it("Zappy's 400: refused through the relay, not kept; the data stays in the form", async () => {
    const account = newAccount('relay-400');
    const el = await renderWidget(relayEndpoint(account));
    await failNext(account, '400');
    const first = await submitLead(el);
    expect(first.type).to.equal('zappy-lead-refused');
    expect(first.detail.status).to.equal(400);
    expect(Form().pendingCount()).to.equal(0);
    expect(control(el, 'client_name').value).to.equal('Ana Rita');
    expect((await requestsOf(account)).length).to.equal(1);
  });

  it('a relay whose hash Zappy rejects (403) answers 502: the lead is kept, not refused', async () => {
    // The stand-in answers 403 to a hash no issuer would produce.
    const account = `bad hash ${crypto.randomUUID()}`;
    const el = await renderWidget(relayEndpoint(account));
    const first = await submitLead(el);
    expect(first.type).to.equal('zappy-lead-queued');
    expect(first.detail).to.include({ status: 502, kept: true });
    expect(Form().pendingCount()).to.equal(1);
  });

  it('a lead whose answer never reached the page is not delivered twice (Idempotency-Key)', async () => {
    const account = newAccount('relay-slow');
    // The stand-in records the lead at once but answers after 3 s; the widget gives up after 0.5 s.
    const el = await renderWidget(relayEndpoint(account), { timeout: '500' });
    await failNext(account, 'slow');
    const first = await submitLead(el);
    expect(first.type).to.equal('zappy-lead-queued');
    expect(first.detail.reason).to.equal('timeout');
    // The outbox retries on its own (after 2 s): the relay joins that retry to
    // the delivery still under way, or answers it from its memory once done.
    const sent = await oneEvent(el, 'zappy-lead-sent');
    expect(sent.detail.id).to.equal(first.detail.id);
    expect(Form().pendingCount()).to.equal(0);
    expect(await Form().flushOutbox()).to.equal(0);
    expect((await requestsOf(account)).length).to.equal(1);
    expect((await recordsOf(account)).length).to.equal(1);
  });
});
