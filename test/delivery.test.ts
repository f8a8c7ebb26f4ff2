import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../src/define.js';
import { OUTBOX_KEY } from '../src/delivery/outbox-store.js';
import type { ZappyLeadForm } from '../src/zappy-lead-form.js';
import { control, fill, rootOf, submit } from './support/lead-form.js';
import { STAND_IN_ENDPOINT, failNext, newAccount, recordsOf, requestsOf } from './support/stand-in.js';

// Issue 4, fault injection: the widget against the createLead stand-in, which
// fails on command. In every case the lead is delivered exactly once, counted
// at the stand-in: its records (what Zappy would store) and its request log
// (every attempt, faulted ones included).

const Form = () => customElements.get('zappy-lead-form') as typeof ZappyLeadForm;

async function renderWidget(accountHash: string, attributes: Record<string, string> = {}): Promise<ZappyLeadForm> {
  localStorage.removeItem(OUTBOX_KEY);
  const el = await fixture<ZappyLeadForm>(html`<zappy-lead-form
    endpoint=${STAND_IN_ENDPOINT}
    account-hash=${accountHash}
    fields="name email"
    min-fill-time="0"
  ></zappy-lead-form>`);
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  await el.updateComplete;
  return el;
}

/** Fills in a lead and submits it; resolves with the event the first attempt ended with. */
async function submitLead(el: ZappyLeadForm, name = 'Ana Rita') {
  await fill(el, { client_name: name, client_email: `${name.split(' ')[0]!.toLowerCase()}@exemplo.pt` });
  const outcome = Promise.race(
    (['zappy-lead-sent', 'zappy-lead-queued', 'zappy-lead-refused'] as const).map((type) =>
      oneEvent(el, type).then((event) => ({ type, detail: event.detail as { id: string; reason?: string } })),
    ),
  );
  await submit(el);
  return outcome;
}

const statusText = (el: ZappyLeadForm) => rootOf(el).querySelector('[role="status"]')?.textContent?.trim() ?? '';

describe('delivery under faults', () => {
  for (const mode of ['500', 'reset'] as const) {
    it(`${mode === 'reset' ? 'a network failure' : 'HTTP 500'}: kept, then delivered once by a flush`, async () => {
      const account = newAccount(`fault-${mode}`);
      const el = await renderWidget(account);
      await failNext(account, mode);
      const first = await submitLead(el);
      expect(first.type).to.equal('zappy-lead-queued');
      expect(first.detail.reason).to.equal(mode === 'reset' ? 'network' : 'server-error');
      expect(Form().pendingCount()).to.equal(1);

      const sent = oneEvent(el, 'zappy-lead-sent');
      expect(await Form().flushOutbox()).to.equal(1);
      expect((await sent).detail.id).to.equal(first.detail.id);
      await el.updateComplete;
      expect(statusText(el)).to.contain('Obrigado!');
      expect(Form().pendingCount()).to.equal(0);
      expect((await recordsOf(account)).map((r) => r.lead.client_name)).to.deep.equal(['Ana Rita']);
      expect((await requestsOf(account)).length).to.equal(2);
    });
  }

  for (const mode of ['503', '429'] as const) {
    it(`HTTP ${mode} with Retry-After: no resend before it, then sent automatically`, async () => {
      const account = newAccount(`fault-${mode}`);
      const el = await renderWidget(account);
      await failNext(account, mode);
      const first = await submitLead(el);
      expect(first.type).to.equal('zappy-lead-queued');
      const failedAt = Date.now();
      // Even an explicit flush waits for the server's Retry-After (2 s).
      expect(await Form().flushOutbox()).to.equal(0);
      const sent = await oneEvent(el, 'zappy-lead-sent');
      expect(sent.detail.id).to.equal(first.detail.id);
      expect(Date.now() - failedAt).to.be.greaterThanOrEqual(1900);
      expect((await recordsOf(account)).length).to.equal(1);
      expect((await requestsOf(account)).length).to.equal(2);
    });
  }

  it('HTTP 400: refused, not kept, never resent; the data stays in the form', async () => {
    const account = newAccount('fault-400');
    const el = await renderWidget(account);
    await failNext(account, '400');
    const first = await submitLead(el);
    expect(first.type).to.equal('zappy-lead-refused');
    // The refusal took the lead out of the outbox and the flush (awaited to its
    // end) found nothing to send: no request is under way and none can start.
    expect(Form().pendingCount()).to.equal(0);
    expect(await Form().flushOutbox()).to.equal(0);
    expect((await requestsOf(account)).length).to.equal(1);
    expect((await recordsOf(account)).length).to.equal(0);
    expect(control(el, 'client_name').value).to.equal('Ana Rita');
  });

  it('a request that hangs past the timeout is aborted, kept and delivered once later', async () => {
    const account = newAccount('fault-hang');
    const el = await renderWidget(account, { timeout: '400' });
    await failNext(account, 'hang');
    const first = await submitLead(el);
    expect(first.type).to.equal('zappy-lead-queued');
    expect(first.detail.reason).to.equal('timeout');
    expect(await Form().flushOutbox()).to.equal(1);
    expect((await recordsOf(account)).length).to.equal(1);
    const requests = await requestsOf(account);
    expect(requests.map((r) => r.status)).to.deep.equal([null, 201]);
  });

  it('offline, then online: the browser coming back sends the waiting lead at once', async () => {
    const account = newAccount('fault-online');
    const el = await renderWidget(account);
    await failNext(account, 'reset');
    const first = await submitLead(el);
    expect(first.type).to.equal('zappy-lead-queued');
    const sent = oneEvent(el, 'zappy-lead-sent');
    window.dispatchEvent(new Event('online'));
    expect((await sent).detail.id).to.equal(first.detail.id);
    expect((await recordsOf(account)).length).to.equal(1);
    expect((await requestsOf(account)).length).to.equal(2);
  });

  it('a lead refused on a later attempt brings the form back with the data', async () => {
    const account = newAccount('fault-later-400');
    const el = await renderWidget(account);
    await failNext(account, '500');
    await submitLead(el);
    expect(getComputedStyle(rootOf(el).querySelector('form')!).display).to.equal('none');
    await failNext(account, '400');
    const refused = oneEvent(el, 'zappy-lead-refused');
    await Form().flushOutbox();
    expect((await refused).detail.status).to.equal(400);
    await el.updateComplete;
    expect(getComputedStyle(rootOf(el).querySelector('form')!).display).to.equal('grid');
    expect(control(el, 'client_email').value).to.equal('ana@exemplo.pt');
    expect(Form().pendingCount()).to.equal(0);
  });
});

describe('delivery and the page', () => {
  it('removing the element while its request is in flight loses and duplicates nothing', async () => {
    const account = newAccount('remove-in-flight');
    const el = await renderWidget(account, { timeout: '3000' });
    await fill(el, { client_name: 'Ana', client_email: 'ana@exemplo.pt' });
    // The submit starts synchronously; the element is gone before the request ends.
    rootOf(el).querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    el.remove();
    await waitUntil(async () => (await recordsOf(account)).length === 1, 'never delivered', { timeout: 5000 });
    // The lead was stored before it was sent, and leaves the outbox only once
    // its answer is in: from then on no request is under way and none can start.
    await waitUntil(() => Form().pendingCount() === 0, 'the lead never left the outbox', { timeout: 5000 });
    expect((await requestsOf(account)).length).to.equal(1);
  });

  it('re-adding the element (a single-page site) keeps its state and sends once', async () => {
    const account = newAccount('re-add');
    const el = await renderWidget(account);
    const parent = el.parentElement!;
    await fill(el, { client_name: 'Ana', client_email: 'ana@exemplo.pt' });
    el.remove();
    parent.append(el);
    await el.updateComplete;
    expect(control(el, 'client_name').value).to.equal('Ana');
    const sent = oneEvent(el, 'zappy-lead-sent');
    await submit(el);
    await sent;
    expect((await recordsOf(account)).length).to.equal(1);
  });

  it('two forms for two businesses on one page never mix their leads', async () => {
    localStorage.removeItem(OUTBOX_KEY);
    const [salon, clinic] = [newAccount('salon'), newAccount('clinic')];
    const wrapper = await fixture<HTMLDivElement>(html`<div>
      <zappy-lead-form endpoint=${STAND_IN_ENDPOINT} account-hash=${salon} fields="name email" min-fill-time="0"></zappy-lead-form>
      <zappy-lead-form endpoint=${STAND_IN_ENDPOINT} account-hash=${clinic} fields="name email" min-fill-time="0"></zappy-lead-form>
    </div>`);
    const [a, b] = [...wrapper.querySelectorAll('zappy-lead-form')] as ZappyLeadForm[];
    await failNext(salon, '500');
    await failNext(clinic, '500');
    await submitLead(a!, 'Ana Salão');
    await submitLead(b!, 'Rui Clínica');
    expect(Form().pendingCount()).to.equal(2);
    expect(await Form().flushOutbox()).to.equal(2);
    expect((await recordsOf(salon)).map((r) => r.lead.client_name)).to.deep.equal(['Ana Salão']);
    expect((await recordsOf(clinic)).map((r) => r.lead.client_name)).to.deep.equal(['Rui Clínica']);
  });
});
