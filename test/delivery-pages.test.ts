import { expect, waitUntil } from '@open-wc/testing';
import { OUTBOX_KEY } from '../src/delivery/outbox-store.js';
import { clearFault, failUntilCleared, newAccount, recordsOf, requestsOf } from './support/stand-in.js';

// Issue 4, fault injection across pages of one site: each page is a
// same-origin iframe running test/fixtures/widget.html, so pages share the
// browser's storage and Web Locks as tabs do. This test page itself shows no
// widget, so only the site's pages can deliver.
//
// The endpoint keeps failing until the waiting lead's page is gone (reloaded,
// closed): otherwise that page's own retry timer could deliver it first, and
// the test would depend on timing. Deliveries are counted as the stand-in's
// 201 answers; the leads carry only a name, which Zappy would not deduplicate.

interface SitePage {
  frame: HTMLIFrameElement;
  window: Window & { zappyEvents: { type: string; id: string }[] };
  widget(): HTMLElement & { shadowRoot: ShadowRoot };
}

async function openPage(accountHash: string): Promise<SitePage> {
  const frame = document.createElement('iframe');
  frame.title = 'A page of the site';
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  frame.src = `/test/fixtures/widget.html?account-hash=${encodeURIComponent(accountHash)}&fields=name`;
  document.body.append(frame);
  await loaded;
  const win = frame.contentWindow as SitePage['window'];
  await waitUntil(() => win.customElements?.get('zappy-lead-form') && win.document.querySelector('zappy-lead-form')?.shadowRoot?.querySelector('form'));
  return {
    frame,
    window: win,
    widget: () => win.document.querySelector('zappy-lead-form') as HTMLElement & { shadowRoot: ShadowRoot },
  };
}

async function reload(page: SitePage): Promise<SitePage> {
  const loaded = new Promise((resolve) => page.frame.addEventListener('load', resolve, { once: true }));
  page.window.location.reload();
  await loaded;
  const win = page.frame.contentWindow as SitePage['window'];
  await waitUntil(() => win.document.querySelector('zappy-lead-form')?.shadowRoot?.querySelector('form'));
  return { ...page, window: win, widget: () => win.document.querySelector('zappy-lead-form') as HTMLElement & { shadowRoot: ShadowRoot } };
}

/** Submits a lead on `page` and waits for its first outcome event. */
async function submitOn(page: SitePage, name: string): Promise<{ type: string; id: string }> {
  const root = page.widget().shadowRoot;
  const input = root.querySelector<HTMLInputElement>('[name="client_name"]')!;
  input.value = name;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  const before = page.window.zappyEvents.length;
  root.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
  await waitUntil(() => page.window.zappyEvents.length > before, 'no outcome event', { timeout: 5000 });
  return page.window.zappyEvents[before]!;
}

/** How many createLead requests of `accountHash` the stand-in answered 201 (created). */
const deliveries = async (accountHash: string) => (await requestsOf(accountHash)).filter((r) => r.status === 201).length;

/**
 * Waits until `page`'s outbox is idle: a forced flush first waits for any
 * flush under way in that page, then finds nothing left to send. Resolves with
 * how many leads that flush delivered.
 */
const flushOutboxOf = (page: SitePage): Promise<number> =>
  (page.window.customElements.get('zappy-lead-form') as unknown as { flushOutbox(): Promise<number> }).flushOutbox();

const storedIds = (): string[] =>
  ((JSON.parse(localStorage.getItem(OUTBOX_KEY) ?? '{"entries":[]}') as { entries: { id: string }[] }).entries ?? []).map(
    (e) => e.id,
  );

describe('delivery across pages of a site', () => {
  beforeEach(() => localStorage.removeItem(OUTBOX_KEY));
  afterEach(() => document.querySelectorAll('iframe').forEach((frame) => frame.remove()));

  it('a page reloaded while a lead waits sends it on load, once, and tells its widget', async function () {
    this.timeout(20_000);
    const account = newAccount('reload');
    await failUntilCleared(account, 'reset');
    let page = await openPage(account);
    const queued = await submitOn(page, 'Ana Rita');
    expect(queued.type).to.equal('zappy-lead-queued');
    expect(storedIds()).to.deep.equal([queued.id]);

    page = await reload(page);
    await clearFault(account);
    await waitUntil(() => page.window.zappyEvents.some((e) => e.type === 'zappy-lead-sent'), 'never sent', { timeout: 10_000 });
    expect(page.window.zappyEvents.filter((e) => e.type === 'zappy-lead-sent')).to.deep.equal([{ type: 'zappy-lead-sent', id: queued.id }]);
    expect(storedIds()).to.deep.equal([]);
    expect((await recordsOf(account)).map((r) => r.lead.client_name)).to.deep.equal(['Ana Rita']);
    expect(await deliveries(account)).to.equal(1);
  });

  it('two pages opened at once with one waiting lead deliver it exactly once', async function () {
    this.timeout(20_000);
    const account = newAccount('two-tabs');
    await failUntilCleared(account, '500');
    const first = await openPage(account);
    const queued = await submitOn(first, 'Ana Rita');
    expect(queued.type).to.equal('zappy-lead-queued');
    first.frame.remove();
    await clearFault(account);

    const [a, b] = await Promise.all([openPage(account), openPage(account)]);
    await waitUntil(() => storedIds().length === 0, 'never delivered', { timeout: 10_000 });
    // Nothing is stored, so no attempt can start; wait for any attempt still
    // under way in either page (a second, wrong delivery) to end.
    expect(await flushOutboxOf(a)).to.equal(0);
    expect(await flushOutboxOf(b)).to.equal(0);
    expect((await recordsOf(account)).length).to.equal(1);
    expect(await deliveries(account)).to.equal(1);
    const sentEvents = [...a.window.zappyEvents, ...b.window.zappyEvents].filter((e) => e.type === 'zappy-lead-sent');
    expect(sentEvents).to.deep.equal([{ type: 'zappy-lead-sent', id: queued.id }]);
  });
});
