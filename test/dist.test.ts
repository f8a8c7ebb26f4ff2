import { expect, fixture, html } from '@open-wc/testing';
import { checkMobile } from '../src/lead/phone.js';

// A smoke test of what ships: dist/zappy-lead-form.js, loaded as a classic
// script the way a site's snippet loads it. `npm test` builds it first
// (test/run.js); the answers it is compared with come from the source build
// (src/lead/phone.ts with the complete phone metadata).

const SCRIPT = '/dist/zappy-lead-form.js';

/** The parts of the element this test uses; nothing is imported from src. */
interface ShippedForm extends HTMLElement {
  requestSubmit(): Promise<void>;
  updateComplete: Promise<boolean>;
}

/** Adds `<script src>` (classic, not a module) and waits for it to run. */
function loadScript(): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = SCRIPT;
    script.addEventListener('load', () => resolve());
    script.addEventListener('error', () => reject(new Error(`${SCRIPT} failed to load`)));
    document.head.append(script);
  });
}

/** Fills the form, submits it, and returns the outcome event (the send is cancelled). */
async function submitMobile(mobile: string): Promise<CustomEvent> {
  const el = await fixture<ShippedForm>(
    html`<zappy-lead-form account-hash="dist-test" fields="name mobile" min-fill-time="0"></zappy-lead-form>`,
  );
  const fill = (name: string, value: string) => {
    const input = el.shadowRoot?.querySelector<HTMLInputElement>(`input[name="${name}"]`);
    if (!input) throw new Error(`no ${name} input`);
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  };
  fill('client_name', 'Ana Silva');
  fill('client_mobile', mobile);
  const outcome = new Promise<CustomEvent>((resolve) => {
    const settle = (event: Event) => {
      event.preventDefault(); // `zappy-lead-submit` is cancelable: nothing is sent
      resolve(event as CustomEvent);
    };
    el.addEventListener('zappy-lead-submit', settle, { once: true });
    el.addEventListener('zappy-lead-invalid', settle, { once: true });
  });
  await el.requestSubmit();
  return outcome;
}

describe('dist/zappy-lead-form.js, the script build', () => {
  const errors: string[] = [];
  const onError = (event: ErrorEvent) => errors.push(event.message);

  before(async () => {
    const response = await fetch(SCRIPT, { cache: 'no-store' });
    if (!response.ok) {
      throw new Error(`${SCRIPT} is missing (HTTP ${response.status}): run \`npm run build\`; \`npm test\` builds it first`);
    }
    window.addEventListener('error', onError);
    await loadScript();
  });

  after(() => window.removeEventListener('error', onError));

  it('registers <zappy-lead-form> when loaded as a classic script, with no error', async () => {
    expect(customElements.get('zappy-lead-form')).to.be.a('function');
    const el = await fixture<ShippedForm>(html`<zappy-lead-form account-hash="dist-test"></zappy-lead-form>`);
    expect(el.shadowRoot?.querySelector('form[part="form"]')).to.exist;
    expect(errors).to.deep.equal([]);
  });

  it('adds no global to the page', () => {
    expect('ZappyLeadForm' in window).to.be.false;
  });

  it('is harmless when loaded a second time', async () => {
    const registered = customElements.get('zappy-lead-form');
    await loadScript();
    expect(customElements.get('zappy-lead-form')).to.equal(registered);
    expect(errors).to.deep.equal([]);
  });

  it('accepts a British mobile, as the source build does', async () => {
    const source = checkMobile('+44 7400 123456');
    expect(source).to.deep.equal({ ok: true, value: '+447400123456' });
    const event = await submitMobile('+44 7400 123456');
    expect(event.type).to.equal('zappy-lead-submit');
    expect(event.detail.lead.client_mobile).to.equal(source.ok && source.value);
  });

  it('refuses a Portuguese landline, as the source build does', async () => {
    expect(checkMobile('212 345 678')).to.deep.equal({ ok: false, reason: 'not-mobile' });
    const event = await submitMobile('212 345 678');
    expect(event.type).to.equal('zappy-lead-invalid');
    expect(event.detail.fields).to.deep.equal(['client_mobile']);
  });

  it('accepts a mobile from outside the curated countries (Angola)', async () => {
    const event = await submitMobile('+244 923 123 456');
    expect(event.type).to.equal('zappy-lead-submit');
    expect(event.detail.lead.client_mobile).to.equal('+244923123456');
  });
});
