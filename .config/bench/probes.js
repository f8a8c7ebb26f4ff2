// What the benchmark runs inside the page. Each function is sent to the browser
// as source by puppeteer's `page.evaluate`, so it must be self-contained: no
// imports, no helpers from this module, only its arguments and the page.
//
// Both subjects are measured the same way:
//   load    from inserting the <script> to its `load` event: fetch from the
//           local server, parse, compile, evaluate
//   render  from creating the widget to the moment it is rendered and laid
//           out (a layout read forces style and layout, as the first frame
//           would)
//   keystroke  from putting one more character in the phone field and
//           dispatching `input` to the moment the widget has re-validated
//           and updated its DOM

/**
 * Loads dist/zappy-lead-form.js as a site's snippet does, then renders one
 * `<zappy-lead-form>` with its default fields (name, email, mobile).
 *
 * @param {string} src URL of the script
 * @returns {Promise<{ load: number, render: number, total: number }>} milliseconds
 */
export async function loadOurs(src) {
  const started = performance.now();
  await new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.addEventListener('load', resolve);
    script.addEventListener('error', () => reject(new Error(`${src} failed to load`)));
    document.head.append(script);
  });
  const loaded = performance.now();
  const el = document.createElement('zappy-lead-form');
  el.setAttribute('account-hash', 'bench');
  document.getElementById('host')?.append(el);
  await el.updateComplete;
  const form = el.shadowRoot?.querySelector('form');
  if (!form) throw new Error('<zappy-lead-form> rendered no form');
  form.getBoundingClientRect();
  const rendered = performance.now();
  return { load: loaded - started, render: rendered - loaded, total: rendered - started };
}

/**
 * Loads intl-tel-input with its utilities and its stylesheet, as its README's
 * "getting started" does, then turns one `<input type="tel">` into its phone
 * field for Portugal.
 *
 * @param {{ script: string, stylesheet: string }} urls
 * @returns {Promise<{ load: number, render: number, total: number }>} milliseconds
 */
export async function loadPeer({ script: src, stylesheet }) {
  const started = performance.now();
  const fetched = (element) =>
    new Promise((resolve, reject) => {
      element.addEventListener('load', resolve);
      element.addEventListener('error', () => reject(new Error(`${element.src || element.href} failed to load`)));
      document.head.append(element);
    });
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = stylesheet;
  const script = document.createElement('script');
  script.src = src;
  await Promise.all([fetched(link), fetched(script)]);
  const loaded = performance.now();
  const input = document.createElement('input');
  input.type = 'tel';
  input.name = 'phone';
  input.autocomplete = 'tel';
  document.getElementById('host')?.append(input);
  const iti = window.intlTelInput(input, { initialCountry: 'pt' });
  await iti.promise;
  input.closest('.iti')?.getBoundingClientRect();
  const rendered = performance.now();
  window.benchIti = iti;
  return { load: loaded - started, render: rendered - loaded, total: rendered - started };
}

/**
 * Submits the empty form once, so errors show and every `input` re-validates
 * (src/zappy-lead-form.ts, `handleInput`), then types `digits` into
 * `client_mobile` one at a time. A frame passes between keystrokes, untimed,
 * as between a person's.
 *
 * @param {string} digits
 * @returns {Promise<{ times: number[], invalidBefore: number, invalidAfter: number }>}
 *   milliseconds per keystroke, and the controls marked invalid before and after typing
 */
export async function typeOurs(digits) {
  const el = document.querySelector('zappy-lead-form');
  const root = el?.shadowRoot;
  const submit = root?.querySelector('[part="submit"]');
  const input = root?.querySelector('input[name="client_mobile"]');
  if (!el || !submit || !input) throw new Error('<zappy-lead-form> has no submit button or client_mobile input');
  const invalid = () => root.querySelectorAll('[aria-invalid="true"]').length;
  submit.click();
  await el.updateComplete;
  const invalidBefore = invalid();
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  await frame();
  const times = [];
  for (const digit of digits) {
    const started = performance.now();
    input.value += digit;
    input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertText', data: digit }));
    await el.updateComplete;
    times.push(performance.now() - started);
    await frame();
  }
  return { times, invalidBefore, invalidAfter: invalid() };
}

/**
 * Types `digits` into the intl-tel-input field, which a page validates on
 * every `input` with `iti.isValidNumber()` and marks `aria-invalid`; the
 * field's own `input` handling (formatting as you type) runs too, as it would
 * for a person. Timing and frames as in {@link typeOurs}.
 *
 * @param {string} digits
 * @returns {Promise<{ times: number[], valid: boolean | null }>}
 *   milliseconds per keystroke, and whether the typed number is valid at the end
 */
export async function typePeer(digits) {
  const iti = window.benchIti;
  const input = document.querySelector('input[type="tel"]');
  if (!iti || !input) throw new Error('intl-tel-input is not set up');
  let valid = null;
  input.addEventListener('input', () => {
    valid = iti.isValidNumber();
    input.setAttribute('aria-invalid', valid ? 'false' : 'true');
  });
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  await frame();
  const times = [];
  for (const digit of digits) {
    const started = performance.now();
    input.value += digit;
    input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertText', data: digit }));
    times.push(performance.now() - started);
    await frame();
  }
  return { times, valid };
}
