import { expect, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import sinon from 'sinon';
import type { ZappyLeadForm } from '../src/zappy-lead-form.js';
import {
  EVERY_FIELD,
  control,
  describedError,
  errorSummary,
  fill,
  hasSummary,
  inlineTexts,
  renderForm,
  rootOf,
  squash,
  stubFetch,
  submit,
  summaryTexts,
  typeInto,
} from './support/lead-form.js';

/** The control that has focus inside the element, by name (or its part for non-controls). */
function focused(el: ZappyLeadForm): string | null {
  const active = rootOf(el).activeElement;
  if (!active) return null;
  return active.getAttribute('name') ?? active.getAttribute('part');
}

/** The link of the error summary whose text contains `text`. */
function summaryLink(el: ZappyLeadForm, text: string): HTMLAnchorElement {
  const link = [...errorSummary(el)!.querySelectorAll('a')].find((a) => squash(a.textContent).includes(text));
  if (!link) throw new Error(`no summary link with "${text}"; links: ${summaryTexts(el).join(' | ')}`);
  return link;
}

const invalid = (el: ZappyLeadForm, name: string) => control(el, name).getAttribute('aria-invalid');

describe('<zappy-lead-form> validation', () => {
  let fetchStub: ReturnType<typeof stubFetch>;

  beforeEach(() => {
    fetchStub = stubFetch(200);
  });
  afterEach(() => {
    sinon.restore();
  });

  it('does not validate while the visitor types or leaves a field', async () => {
    const el = await renderForm({ fields: 'name email mobile vat' });
    await typeInto(el, 'client_email', 'ana@');
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: '12' });
    await sendKeys({ press: 'Tab' });
    await el.updateComplete;
    expect(control(el, 'client_mobile').value).to.equal('12');
    expect(hasSummary(el), 'error summary shown').to.equal(false);
    expect(inlineTexts(el)).to.deep.equal([]);
    for (const name of ['client_name', 'client_email', 'client_mobile', 'client_vat']) expect(invalid(el, name), name).to.equal('false');
  });

  it('on submit shows a summary with a heading and one link per error, and moves focus to it', async () => {
    const el = await renderForm();
    await submit(el);
    expect(hasSummary(el), 'error summary shown').to.equal(true);
    const summary = errorSummary(el)!;
    expect(squash(summary.querySelector('h2')!.textContent)).to.equal('Há um problema');
    expect(summary.getAttribute('aria-labelledby')).to.equal(summary.querySelector('h2')!.id);
    expect(summaryTexts(el)).to.deep.equal(['Introduza o seu nome', 'Introduza um email ou um número de telemóvel']);
    expect(focused(el)).to.equal('error-summary');
    expect(document.activeElement === el, 'focus in the element').to.equal(true);
    // The summary is the first thing in the form.
    expect(rootOf(el).querySelector('form')!.firstElementChild?.getAttribute('part')).to.equal('error-summary');
    expect(fetchStub.called).to.equal(false);
  });

  it('shows the summary for a single error too, and moves focus to it again on each failed submit', async () => {
    const el = await renderForm({ fields: 'name' });
    await submit(el);
    expect(summaryTexts(el)).to.deep.equal(['Introduza o seu nome']);
    control(el, 'client_name').focus();
    await submit(el);
    expect(focused(el)).to.equal('error-summary');
  });

  it('fires zappy-lead-invalid with the invalid controls, in form order', async () => {
    const el = await renderForm({ fields: 'name email mobile birthday vat', 'consent-text': 'Aceito' });
    await fill(el, { client_birth_day: '31', client_birth_month: '4', client_vat: '123' });
    const event = oneEvent(el, 'zappy-lead-invalid');
    await submit(el);
    const { detail, bubbles, composed } = await event;
    expect({ bubbles, composed }).to.deep.equal({ bubbles: true, composed: true });
    expect(detail.fields).to.deep.equal([
      'client_name', 'client_email', 'client_mobile', 'client_birth_day', 'client_vat', 'zappy_consent',
    ]);
  });

  it('marks each invalid control with aria-invalid and ties its inline message with aria-describedby', async () => {
    const el = await renderForm({ fields: 'name email mobile', required: 'email' });
    await fill(el, { client_name: 'Ana', client_email: 'ana@exemplo', client_mobile: '21' });
    await submit(el);
    expect(invalid(el, 'client_name')).to.equal('false');
    expect(control(el, 'client_name').hasAttribute('aria-describedby')).to.equal(false);
    expect(invalid(el, 'client_email')).to.equal('true');
    expect(describedError(el, 'client_email')).to.equal('Erro: Introduza um email no formato correto, como nome@exemplo.pt');
    expect(invalid(el, 'client_mobile')).to.equal('true');
    // The hint stays described too, before the error (GOV.UK order).
    const ids = control(el, 'client_mobile').getAttribute('aria-describedby')!.split(' ');
    expect(ids).to.have.length(2);
    expect(squash(rootOf(el).getElementById(ids[0]!)!.textContent)).to.equal('Por exemplo, 912 345 678');
    expect(describedError(el, 'client_mobile')).to.equal(
      'Erro: O número de telemóvel tem dígitos a menos: introduza-o como 912 345 678',
    );
  });

  it('puts the inline message after the label and hint and before the input, with a hidden "Erro:" prefix', async () => {
    const el = await renderForm({ fields: 'name mobile', required: 'mobile' });
    await submit(el);
    const input = control(el, 'client_mobile');
    const field = input.closest('[part~="field"]')!;
    const order = [...field.children].map((child) => child.tagName.toLowerCase() + (child.className ? `.${child.className}` : ''));
    expect(order).to.deep.equal(['label', 'p.hint', 'p.error', 'input']);
    const prefix = field.querySelector('.error .visually-hidden')!;
    expect(squash(prefix.textContent)).to.equal('Erro:');
    expect(prefix.getBoundingClientRect().width).to.be.at.most(1);
  });

  it('uses the same words in the summary and in the inline messages', async () => {
    const el = await renderForm({ fields: EVERY_FIELD, required: `${EVERY_FIELD} source`, sources: 'A, B', 'consent-text': 'Aceito' });
    await submit(el);
    const summary = summaryTexts(el);
    expect(summary.length).to.equal(14);
    expect(inlineTexts(el)).to.deep.equal(summary.map((text) => `Erro: ${text}`));
  });

  it('moves focus to the field when its summary link is clicked', async () => {
    const el = await renderForm({ fields: 'name email mobile vat', required: 'vat' });
    await fill(el, { client_name: 'Ana', client_mobile: '912345678' });
    await submit(el);
    const link = summaryLink(el, 'NIF');
    expect(link.getAttribute('href')).to.equal('#client_vat');
    link.click();
    expect(focused(el)).to.equal('client_vat');
  });

  it('drops the errors of fields no longer asked for when fields change, so every summary link leads to a control', async () => {
    const el = await renderForm({ fields: 'name email vat birthday', required: 'birthday' });
    await typeInto(el, 'client_name', 'Ana Sá');
    await typeInto(el, 'client_vat', '123');
    await submit(el);
    expect(summaryTexts(el).filter((text) => /NIF|nascimento/i.test(text))).to.have.length(2);
    el.setAttribute('fields', 'name email');
    await el.updateComplete;
    for (const link of errorSummary(el)?.querySelectorAll('a') ?? []) {
      link.click();
      await el.updateComplete;
      expect(rootOf(el).activeElement?.tagName, squash(link.textContent)).to.be.oneOf(['INPUT', 'SELECT']);
    }
    expect(summaryTexts(el).filter((text) => /NIF|nascimento/i.test(text))).to.deep.equal([]);
  });

  it('moves focus to the first control of a pair error (email or mobile)', async () => {
    const el = await renderForm({ fields: 'name mobile email' });
    await submit(el);
    summaryLink(el, 'email ou um número').click();
    expect(focused(el)).to.equal('client_mobile');
    expect(invalid(el, 'client_mobile')).to.equal('true');
    expect(invalid(el, 'client_email')).to.equal('true');
    // One message for the pair, which both controls point to.
    expect(inlineTexts(el).filter((t) => t.includes('email ou'))).to.have.length(1);
    expect(describedError(el, 'client_email')).to.equal(describedError(el, 'client_mobile'));
  });

  describe('birthday', () => {
    const cases: [string, Record<string, string>, string | null, string, string[]][] = [
      // [required, values, expected focus, message, parts marked invalid]
      ['birthday', {}, 'client_birth_day', 'Introduza a sua data de nascimento', ['client_birth_day', 'client_birth_month']],
      ['birthday birthday-year', {}, 'client_birth_day', 'Introduza a sua data de nascimento', ['client_birth_day', 'client_birth_month', 'client_birth_year']],
      ['', { client_birth_day: '12' }, 'client_birth_month', 'A data de nascimento tem de incluir o mês', ['client_birth_month']],
      ['', { client_birth_day: '31', client_birth_month: '4' }, 'client_birth_day', 'A data de nascimento tem de ser uma data real', ['client_birth_day']],
      ['', { client_birth_day: '12', client_birth_month: '3', client_birth_year: '85' }, 'client_birth_year', 'O ano tem de ter 4 algarismos, como 1990', ['client_birth_year']],
      ['birthday-year', { client_birth_day: '5' }, 'client_birth_month', 'A data de nascimento tem de incluir o mês e o ano', ['client_birth_month', 'client_birth_year']],
      ['', { client_birth_year: '1990' }, 'client_birth_day', 'A data de nascimento tem de incluir o dia e o mês', ['client_birth_day', 'client_birth_month']],
    ];
    for (const [required, values, focus, message, parts] of cases) {
      it(`focuses ${focus} from the summary for ${JSON.stringify(values)}`, async () => {
        const el = await renderForm({ fields: 'name birthday', required });
        await fill(el, { client_name: 'Ana', ...values });
        await submit(el);
        expect(summaryTexts(el)).to.deep.equal([message]);
        summaryLink(el, message).click();
        expect(focused(el)).to.equal(focus);
        for (const name of ['client_birth_day', 'client_birth_month', 'client_birth_year']) {
          expect(invalid(el, name), name).to.equal(parts.includes(name) ? 'true' : 'false');
          if (parts.includes(name)) expect(describedError(el, name)).to.equal(`Erro: ${message}`);
        }
        const fieldset = control(el, 'client_birth_day').closest('fieldset')!;
        expect(rootOf(el).getElementById(fieldset.getAttribute('aria-describedby')!)?.getAttribute('part')).to.equal('error');
      });
    }
  });

  describe('live re-check once an error shows', () => {
    it('clears an error as soon as it is fixed, and keeps the others', async () => {
      const el = await renderForm();
      await submit(el);
      await typeInto(el, 'client_name', 'A');
      expect(summaryTexts(el)).to.deep.equal(['Introduza um email ou um número de telemóvel']);
      expect(invalid(el, 'client_name')).to.equal('false');
      expect(describedError(el, 'client_name')).to.equal(undefined);
      await typeInto(el, 'client_email', 'a');
      expect(hasSummary(el), 'error summary shown').to.equal(false);
      expect(inlineTexts(el)).to.deep.equal([]);
    });

    it('keeps an error while it is still wrong, and clears it the moment it is right', async () => {
      const el = await renderForm({ fields: 'name email', required: 'email' });
      await fill(el, { client_name: 'Ana', client_email: 'ana' });
      await submit(el);
      await typeInto(el, 'client_email', '@exemplo.p');
      expect(control(el, 'client_email').value).to.equal('ana@exemplo.p');
      expect(summaryTexts(el)).to.have.length(1);
      await sendKeys({ type: 't' });
      await el.updateComplete;
      expect(hasSummary(el), 'error summary shown').to.equal(false);
      expect(invalid(el, 'client_email')).to.equal('false');
    });

    it('does not show a new error while the visitor types (it waits for the next submit)', async () => {
      const el = await renderForm({ fields: 'name email vat' });
      await submit(el);
      await typeInto(el, 'client_vat', '12');
      expect(summaryTexts(el)).to.deep.equal(['Introduza o seu nome']);
      expect(invalid(el, 'client_vat')).to.equal('false');
      await submit(el);
      expect(summaryTexts(el)).to.deep.equal(['Introduza o seu nome', 'O NIF tem 9 algarismos, como 123 456 789']);
    });

    it('re-checks a choice and the consent checkbox when they change', async () => {
      const el = await renderForm({ fields: 'name', sources: 'A, B', required: 'source', 'consent-text': 'Aceito' });
      await fill(el, { client_name: 'Ana' });
      await submit(el);
      expect(summaryTexts(el)).to.have.length(2);
      await fill(el, { client_source: 'B' });
      expect(summaryTexts(el)).to.deep.equal(['Para enviar, aceite o uso dos seus dados']);
      control(el, 'zappy_consent').click();
      await el.updateComplete;
      expect(hasSummary(el), 'error summary shown').to.equal(false);
    });
  });

  it('never clears what the visitor typed', async () => {
    const el = await renderForm({ fields: EVERY_FIELD, sources: 'A, B' });
    const typed = {
      client_email: 'ana@exemplo',
      client_mobile: '21 ',
      client_birth_day: '31',
      client_birth_month: '2',
      client_birth_year: '19',
      client_street: '  Rua do Ouro ',
      client_zipcode: '1000',
      client_city: 'Lisboa',
      client_vat: 'PT 123',
      client_cc: 'abc',
      client_ref: 'r',
      custom_1: 'x',
      custom_2: 'y',
      client_source: 'B',
    };
    await fill(el, typed);
    await submit(el);
    expect(summaryTexts(el).length).to.be.greaterThan(3);
    await typeInto(el, 'client_name', 'A');
    await submit(el);
    for (const [name, value] of Object.entries(typed)) expect(control(el, name).value, name).to.equal(value);
    expect(control(el, 'client_name').value).to.equal('A');
  });

  describe('messages say what to do, for each field', () => {
    const thisYear = new Date().getFullYear();
    const cases: [string, Record<string, string | null>, Record<string, string>, string][] = [
      // [what, attributes, values, the one message expected]
      ['name empty', { fields: 'name' }, {}, 'Introduza o seu nome'],
      ['name too long', { fields: 'name' }, { client_name: 'a'.repeat(121) }, 'O campo “Nome” tem de ter no máximo 120 caracteres'],
      ['email required', { fields: 'name email', required: 'email' }, {}, 'Introduza o seu email'],
      ['email format', { fields: 'name email' }, { client_email: 'ana@exemplo' }, 'Introduza um email no formato correto, como nome@exemplo.pt'],
      ['email too long', { fields: 'name email' }, { client_email: `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(60)}.pt` }, 'O campo “Email” tem de ter no máximo 254 caracteres'],
      ['neither email nor mobile', {}, {}, 'Introduza um email ou um número de telemóvel'],
      ['mobile required', { fields: 'name mobile', required: 'mobile' }, {}, 'Introduza o seu número de telemóvel'],
      ['mobile letters', { fields: 'name mobile' }, { client_mobile: 'abc' }, 'Introduza um número de telemóvel, como 912 345 678'],
      ['mobile short', { fields: 'name mobile' }, { client_mobile: '91234' }, 'O número de telemóvel tem dígitos a menos: introduza-o como 912 345 678'],
      ['mobile long', { fields: 'name mobile' }, { client_mobile: '9123456789012' }, 'O número de telemóvel tem dígitos a mais: introduza-o como 912 345 678'],
      ['mobile country', { fields: 'name mobile' }, { client_mobile: '+999 123456' }, 'Introduza o número com o indicativo do país, como +351 912 345 678'],
      ['mobile landline', { fields: 'name mobile' }, { client_mobile: '212 345 678' }, 'Introduza um número de telemóvel, não de telefone fixo, como 912 345 678'],
      ['mobile example per country', { fields: 'name mobile', 'default-country': 'ES' }, { client_mobile: 'abc' }, 'Introduza um número de telemóvel, como 612 345 678'],
      ['birthday required', { fields: 'name birthday', required: 'birthday' }, {}, 'Introduza a sua data de nascimento'],
      ['birthday no day', { fields: 'name birthday' }, { client_birth_month: '3' }, 'A data de nascimento tem de incluir o dia'],
      ['birthday no month', { fields: 'name birthday' }, { client_birth_day: '3', client_birth_year: '1990' }, 'A data de nascimento tem de incluir o mês'],
      ['birthday no year', { fields: 'name birthday', required: 'birthday-year' }, { client_birth_day: '3', client_birth_month: '4' }, 'A data de nascimento tem de incluir o ano'],
      ['birthday only month', { fields: 'name birthday', required: 'birthday-year' }, { client_birth_month: '4' }, 'A data de nascimento tem de incluir o dia e o ano'],
      ['birthday letters', { fields: 'name birthday' }, { client_birth_day: 'dez', client_birth_month: '3' }, 'Introduza o dia e o ano em algarismos, como 27 e 1990'],
      ['birthday short year', { fields: 'name birthday' }, { client_birth_day: '3', client_birth_month: '3', client_birth_year: '85' }, 'O ano tem de ter 4 algarismos, como 1990'],
      ['birthday 30 February', { fields: 'name birthday' }, { client_birth_day: '30', client_birth_month: '2' }, 'A data de nascimento tem de ser uma data real'],
      ['birthday future', { fields: 'name birthday' }, { client_birth_day: '1', client_birth_month: '1', client_birth_year: String(thisYear + 1) }, 'A data de nascimento tem de ser no passado'],
      ['birthday 1899', { fields: 'name birthday' }, { client_birth_day: '1', client_birth_month: '1', client_birth_year: '1899' }, 'O ano tem de ser 1900 ou posterior'],
      ['street required', { fields: 'name address', required: 'address' }, { client_zipcode: '1000-001', client_city: 'Lisboa' }, 'Introduza a sua morada'],
      ['street too long', { fields: 'name address' }, { client_street: 'r'.repeat(201) }, 'O campo “Morada” tem de ter no máximo 200 caracteres'],
      ['postal code required', { fields: 'name address', required: 'address' }, { client_street: 'Rua', client_city: 'Lisboa' }, 'Introduza o código postal'],
      ['postal code format', { fields: 'name address' }, { client_zipcode: '100-01' }, 'Introduza o código postal com 7 algarismos, como 1000-001'],
      ['postal code abroad too long', { fields: 'name address', 'default-country': 'GB' }, { client_zipcode: 'x'.repeat(21) }, 'O campo “Código postal” tem de ter no máximo 20 caracteres'],
      ['town required', { fields: 'name address', required: 'address' }, { client_street: 'Rua', client_zipcode: '1000-001' }, 'Introduza a localidade'],
      ['town too long', { fields: 'name address' }, { client_city: 'c'.repeat(101) }, 'O campo “Localidade” tem de ter no máximo 100 caracteres'],
      ['NIF required', { fields: 'name vat', required: 'vat' }, {}, 'Introduza o seu NIF'],
      ['NIF short', { fields: 'name vat' }, { client_vat: '12345' }, 'O NIF tem 9 algarismos, como 123 456 789'],
      ['NIF check digit', { fields: 'name vat' }, { client_vat: '123456780' }, 'Confirme o NIF: estes 9 algarismos não formam um NIF português'],
      ['NIF prefix', { fields: 'name vat' }, { client_vat: '812345678' }, 'Confirme o NIF: estes 9 algarismos não formam um NIF português'],
      ['CC required', { fields: 'name cc', required: 'cc' }, {}, 'Introduza o número do Cartão de Cidadão'],
      ['CC format', { fields: 'name cc' }, { client_cc: '1234' }, 'Introduza o número do Cartão de Cidadão como aparece no cartão, como 12345678 9 ZZ1'],
      ['CC check digit', { fields: 'name cc' }, { client_cc: '00000000 0 ZZ0' }, 'Confirme o número do Cartão de Cidadão: um dos caracteres não está certo'],
      ['reference required', { fields: 'name ref', required: 'ref' }, {}, 'Preencha o campo “Referência”'],
      ['reference too long', { fields: 'name ref' }, { client_ref: 'r'.repeat(101) }, 'O campo “Referência” tem de ter no máximo 100 caracteres'],
      ['custom 1 required', { fields: 'name custom_1', required: 'custom_1', 'custom-1-label': 'Serviço' }, {}, 'Preencha o campo “Serviço”'],
      ['custom 2 too long', { fields: 'name custom_2' }, { custom_2: 'x'.repeat(501) }, 'O campo “Campo personalizado 2” tem de ter no máximo 500 caracteres'],
      ['source required', { fields: 'name', sources: 'A, B', required: 'source' }, {}, 'Escolha uma opção em “Como nos conheceu?”'],
      ['segment required', { fields: 'name', segments: 'A, B', required: 'segment' }, {}, 'Escolha uma opção em “Segmento”'],
      ['consent', { fields: 'name', 'consent-text': 'Aceito' }, {}, 'Para enviar, aceite o uso dos seus dados'],
    ];
    for (const [what, attributes, values, message] of cases) {
      it(what, async () => {
        const el = await renderForm(attributes);
        await fill(el, { ...(what.startsWith('name') ? {} : { client_name: 'Ana' }), ...values });
        await submit(el);
        expect(summaryTexts(el)).to.deep.equal([message]);
        expect(inlineTexts(el)).to.deep.equal([`Erro: ${message}`]);
        expect(message).not.to.match(/inválid|por favor|oops/i);
      });
    }
  });

  describe('the "email or mobile" rule', () => {
    it('accepts a mobile alone', async () => {
      const el = await renderForm();
      await fill(el, { client_name: 'Ana', client_mobile: '912 345 678' });
      await submit(el);
      expect(hasSummary(el), 'error summary shown').to.equal(false);
      expect(fetchStub.calledOnce).to.equal(true);
    });

    it('accepts an email alone', async () => {
      const el = await renderForm();
      await fill(el, { client_name: 'Ana', client_email: 'ana@exemplo.pt' });
      await submit(el);
      expect(hasSummary(el), 'error summary shown').to.equal(false);
      expect(fetchStub.calledOnce).to.equal(true);
    });

    it('still checks the one given', async () => {
      const el = await renderForm();
      await fill(el, { client_name: 'Ana', client_email: 'ana@' });
      await submit(el);
      expect(summaryTexts(el)).to.deep.equal(['Introduza um email no formato correto, como nome@exemplo.pt']);
    });

    it('does not apply when only one of the two is shown', async () => {
      const el = await renderForm({ fields: 'name email' });
      await fill(el, { client_name: 'Ana' });
      await submit(el);
      expect(hasSummary(el), 'error summary shown').to.equal(false);
      expect(fetchStub.calledOnce).to.equal(true);
    });

    it('gives way to required: both required means two messages', async () => {
      const el = await renderForm({ required: 'email mobile' });
      await fill(el, { client_name: 'Ana' });
      await submit(el);
      expect(summaryTexts(el)).to.deep.equal(['Introduza o seu email', 'Introduza o seu número de telemóvel']);
    });
  });
});
