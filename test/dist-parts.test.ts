import { expect, oneEvent } from '@open-wc/testing';
import { fill, openFixture, requestsOf, settle, shippedForm, watchOf, type ShippedForm } from './support/shipped.js';

// The script build keeps what only some visitors need in parts beside it,
// loaded on demand (src/parts/chunks.ts, .config/build/script-chunks.js):
//   zappy-lead-form.en.js, .es.js   the English and Spanish texts
//   zappy-lead-form.phone.js        the phone rules of every country but Portugal
//   zappy-lead-form.fields.js       the birthday, postal code, NIF and CC checkers
//   zappy-lead-form.campaign.js     the campaign features (attribution, dialog…)
// These tests run the built files, as built, on the strict-CSP fixture page
// (./support/shipped.ts): each part arrives under the policy when it is needed
// and not before, the widget still takes every lead when the parts are
// missing (a site that copied only dist/zappy-lead-form.js), and the
// standalone build needs none.

/** The parts the fixture page has downloaded so far, by name (`en`, `phone`, ...). */
function partsLoaded(iframe: HTMLIFrameElement): string[] {
  const entries = iframe.contentWindow!.performance.getEntriesByType('resource');
  const names = entries.map((entry) => /\/zappy-lead-form\.([a-z]+)\.js(?:$|\?)/.exec(entry.name)?.[1]);
  return names.filter((name): name is string => name !== undefined).sort();
}

/** Resolves once the fixture page has downloaded `part` (the widget fetches it on its own). */
async function partArrived(iframe: HTMLIFrameElement, part: string): Promise<void> {
  for (let tries = 0; !partsLoaded(iframe).includes(part); tries++) {
    if (tries === 100) throw new Error(`${part} never arrived`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function text(el: ShippedForm, selector: string): string {
  return el.shadowRoot?.querySelector(selector)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
}

/** The outcome of pressing the button: the lead sent (201), or the controls in error. */
async function submit(el: ShippedForm): Promise<{ sent?: Record<string, unknown>; invalid?: string[] }> {
  const outcome = Promise.race([
    oneEvent(el, 'zappy-lead-sent').then((event) => ({ sent: (event as CustomEvent).detail.lead })),
    oneEvent(el, 'zappy-lead-invalid').then((event) => ({ invalid: (event as CustomEvent).detail.fields })),
  ]);
  el.shadowRoot?.querySelector<HTMLButtonElement>('button[type="submit"]')?.click();
  const result = await outcome;
  await el.updateComplete;
  return result;
}

/** The fixture's widget, pointed at a fresh account of the stand-in and showing `fields`. */
async function widget(iframe: HTMLIFrameElement, fields: string): Promise<{ el: ShippedForm; accountHash: string }> {
  const el = shippedForm(iframe);
  const accountHash = `parts-${crypto.randomUUID()}`;
  el.setAttribute('account-hash', accountHash);
  el.setAttribute('fields', fields);
  await el.updateComplete;
  return { el, accountHash };
}

describe('dist/zappy-lead-form.js loads its parts on demand', () => {
  let iframe: HTMLIFrameElement | undefined;

  afterEach(() => {
    iframe?.remove();
    iframe = undefined;
  });

  it('downloads no part for a Portuguese page whose visitor gives a Portuguese number', async () => {
    iframe = await openFixture('?lang=pt');
    const { el, accountHash } = await widget(iframe, 'name email mobile');
    expect(text(el, 'label[for="client_name"]')).to.equal('Nome');
    fill(el, 'client_name', 'Ana Silva');
    fill(el, 'client_mobile', '912 345 678');
    expect(await submit(el)).to.deep.equal({ sent: { client_name: 'Ana Silva', client_mobile: '+351912345678' } });
    expect((await requestsOf(accountHash)).map((r) => r.status)).to.deep.equal([201]);
    expect(partsLoaded(iframe)).to.deep.equal([]);
    await settle(iframe);
    expect(watchOf(iframe)).to.deep.equal({ violations: [], errors: [], warnings: [] });
  });

  it('speaks English on an English page, with the texts of zappy-lead-form.en.js', async () => {
    iframe = await openFixture('?lang=en');
    const el = shippedForm(iframe);
    await el.updateComplete;
    expect(text(el, 'label[for="client_name"]')).to.equal('Name');
    expect(text(el, 'form')).to.not.include('Nome');
    expect(partsLoaded(iframe)).to.deep.equal(['en']);
    await settle(iframe);
    expect(watchOf(iframe)).to.deep.equal({ violations: [], errors: [], warnings: [] });
  });

  it('checks a foreign number with the rules of zappy-lead-form.phone.js, fetched once one is typed', async () => {
    iframe = await openFixture('?lang=pt');
    const { el, accountHash } = await widget(iframe, 'name mobile');
    fill(el, 'client_name', 'Ann Smith');
    // A London landline: only the exact British rules tell it from a mobile.
    fill(el, 'client_mobile', '(+44) 20 7946 0958');
    expect(await submit(el)).to.deep.equal({ invalid: ['client_mobile'] });
    expect(partsLoaded(iframe)).to.deep.equal(['phone']);
    expect(text(el, '#mobile-error')).to.include('não de telefone fixo');

    fill(el, 'client_mobile', '+44 7400 123456');
    expect(await submit(el)).to.deep.equal({ sent: { client_name: 'Ann Smith', client_mobile: '+447400123456' } });
    expect((await requestsOf(accountHash)).map((r) => r.status)).to.deep.equal([201]);
    await settle(iframe);
    expect(watchOf(iframe)).to.deep.equal({ violations: [], errors: [], warnings: [] });
  });

  it('waits for the phone rules when the visitor submits as soon as the number is typed', async () => {
    iframe = await openFixture('?lang=pt');
    const { el } = await widget(iframe, 'name mobile');
    fill(el, 'client_name', 'Ann Smith');
    // Typed and submitted in one go: the rules are still on their way when the button is pressed.
    fill(el, 'client_mobile', '07400 123456');
    el.setAttribute('default-country', 'GB');
    expect(await submit(el)).to.deep.equal({ sent: { client_name: 'Ann Smith', client_mobile: '+447400123456' } });
    expect(partsLoaded(iframe)).to.deep.equal(['phone']);
  });

  it('checks the NIF and the birthday with zappy-lead-form.fields.js once the form shows them', async () => {
    iframe = await openFixture('?lang=pt');
    const { el } = await widget(iframe, 'name vat birthday');
    // Fetched as soon as the form shows those fields, before any submit.
    await partArrived(iframe, 'fields');
    expect(partsLoaded(iframe)).to.deep.equal(['fields']);
    fill(el, 'client_name', 'Ana Silva');
    fill(el, 'client_vat', '123 456 780');
    fill(el, 'client_birth_day', '31');
    fill(el, 'client_birth_month', '2');
    expect(await submit(el)).to.deep.equal({ invalid: ['client_vat', 'client_birth_day'] });
    expect(text(el, '#vat-error')).to.include('não formam um NIF português');

    fill(el, 'client_vat', 'PT 501 964 843');
    fill(el, 'client_birth_day', '29');
    expect(await submit(el)).to.deep.equal({
      sent: { client_name: 'Ana Silva', client_vat: '501964843', client_birth_day: 29, client_birth_month: 2 },
    });
    await settle(iframe);
    expect(watchOf(iframe)).to.deep.equal({ violations: [], errors: [], warnings: [] });
  });

  it('says it is busy while a submit waits for slow phone rules, and sends after 4 s without them', async function () {
    this.timeout(15_000);
    // The parts of this copy of the script come after 6 s (test/rig/csp-plugin.js).
    iframe = await openFixture('?lang=pt&slow');
    const el = shippedForm(iframe);
    const accountHash = `parts-${crypto.randomUUID()}`;
    el.setAttribute('account-hash', accountHash);
    el.setAttribute('fields', 'name mobile');
    await new Promise((resolve) => iframe!.contentWindow!.requestAnimationFrame(resolve));
    fill(el, 'client_name', 'Ann Smith');
    // A British mobile: without the rules and without giving up on them, it would be
    // `invalid-country` and nothing would be sent.
    fill(el, 'client_mobile', '+44 7400 123456');
    const sent = oneEvent(el, 'zappy-lead-sent');
    el.shadowRoot?.querySelector<HTMLButtonElement>('button[type="submit"]')?.click();
    await new Promise((resolve) => iframe!.contentWindow!.requestAnimationFrame(resolve));
    expect(el.shadowRoot?.querySelector('button[type="submit"]')?.getAttribute('aria-busy')).to.equal('true');
    // Sent, taken on trust: it did wait, and it gave up before the rules came (at 6 s).
    const { detail } = (await sent) as CustomEvent<{ lead: Record<string, unknown> }>;
    expect(partsLoaded(iframe), 'sent before the rules arrived').to.deep.equal([]);
    expect(detail.lead).to.deep.equal({ client_name: 'Ann Smith', client_mobile: '+447400123456' });
    expect((await requestsOf(accountHash)).map((r) => r.status)).to.deep.equal([201]);
  });

  it('gives up on slow phone rules after 4 s when the page submits with requestSubmit() too', async function () {
    this.timeout(15_000);
    iframe = await openFixture('?lang=pt&slow');
    const { el } = await widget(iframe, 'name mobile');
    fill(el, 'client_name', 'Ann Smith');
    fill(el, 'client_mobile', '+44 7400 123456');
    const sent = oneEvent(el, 'zappy-lead-sent');
    // `updateComplete`, which requestSubmit() awaits first, does not wait for the part.
    await (el as ShippedForm & { requestSubmit(): Promise<void> }).requestSubmit();
    const { detail } = (await sent) as CustomEvent<{ lead: Record<string, unknown> }>;
    expect(partsLoaded(iframe), 'sent before the rules arrived').to.deep.equal([]);
    expect(detail.lead).to.deep.equal({ client_name: 'Ann Smith', client_mobile: '+447400123456' });
  });

  it('shows itself in Portuguese when its language has not arrived after 4 s, rather than not at all', async function () {
    this.timeout(15_000);
    iframe = await openFixture('?lang=pt&slow');
    // A second form, in English, added once the page has loaded: its texts come after 6 s.
    const el = iframe.contentDocument!.createElement('zappy-lead-form') as ShippedForm;
    el.lang = 'en';
    iframe.contentDocument!.body.append(el);
    await new Promise((resolve) => iframe!.contentWindow!.requestAnimationFrame(resolve));
    expect(el.shadowRoot?.querySelector('form'), 'no form while the English texts are on their way').to.equal(null);
    await el.updateComplete;
    expect(text(el, 'label[for="client_name"]')).to.equal('Nome');
    expect(watchOf(iframe).warnings.filter((w) => w.includes('"en" texts'))).to.have.length(1);
  });

  it('fetches the campaign part for a form that uses a campaign feature, and not before', async () => {
    iframe = await openFixture('?lang=pt');
    const { el } = await widget(iframe, 'name email');
    expect(partsLoaded(iframe)).to.deep.equal([]);
    el.setAttribute('mode', 'dialog');
    await partArrived(iframe, 'campaign');
    await el.updateComplete;
    expect(text(el, '[part="open-button"]')).to.equal('Pedir contacto');
    expect(partsLoaded(iframe)).to.deep.equal(['campaign']);
  });

  it('needs no part in its standalone build (dist/zappy-lead-form-standalone.js), which has them inlined', async () => {
    iframe = await openFixture('?lang=en&standalone');
    const { el } = await widget(iframe, 'name mobile vat');
    expect(text(el, 'label[for="client_name"]')).to.equal('Name');
    fill(el, 'client_name', 'Ann Smith');
    fill(el, 'client_mobile', '+44 20 7946 0958');
    fill(el, 'client_vat', '123 456 780');
    expect(await submit(el)).to.deep.equal({ invalid: ['client_mobile', 'client_vat'] });
    fill(el, 'client_mobile', '+44 7400 123456');
    fill(el, 'client_vat', '501 964 843');
    expect(await submit(el)).to.deep.equal({ sent: { client_name: 'Ann Smith', client_mobile: '+447400123456', client_vat: '501964843' } });
    expect(partsLoaded(iframe)).to.deep.equal([]);
    await settle(iframe);
    expect(watchOf(iframe)).to.deep.equal({ violations: [], errors: [], warnings: [] });
  });

  describe('when the parts are missing (only the script was copied to the site)', () => {
    it('speaks Portuguese, takes foreign numbers on trust and sends the other fields as typed', async () => {
      iframe = await openFixture('?lang=en&alone');
      const { el, accountHash } = await widget(iframe, 'name mobile vat');
      expect(text(el, 'label[for="client_name"]')).to.equal('Nome');
      fill(el, 'client_name', 'Ann Smith');
      // Without the phone rules a British mobile is `invalid-country` unless taken on
      // trust; without the NIF checker the NIF is not normalised. (The stand-in,
      // checking as Zappy documents, takes both.)
      fill(el, 'client_mobile', '+44 7400 123456');
      fill(el, 'client_vat', 'PT 501 964 843');
      expect(await submit(el)).to.deep.equal({
        sent: { client_name: 'Ann Smith', client_mobile: '+447400123456', client_vat: 'PT 501 964 843' },
      });
      expect((await requestsOf(accountHash)).map((r) => r.status)).to.deep.equal([201]);
      await settle(iframe);
      const watch = watchOf(iframe);
      expect(watch.violations).to.deep.equal([]);
      expect(watch.errors).to.deep.equal([]);
      // The site's developer is told what is missing, once per part, with the file that failed.
      expect(watch.warnings).to.have.length(3);
      expect(watch.warnings.find((w) => w.includes('"en" texts'))).to.include('zappy-lead-form.en.js');
      expect(watch.warnings.find((w) => w.includes('phone rules'))).to.include('zappy-lead-form.phone.js');
      expect(watch.warnings.find((w) => w.includes('NIF'))).to.include('zappy-lead-form.fields.js');
    });

    it('shows a dialog-mode form inline, and sends its leads without the campaign values', async function () {
      this.timeout(15_000);
      iframe = await openFixture('?lang=pt&alone');
      const el = shippedForm(iframe);
      const accountHash = `parts-${crypto.randomUUID()}`;
      el.setAttribute('account-hash', accountHash);
      el.setAttribute('mode', 'dialog');
      el.setAttribute('custom-1-value', '{date}');
      // The button waits for the part, at most 4 s; then the form shows where it is.
      await el.updateComplete;
      expect(el.shadowRoot?.querySelector('[part="open-button"]')).to.equal(null);
      expect(el.shadowRoot?.querySelector('form')).to.not.equal(null);
      fill(el, 'client_name', 'Ana Silva');
      fill(el, 'client_email', 'ana@exemplo.pt');
      expect(await submit(el)).to.deep.equal({ sent: { client_name: 'Ana Silva', client_email: 'ana@exemplo.pt' } });
      expect((await requestsOf(accountHash)).map((r) => r.status)).to.deep.equal([201]);
      expect(watchOf(iframe).warnings.find((w) => w.includes('campaign features'))).to.include('zappy-lead-form.campaign.js');
    });

    it('still checks Portuguese numbers exactly', async () => {
      iframe = await openFixture('?lang=pt&alone');
      const { el } = await widget(iframe, 'name mobile');
      fill(el, 'client_name', 'Ana Silva');
      fill(el, 'client_mobile', '212 345 678');
      expect(await submit(el)).to.deep.equal({ invalid: ['client_mobile'] });
    });
  });
});
