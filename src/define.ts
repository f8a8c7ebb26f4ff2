import { ZappyLeadForm } from './zappy-lead-form.js';

// Guarded: a page that loads the script twice (a CMS plugin plus a snippet)
// must not throw "already defined".
if (!customElements.get('zappy-lead-form')) {
  customElements.define('zappy-lead-form', ZappyLeadForm);
}

export { ZappyLeadForm };
export type * from './index.js';
