import { expect, oneEvent } from '@open-wc/testing';
import type { RequestLogEntry } from '../../demo/stand-in/stand-in.js';

// Helpers of the tests that run the built script (dist/zappy-lead-form.js) on
// the strict-CSP fixture page, test/fixtures/csp.html, in an iframe of the
// runner's page (which cannot carry the policy: wtr injects inline scripts).
// The page is served with the policy by test/rig/csp-plugin.js; its first
// script (test/fixtures/csp-watch.js) records every violation and error.
// Same origin, so the tests reach in through contentWindow.

/** The fixture page; csp-plugin.js reads its query (`lang=xx`, `alone`). */
export const CSP_FIXTURE = '/test/fixtures/csp.html';

/** A violation as csp-watch.js records it. */
export interface Violation {
  directive: string;
  blockedURI: string;
  sample: string;
  sourceFile: string;
  lineNumber: number;
  disposition: string;
}

/** What csp-watch.js puts on the fixture's window. */
export interface Watch {
  violations: Violation[];
  errors: string[];
  /** What the page's `console.warn` printed. */
  warnings: string[];
}

/** The parts of the shipped element the tests use; nothing is imported from src. */
export interface ShippedForm extends HTMLElement {
  updateComplete: Promise<boolean>;
}

type FixtureWindow = Window & { zappyCsp?: Watch };

/**
 * Loads the fixture in a fresh iframe and resolves once it has loaded (its
 * scripts have run).
 *
 * @param query What csp-plugin.js changes in the page, e.g. `?lang=pt&alone`.
 */
export async function openFixture(query = ''): Promise<HTMLIFrameElement> {
  const iframe = document.createElement('iframe');
  iframe.title = 'strict CSP fixture';
  iframe.src = `${CSP_FIXTURE}${query}`;
  const loaded = oneEvent(iframe, 'load');
  document.body.append(iframe);
  await loaded;
  return iframe;
}

export function watchOf(iframe: HTMLIFrameElement): Watch {
  const watch = (iframe.contentWindow as FixtureWindow | null)?.zappyCsp;
  if (!watch) throw new Error('csp-watch.js did not run in the fixture: it is blocked or missing');
  return watch;
}

/**
 * Lets violations still in flight arrive: a report is queued as a task, so it
 * can come a little after what caused it, and no event says "none is coming".
 */
export function settle(iframe: HTMLIFrameElement): Promise<void> {
  const win = iframe.contentWindow!;
  return new Promise((resolve) => win.requestAnimationFrame(() => win.setTimeout(resolve, 100)));
}

export function shippedForm(iframe: HTMLIFrameElement): ShippedForm {
  const el = iframe.contentDocument?.querySelector<ShippedForm>('zappy-lead-form');
  if (!el) throw new Error('no <zappy-lead-form> in the fixture');
  return el;
}

/** Types `value` into the control named `name`, as a visitor would (an `input` event follows). */
export function fill(el: ShippedForm, name: string, value: string): void {
  const control = el.shadowRoot?.querySelector<HTMLInputElement | HTMLSelectElement>(`[name="${name}"]`);
  if (!control) throw new Error(`no ${name} control`);
  control.value = value;
  control.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}

/** Every request the stand-in received for `accountHash`. */
export async function requestsOf(accountHash: string): Promise<RequestLogEntry[]> {
  const response = await fetch(`/__zappy/requests?accountHash=${encodeURIComponent(accountHash)}`);
  expect(response.status).to.equal(200);
  return ((await response.json()) as { requests: RequestLogEntry[] }).requests;
}
