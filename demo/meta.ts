// demo/meta.html: plays Meta through the dev server (demo/relay/meta-player.ts),
// which signs the notification and posts it to the relay's /api/meta.

const form = document.querySelector<HTMLFormElement>('#meta-lead')!;
const retry = document.querySelector<HTMLButtonElement>('#meta-retry')!;
const outcomes = document.querySelector<HTMLOListElement>('#meta-outcomes')!;
let lastLeadgenId: string | undefined;

const ANSWER_NAMES = ['full_name', 'email', 'phone_number', 'date_of_birth', 'city', 'servico_pretendido'];

async function play(request: { platform?: string; answers?: Record<string, string>; resend?: string }, label: string): Promise<void> {
  const item = document.createElement('li');
  try {
    const response = await fetch('/__demo/meta', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(request) });
    const { leadgenId, status, body } = (await response.json()) as { leadgenId: string; status: number; body: string };
    lastLeadgenId = leadgenId;
    retry.disabled = false;
    // textContent, never innerHTML: the body is the relay's, the answers the page's.
    item.textContent = `${new Date().toLocaleTimeString()} ${label} leadgen_id ${leadgenId}: ${status} ${body}`;
  } catch {
    item.textContent = 'The demo server is not playing Meta (npm start runs it).';
  }
  outcomes.prepend(item);
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const data = new FormData(form);
  const answers = Object.fromEntries(ANSWER_NAMES.map((name) => [name, String(data.get(name) ?? '')]));
  const platform = String(data.get('platform'));
  void play({ platform, answers }, platform === 'ig' ? 'Instagram lead,' : 'Facebook lead,');
});

retry.addEventListener('click', () => {
  if (lastLeadgenId) void play({ resend: lastLeadgenId }, 'Meta retry,');
});
