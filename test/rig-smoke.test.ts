import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';

describe('test rig', () => {
  it('types into an input in a real browser', async () => {
    const el = await fixture<HTMLInputElement>(html`<input aria-label="x" />`);
    el.focus();
    await sendKeys({ type: 'olá' });
    expect(el.value).to.equal('olá');
  });
});
