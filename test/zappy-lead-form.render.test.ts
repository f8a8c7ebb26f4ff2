import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import type { ZappyLeadForm } from '../src/zappy-lead-form.js';
import {
  EVERY_CONTROL,
  EVERY_FIELD,
  control,
  controlNames,
  fill,
  maybeControl,
  renderForm,
  rootOf,
  squash,
  submitButton,
  typeInto,
} from './support/lead-form.js';

/** The visible text of a control's label(s). */
const labelOf = (input: HTMLInputElement | HTMLSelectElement) => squash([...(input.labels ?? [])].map((l) => l.textContent).join(' '));

/** The text of the hint (part `hint`) that describes a control. */
function hintOf(el: ZappyLeadForm, name: string): string {
  const ids = (control(el, name).getAttribute('aria-describedby') ?? '').split(' ');
  const hint = ids.map((id) => rootOf(el).getElementById(id)).find((node) => node?.getAttribute('part') === 'hint');
  return squash(hint?.textContent);
}

/** The texts of a select's options. */
const optionTexts = (select: HTMLSelectElement) => [...select.options].map((o) => o.textContent?.trim());

describe('<zappy-lead-form> rendering', () => {
  let warn: sinon.SinonStub;

  beforeEach(() => {
    warn = sinon.stub(console, 'warn');
  });
  afterEach(() => {
    sinon.restore();
  });

  describe('fields', () => {
    it('shows name, email and mobile by default, in a novalidate form with a submit button', async () => {
      const el = await renderForm();
      const form = rootOf(el).querySelector('form')!;
      expect(form.noValidate).to.equal(true);
      expect(form.getAttribute('part')).to.equal('form');
      expect(controlNames(el)).to.deep.equal(['client_name', 'client_email', 'client_mobile']);
      expect(submitButton(el).type).to.equal('submit');
      expect(squash(submitButton(el).textContent)).to.equal('Enviar');
      expect(warn.called).to.equal(false);
    });

    it('says that either email or mobile will do when both are shown and neither is required', async () => {
      const el = await renderForm();
      expect(squash(rootOf(el).textContent)).to.contain('Indique um email ou um número de telemóvel');
      // Both are described by it, so tabbing into either reads it.
      for (const name of ['client_email', 'client_mobile']) {
        const ids = control(el, name).getAttribute('aria-describedby')!.split(' ');
        expect(squash(rootOf(el).getElementById(ids[0]!)?.textContent), name).to.equal(
          'Indique um email ou um número de telemóvel, para o podermos contactar.',
        );
      }
      // Neither is marked optional: one of the two is needed.
      expect(labelOf(control(el, 'client_email'))).to.equal('Email');
      expect(labelOf(control(el, 'client_mobile'))).to.equal('Telemóvel');
    });

    it('marks the other contact optional when one of them is required', async () => {
      const el = await renderForm({ required: 'mobile' });
      expect(squash(rootOf(el).textContent)).not.to.contain('Indique um email ou');
      expect(control(el, 'client_email').hasAttribute('aria-describedby')).to.equal(false);
      expect(labelOf(control(el, 'client_email'))).to.equal('Email (opcional)');
      expect(labelOf(control(el, 'client_mobile'))).to.equal('Telemóvel');
    });

    it('shows every field, with birthday as day, month and year and address as street, postal code and town', async () => {
      const el = await renderForm({ fields: EVERY_FIELD });
      expect(controlNames(el)).to.deep.equal(EVERY_CONTROL);
      const fieldset = control(el, 'client_birth_day').closest('fieldset')!;
      expect(squash(fieldset.querySelector('legend')!.textContent)).to.equal('Data de nascimento (opcional)');
      expect([...fieldset.querySelectorAll('input, select')].map((c) => c.getAttribute('name'))).to.deep.equal([
        'client_birth_day',
        'client_birth_month',
        'client_birth_year',
      ]);
      const month = control<HTMLSelectElement>(el, 'client_birth_month');
      expect(optionTexts(month)).to.deep.equal([
        'Escolha o mês', 'janeiro', 'fevereiro', 'março', 'abril', 'maio', 'junho',
        'julho', 'agosto', 'setembro', 'outubro', 'novembro', 'dezembro',
      ]);
      expect([...month.options].map((o) => o.value)).to.deep.equal(['', ...Array.from({ length: 12 }, (_, i) => String(i + 1))]);
    });

    it('marks the date and its year as needed when required says so', async () => {
      const el = await renderForm({ fields: 'name birthday', required: 'birthday birthday-year' });
      const fieldset = control(el, 'client_birth_day').closest('fieldset')!;
      expect(squash(fieldset.querySelector('legend')!.textContent)).to.equal('Data de nascimento');
      expect(labelOf(control(el, 'client_birth_year'))).to.equal('Ano');
      expect(control(el, 'client_birth_year').required).to.equal(true);
    });

    it('shows the fields in the order given, comma- or space-separated, any case', async () => {
      const el = await renderForm({ fields: 'vat, Mobile  name,birthday' });
      expect(controlNames(el)).to.deep.equal([
        'client_vat', 'client_mobile', 'client_name', 'client_birth_day', 'client_birth_month', 'client_birth_year',
      ]);
    });

    it('always shows the name, first, when the list leaves it out (createLead requires it)', async () => {
      const el = await renderForm({ fields: 'email ref' });
      expect(controlNames(el)).to.deep.equal(['client_name', 'client_email', 'client_ref']);
      expect(warn.called).to.equal(false);
    });

    it('accepts the API key spellings and drops repeats', async () => {
      const el = await renderForm({ fields: 'client_name client_email phone nif email custom-1' });
      expect(controlNames(el)).to.deep.equal(['client_name', 'client_email', 'client_mobile', 'client_vat', 'custom_1']);
    });

    it('ignores an unknown field with one warning that names it, and keeps the rest', async () => {
      const el = await renderForm({ fields: 'name emial mobile' });
      expect(controlNames(el)).to.deep.equal(['client_name', 'client_mobile']);
      expect(warn.callCount).to.equal(1);
      expect(String(warn.firstCall.args[0])).to.contain('emial');
      // Later renders do not repeat it.
      el.setAttribute('submit-label', 'Quero ser contactado');
      await el.updateComplete;
      await fill(el, { client_name: 'Ana' });
      expect(warn.callCount).to.equal(1);
    });

    it('falls back to the default fields, with one warning, when no field name is known', async () => {
      const el = await renderForm({ fields: 'nome correio' });
      expect(controlNames(el)).to.deep.equal(['client_name', 'client_email', 'client_mobile']);
      expect(warn.callCount).to.equal(1);
      expect(String(warn.firstCall.args[0])).to.match(/nome, correio/);
    });

    it('warns once about an unknown name in required and ignores it', async () => {
      const el = await renderForm({ required: 'email telefone' });
      expect(warn.callCount).to.equal(1);
      expect(String(warn.firstCall.args[0])).to.contain('telefone');
      expect(labelOf(control(el, 'client_mobile'))).to.equal('Telemóvel (opcional)');
    });

    it('puts parts on the form, each field, label, input and the submit button', async () => {
      const el = await renderForm({ fields: 'name birthday' });
      const root = rootOf(el);
      expect(root.querySelectorAll('[part~="field"]').length).to.be.greaterThan(1);
      expect(root.querySelectorAll('[part~="label"]').length).to.be.greaterThan(3);
      for (const name of ['client_name', 'client_birth_day', 'client_birth_month', 'client_birth_year']) {
        expect(control(el, name).getAttribute('part'), name).to.equal('input');
      }
      expect(submitButton(el).getAttribute('part')).to.equal('submit');
      expect(root.querySelector('[role="status"]')!.getAttribute('part')).to.equal('status');
    });

    it('never uses an inline style attribute (strict CSP pages forbid them)', async () => {
      const el = await renderForm({ fields: EVERY_FIELD, sources: 'A, B', 'consent-text': 'Sim' });
      expect(rootOf(el).querySelectorAll('[style]').length).to.equal(0);
    });

    it('hides the spam trap from people and assistive technology', async () => {
      const el = await renderForm();
      const trap = control(el, 'zappy_website');
      expect(Boolean(trap.closest('[aria-hidden="true"]')), 'inside aria-hidden').to.equal(true);
      expect(trap.tabIndex).to.equal(-1);
      expect(trap.getAttribute('autocomplete')).to.equal('off');
      // Clipped to one pixel where it stands (moved off-screen, it would widen a right-to-left page).
      const wrapper = trap.closest<HTMLElement>('[aria-hidden="true"]')!;
      const box = wrapper.getBoundingClientRect();
      expect(box.width <= 1 && box.height <= 1, 'one pixel at most').to.equal(true);
      expect(getComputedStyle(wrapper).overflow).to.equal('hidden');
    });
  });

  describe('sources and segments', () => {
    it('shows a source choice with the options as written, after the fields', async () => {
      const el = await renderForm({ sources: 'Instagram, Website / Loja online,Amigos ' });
      expect(controlNames(el)).to.deep.equal(['client_name', 'client_email', 'client_mobile', 'client_source']);
      const select = control<HTMLSelectElement>(el, 'client_source');
      expect(labelOf(select)).to.equal('Como nos conheceu? (opcional)');
      expect(optionTexts(select)).to.deep.equal(['Escolha uma opção', 'Instagram', 'Website / Loja online', 'Amigos']);
      expect([...select.options].map((o) => o.value)).to.deep.equal(['', 'Instagram', 'Website / Loja online', 'Amigos']);
    });

    it('reads a JSON array, so an option may contain a comma', async () => {
      const el = await renderForm({ segments: '["PARCERIAS", "Amigos, família", "Clientes \\"VIP\\""]' });
      const select = control<HTMLSelectElement>(el, 'client_segment');
      expect(labelOf(select)).to.equal('Segmento (opcional)');
      expect([...select.options].map((o) => o.value)).to.deep.equal(['', 'PARCERIAS', 'Amigos, família', 'Clientes "VIP"']);
      expect(warn.called).to.equal(false);
    });

    it('reads one option per line', async () => {
      const el = await renderForm({ sources: 'Instagram\nFacebook\n\nGoogle' });
      expect(optionTexts(control<HTMLSelectElement>(el, 'client_source')).slice(1)).to.deep.equal(['Instagram', 'Facebook', 'Google']);
    });

    it('reads a malformed JSON list as a comma-separated one, with one warning', async () => {
      const el = await renderForm({ sources: '[Instagram, Google' });
      expect(optionTexts(control<HTMLSelectElement>(el, 'client_source')).slice(1)).to.deep.equal(['Instagram', 'Google']);
      expect(warn.callCount).to.equal(1);
      expect(String(warn.firstCall.args[0])).to.contain('sources');
    });

    it('leaves out an option longer than createLead takes, with one warning', async () => {
      const el = await renderForm({ segments: `A, ${'x'.repeat(101)}, B` });
      expect(optionTexts(control<HTMLSelectElement>(el, 'client_segment')).slice(1)).to.deep.equal(['A', 'B']);
      expect(warn.callCount).to.equal(1);
      expect(String(warn.firstCall.args[0])).to.contain('segments');
    });

    it('shows both choices, source first, and marks a required one without "(opcional)"', async () => {
      const el = await renderForm({ fields: 'name', sources: 'A, B', segments: 'X, Y', required: 'segment' });
      expect(controlNames(el)).to.deep.equal(['client_name', 'client_source', 'client_segment']);
      expect(labelOf(control(el, 'client_segment'))).to.equal('Segmento');
    });

    it('shows no choice for a preset source or segment', async () => {
      const el = await renderForm({ source: 'Website', segment: 'PARCERIAS', 'form-id': '28842', 'campaign-name': 'Verão' });
      expect(controlNames(el)).to.deep.equal(['client_name', 'client_email', 'client_mobile']);
      const text = squash(rootOf(el).textContent);
      for (const hidden of ['Website', 'PARCERIAS', '28842', 'Verão']) expect(text).not.to.contain(hidden);
    });
  });

  describe('labels, consent and attribute text', () => {
    it('labels the custom fields and sets their placeholders', async () => {
      const el = await renderForm({
        fields: 'name custom_1 custom_2',
        'custom-1-label': 'Serviço pretendido',
        'custom-1-placeholder': 'Por exemplo, corte e brushing',
        'custom-2-label': 'Melhor hora para ligar',
      });
      expect(labelOf(control(el, 'custom_1'))).to.equal('Serviço pretendido (opcional)');
      expect(control(el, 'custom_1').placeholder).to.equal('Por exemplo, corte e brushing');
      expect(labelOf(control(el, 'custom_2'))).to.equal('Melhor hora para ligar (opcional)');
      expect(control(el, 'custom_2').hasAttribute('placeholder')).to.equal(false);
    });

    it('uses the default custom labels when none is given', async () => {
      const el = await renderForm({ fields: 'name custom_1 custom_2', 'custom-1-label': '  ' });
      expect(labelOf(control(el, 'custom_1'))).to.equal('Campo personalizado 1 (opcional)');
      expect(labelOf(control(el, 'custom_2'))).to.equal('Campo personalizado 2 (opcional)');
    });

    it('uses submit-label on the button', async () => {
      const el = await renderForm({ 'submit-label': 'Quero ser contactado' });
      expect(squash(submitButton(el).textContent)).to.equal('Quero ser contactado');
    });

    it('shows no consent checkbox unless asked for', async () => {
      const el = await renderForm();
      expect(maybeControl(el, 'zappy_consent')?.name).to.equal(undefined);
    });

    it('shows a required consent checkbox with its text and a link to the privacy policy in a new tab', async () => {
      const el = await renderForm({
        'consent-text': 'Aceito ser contactado pela Clínica Sorriso.',
        'privacy-url': 'https://exemplo.pt/privacidade',
      });
      const box = control(el, 'zappy_consent');
      expect(box.type).to.equal('checkbox');
      expect(box.required).to.equal(true);
      expect(labelOf(box)).to.equal('Aceito ser contactado pela Clínica Sorriso. Política de privacidade');
      const link = box.labels![0]!.querySelector('a')!;
      expect(link.href).to.equal('https://exemplo.pt/privacidade');
      expect(link.target).to.equal('_blank');
      expect(link.rel.split(' ')).to.include.members(['noopener', 'noreferrer']);
      expect(controlNames(el).at(-1)).to.equal('zappy_consent');
    });

    it('shows the default consent text when only privacy-url is set', async () => {
      const el = await renderForm({ 'privacy-url': '/privacidade' });
      const box = control(el, 'zappy_consent');
      expect(labelOf(box)).to.equal('Aceito que os meus dados sejam usados para me contactarem. Política de privacidade');
      expect(box.labels![0]!.querySelector('a')!.href).to.equal(new URL('/privacidade', location.href).href);
    });

    it('does not link a javascript: privacy-url, and warns once', async () => {
      const el = await renderForm({ 'consent-text': 'Aceito', 'privacy-url': 'javascript:alert(1)' });
      const box = control(el, 'zappy_consent');
            expect(rootOf(el).querySelectorAll('a').length).to.equal(0);
      expect(labelOf(box)).to.equal('Aceito');
      expect(warn.callCount).to.equal(1);
      expect(String(warn.firstCall.args[0])).to.contain('privacy-url');
    });

    it('renders attribute text as text, never as HTML', async () => {
      const markup = '<img src="x" onerror="window.__pwned = true"><b>negrito</b>';
      const el = await renderForm({
        fields: 'name custom_1',
        'custom-1-label': markup,
        'custom-1-placeholder': markup,
        'submit-label': markup,
        'consent-text': markup,
        sources: `${markup}, Google`,
      });
      const root = rootOf(el);
      expect(root.querySelectorAll('img, b').length).to.equal(0);
      expect(labelOf(control(el, 'custom_1'))).to.contain(markup);
      expect(labelOf(control(el, 'zappy_consent'))).to.equal(markup);
      expect(squash(submitButton(el).textContent)).to.equal(markup);
      expect(optionTexts(control<HTMLSelectElement>(el, 'client_source'))).to.include(markup);
      expect((window as { __pwned?: boolean }).__pwned).to.equal(undefined);
    });
  });

  describe('default-country', () => {
    it('gives the example mobile number of the country', async () => {
      const el = await renderForm({ 'default-country': 'es' });
      expect(hintOf(el, 'client_mobile')).to.equal('Por exemplo, 612 345 678');
    });

    it('falls back to PT, with one warning, for a value that is not a country code', async () => {
      const el = await renderForm({ 'default-country': 'Portugal' });
      expect(hintOf(el, 'client_mobile')).to.equal('Por exemplo, 912 345 678');
      expect(warn.callCount).to.equal(1);
      expect(String(warn.firstCall.args[0])).to.contain('default-country');
    });
  });

  describe('changing attributes after render', () => {
    it('keeps what the visitor typed when fields, labels and language change', async () => {
      const el = await renderForm({ fields: 'name email custom_1', sources: 'A, B' });
      await typeInto(el, 'client_name', 'Ana Rita');
      await fill(el, { client_email: 'ana@exemplo.pt', custom_1: 'Manhãs', client_source: 'B' });

      el.setAttribute('fields', 'custom_1 email name birthday mobile');
      el.setAttribute('custom-1-label', 'Disponibilidade');
      el.setAttribute('sources', 'A, B, C');
      el.setAttribute('lang', 'en');
      await el.updateComplete;

      expect(controlNames(el)).to.deep.equal([
        'custom_1', 'client_email', 'client_name', 'client_birth_day', 'client_birth_month', 'client_birth_year',
        'client_mobile', 'client_source',
      ]);
      expect(control(el, 'client_name').value).to.equal('Ana Rita');
      expect(control(el, 'client_email').value).to.equal('ana@exemplo.pt');
      expect(control(el, 'custom_1').value).to.equal('Manhãs');
      expect(control(el, 'client_source').value).to.equal('B');
      expect(labelOf(control(el, 'custom_1'))).to.equal('Disponibilidade (optional)');
      expect(labelOf(control(el, 'client_name'))).to.equal('Name');
    });

    it('keeps the chosen month when the language changes', async () => {
      const el = await renderForm({ fields: 'name birthday' });
      await fill(el, { client_birth_month: '3' });
      el.lang = 'es';
      await el.updateComplete;
      const month = control<HTMLSelectElement>(el, 'client_birth_month');
      expect(month.value).to.equal('3');
      expect(month.selectedOptions[0]!.textContent!.trim()).to.equal('marzo');
    });
  });
});
