// The campaign landing page of the demo: a stand-in for Google Analytics'
// dataLayer and the Meta Pixel's fbq that lists what they receive, and the
// form's events (textContent only: details hold what a visitor typed).
import '../src/define.js';
import type { ZappyLeadForm } from '../src/zappy-lead-form.js';

type AnalyticsPage = Window & { dataLayer: unknown[]; fbq: (...args: unknown[]) => void };
const page = window as unknown as AnalyticsPage;

function logTo(list: string, title: string, detail: unknown): void {
  const item = document.createElement('li');
  const heading = document.createElement('strong');
  heading.textContent = `${new Date().toLocaleTimeString()} ${title}`;
  const body = document.createElement('pre');
  body.textContent = JSON.stringify(detail, null, 2);
  item.append(heading, body);
  document.querySelector(list)!.prepend(item);
}

page.dataLayer = [];
const push = page.dataLayer.push.bind(page.dataLayer);
page.dataLayer.push = (...entries: unknown[]) => {
  for (const entry of entries) logTo('#analytics-log', 'dataLayer.push', entry);
  return push(...entries);
};
page.fbq = (...args: unknown[]) => logTo('#analytics-log', 'fbq', args);

for (const type of ['zappy-lead-submit', 'zappy-lead-sent', 'zappy-lead-queued', 'zappy-lead-refused', 'zappy-lead-open', 'zappy-lead-close']) {
  document.addEventListener(type, (event) => logTo('#event-log', type, (event as CustomEvent).detail));
}

const form = document.querySelector<ZappyLeadForm>('#campaign-form')!;
document.querySelector('#page-button')!.addEventListener('click', () => void form.open());
