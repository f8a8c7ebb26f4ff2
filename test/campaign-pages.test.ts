import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import { clearFault, failUntilCleared, newAccount } from './support/stand-in.js';

// Issue 12, conversions on a later visit: a lead the outbox delivers after a
// reload counts once, on the page that delivers it. Like
// ./delivery-pages.test.ts, this test page shows no widget itself (its own
// outbox would deliver the lead, and no form here would hear of it): the
// site's pages are frames of test/fixtures/widget.html.

type Page = Window & { dataLayer?: unknown[]; zappyEvents: { type: string; id: string }[] };

describe('conversions across visits', () => {
  it('fires when the outbox delivers the lead on a later visit, and only then', async () => {
    const accountHash = newAccount('conversion');
    await failUntilCleared(accountHash, '503');
    const frame = document.createElement('iframe');
    document.body.append(frame);
    const open = async (extra = '') => {
      const loaded = oneEvent(frame, 'load');
      frame.src = `/test/fixtures/widget.html?conversions=ga4&fields=name&form-id=f1&account-hash=${accountHash}${extra}`;
      await loaded;
      const win = frame.contentWindow as Page;
      await waitUntil(() => win.document.querySelector('zappy-lead-form[conversions]')?.shadowRoot?.querySelector('form'), 'no form');
      return win;
    };
    try {
      let win = await open();
      const el = win.document.querySelector('zappy-lead-form[conversions]')!;
      el.shadowRoot!.querySelector<HTMLInputElement>('[name="client_name"]')!.value = 'Ana';
      el.shadowRoot!.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
      await waitUntil(() => win.zappyEvents.some((e) => e.type === 'zappy-lead-queued'), 'not queued', { timeout: 5000 });
      const { id } = win.zappyEvents[0]!;
      expect(win.dataLayer ?? []).to.have.length(0);

      // The visitor leaves; Zappy recovers while nobody is on the site
      // (a page closing sends what waits with keepalive, and never hears back).
      const gone = oneEvent(frame, 'load');
      frame.src = 'about:blank';
      await gone;
      await clearFault(accountHash);
      // The later page also shows a plain form for the same business, first: the form with conversions still hears of it.
      win = await open('&plain-first');
      await waitUntil(() => win.zappyEvents.some((e) => e.type === 'zappy-lead-sent'), 'not delivered on the next visit', { timeout: 8000 });
      expect(win.dataLayer).to.deep.equal([{ event: 'generate_lead', lead_id: id, form_id: 'f1' }]);

      // A third visit: the lead is long delivered, nothing fires again.
      win = await open();
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(win.dataLayer ?? []).to.have.length(0);
    } finally {
      frame.remove();
      await clearFault(accountHash);
    }
  });

});
