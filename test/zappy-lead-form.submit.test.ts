import { aTimeout, expect, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import sinon from 'sinon';
import { LEAD_KEYS } from '../src/lead/schema.js';
import { DEFAULT_ENDPOINT } from '../src/lead/send-lead.js';
import type { ZappyLeadForm } from '../src/zappy-lead-form.js';
import {
  EVERY_FIELD,
  alertText,
  bodyOf,
  control,
  fill,
  newHash,
  renderForm,
  rootOf,
  squash,
  standInRequests,
  statusText,
  stubFetch,
  submit,
  submitButton,
} from './support/lead-form.js';

type FetchStub = ReturnType<typeof stubFetch>;

const Form = () => customElements.get('zappy-lead-form') as typeof ZappyLeadForm;

const hasForm = (el: ZappyLeadForm) => rootOf(el).querySelector('form') !== null;
/** Whether the form is rendered (not `display: none`), as a visitor would see it. */
const formShown = (el: ZappyLeadForm) => {
  const form = rootOf(el).querySelector('form');
  return form !== null && getComputedStyle(form).display !== 'none';
};

/** An event's detail without its lead id, after checking the id is there. */
function withoutId<T extends { id?: unknown }>(detail: T): Omit<T, 'id'> {
  expect(typeof detail.id === 'string' && detail.id.length >= 32, 'a lead id').to.equal(true);
  const { id: _id, ...rest } = detail;
  return rest;
}
const focusedPart = (el: ZappyLeadForm) => rootOf(el).activeElement?.getAttribute('role') ?? null;

/** Every event the element fired, by type, while the test ran. */
function recordEvents(el: ZappyLeadForm): string[] {
  const seen: string[] = [];
  for (const type of ['zappy-lead-submit', 'zappy-lead-sent', 'zappy-lead-queued', 'zappy-lead-refused', 'zappy-lead-invalid']) {
    el.addEventListener(type, () => seen.push(type));
  }
  return seen;
}

/** A fetch that stays pending until `answer(status)` is called or its signal aborts. */
function deferredFetch(): { stub: FetchStub; answer: (status: number) => void } {
  let resolve: (response: Response) => void = () => {};
  const stub = sinon.stub(window, 'fetch').callsFake(
    (_url, init) =>
      new Promise<Response>((r, reject) => {
        resolve = r;
        init?.signal?.addEventListener('abort', () => reject(new DOMException('Aborted', 'AbortError')));
      }),
  );
  return { stub, answer: (status) => resolve(new Response('{}', { status })) };
}

describe('<zappy-lead-form> submitting', () => {
  afterEach(() => {
    sinon.restore();
  });

  describe('the payload', () => {
    it('sends every field trimmed and normalised, as exactly the contract keys', async () => {
      const fetchStub = stubFetch(201);
      const el = await renderForm({
        'account-hash': 'abc 123/+',
        fields: EVERY_FIELD,
        sources: 'Instagram, Website / Loja online',
        segments: '["PARCERIAS", "Amigos, família"]',
        'form-id': ' 28842 ',
        'campaign-name': 'Regresso ao Verão',
        'consent-text': 'Aceito',
      });
      await fill(el, {
        client_name: '  Ana \t Rita  ',
        client_email: ' Ana.Rita+leads@Exemplo.PT ',
        client_mobile: '(+351) 912-345-678',
        client_birth_day: '07',
        client_birth_month: '3',
        client_birth_year: ' 1985 ',
        client_street: '  Rua do Ouro,  12 ',
        client_zipcode: '1000 001',
        client_city: ' Lisboa ',
        client_vat: 'PT 501 964 843',
        client_cc: '000000000zz4',
        client_ref: ' R-17 ',
        custom_1: 'Manhãs',
        custom_2: ' Corte ',
        client_source: 'Website / Loja online',
        client_segment: 'Amigos, família',
        zappy_consent: 'on',
      });
      const sent = oneEvent(el, 'zappy-lead-sent');
      await submit(el);
      await sent;

      expect(fetchStub.callCount).to.equal(1);
      const [url, init] = fetchStub.firstCall.args as [string, RequestInit];
      expect(url).to.equal(`${DEFAULT_ENDPOINT}?accountHash=abc+123%2F%2B`);
      expect(init.method).to.equal('POST');
      expect(new Headers(init.headers).get('Content-Type')).to.equal('application/json');
      const body = bodyOf(fetchStub) as Record<string, unknown>;
      expect(body).to.deep.equal({
        form_id: '28842',
        campaign_name: 'Regresso ao Verão',
        client_name: 'Ana Rita',
        client_email: 'Ana.Rita+leads@exemplo.pt',
        client_mobile: '+351912345678',
        client_source: 'Website / Loja online',
        client_segment: 'Amigos, família',
        client_ref: 'R-17',
        client_vat: '501964843',
        client_cc: '00000000 0 ZZ4',
        client_birth_day: 7,
        client_birth_month: 3,
        client_birth_year: 1985,
        client_street: 'Rua do Ouro, 12',
        client_zipcode: '1000-001',
        client_city: 'Lisboa',
        custom_1: 'Manhãs',
        custom_2: 'Corte',
      });
      expect(Object.keys(body).every((key) => (LEAD_KEYS as string[]).includes(key))).to.equal(true);
    });

    it('omits empty optional fields and the year of birth when not given', async () => {
      const fetchStub = stubFetch(200);
      const el = await renderForm({ fields: EVERY_FIELD });
      await fill(el, { client_name: 'Ana', client_mobile: '00 351 912 345 678', client_birth_day: '1', client_birth_month: '12', custom_1: '   ' });
      await submit(el);
      expect(bodyOf(fetchStub)).to.deep.equal({
        client_name: 'Ana',
        client_mobile: '+351912345678',
        client_birth_day: 1,
        client_birth_month: 12,
      });
    });

    it('turns a national number of the default country into E.164', async () => {
      const fetchStub = stubFetch(200);
      const el = await renderForm({ fields: 'name mobile', 'default-country': 'gb' });
      await fill(el, { client_name: 'Ann', client_mobile: '07400 123456' });
      await submit(el);
      expect(bodyOf(fetchStub)).to.deep.equal({ client_name: 'Ann', client_mobile: '+447400123456' });
    });

    it('sends the presets, trimmed, without showing them', async () => {
      const fetchStub = stubFetch(200);
      const el = await renderForm({
        fields: 'name',
        'form-id': '28842',
        'campaign-name': ' Regresso ao Verão ',
        source: 'Website / Loja online',
        segment: 'PARCERIAS',
      });
      await fill(el, { client_name: 'Ana' });
      await submit(el);
      expect(bodyOf(fetchStub)).to.deep.equal({
        form_id: '28842',
        campaign_name: 'Regresso ao Verão',
        client_source: 'Website / Loja online',
        client_segment: 'PARCERIAS',
        client_name: 'Ana',
      });
    });

    it('sends the chosen option over a preset, and the preset when nothing is chosen', async () => {
      const fetchStub = stubFetch(200);
      const el = await renderForm({ fields: 'name', source: 'Website', sources: 'Instagram, Google' });
      await fill(el, { client_name: 'Ana' });
      await submit(el);
      expect(bodyOf(fetchStub)).to.deep.equal({ client_source: 'Website', client_name: 'Ana' });

      const second = await renderForm({ fields: 'name', source: 'Website', sources: 'Instagram, Google' });
      await fill(second, { client_name: 'Rui', client_source: 'Google' });
      await submit(second);
      expect(bodyOf(fetchStub, 1)).to.deep.equal({ client_source: 'Google', client_name: 'Rui' });
    });

    it('leaves out a preset over its length limit, with one warning', async () => {
      const warn = sinon.stub(console, 'warn');
      const fetchStub = stubFetch(200);
      const el = await renderForm({ fields: 'name', 'campaign-name': 'c'.repeat(201), 'form-id': 'f1' });
      await fill(el, { client_name: 'Ana' });
      await submit(el);
      expect(bodyOf(fetchStub)).to.deep.equal({ form_id: 'f1', client_name: 'Ana' });
      expect(warn.callCount).to.equal(1);
      expect(String(warn.firstCall.args[0])).to.contain('campaign_name');
    });
  });

  describe('events', () => {
    it('fires a cancelable zappy-lead-submit with the exact payload before sending', async () => {
      const fetchStub = stubFetch(200);
      const el = await renderForm({ 'form-id': '7' });
      await fill(el, { client_name: ' Ana ', client_email: 'ana@exemplo.pt' });
      const event = oneEvent(el, 'zappy-lead-submit');
      await submit(el);
      const { detail, cancelable, bubbles, composed } = await event;
      expect({ cancelable, bubbles, composed }).to.deep.equal({ cancelable: true, bubbles: true, composed: true });
      expect(detail.lead).to.deep.equal({ form_id: '7', client_name: 'Ana', client_email: 'ana@exemplo.pt' });
      expect(bodyOf(fetchStub)).to.deep.equal(detail.lead);
    });

    it('sends nothing when zappy-lead-submit is cancelled, keeps the data, and sends on requestSubmit()', async () => {
      const fetchStub = stubFetch(200);
      const el = await renderForm();
      const events = recordEvents(el);
      await fill(el, { client_name: 'Ana', client_mobile: '912345678' });
      el.addEventListener('zappy-lead-submit', (event) => event.preventDefault(), { once: true });
      const cancelled = oneEvent(el, 'zappy-lead-submit');
      await submit(el);
      await cancelled;
      // Every lead goes through the outbox; this one never reached it, so
      // nothing is left that could send it later.
      expect(Form().pendingCount()).to.equal(0);
      expect(fetchStub.called).to.equal(false);
      expect(events).to.deep.equal(['zappy-lead-submit']);
      expect(hasForm(el)).to.equal(true);
      expect(control(el, 'client_name').value).to.equal('Ana');
      expect(submitButton(el).getAttribute('aria-busy')).to.equal('false');

      // The page's own step is done: it continues the submission.
      const sent = oneEvent(el, 'zappy-lead-sent');
      await el.requestSubmit();
      await sent;
      expect(fetchStub.callCount).to.equal(1);
      expect(bodyOf(fetchStub)).to.deep.equal({ client_name: 'Ana', client_mobile: '+351912345678' });
    });

    it('fires zappy-lead-sent with the lead and the status on a 2xx', async () => {
      stubFetch(201);
      const el = await renderForm();
      await fill(el, { client_name: 'Ana', client_email: 'ana@exemplo.pt' });
      const event = oneEvent(el, 'zappy-lead-sent');
      await submit(el);
      const { detail, bubbles, composed } = await event;
      expect({ bubbles, composed }).to.deep.equal({ bubbles: true, composed: true });
      expect(withoutId(detail)).to.deep.equal({ lead: { client_name: 'Ana', client_email: 'ana@exemplo.pt' }, status: 201 });
    });

    it('fires zappy-lead-queued on a 5xx, keeps the lead for automatic sending and says so calmly', async () => {
      stubFetch(503);
      const el = await renderForm();
      const events = recordEvents(el);
      await fill(el, { client_name: 'Ana', client_email: 'ana@exemplo.pt' });
      const event = oneEvent(el, 'zappy-lead-queued');
      await submit(el);
      const { detail } = await event;
      await el.updateComplete;
      expect(withoutId(detail)).to.deep.equal({
        lead: { client_name: 'Ana', client_email: 'ana@exemplo.pt' },
        reason: 'server-error',
        status: 503,
        kept: true,
      });
      expect(events).to.deep.equal(['zappy-lead-submit', 'zappy-lead-queued']);
      expect(statusText(el)).to.equal(
        'Guardámos os seus dados neste dispositivo e vamos enviá-los automaticamente assim que a ligação o permitir. Não precisa de fazer mais nada.',
      );
      expect(focusedPart(el)).to.equal('status');
      expect(alertText(el)).to.equal('');
      // Hidden, not removed: if the lead is refused later, the form returns with the data.
      expect(hasForm(el)).to.equal(true);
      expect(formShown(el)).to.equal(false);
      expect(control(el, 'client_email').value).to.equal('ana@exemplo.pt');
      expect(Form().pendingCount()).to.equal(1);
    });

    it('fires zappy-lead-queued on a 429 and on a network failure', async () => {
      const fetchStub = sinon.stub(window, 'fetch');
      fetchStub.onFirstCall().resolves(new Response('{}', { status: 429 }));
      fetchStub.onSecondCall().rejects(new TypeError('Failed to fetch'));
      let el = await renderForm({ fields: 'name' });
      await fill(el, { client_name: 'Ana' });
      let event = oneEvent(el, 'zappy-lead-queued');
      await submit(el);
      expect(withoutId((await event).detail)).to.deep.equal({ lead: { client_name: 'Ana' }, reason: 'rate-limited', status: 429, kept: true });
      el = await renderForm({ fields: 'name' });
      await fill(el, { client_name: 'Rui' });
      event = oneEvent(el, 'zappy-lead-queued');
      await submit(el);
      expect(withoutId((await event).detail)).to.deep.equal({ lead: { client_name: 'Rui' }, reason: 'network', kept: true });
    });

    it('fires zappy-lead-queued with reason timeout when the endpoint does not answer in time', async () => {
      deferredFetch();
      const el = await renderForm({ fields: 'name', timeout: '50' });
      await fill(el, { client_name: 'Ana' });
      const event = oneEvent(el, 'zappy-lead-queued');
      await submit(el);
      expect(withoutId((await event).detail)).to.deep.equal({ lead: { client_name: 'Ana' }, reason: 'timeout', kept: true });
    });

    it('fires zappy-lead-refused on a 4xx, shows an alert and keeps the data to correct and resend', async () => {
      const fetchStub = stubFetch(400);
      const el = await renderForm();
      await fill(el, { client_name: 'Ana', client_email: 'ana@exemplo.pt' });
      const event = oneEvent(el, 'zappy-lead-refused');
      await submit(el);
      const { detail, bubbles, composed } = await event;
      await el.updateComplete;
      expect({ bubbles, composed }).to.deep.equal({ bubbles: true, composed: true });
      expect(withoutId(detail)).to.deep.equal({ lead: { client_name: 'Ana', client_email: 'ana@exemplo.pt' }, status: 400 });
      const alert = rootOf(el).querySelector('[role="alert"]')!;
      expect(alert.getAttribute('part')).to.equal('status');
      expect(alertText(el)).to.equal(
        'Não foi possível registar os seus dados. Confirme-os e tente novamente; se o problema continuar, contacte-nos diretamente.',
      );
      expect(hasForm(el)).to.equal(true);
      expect(control(el, 'client_name').value).to.equal('Ana');
      expect(control(el, 'client_email').value).to.equal('ana@exemplo.pt');

      fetchStub.callsFake(() => Promise.resolve(new Response('{}', { status: 200 })));
      await fill(el, { client_email: 'ana.rita@exemplo.pt' });
      const sent = oneEvent(el, 'zappy-lead-sent');
      await submit(el);
      await sent;
      expect(fetchStub.callCount).to.equal(2);
      expect(bodyOf(fetchStub, 1)).to.deep.equal({ client_name: 'Ana', client_email: 'ana.rita@exemplo.pt' });
    });
  });

  it('keeps the data, shows the alert and fires zappy-lead-refused with status 0 when endpoint is not a URL', async () => {
    const warn = sinon.stub(console, 'warn');
    const fetchStub = stubFetch(200);
    const el = await renderForm({ fields: 'name', endpoint: 'http://[não-é-url' });
    await fill(el, { client_name: 'Ana' });
    const refused = oneEvent(el, 'zappy-lead-refused');
    await submit(el);
    expect(withoutId((await refused).detail)).to.deep.equal({ lead: { client_name: 'Ana' }, status: 0 });
    await el.updateComplete;
    expect(fetchStub.called).to.equal(false);
    expect(alertText(el)).to.contain('Não foi possível registar');
    expect(control(el, 'client_name').value).to.equal('Ana');
    expect(warn.callCount).to.equal(1);
    expect(String(warn.firstCall.args[0])).to.contain('endpoint');
  });

  describe('while sending', () => {
    it('sends one request for a double click and marks the button busy until the answer', async () => {
      const { stub, answer } = deferredFetch();
      const el = await renderForm();
      const events = recordEvents(el);
      await fill(el, { client_name: 'Ana', client_email: 'ana@exemplo.pt' });
      const button = submitButton(el);
      button.click();
      button.click();
      await el.updateComplete;
      button.click();
      await el.updateComplete;
      await waitUntil(() => stub.callCount > 0, 'the lead was never sent');
      // A lead is announced (zappy-lead-submit) as it starts and waits in the
      // outbox until answered: one of each means the other clicks started nothing.
      expect(events).to.deep.equal(['zappy-lead-submit']);
      expect(Form().pendingCount()).to.equal(1);
      expect(stub.callCount).to.equal(1);
      expect(button.getAttribute('aria-busy')).to.equal('true');
      expect(button.getAttribute('aria-disabled')).to.equal('true');
      expect(squash(button.textContent)).to.equal('A enviar…');
      expect(statusText(el)).to.equal('A enviar…');

      const sent = oneEvent(el, 'zappy-lead-sent');
      answer(200);
      await sent;
      await el.updateComplete;
      // Delivered and out of the outbox: nothing is left that could send again.
      expect(Form().pendingCount()).to.equal(0);
      expect(events).to.deep.equal(['zappy-lead-submit', 'zappy-lead-sent']);
      expect(stub.callCount).to.equal(1);
    });

    it('sends one request when Enter is pressed in a field twice in a row', async () => {
      const { stub, answer } = deferredFetch();
      const el = await renderForm({ fields: 'name' });
      const events = recordEvents(el);
      await fill(el, { client_name: 'Ana' });
      control(el, 'client_name').focus();
      await sendKeys({ press: 'Enter' });
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      await waitUntil(() => stub.callCount > 0, 'the lead was never sent');
      expect(events).to.deep.equal(['zappy-lead-submit']);
      expect(Form().pendingCount()).to.equal(1);
      expect(stub.callCount).to.equal(1);
      const sent = oneEvent(el, 'zappy-lead-sent');
      answer(200);
      await sent;
      expect(Form().pendingCount()).to.equal(0);
      expect(events).to.deep.equal(['zappy-lead-submit', 'zappy-lead-sent']);
      expect(stub.callCount).to.equal(1);
    });
  });

  describe('success', () => {
    it('replaces the form with the success message, in a focused role="status" region', async () => {
      stubFetch(200);
      const el = await renderForm({ 'success-message': 'Obrigado, Ana! Ligamos amanhã.' });
      await fill(el, { client_name: 'Ana', client_email: 'ana@exemplo.pt' });
      const sent = oneEvent(el, 'zappy-lead-sent');
      await submit(el);
      await sent;
      await el.updateComplete;
      expect(hasForm(el)).to.equal(false);
      expect(statusText(el)).to.equal('Obrigado, Ana! Ligamos amanhã.');
      expect(focusedPart(el)).to.equal('status');
      expect(alertText(el)).to.equal('');
    });

    it('shows the default success message when none is given', async () => {
      stubFetch(200);
      const el = await renderForm({ fields: 'name' });
      await fill(el, { client_name: 'Ana' });
      const sent = oneEvent(el, 'zappy-lead-sent');
      await submit(el);
      await sent;
      await el.updateComplete;
      expect(statusText(el)).to.equal('Obrigado! Recebemos os seus dados e entraremos em contacto em breve.');
    });

    it('ignores a javascript: success-url, with one warning, and shows the message in place', async () => {
      const warn = sinon.stub(console, 'warn');
      stubFetch(200);
      const before = location.href;
      const el = await renderForm({ fields: 'name', 'success-url': 'javascript:void(window.__zappyRan = true)' });
      await fill(el, { client_name: 'Ana' });
      const sent = oneEvent(el, 'zappy-lead-sent');
      await submit(el);
      await sent;
      await el.updateComplete;
      expect(location.href).to.equal(before);
      expect((window as { __zappyRan?: boolean }).__zappyRan).to.equal(undefined);
      expect(hasForm(el)).to.equal(false);
      expect(statusText(el)).to.contain('Obrigado!');
      expect(warn.callCount).to.equal(1);
      expect(String(warn.firstCall.args[0])).to.contain('success-url');
    });
  });

  describe('spam', () => {
    it('shows a success and sends nothing when the hidden trap is filled', async () => {
      const fetchStub = stubFetch(200);
      const el = await renderForm();
      const events = recordEvents(el);
      await fill(el, { client_name: 'Ana', client_email: 'ana@exemplo.pt', zappy_website: 'https://spam.example' });
      await submit(el);
      // The bot checks end the submit at once: no lead was announced or stored,
      // and with the form gone none can start, so nothing can be sent later.
      expect(events).to.deep.equal([]);
      expect(Form().pendingCount()).to.equal(0);
      expect(fetchStub.called).to.equal(false);
      expect(hasForm(el)).to.equal(false);
      expect(statusText(el)).to.equal('Obrigado! Recebemos os seus dados e entraremos em contacto em breve.');
    });

    it('shows a success and sends nothing when submitted faster than min-fill-time', async () => {
      const fetchStub = stubFetch(200);
      const el = await renderForm({ 'min-fill-time': '60000' });
      const events = recordEvents(el);
      await fill(el, { client_name: 'Ana', client_email: 'ana@exemplo.pt' });
      await submit(el);
      expect(events).to.deep.equal([]);
      expect(Form().pendingCount()).to.equal(0);
      expect(fetchStub.called).to.equal(false);
      expect(hasForm(el)).to.equal(false);
      expect(statusText(el)).to.contain('Obrigado!');
    });

    it('sends once min-fill-time has passed', async () => {
      const fetchStub = stubFetch(200);
      const el = await renderForm({ 'min-fill-time': '100' });
      await fill(el, { client_name: 'Ana', client_email: 'ana@exemplo.pt' });
      await aTimeout(150);
      const sent = oneEvent(el, 'zappy-lead-sent');
      await submit(el);
      await sent;
      expect(fetchStub.callCount).to.equal(1);
    });

    it('still validates before the bot checks, so a person never loses a lead to them', async () => {
      const fetchStub = stubFetch(200);
      const el = await renderForm({ 'min-fill-time': '60000' });
      await submit(el);
      expect(hasForm(el)).to.equal(true);
      expect(rootOf(el).querySelector('[part="error-summary"]') !== null).to.equal(true);
      expect(fetchStub.called).to.equal(false);
    });
  });

  describe('through the createLead stand-in', () => {
    const endpoint = '/4/clientes/createLead';

    it('delivers the exact lead once, for a double click', async () => {
      const accountHash = newHash();
      const el = await renderForm({ endpoint, 'account-hash': accountHash, fields: 'name email mobile birthday', 'form-id': '28842' });
      await fill(el, { client_name: 'Ana Rita', client_mobile: '912 345 678', client_birth_day: '7', client_birth_month: '3' });
      const sent = oneEvent(el, 'zappy-lead-sent');
      submitButton(el).click();
      submitButton(el).click();
      const { detail } = await sent;
      expect(detail.status).to.equal(201);
      const requests = await standInRequests(accountHash);
      expect(requests.map((r) => r.status)).to.deep.equal([201]);
      expect(JSON.parse(requests[0]!.body!)).to.deep.equal({
        form_id: '28842',
        client_name: 'Ana Rita',
        client_mobile: '+351912345678',
        client_birth_day: 7,
        client_birth_month: 3,
      });
    });

    it('reports a refusal (400) and keeps the data', async () => {
      const accountHash = newHash();
      const el = await renderForm({ endpoint: `${endpoint}?fault=400`, 'account-hash': accountHash, fields: 'name' });
      await fill(el, { client_name: 'Ana' });
      const refused = oneEvent(el, 'zappy-lead-refused');
      await submit(el);
      expect((await refused).detail.status).to.equal(400);
      await el.updateComplete;
      expect(alertText(el)).to.contain('Não foi possível registar');
      expect(control(el, 'client_name').value).to.equal('Ana');
      expect((await standInRequests(accountHash)).length).to.equal(1);
    });

    it('reports a server error (503) as queued', async () => {
      const accountHash = newHash();
      const el = await renderForm({ endpoint: `${endpoint}?fault=503`, 'account-hash': accountHash, fields: 'name' });
      await fill(el, { client_name: 'Ana' });
      const queued = oneEvent(el, 'zappy-lead-queued');
      await submit(el);
      expect((await queued).detail).to.deep.include({ reason: 'server-error', status: 503 });
      expect((await standInRequests(accountHash)).length).to.equal(1);
    });
  });
});
