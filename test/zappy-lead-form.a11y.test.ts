import { expect, fixture, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import sinon from 'sinon';
import type { ZappyLeadForm } from '../src/zappy-lead-form.js';
import {
  EVERY_CONTROL,
  EVERY_FIELD,
  bodyOf,
  control,
  fill,
  renderForm,
  rootOf,
  squash,
  stubFetch,
  submit,
  typeText,
} from './support/lead-form.js';

/** Every field, both choices and the consent checkbox: the biggest form there is. */
const FULL = {
  fields: EVERY_FIELD,
  sources: 'Instagram, Google',
  segments: 'PARCERIAS, Particulares',
  'consent-text': 'Aceito ser contactado.',
  'privacy-url': 'https://exemplo.pt/privacidade',
};

/** What the element has focus on: a control's name, or the tag of anything else. */
function focusedName(el: ZappyLeadForm): string {
  const active = rootOf(el).activeElement;
  if (!active) return document.activeElement === el ? '(host)' : `(outside: ${document.activeElement?.tagName})`;
  return active.getAttribute('name') ?? active.tagName.toLowerCase();
}

describe('<zappy-lead-form> accessibility', () => {
  afterEach(() => {
    sinon.restore();
  });

  describe('axe', function () {
    // axe walks the whole shadow tree; WebKit under WebDriver takes seconds per run on a busy machine.
    this.timeout(30_000);

    it('passes when empty', async () => {
      const el = await renderForm();
      await expect(el).to.be.accessible();
    });

    it('passes with every field, both choices and the consent checkbox', async () => {
      const el = await renderForm(FULL);
      await expect(el).to.be.accessible();
    });

    it('passes in the error state, with every field in error', async () => {
      const el = await renderForm({ ...FULL, required: `${EVERY_FIELD} source segment birthday-year` });
      await submit(el);
      expect(rootOf(el).querySelectorAll('[aria-invalid="true"]').length).to.equal(EVERY_CONTROL.length + 3);
      await expect(el).to.be.accessible();
    });

    it('passes with format errors and the either-contact error', async () => {
      const el = await renderForm({ fields: 'name email mobile birthday vat', lang: 'en' });
      await fill(el, { client_name: 'Ann', client_birth_day: '31', client_birth_month: '4', client_vat: '1' });
      await submit(el);
      await expect(el).to.be.accessible();
    });

    it('passes in the success state', async () => {
      stubFetch(200);
      const el = await renderForm();
      await fill(el, { client_name: 'Ana', client_email: 'ana@exemplo.pt' });
      const sent = oneEvent(el, 'zappy-lead-sent');
      await submit(el);
      await sent;
      await el.updateComplete;
      expect(rootOf(el).querySelector('form') === null, 'form replaced').to.equal(true);
      await expect(el).to.be.accessible();
    });

    it('passes after a refusal and while the lead is not delivered yet', async () => {
      const fetchStub = stubFetch(400);
      const el = await renderForm();
      await fill(el, { client_name: 'Ana', client_email: 'ana@exemplo.pt' });
      const refused = oneEvent(el, 'zappy-lead-refused');
      await submit(el);
      await refused;
      await el.updateComplete;
      await expect(el).to.be.accessible();
      fetchStub.callsFake(() => Promise.resolve(new Response('{}', { status: 503 })));
      const queued = oneEvent(el, 'zappy-lead-queued');
      await submit(el);
      await queued;
      await el.updateComplete;
      await expect(el).to.be.accessible();
    });
  });

  describe('controls', () => {
    it('gives every control a visible label', async () => {
      const el = await renderForm(FULL);
      const controls = [...rootOf(el).querySelectorAll<HTMLInputElement | HTMLSelectElement>('form input, form select')].filter(
        (c) => !c.closest('[aria-hidden="true"]'),
      );
      expect(controls.map((c) => c.name)).to.deep.equal([...EVERY_CONTROL, 'client_source', 'client_segment', 'zappy_consent']);
      for (const c of controls) {
        const label = c.labels?.[0];
        expect(squash(label?.textContent), c.name).not.to.equal('');
        const box = label!.getBoundingClientRect();
        expect(box.width > 1 && box.height > 1, `${c.name} label visible`).to.equal(true);
      }
      const legend = control(el, 'client_birth_day').closest('fieldset')!.querySelector('legend')!;
      expect(squash(legend.textContent)).to.equal('Data de nascimento (opcional)');
    });

    // [name, tag, type, autocomplete, inputmode, spellcheck]
    const table: [string, string, string | null, string, string | null, string | null][] = [
      ['client_name', 'input', 'text', 'name', null, 'false'],
      ['client_email', 'input', 'email', 'email', 'email', 'false'],
      ['client_mobile', 'input', 'tel', 'tel', 'tel', 'false'],
      ['client_birth_day', 'input', 'text', 'bday-day', 'numeric', 'false'],
      ['client_birth_month', 'select', null, 'bday-month', null, null],
      ['client_birth_year', 'input', 'text', 'bday-year', 'numeric', 'false'],
      ['client_street', 'input', 'text', 'address-line1', null, 'true'],
      ['client_zipcode', 'input', 'text', 'postal-code', 'numeric', 'false'],
      ['client_city', 'input', 'text', 'address-level2', null, 'true'],
      ['client_vat', 'input', 'text', 'off', 'numeric', 'false'],
      ['client_cc', 'input', 'text', 'off', null, 'false'],
    ];
    for (const [name, tag, type, autocomplete, inputmode, spellcheck] of table) {
      it(`gives ${name} the right type, autocomplete, inputmode and spellcheck`, async () => {
        const el = await renderForm({ fields: EVERY_FIELD });
        const c = control(el, name);
        expect(c.tagName.toLowerCase()).to.equal(tag);
        if (type) expect(c.getAttribute('type')).to.equal(type);
        expect(c.getAttribute('autocomplete')).to.equal(autocomplete);
        expect(c.getAttribute('inputmode')).to.equal(inputmode);
        if (spellcheck) expect(c.getAttribute('spellcheck')).to.equal(spellcheck);
      });
    }

    it('never uses type="number"', async () => {
      const el = await renderForm({ fields: EVERY_FIELD });
      expect(rootOf(el).querySelectorAll('input[type="number"]').length).to.equal(0);
    });

    it('asks for a numeric keypad for the postal code only in Portugal', async () => {
      const el = await renderForm({ fields: 'name address', 'default-country': 'GB' });
      expect(control(el, 'client_zipcode').hasAttribute('inputmode')).to.equal(false);
    });

    it('never moves focus on by itself while a date is typed', async () => {
      const el = await renderForm({ fields: 'name birthday' });
      control(el, 'client_birth_day').focus();
      await sendKeys({ type: '123' });
      expect(focusedName(el)).to.equal('client_birth_day');
      expect(control(el, 'client_birth_day').value).to.equal('123');
    });
  });

  it('can be completed with the keyboard alone, through every field', async function () {
    // Real key presses are slow in Firefox (a round trip per character).
    this.timeout(60_000);
    const fetchStub = stubFetch(200);
    const page = document.createElement('div');
    const before = document.createElement('button');
    before.type = 'button';
    before.textContent = 'Antes';
    page.append(before);
    const el = await renderForm(FULL, page);
    page.querySelector('button')!.focus();

    const typed: [string, string][] = [
      ['client_name', 'Ana'],
      ['client_email', 'a@b.pt'],
      ['client_mobile', '912345678'],
      ['client_birth_day', '7'],
      ['client_birth_month', ''],
      ['client_birth_year', '1985'],
      ['client_street', 'Rua 1'],
      ['client_zipcode', '1000001'],
      ['client_city', 'Faro'],
      ['client_vat', '123456789'],
      ['client_cc', '000000000zz4'],
      ['client_ref', 'R1'],
      ['custom_1', 'x'],
      ['custom_2', 'y'],
      ['client_source', ''],
      ['client_segment', ''],
      ['zappy_consent', ''],
    ];
    for (const [name, text] of typed) {
      await sendKeys({ press: 'Tab' });
      expect(focusedName(el)).to.equal(name);
      if (name === 'client_birth_month') {
        for (let i = 0; i < 3; i += 1) await sendKeys({ press: 'ArrowDown' });
      } else if (name === 'client_source' || name === 'client_segment') {
        await sendKeys({ press: 'ArrowDown' });
      } else if (name === 'zappy_consent') {
        await sendKeys({ press: ' ' });
      } else {
        await typeText(text);
      }
    }
    await sendKeys({ press: 'Tab' });
    expect(focusedName(el)).to.equal('a'); // the privacy policy link
    await sendKeys({ press: 'Tab' });
    expect(focusedName(el)).to.equal('button');
    const sent = oneEvent(el, 'zappy-lead-sent');
    await sendKeys({ press: 'Enter' });
    await sent;
    expect(bodyOf(fetchStub)).to.deep.equal({
      client_name: 'Ana',
      client_email: 'a@b.pt',
      client_mobile: '+351912345678',
      client_source: 'Instagram',
      client_segment: 'PARCERIAS',
      client_ref: 'R1',
      client_vat: '123456789',
      client_cc: '00000000 0 ZZ4',
      client_birth_day: 7,
      client_birth_month: 3,
      client_birth_year: 1985,
      client_street: 'Rua 1',
      client_zipcode: '1000-001',
      client_city: 'Faro',
      custom_1: 'x',
      custom_2: 'y',
    });
  });

  it('lets a keyboard user follow the error summary to the field', async () => {
    const el = await renderForm({ fields: 'name email', required: 'email' });
    await fill(el, { client_name: 'Ana' });
    await submit(el);
    expect(focusedName(el)).to.equal('div'); // the summary
    await sendKeys({ press: 'Tab' });
    expect(focusedName(el)).to.equal('a');
    await sendKeys({ press: 'Enter' });
    expect(focusedName(el)).to.equal('client_email');
  });

  // Right to left too: an element moved off-screen to the left widens such a page by as much.
  for (const dir of ['ltr', 'rtl']) {
    it(`fits a 320 px wide screen without scrolling sideways, errors included (${dir})`, async () => {
      const iframe = document.createElement('iframe');
      iframe.title = '320 px';
      iframe.width = '320';
      iframe.height = '480';
      const attributes = Object.entries({ ...FULL, 'account-hash': 'x', 'min-fill-time': '0', 'custom-1-label': 'Qual é o serviço que pretende marcar connosco?' })
        .map(([name, value]) => `${name}="${value}"`)
        .join(' ');
      iframe.srcdoc = `<!doctype html><html lang="pt" dir="${dir}"><head><meta name="viewport" content="width=device-width"></head>
        <body><zappy-lead-form ${attributes}></zappy-lead-form><script type="module" src="/src/define.ts"></script></body></html>`;
      const loaded = new Promise((resolve) => iframe.addEventListener('load', resolve, { once: true }));
      await fixture(iframe);
      await loaded;
      const win = iframe.contentWindow!;
      await win.customElements.whenDefined('zappy-lead-form');
      const inner = iframe.contentDocument!.querySelector('zappy-lead-form') as ZappyLeadForm;
      await inner.updateComplete;
      await submit(inner);
      expect(rootOf(inner).querySelectorAll('[part="error"]').length).to.be.greaterThan(0);

      const doc = iframe.contentDocument!.documentElement;
      expect(doc.scrollWidth, 'page width').to.be.at.most(doc.clientWidth);
      const overflowing = [...rootOf(inner).querySelectorAll<HTMLElement>('*')]
        .filter((node) => !node.closest('[aria-hidden="true"]'))
        .filter((node) => {
          const box = node.getBoundingClientRect();
          return box.width > 0 && (box.left < -0.5 || box.right > doc.clientWidth + 0.5);
        })
        .map((node) => `${node.tagName.toLowerCase()}${node.getAttribute('name') ? `[name=${node.getAttribute('name')}]` : ''}`);
      expect(overflowing).to.deep.equal([]);
    });
  }
});
