import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import { en } from '../src/i18n/en.js';
import { es } from '../src/i18n/es.js';
import type { Messages } from '../src/i18n/messages.js';
import { pt } from '../src/i18n/pt.js';
import type { ZappyLeadForm } from '../src/zappy-lead-form.js';
import {
  control,
  fill,
  inlineTexts,
  renderForm,
  rootOf,
  squash,
  submit,
  submitButton,
  summaryTexts,
} from './support/lead-form.js';

const labelOf = (el: ZappyLeadForm, name: string) => squash(control(el, name).labels?.[0]?.textContent);
const formLang = (el: ZappyLeadForm) => rootOf(el).querySelector('form')!.getAttribute('lang');
const summaryHeading = (el: ZappyLeadForm) => squash(rootOf(el).querySelector('[part="error-summary"] h2')?.textContent);
const monthTexts = (el: ZappyLeadForm) =>
  [...control<HTMLSelectElement>(el, 'client_birth_month').options].slice(1).map((o) => o.textContent!.trim());

/** A snapshot of the texts that identify a language. */
async function texts(el: ZappyLeadForm) {
  await submit(el);
  return {
    lang: formLang(el),
    name: labelOf(el, 'client_name'),
    button: squash(submitButton(el).textContent),
    heading: summaryHeading(el),
    first: summaryTexts(el)[0],
    inline: inlineTexts(el)[0],
  };
}

const PT = { lang: 'pt', name: 'Nome', button: 'Enviar', heading: 'Há um problema', first: 'Introduza o seu nome', inline: 'Erro: Introduza o seu nome' };
const EN = { lang: 'en', name: 'Name', button: 'Send', heading: 'There is a problem', first: 'Enter your name', inline: 'Error: Enter your name' };
const ES = { lang: 'es', name: 'Nombre', button: 'Enviar', heading: 'Hay un problema', first: 'Introduzca su nombre', inline: 'Error: Introduzca su nombre' };

describe('<zappy-lead-form> languages', () => {
  let warn: sinon.SinonStub;
  let pageLang: string;

  beforeEach(() => {
    warn = sinon.stub(console, 'warn');
    pageLang = document.documentElement.lang;
    document.documentElement.removeAttribute('lang');
  });
  afterEach(() => {
    sinon.restore();
    if (pageLang) document.documentElement.lang = pageLang;
    else document.documentElement.removeAttribute('lang');
  });

  // First in this file, so that Spanish has not been loaded yet (each test file
  // runs in a page of its own): English and Spanish load on demand.
  it('shows nothing, not a flash of Portuguese, until its language has loaded', async () => {
    const el = document.createElement('zappy-lead-form') as ZappyLeadForm;
    el.lang = 'es';
    el.setAttribute('account-hash', 'i18n-test');
    document.body.append(el);
    const shown: string[] = [];
    const observer = new MutationObserver(() => shown.push(squash(el.shadowRoot?.textContent)));
    observer.observe(el.shadowRoot!, { childList: true, subtree: true, characterData: true });
    try {
      expect(squash(el.shadowRoot?.textContent), 'before the Spanish texts arrive').to.equal('');
      await el.updateComplete;
      expect(labelOf(el, 'client_name')).to.equal('Nombre');
      expect(shown.length, 'the form was rendered').to.be.greaterThan(0);
      for (const text of shown) expect(text).to.not.match(/Nome|Telemóvel/);
    } finally {
      observer.disconnect();
      el.remove();
    }
  });

  it('speaks European Portuguese by default', async () => {
    const el = await renderForm({ fields: 'name birthday' });
    expect(await texts(el)).to.deep.equal(PT);
    expect(monthTexts(el)[2]).to.equal('março');
    expect(warn.called).to.equal(false);
  });

  it('speaks English with lang="en"', async () => {
    const el = await renderForm({ lang: 'en', fields: 'name birthday' });
    expect(await texts(el)).to.deep.equal(EN);
    expect(monthTexts(el)[2]).to.equal('March');
  });

  it('speaks Spanish with lang="es"', async () => {
    const el = await renderForm({ lang: 'es', fields: 'name birthday' });
    expect(await texts(el)).to.deep.equal(ES);
    expect(monthTexts(el)[2]).to.equal('marzo');
  });

  it('reads regional tags by their language, any case', async () => {
    for (const [tag, expected] of [['en-GB', 'Name'], ['pt-BR', 'Nome'], ['ES-es', 'Nombre']] as const) {
      const el = await renderForm({ lang: tag });
      expect(labelOf(el, 'client_name'), tag).to.equal(expected);
    }
    expect(warn.called).to.equal(false);
  });

  it('falls back to the closest lang of the page when the attribute is absent', async () => {
    const outer = document.createElement('div');
    outer.lang = 'es';
    const inner = document.createElement('section');
    outer.append(inner);
    const el = await renderForm({}, inner);
    expect(inner.contains(el)).to.equal(true);
    expect(await texts(el)).to.deep.include({ lang: 'es', name: 'Nombre', heading: 'Hay un problema' });
  });

  it('falls back to <html lang>, and follows the page when it switches language', async () => {
    document.documentElement.lang = 'en';
    const el = await renderForm();
    expect(labelOf(el, 'client_name')).to.equal('Name');
    document.documentElement.lang = 'es';
    // The page's switch arrives through a MutationObserver, a microtask later.
    await new Promise((resolve) => setTimeout(resolve, 0));
    await el.updateComplete;
    expect(labelOf(el, 'client_name')).to.equal('Nombre');
  });

  it('follows a lang change on the ancestor it takes its language from', async () => {
    const section = document.createElement('section');
    section.lang = 'en';
    const el = await renderForm({}, section);
    expect(labelOf(el, 'client_name')).to.equal('Name');
    section.lang = 'es';
    await new Promise((resolve) => setTimeout(resolve, 0));
    await el.updateComplete;
    expect(labelOf(el, 'client_name')).to.equal('Nombre');
  });

  it('prefers its own lang over the page', async () => {
    document.documentElement.lang = 'es';
    const parent = document.createElement('div');
    parent.lang = 'es';
    const el = await renderForm({ lang: 'en' }, parent);
    expect(labelOf(el, 'client_name')).to.equal('Name');
  });

  it('uses Portuguese, with one warning, for a language it does not speak', async () => {
    const el = await renderForm({ lang: 'fr' });
    expect(await texts(el)).to.deep.include({ lang: 'pt', name: 'Nome', heading: 'Há um problema' });
    expect(warn.callCount).to.equal(1);
    expect(String(warn.firstCall.args[0])).to.contain('lang="fr"');
    await fill(el, { client_name: 'Ana' });
    expect(warn.callCount).to.equal(1);
  });

  it('uses Portuguese without a warning when only the page is in another language', async () => {
    const parent = document.createElement('div');
    parent.lang = 'fr';
    const el = await renderForm({}, parent);
    expect(labelOf(el, 'client_name')).to.equal('Nome');
    expect(warn.called).to.equal(false);
  });

  it('re-renders when lang changes, translating shown errors and keeping what was typed', async () => {
    const el = await renderForm({ fields: 'name email mobile birthday' });
    await fill(el, { client_email: 'ana@exemplo', client_birth_day: '7', client_birth_month: '3' });
    await submit(el);
    expect(summaryTexts(el)).to.deep.equal(['Introduza o seu nome', 'Introduza um email no formato correto, como nome@exemplo.pt']);

    el.lang = 'en';
    await el.updateComplete;
    expect(el.getAttribute('lang')).to.equal('en');
    expect(summaryHeading(el)).to.equal('There is a problem');
    expect(summaryTexts(el)).to.deep.equal(['Enter your name', 'Enter an email address in the correct format, like name@example.com']);
    expect(inlineTexts(el)[0]).to.equal('Error: Enter your name');
    expect(labelOf(el, 'client_mobile')).to.equal('Mobile number');
    expect(labelOf(el, 'client_birth_year')).to.equal('Year (optional)');
    expect(control(el, 'client_email').value).to.equal('ana@exemplo');
    expect(control(el, 'client_birth_month').value).to.equal('3');

    el.setAttribute('lang', 'es');
    await el.updateComplete;
    expect(summaryTexts(el)[0]).to.equal('Introduzca su nombre');
    expect(formLang(el)).to.equal('es');

    // Without the attribute it goes back to the page's language (none: Portuguese).
    el.removeAttribute('lang');
    await el.updateComplete;
    expect(summaryTexts(el)[0]).to.equal('Introduza o seu nome');
    expect(warn.called).to.equal(false);
  });

  describe('the messages property', () => {
    it('overrides any text, in every language', async () => {
      const el = await renderForm({ fields: 'name' });
      el.messages = { submit: 'Quero ser contactado', labelName: 'Nome completo', errorNameEmpty: 'Diga-nos o seu nome' };
      await el.updateComplete;
      expect(squash(submitButton(el).textContent)).to.equal('Quero ser contactado');
      expect(labelOf(el, 'client_name')).to.equal('Nome completo');
      await submit(el);
      expect(summaryTexts(el)).to.deep.equal(['Diga-nos o seu nome']);
      el.lang = 'en';
      await el.updateComplete;
      expect(summaryHeading(el)).to.equal('There is a problem');
      expect(summaryTexts(el)).to.deep.equal(['Diga-nos o seu nome']);
    });

    it('overrides the month names with a list of twelve', async () => {
      const el = await renderForm({ fields: 'name birthday' });
      const names = ['jan', 'fev', 'mar', 'abr', 'mai', 'jun', 'jul', 'ago', 'set', 'out', 'nov', 'dez'];
      el.messages = { monthNames: names };
      await el.updateComplete;
      expect(monthTexts(el)).to.deep.equal(names);
    });

    it('ignores overrides of the wrong type or unknown keys, so nothing goes blank', async () => {
      const el = await renderForm({ fields: 'name birthday' });
      el.messages = { labelName: 42, monthNames: ['só um'], submitt: 'typo', errorSummaryTitle: 'Atenção' } as unknown as Partial<Messages>;
      await el.updateComplete;
      expect(labelOf(el, 'client_name')).to.equal('Nome');
      expect(monthTexts(el)).to.have.length(12);
      expect(squash(submitButton(el).textContent)).to.equal('Enviar');
      await submit(el);
      expect(summaryHeading(el)).to.equal('Atenção');
    });

    it('renders override text as text, never as HTML', async () => {
      const el = await renderForm({ fields: 'name' });
      el.messages = { labelName: '<i>Nome</i>', errorNameEmpty: '<img src=x>Falta o nome' };
      await el.updateComplete;
      await submit(el);
      expect(labelOf(el, 'client_name')).to.equal('<i>Nome</i>');
      expect(summaryTexts(el)).to.deep.equal(['<img src=x>Falta o nome']);
      expect(rootOf(el).querySelectorAll('i, img').length).to.equal(0);
    });
  });

  describe('catalogues', () => {
    const catalogues = { pt, en, es } as const;
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

    it('have the same keys, every text filled in and twelve months', () => {
      for (const [language, messages] of Object.entries(catalogues)) {
        expect(Object.keys(messages).sort(), language).to.deep.equal(Object.keys(pt).sort());
        for (const [key, value] of Object.entries(messages)) {
          if (key === 'monthNames') expect((value as string[]).filter((m) => m.trim() !== ''), language).to.have.length(12);
          else expect((value as string).trim(), `${language}.${key}`).not.to.equal('');
        }
      }
    });

    it('use the same placeholders in every language', () => {
      for (const [key, value] of Object.entries(pt)) {
        if (typeof value !== 'string') continue;
        for (const [language, messages] of Object.entries(catalogues)) {
          expect(placeholders((messages as unknown as Record<string, string>)[key]!), `${language}.${key}`).to.deep.equal(placeholders(value));
        }
      }
    });

    it('word errors plainly: no "invalid", "please" or "oops"', () => {
      for (const [language, messages] of Object.entries(catalogues)) {
        for (const [key, value] of Object.entries(messages)) {
          if (!key.startsWith('error') || typeof value !== 'string') continue;
          expect(value, `${language}.${key}`).not.to.match(/inv[aá]lid|por favor|please|oops/i);
        }
      }
    });
  });
});
