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

// "Zappy on another origin" (demo/relay/vite-plugin.ts): the direct form posts
// there, and the checkbox switches its CORS on and off.
const corsBox = document.querySelector<HTMLInputElement>('#zappy-cors')!;
const corsStatus = document.querySelector<HTMLElement>('#zappy-cors-status')!;

async function setUpZappy(): Promise<void> {
  const { zappyEndpoint } = (await (await fetch('/__demo/zappy')).json()) as { zappyEndpoint: string };
  document.querySelector('#direct-form')!.setAttribute('endpoint', zappyEndpoint);
  document.querySelector('#zappy-origin')!.textContent = new URL(zappyEndpoint).origin;
  corsBox.checked = ((await (await fetch('/__zappy/cors')).json()) as { enabled: boolean }).enabled;
}

corsBox.addEventListener('change', async () => {
  const res = await fetch('/__zappy/cors', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ enabled: corsBox.checked }),
  });
  const { enabled } = (await res.json()) as { enabled: boolean };
  corsStatus.textContent = enabled ? 'CORS on: both forms deliver.' : 'CORS off: only the relay delivers.';
});

setUpZappy().catch(() => {
  corsStatus.textContent = 'The demo server is not running the stand-in (npm start runs it).';
});
