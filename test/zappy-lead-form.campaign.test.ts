import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import sinon from 'sinon';
import type { ZappyLeadForm } from '../src/zappy-lead-form.js';
import { bodyOf, control, controlNames, fill, renderForm, rootOf, squash, statusText, stubFetch, submit } from './support/lead-form.js';
import { newAccount } from './support/stand-in.js';

// Issue 12, campaign landing pages: attribution, prefill, conversions, the
// dialog mode and the consent record, through the element's attributes, its
// events and the requests it makes.

type Page = Window & { dataLayer?: unknown[]; gtag?: unknown; fbq?: unknown };
const page = window as Page;

/** Runs the test as if the page's address had `query`, then puts the address back. */
let address = '';
function visit(query: string): void {
  history.replaceState(null, '', `${location.pathname}${query}`);
}

/** The `zappy-lead-submit` detail of the next submit. */
const submitted = (el: ZappyLeadForm) =>
  oneEvent(el, 'zappy-lead-submit') as Promise<CustomEvent<{ id: string; lead: Record<string, unknown>; attribution?: Record<string, string> }>>;

const NAME = { client_name: 'Ana Rita', client_email: 'ana@exemplo.pt' };

/** Every `generate_lead` this page's dataLayer received. */
const generateLeads = () => (page.dataLayer ?? []).filter((entry) => (entry as { event?: string }).event === 'generate_lead');

describe('<zappy-lead-form> on campaign landing pages', () => {
  let warn: sinon.SinonStub;

  beforeEach(() => {
    address = location.href;
    sessionStorage.removeItem('zappy-lead-attribution');
    localStorage.removeItem('zappy-lead-conversions');
    delete page.dataLayer;
    delete page.gtag;
    delete page.fbq;
    warn = sinon.stub(console, 'warn');
  });

  afterEach(() => {
    history.replaceState(null, '', address);
    sinon.restore();
  });

  describe('attribution', () => {
    it('reads the campaign link into campaign_name and detail.attribution, storing nothing', async () => {
      visit('?utm_source=Instagram&utm_medium=bio&utm_campaign=Ver%C3%A3o%202026&gclid=abc&other=x');
      const fetchStub = stubFetch(201);
      const el = await renderForm({ attribution: '' });
      await fill(el, NAME);
      const event = submitted(el);
      await submit(el);
      const { detail } = await event;
      expect(bodyOf(fetchStub)).to.include({ campaign_name: 'Verão 2026' });
      expect(detail.attribution).to.deep.equal({
        utm_source: 'Instagram',
        utm_medium: 'bio',
        utm_campaign: 'Verão 2026',
        gclid: 'abc',
        landing_page: `${location.origin}${location.pathname}`,
      });
      expect(sessionStorage.getItem('zappy-lead-attribution')).to.equal(null);
      expect(localStorage.getItem('zappy-lead-conversions')).to.equal(null);
    });

    it('keeps a preset campaign-name over utm_campaign', async () => {
      visit('?utm_campaign=ads');
      const fetchStub = stubFetch(201);
      const el = await renderForm({ attribution: '', 'campaign-name': 'Regresso ao Verão' });
      await fill(el, NAME);
      await submit(el);
      expect(bodyOf(fetchStub)).to.include({ campaign_name: 'Regresso ao Verão' });
    });

    it('adds nothing and loads nothing without the attribute', async () => {
      visit('?utm_source=ig&utm_campaign=ads');
      const fetchStub = stubFetch(201);
      const el = await renderForm({});
      await fill(el, NAME);
      const event = submitted(el);
      await submit(el);
      expect((await event).detail.attribution).to.equal(undefined);
      expect(bodyOf(fetchStub)).to.not.have.any.keys('campaign_name', 'client_source');
    });

    describe('source-map', () => {
      const MAP = 'instagram=Instagram, ig=Instagram, facebook=Facebook,\n google = Google Ads';
      const sourceFor = async (query: string, attributes: Record<string, string> = {}) => {
        visit(query);
        const fetchStub = stubFetch(201);
        const el = await renderForm({ attribution: '', 'source-map': MAP, ...attributes });
        await fill(el, NAME);
        await submit(el);
        fetchStub.restore();
        return (bodyOf(fetchStub) as { client_source?: string }).client_source;
      };

      it('matches utm_source ignoring case and surrounding spaces', async () => {
        expect(await sourceFor('?utm_source=%20IG%20')).to.equal('Instagram');
        expect(await sourceFor('?utm_source=Google')).to.equal('Google Ads');
      });

      it('overrides the preset source, which stays when nothing matches', async () => {
        expect(await sourceFor('?utm_source=facebook', { source: 'Website' })).to.equal('Facebook');
        expect(await sourceFor('?utm_source=tiktok', { source: 'Website' })).to.equal('Website');
        expect(await sourceFor('?utm_source=tiktok')).to.equal(undefined);
        expect(await sourceFor('')).to.equal(undefined);
      });

      it("leaves the visitor's own answer to the sources choice", async () => {
        visit('?utm_source=ig');
        const fetchStub = stubFetch(201);
        const el = await renderForm({ attribution: '', 'source-map': MAP, sources: 'Amigos, Instagram' });
        await fill(el, { ...NAME, client_source: 'Amigos' });
        await submit(el);
        expect(bodyOf(fetchStub)).to.include({ client_source: 'Amigos' });
      });

      it("leaves the visitor's answer also when it is the preset source", async () => {
        visit('?utm_source=ig');
        const fetchStub = stubFetch(201);
        const el = await renderForm({ attribution: '', 'source-map': MAP, sources: 'Instagram, Website', source: 'Website' });
        await fill(el, { ...NAME, client_source: 'Website' });
        await submit(el);
        expect(bodyOf(fetchStub)).to.include({ client_source: 'Website' });
      });

      it('warns about pairs it cannot read, and when attribution is off', async () => {
        visit('?utm_source=ig');
        const fetchStub = stubFetch(201);
        const el = await renderForm({ 'source-map': 'ig=Instagram, broken, =Nothing' });
        await fill(el, NAME);
        await submit(el);
        expect(bodyOf(fetchStub)).to.not.have.property('client_source');
        const messages = warn.getCalls().map((call) => String(call.args[0]));
        expect(messages.some((m) => m.includes('source-map') && m.includes('broken') && m.includes('=Nothing'))).to.equal(true);
        expect(messages.some((m) => m.includes('source-map needs attribution'))).to.equal(true);
      });
    });

    describe('custom-1-value and custom-2-value', () => {
      it('writes the template into a hidden field the visitor never sees', async () => {
        visit('?utm_source=ig&utm_medium=bio&utm_campaign=verao');
        const fetchStub = stubFetch(201);
        const el = await renderForm({
          attribution: '',
          fields: 'name email custom_1 custom_2',
          'custom-2-value': '{utm_source} / {utm_medium} / {utm_campaign}',
        });
        expect(controlNames(el)).to.deep.equal(['client_name', 'client_email', 'custom_1']);
        await fill(el, { ...NAME, custom_1: 'Manhãs' });
        await submit(el);
        expect(bodyOf(fetchStub)).to.include({ custom_1: 'Manhãs', custom_2: 'ig / bio / verao' });
      });

      it('collapses empty tokens, leaves unknown ones as written, and fills {date}, {referrer}, {landing_page}', async () => {
        visit('?utm_source=ig&utm_campaign=verao');
        const fetchStub = stubFetch(201);
        const el = await renderForm({
          attribution: '',
          'custom-1-value': '{utm_source} / {utm_medium} / {utm_campaign} {nope}',
          'custom-2-value': '{date} {landing_page} {referrer}',
        });
        await fill(el, NAME);
        await submit(el);
        const body = bodyOf(fetchStub) as { custom_1: string; custom_2: string };
        expect(body.custom_1).to.equal('ig / verao {nope}');
        const today = new Date();
        const date = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
        expect(body.custom_2).to.equal(`${date} ${location.origin}${location.pathname}`);
        expect(warn.getCalls().some((call) => String(call.args[0]).includes('{nope}'))).to.equal(true);
      });

      it('sends nothing in the field when every token is empty', async () => {
        visit('');
        const fetchStub = stubFetch(201);
        const el = await renderForm({ attribution: '', 'custom-1-value': '{utm_source} / {utm_campaign}' });
        await fill(el, NAME);
        await submit(el);
        expect(bodyOf(fetchStub)).to.not.have.property('custom_1');
      });

      it('keeps very long and hostile values within the contract, as text', async () => {
        const hostile = `<img src=x onerror="window.__pwned=1">\u0000\u001b${'x'.repeat(3000)}`;
        visit(`?utm_source=${encodeURIComponent(hostile)}&utm_campaign=${encodeURIComponent('😀'.repeat(400))}`);
        const fetchStub = stubFetch(201);
        const el = await renderForm({
          attribution: '',
          'custom-1-value': '{utm_source} {utm_source} {utm_source} {utm_campaign}',
        });
        await fill(el, NAME);
        await submit(el);
        const body = bodyOf(fetchStub) as { custom_1: string; campaign_name: string };
        expect(body.custom_1.length).to.be.at.most(500);
        expect(body.custom_1.startsWith('<img src=x onerror="window.__pwned=1">xxx')).to.equal(true);
        expect(body.custom_1).to.not.match(/[\u0000-\u001f]/);
        expect(body.campaign_name.length).to.be.at.most(200);
        expect(body.campaign_name).to.not.match(/[\ud800-\udbff]$/);
        expect(rootOf(el).querySelector('img')).to.equal(null);
        expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
      });

      it('leaves {utm_…} empty, with a warning, when attribution is off; {date} still fills', async () => {
        visit('?utm_source=ig');
        const fetchStub = stubFetch(201);
        const el = await renderForm({ 'custom-1-value': 'Lead {utm_source}', 'custom-2-value': 'em {date}' });
        await fill(el, NAME);
        await submit(el);
        const body = bodyOf(fetchStub) as { custom_1?: string; custom_2: string };
        expect(body.custom_1).to.equal(undefined);
        expect(body.custom_2).to.match(/^em \d{4}-\d{2}-\d{2}$/);
        expect(warn.getCalls().some((call) => String(call.args[0]).includes('custom-1-value needs attribution'))).to.equal(true);
      });
    });

    describe('attribution="session", across two pages of the site', () => {
      /** Opens a page of the site (test/fixtures/widget.html) in a frame of this tab and waits for its form. */
      async function openPage(frame: HTMLIFrameElement, query: string) {
        const loaded = oneEvent(frame, 'load');
        frame.src = `/test/fixtures/widget.html?${query}`;
        await loaded;
        const win = frame.contentWindow as Window & { zappyEvents: { type: string }[] };
        await waitUntil(() => win.document.querySelector('zappy-lead-form')?.shadowRoot?.querySelector('form'), 'no form');
        // The form shows before its campaign part is in; the visitor reads for longer than that.
        await (win.document.querySelector('zappy-lead-form') as ZappyLeadForm).updateComplete;
        return win;
      }

      it('attributes a lead sent from a later page to the landing page’s campaign', async () => {
        const accountHash = newAccount('session');
        const frame = document.createElement('iframe');
        document.body.append(frame);
        try {
          // The landing page, from an ad: the visitor reads it and moves on.
          await openPage(frame, 'attribution=session&utm_source=facebook&utm_campaign=promo-dez');
          // Another page of the site, without the campaign's parameters.
          const win = await openPage(frame, `attribution=session&account-hash=${accountHash}&fields=name`);
          const el = win.document.querySelector('zappy-lead-form') as ZappyLeadForm;
          const event = oneEvent(el, 'zappy-lead-submit') as Promise<CustomEvent<{ lead: Record<string, string>; attribution: Record<string, string> }>>;
          const input = el.shadowRoot!.querySelector<HTMLInputElement>('[name="client_name"]')!;
          input.value = 'Ana';
          el.shadowRoot!.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
          const { detail } = await event;
          expect(detail.lead.campaign_name).to.equal('promo-dez');
          expect(detail.attribution.utm_source).to.equal('facebook');
          expect(detail.attribution.landing_page).to.equal(`${location.origin}/test/fixtures/widget.html`);
        } finally {
          frame.remove();
          sessionStorage.removeItem('zappy-lead-attribution');
        }
      });

      it('with plain attribution, the later page knows nothing of the landing page', async () => {
        const frame = document.createElement('iframe');
        document.body.append(frame);
        try {
          await openPage(frame, 'attribution=&utm_source=facebook&utm_campaign=promo-dez');
          expect(sessionStorage.getItem('zappy-lead-attribution')).to.equal(null);
          const win = await openPage(frame, 'attribution=&fields=name');
          const el = win.document.querySelector('zappy-lead-form') as ZappyLeadForm;
          const event = oneEvent(el, 'zappy-lead-submit') as Promise<CustomEvent<{ lead: Record<string, string> }>>;
          el.shadowRoot!.querySelector<HTMLInputElement>('[name="client_name"]')!.value = 'Ana';
          el.shadowRoot!.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
          expect((await event).detail.lead.campaign_name).to.equal(undefined);
        } finally {
          frame.remove();
        }
      });
    });
  });

  describe('prefill', () => {
    it('fills the shown fields from the query, never the consent box, the trap or a hidden field', async () => {
      visit(
        '?client_name=Ana%20Rita&client_email=ana%40exemplo.pt&client_birth_month=3&zappy_consent=yes&zappy_website=spam&custom_2=segredo&client_mobile=912345678',
      );
      const el = await renderForm({
        prefill: '',
        fields: 'name email birthday custom_2',
        'custom-2-value': 'página',
        'consent-text': 'Aceito',
      });
      expect(control(el, 'client_name').value).to.equal('Ana Rita');
      expect(control(el, 'client_email').value).to.equal('ana@exemplo.pt');
      expect(control(el, 'client_birth_month').value).to.equal('3');
      expect(control(el, 'zappy_consent').checked).to.equal(false);
      expect(control(el, 'zappy_website').value).to.equal('');
      expect(controlNames(el)).to.not.include('custom_2');
    });

    it('puts bad values through the normal checks, and the visitor can fix them', async () => {
      visit('?client_name=Ana&client_email=ana%40&client_mobile=123');
      const fetchStub = stubFetch(201);
      const el = await renderForm({ prefill: '', fields: 'name email mobile' });
      expect(control(el, 'client_email').value).to.equal('ana@');
      await submit(el);
      expect(fetchStub.callCount).to.equal(0);
      expect(control(el, 'client_email').getAttribute('aria-invalid')).to.equal('true');
      expect(control(el, 'client_mobile').getAttribute('aria-invalid')).to.equal('true');
      await fill(el, { client_email: 'ana@exemplo.pt', client_mobile: '912 345 678' });
      await submit(el);
      expect(bodyOf(fetchStub)).to.include({ client_name: 'Ana', client_email: 'ana@exemplo.pt', client_mobile: '+351912345678' });
    });

    it('fills nothing without the attribute', async () => {
      visit('?client_name=Ana');
      const el = await renderForm({ attribution: '' });
      expect(control(el, 'client_name').value).to.equal('');
    });
  });

  describe('conversions', () => {
    it('fires GA4 generate_lead and the Meta Pixel Lead once the lead is delivered, once per id', async () => {
      visit('?utm_source=ig&utm_medium=bio&utm_campaign=verao');
      const fbq = sinon.spy();
      page.fbq = fbq;
      stubFetch(201);
      const el = await renderForm({ attribution: '', conversions: 'ga4 meta', 'form-id': '28842' });
      await fill(el, NAME);
      const sent = oneEvent(el, 'zappy-lead-sent') as Promise<CustomEvent<{ id: string }>>;
      await submit(el);
      const { detail } = await sent;
      expect(generateLeads()).to.deep.equal([
        {
          event: 'generate_lead',
          lead_id: detail.id,
          form_id: '28842',
          campaign_name: 'verao',
          utm_source: 'ig',
          utm_medium: 'bio',
          utm_campaign: 'verao',
        },
      ]);
      expect(fbq.callCount).to.equal(1);
      expect(fbq.firstCall.args).to.deep.equal(['track', 'Lead', { content_name: '28842' }, { eventID: detail.id }]);
      expect(JSON.stringify(page.dataLayer)).to.not.include('Ana');

      // The same lead reported delivered again (another tab, a replay): nothing more.
      el.dispatchEvent(new CustomEvent('zappy-lead-sent', { detail, bubbles: true, composed: true }));
      expect(generateLeads()).to.have.length(1);
      expect(fbq.callCount).to.equal(1);
      expect(localStorage.getItem('zappy-lead-conversions')).to.equal(null);
    });

    it('uses gtag when the page has it', async () => {
      const gtag = sinon.spy();
      page.gtag = gtag;
      stubFetch(201);
      const el = await renderForm({ conversions: 'ga4' });
      await fill(el, NAME);
      await submit(el);
      expect(gtag.callCount).to.equal(1);
      expect(gtag.firstCall.args[0]).to.equal('event');
      expect(gtag.firstCall.args[1]).to.equal('generate_lead');
      expect(Object.keys(gtag.firstCall.args[2] as object)).to.deep.equal(['lead_id']);
      expect(generateLeads()).to.have.length(0);
    });

    for (const [outcome, status] of [
      ['queued', 503],
      ['refused', 400],
    ] as const) {
      it(`fires nothing when the lead is ${outcome}`, async () => {
        const fbq = sinon.spy();
        page.fbq = fbq;
        stubFetch(status);
        const el = await renderForm({ conversions: 'ga4 meta' });
        await fill(el, NAME);
        await submit(el);
        expect(statusText(el) + squash(rootOf(el).querySelector('[role="alert"]')?.textContent)).to.not.equal('');
        expect(generateLeads()).to.have.length(0);
        expect(fbq.callCount).to.equal(0);
      });
    }

    it('fires nothing for a bot caught by the spam guard', async () => {
      const fetchStub = stubFetch(201);
      const el = await renderForm({ conversions: 'ga4', 'min-fill-time': '60000' });
      await fill(el, NAME);
      await submit(el);
      expect(fetchStub.callCount).to.equal(0);
      expect(generateLeads()).to.have.length(0);
      expect(localStorage.getItem('zappy-lead-conversions')).to.equal(null);
    });

    it('warns about a platform it does not know', async () => {
      await renderForm({ conversions: 'ga4 tiktok' });
      expect(warn.getCalls().some((call) => String(call.args[0]).includes('conversions: unknown tiktok'))).to.equal(true);
    });
  });

  describe('mode="dialog"', () => {
    const openButton = (el: ZappyLeadForm) => rootOf(el).querySelector<HTMLButtonElement>('[part="open-button"]')!;
    const dialog = (el: ZappyLeadForm) => rootOf(el).querySelector('dialog')!;
    /** The focused element, inside the element's shadow root or out. */
    const focused = (el: ZappyLeadForm) => (document.activeElement === el ? rootOf(el).activeElement : document.activeElement);

    it('shows only a button, labelled by language or open-label', async () => {
      const el = await renderForm({ mode: 'dialog' });
      expect(squash(openButton(el).textContent)).to.equal('Pedir contacto');
      expect(dialog(el).open).to.equal(false);
      expect(rootOf(el).querySelector('form')!.getClientRects().length).to.equal(0);
      el.lang = 'en';
      await el.updateComplete;
      expect(squash(openButton(el).textContent)).to.equal('Contact me');
      el.lang = 'es';
      await el.updateComplete;
      expect(squash(openButton(el).textContent)).to.equal('Contáctenme');
      el.setAttribute('open-label', 'Marcar avaliação');
      await el.updateComplete;
      expect(squash(openButton(el).textContent)).to.equal('Marcar avaliação');
      expect(squash(rootOf(el).getElementById(dialog(el).getAttribute('aria-labelledby')!)?.textContent)).to.equal('Marcar avaliação');
    });

    it('opens with the keyboard, focuses the first field, keeps Tab inside, closes with Escape back to the button', async () => {
      const el = await renderForm({ mode: 'dialog', fields: 'name email' });
      const events: string[] = [];
      el.addEventListener('zappy-lead-open', () => events.push('open'));
      el.addEventListener('zappy-lead-close', () => events.push('close'));
      openButton(el).focus();
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => dialog(el).open, 'the dialog did not open');
      expect(events).to.deep.equal(['open']);
      expect((focused(el) as HTMLInputElement | null)?.name).to.equal('client_name');

      // Four stops (close, name, email, send): twice round, forwards and back.
      const stops: string[] = [];
      for (let i = 0; i < 8; i++) {
        await sendKeys({ press: 'Tab' });
        expect(dialog(el).contains(focused(el)), `Tab ${i + 1} left the dialog`).to.equal(true);
        stops.push((focused(el) as HTMLInputElement).name || focused(el)!.getAttribute('part')!);
      }
      expect(stops).to.deep.equal(['client_email', 'submit', 'close-button', 'client_name', 'client_email', 'submit', 'close-button', 'client_name']);
      // Shift+Tab from the first stop goes round to the last. (A synthetic key:
      // WebKit's WebDriver cannot hold Shift; the wrap is the dialog's own.)
      const close = rootOf(el).querySelector<HTMLElement>('[part="close-button"]')!;
      close.focus();
      close.dispatchEvent(new KeyboardEvent('keydown', { key: 'Tab', shiftKey: true, bubbles: true, composed: true, cancelable: true }));
      expect(focused(el)?.getAttribute('part')).to.equal('submit');
      control(el, 'client_name').focus();

      // `close` is an event of its own, a task after the dialog shuts: focus moves then.
      const closed = oneEvent(el, 'zappy-lead-close');
      await sendKeys({ press: 'Escape' });
      await closed;
      expect(dialog(el).open).to.equal(false);
      expect(events).to.deep.equal(['open', 'close']);
      expect(focused(el)).to.equal(openButton(el));
    });

    it('keeps what was typed when closed with its button and opened again', async () => {
      const el = await renderForm({ mode: 'dialog' });
      await el.open();
      await fill(el, { client_name: 'Ana Rita' });
      rootOf(el).querySelector<HTMLButtonElement>('[part="close-button"]')!.click();
      await waitUntil(() => !dialog(el).open);
      expect(rootOf(el).querySelector('[part="close-button"]')!.getAttribute('aria-label')).to.equal('Fechar');
      await el.open();
      expect(control(el, 'client_name').value).to.equal('Ana Rita');
    });

    it("opens from the page's own button, and gives focus back to it", async () => {
      const button = document.createElement('button');
      button.textContent = 'Marcar';
      document.body.append(button);
      try {
        const el = await renderForm({ mode: 'dialog' });
        button.addEventListener('click', () => void el.open());
        button.focus();
        button.click();
        await waitUntil(() => dialog(el).open);
        const closed = oneEvent(el, 'zappy-lead-close');
        el.close();
        await closed;
        expect(document.activeElement).to.equal(button);
      } finally {
        button.remove();
      }
    });

    it('makes the page behind inert while open', async () => {
      const outside = document.createElement('button');
      document.body.append(outside);
      try {
        const el = await renderForm({ mode: 'dialog' });
        await el.open();
        outside.focus();
        expect(document.activeElement).to.not.equal(outside);
        el.close();
      } finally {
        outside.remove();
      }
    });

    it('shows the success message in the dialog until it is closed', async () => {
      stubFetch(201);
      const el = await renderForm({ mode: 'dialog', 'success-message': 'Obrigado, Ana!' });
      await el.open();
      await fill(el, NAME);
      await submit(el);
      expect(dialog(el).open).to.equal(true);
      expect(dialog(el).contains(rootOf(el).querySelector('[role="status"]'))).to.equal(true);
      expect(statusText(el)).to.equal('Obrigado, Ana!');
      el.close();
      await waitUntil(() => !dialog(el).open);
    });

    it('is accessible closed and open', async () => {
      const el = await renderForm({ mode: 'dialog', 'consent-text': 'Aceito', 'privacy-url': 'https://salao.pt/privacidade' });
      await expect(el).to.be.accessible();
      await el.open();
      await expect(el).to.be.accessible();
      el.close();
    });
  });

  it('works as one landing page: every feature together, as README shows it', async () => {
    visit('?utm_source=ig&utm_medium=paid&utm_campaign=natal-2026&client_name=Ana%20Rita');
    const fbq = sinon.spy();
    page.fbq = fbq;
    const fetchStub = stubFetch(201);
    const el = await renderForm({
      'form-id': 'natal-2026',
      fields: 'name email mobile',
      mode: 'dialog',
      'open-label': 'Quero o desconto',
      attribution: 'session',
      'source-map': 'ig=Instagram, facebook=Facebook',
      source: 'Website / Loja online',
      'custom-2-value': '{utm_source} / {utm_medium} / {utm_campaign}',
      'consent-text': 'Aceito.',
      'privacy-url': 'https://salao.pt/privacidade',
      'consent-record': 'custom_1',
      conversions: 'ga4 meta',
      prefill: '',
    });
    rootOf(el).querySelector<HTMLButtonElement>('[part="open-button"]')!.click();
    expect(rootOf(el).querySelector('dialog')!.open).to.equal(true);
    expect(control(el, 'client_name').value).to.equal('Ana Rita');
    await fill(el, { client_email: 'ana@exemplo.pt', zappy_consent: 'on' });
    const sent = oneEvent(el, 'zappy-lead-sent') as Promise<CustomEvent<{ id: string }>>;
    await submit(el);
    const { id } = (await sent).detail;
    const body = bodyOf(fetchStub) as Record<string, string>;
    expect(body).to.include({
      client_name: 'Ana Rita',
      client_email: 'ana@exemplo.pt',
      form_id: 'natal-2026',
      campaign_name: 'natal-2026',
      client_source: 'Instagram',
      custom_2: 'ig / paid / natal-2026',
    });
    expect(body.custom_1).to.match(/^Aceito\. Política de privacidade \| https:\/\/salao\.pt\/privacidade \| \d{4}-.+Z \| /);
    expect(generateLeads()).to.have.length(1);
    expect(fbq.firstCall.args[3]).to.deep.equal({ eventID: id });
    expect(statusText(el)).to.contain('Obrigado');
    expect(rootOf(el).querySelector('dialog')!.open).to.equal(true);
    el.close();
  });

  describe('consent-record', () => {
    it('writes the consent shown, the policy, the time and the page into the hidden field', async () => {
      const fetchStub = stubFetch(201);
      const el = await renderForm({
        fields: 'name email custom_2',
        'consent-text': 'Aceito que me contactem sobre a marcação.',
        'privacy-url': 'https://salao.pt/privacidade',
        'consent-record': 'custom_2',
      });
      expect(controlNames(el)).to.deep.equal(['client_name', 'client_email', 'zappy_consent']);
      await fill(el, { ...NAME, zappy_consent: 'on' });
      const before = Date.now();
      await submit(el);
      const record = (bodyOf(fetchStub) as { custom_2: string }).custom_2;
      const [text, policy, at, where] = record.split(' | ');
      expect(text).to.equal('Aceito que me contactem sobre a marcação. Política de privacidade');
      expect(policy).to.equal('https://salao.pt/privacidade');
      expect(at).to.match(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect(Date.parse(at!)).to.be.within(before - 1000, Date.now() + 1000);
      expect(where).to.equal(`${location.origin}${location.pathname}`);
    });

    it('shows the field as usual when no consent box is shown', async () => {
      const el = await renderForm({ fields: 'name custom_1', 'consent-record': 'custom_1' });
      expect(controlNames(el)).to.include('custom_1');
    });
  });
});
