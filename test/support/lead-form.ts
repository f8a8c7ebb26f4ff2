/**
 * Shared helpers of the `<zappy-lead-form>` tests. Everything here goes through
 * the element's public surface: attributes, the controls of its open shadow
 * root found by `name`, its parts, its events and `fetch`.
 */
import { fixture, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import sinon from 'sinon';
import '../../src/define.js';
import { OUTBOX_KEY } from '../../src/delivery/outbox-store.js';
import type { ZappyLeadForm } from '../../src/zappy-lead-form.js';

/** Every field group, in the documented order. */
export const EVERY_FIELD = 'name email mobile birthday address vat cc ref custom_1 custom_2';

/** The `name` of every control that `fields="${EVERY_FIELD}"` shows, in order. */
export const EVERY_CONTROL = [
  'client_name',
  'client_email',
  'client_mobile',
  'client_birth_day',
  'client_birth_month',
  'client_birth_year',
  'client_street',
  'client_zipcode',
  'client_city',
  'client_vat',
  'client_cc',
  'client_ref',
  'custom_1',
  'custom_2',
];

/** Attributes every fixture gets unless overridden (`null` leaves one out). */
const DEFAULTS: Record<string, string> = {
  'account-hash': 'test-hash',
  // Tests submit within milliseconds of rendering: no bot check unless asked for.
  'min-fill-time': '0',
};

/**
 * Renders `<zappy-lead-form>` with the given attributes (plus an account hash
 * and `min-fill-time="0"`), optionally inside `parent` (a detached element,
 * rendered with its ancestors), and waits for it.
 */
export async function renderForm(
  attributes: Record<string, string | null> = {},
  parent?: HTMLElement,
): Promise<ZappyLeadForm> {
  // Every test starts with an empty outbox: a lead left waiting by an earlier
  // test must not be flushed into this one's stubbed fetch.
  localStorage.removeItem(OUTBOX_KEY);
  const el = document.createElement('zappy-lead-form');
  for (const [name, value] of Object.entries({ ...DEFAULTS, ...attributes })) {
    if (value !== null) el.setAttribute(name, value);
  }
  if (parent) {
    parent.append(el);
    // Render the outermost ancestor, so the ancestors (and their `lang`) stay.
    let top = parent;
    while (top.parentElement) top = top.parentElement;
    await fixture(top);
  } else {
    await fixture(el);
  }
  await el.updateComplete;
  return el;
}

/** The shadow root (open, per the contract). */
export const rootOf = (el: ZappyLeadForm): ShadowRoot => el.shadowRoot!;

/** A control by its `name`, or `null`. */
export function maybeControl(el: ZappyLeadForm, name: string): HTMLInputElement | HTMLSelectElement | null {
  return rootOf(el).querySelector<HTMLInputElement | HTMLSelectElement>(`[name="${name}"]`);
}

/** A control by its `name`; fails the test when it is not rendered. */
export function control<T extends HTMLInputElement | HTMLSelectElement = HTMLInputElement>(el: ZappyLeadForm, name: string): T {
  const found = maybeControl(el, name);
  if (!found) throw new Error(`no control named ${name}`);
  return found as T;
}

/** The names of the visible controls in document order (the spam trap left out). */
export function controlNames(el: ZappyLeadForm): string[] {
  return [...rootOf(el).querySelectorAll<HTMLInputElement>('form input, form select')]
    .filter((input) => !input.closest('[aria-hidden="true"]'))
    .map((input) => input.name);
}

/**
 * Sets values as a script (or autofill) would, firing `input` and `change` like
 * a browser: fast, for tests about what is sent rather than how it was typed.
 * A checkbox takes `'on'`/`''`.
 */
export async function fill(el: ZappyLeadForm, values: Record<string, string>): Promise<void> {
  for (const [name, value] of Object.entries(values)) {
    const input = control(el, name);
    if (input instanceof HTMLInputElement && input.type === 'checkbox') input.checked = value !== '';
    else input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    input.dispatchEvent(new Event('change', { bubbles: true }));
  }
  await el.updateComplete;
}

/**
 * Types text with real key presses into whatever has focus. WebDriver (our
 * WebKit) presses every key of one `sendKeys` before releasing them, so a
 * doubled character (`1000`) would come out once: each repeat goes in a call
 * of its own.
 */
export async function typeText(text: string): Promise<void> {
  const chunks: string[] = [];
  for (const char of text) {
    const last = chunks.at(-1);
    if (last === undefined || last.endsWith(char)) chunks.push(char);
    else chunks[chunks.length - 1] = last + char;
  }
  for (const chunk of chunks) await sendKeys({ type: chunk });
}

/** Focuses a control and types into it with real key presses. */
export async function typeInto(el: ZappyLeadForm, name: string, text: string): Promise<void> {
  control(el, name).focus();
  await typeText(text);
  await el.updateComplete;
}

/** The submit button. */
export const submitButton = (el: ZappyLeadForm): HTMLButtonElement =>
  rootOf(el).querySelector<HTMLButtonElement>('button[type="submit"]')!;

/**
 * Clicks the submit button and waits until the element is done with it: the
 * button no longer busy (the lead went through the outbox and came back with
 * an outcome) and the element rendered.
 */
export async function submit(el: ZappyLeadForm): Promise<void> {
  submitButton(el).click();
  await el.updateComplete;
  await waitUntil(() => submitButton(el)?.getAttribute('aria-busy') !== 'true', 'the submit never finished', { timeout: 5000 });
  await el.updateComplete;
}

/** The error summary, or `null`. */
export const errorSummary = (el: ZappyLeadForm): HTMLElement | null =>
  rootOf(el).querySelector<HTMLElement>('[part="error-summary"]');

/**
 * Whether the error summary shows. Tests compare booleans and strings, never
 * elements: a failed assertion on an element makes the runner serialise Lit's
 * internals, which hangs the browser instead of reporting the failure.
 */
export const hasSummary = (el: ZappyLeadForm): boolean => errorSummary(el) !== null;

/** The texts of the error summary's links, in order. */
export function summaryTexts(el: ZappyLeadForm): string[] {
  return [...(errorSummary(el)?.querySelectorAll('a') ?? [])].map((a) => squash(a.textContent));
}

/** The inline error messages (the visually hidden prefix included), in order. */
export function inlineTexts(el: ZappyLeadForm): string[] {
  return [...rootOf(el).querySelectorAll('[part="error"]')].map((p) => squash(p.textContent));
}

/** The inline error message that a control's `aria-describedby` points to, or `undefined`. */
export function describedError(el: ZappyLeadForm, name: string): string | undefined {
  const ids = (control(el, name).getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
  const messages = ids
    .map((id) => rootOf(el).getElementById(id))
    .filter((node): node is HTMLElement => node?.getAttribute('part') === 'error');
  return messages.length > 0 ? squash(messages.map((m) => m.textContent).join(' ')) : undefined;
}

/** The text of the `role="status"` live region. */
export const statusText = (el: ZappyLeadForm): string =>
  squash(rootOf(el).querySelector('[role="status"]')?.textContent);

/** The text of the `role="alert"` live region. */
export const alertText = (el: ZappyLeadForm): string =>
  squash(rootOf(el).querySelector('[role="alert"]')?.textContent);

/** Collapses whitespace, as a screen reader reads text. */
export const squash = (text: string | null | undefined): string => (text ?? '').replace(/\s+/g, ' ').trim();

/** A `fetch` stub that answers every request with `status` (a fresh Response each time). */
export function stubFetch(status = 200): sinon.SinonStub<Parameters<typeof fetch>, ReturnType<typeof fetch>> {
  return sinon
    .stub(window, 'fetch')
    .callsFake(() => Promise.resolve(new Response(status === 204 ? null : '{}', { status })));
}

/** The parsed JSON body of a stubbed `fetch` call. */
export function bodyOf(stub: sinon.SinonStub<Parameters<typeof fetch>, ReturnType<typeof fetch>>, call = 0): unknown {
  const init = stub.getCall(call).args[1];
  return JSON.parse(String(init?.body));
}

/** A unique account hash for a test that goes through the stand-in. */
export const newHash = (): string => `form-${crypto.randomUUID()}`;

/** What the stand-in logged for an account: the createLead requests received. */
export async function standInRequests(accountHash: string): Promise<{ body: string | null; status: number | null }[]> {
  const res = await fetch(`/__zappy/requests?accountHash=${encodeURIComponent(accountHash)}`);
  const { requests } = (await res.json()) as { requests: { body: string | null; status: number | null }[] };
  return requests;
}
