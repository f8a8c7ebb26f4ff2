// The demo page: registers the element and logs its events, as an analytics
// integration would (see README, "Events").
import '../src/define.js';

const EVENTS = ['zappy-lead-submit', 'zappy-lead-sent', 'zappy-lead-queued', 'zappy-lead-refused', 'zappy-lead-invalid'];
const log = document.querySelector<HTMLOListElement>('#event-log')!;

for (const type of EVENTS) {
  document.addEventListener(type, (event) => {
    const form = (event.target as HTMLElement).getAttribute('form-id') ?? '?';
    const item = document.createElement('li');
    const title = document.createElement('strong');
    title.textContent = `${new Date().toLocaleTimeString()} ${type} (${form})`;
    const detail = document.createElement('pre');
    // textContent, never innerHTML: the detail holds what a visitor typed.
    detail.textContent = JSON.stringify((event as CustomEvent).detail, null, 2);
    item.append(title, detail);
    log.prepend(item);
  });
}
