// The "Respostas a Formulários" report of the local createLead stand-in: what
// arrived for one account, its lead-management fields (editable), the request
// log, and the fault toggles. Plain DOM: every value shown came from a form on
// some page, so it is written with textContent and never parsed as HTML.
import { LEAD_KEYS, type Lead } from '../src/lead/schema.js';
import type { FaultMode, FaultToggle, LeadRecord, LeadRecordPatch, LeadStatus, RequestLogEntry } from './stand-in/stand-in.js';

const DEFAULT_ACCOUNT = 'demo-hash';
const REFRESH_MS = 3_000;
const REQUESTS_SHOWN = 25;

/** The report's column labels: the default UI labels of the contract. */
const FIELD_LABELS: Record<keyof Lead, string> = {
  form_id: 'Formulário',
  campaign_name: 'Campanha',
  client_name: 'Nome do cliente',
  client_email: 'Email',
  client_mobile: 'Telemóvel',
  client_source: 'Origem',
  client_segment: 'Segmento',
  client_ref: 'Referência',
  client_vat: 'NIF',
  client_cc: 'N.º Cartão de Cidadão',
  client_birth_day: 'Dia de aniversário',
  client_birth_month: 'Mês de aniversário',
  client_birth_year: 'Ano de aniversário',
  client_street: 'Rua',
  client_zipcode: 'Código Postal',
  client_city: 'Localidade',
  custom_1: 'Campo personalizado 1',
  custom_2: 'Campo personalizado 2',
};

// Not imported from the stand-in at run time: it is Node code. `satisfies`
// keeps this list in step with its type.
const STATUSES = Object.keys({
  Novo: 0,
  'Em contacto': 0,
  Convertido: 0,
  Perdido: 0,
} satisfies Record<LeadStatus, 0>) as LeadStatus[];

const FAULT_LABELS: Record<FaultMode, string> = {
  '500': 'erro 500',
  '503': '503 com Retry-After',
  '429': '429 com Retry-After',
  '400': '400',
  hang: 'sem resposta',
  reset: 'ligação cortada',
  slow: 'resposta lenta',
};

const OUTCOME_LABELS: Record<RequestLogEntry['outcome'], string> = {
  answered: 'Respondido',
  hanging: 'Pendurado, à espera que o cliente desista',
  aborted: 'Abandonado pelo cliente',
  reset: 'Ligação cortada',
};

const dateTime = new Intl.DateTimeFormat('pt-PT', { dateStyle: 'short', timeStyle: 'medium' });

function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} is missing from report.html`);
  return element as T;
}

const ui = {
  accountForm: byId<HTMLFormElement>('account-form'),
  accountHash: byId<HTMLInputElement>('account-hash'),
  autoRefresh: byId<HTMLInputElement>('auto-refresh'),
  refreshNow: byId<HTMLButtonElement>('refresh-now'),
  clearAccount: byId<HTMLButtonElement>('clear-account'),
  faultForm: byId<HTMLFormElement>('fault-form'),
  faultMode: byId<HTMLSelectElement>('fault-mode'),
  faultCount: byId<HTMLInputElement>('fault-count'),
  faultGlobal: byId<HTMLInputElement>('fault-global'),
  status: byId<HTMLParagraphElement>('status'),
  faultState: byId<HTMLParagraphElement>('fault-state'),
  leadsCaption: byId<HTMLTableCaptionElement>('leads-caption'),
  leadsBody: byId<HTMLTableSectionElement>('leads-body'),
  leadsEmpty: byId<HTMLParagraphElement>('leads-empty'),
  requestsCaption: byId<HTMLTableCaptionElement>('requests-caption'),
  requestsBody: byId<HTMLTableSectionElement>('requests-body'),
};

let account = new URLSearchParams(location.search).get('accountHash')?.trim() || DEFAULT_ACCOUNT;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (text !== undefined) element.textContent = text;
  return element;
}

function announce(message: string): void {
  ui.status.textContent = message;
}

function formatTime(iso: string): HTMLTimeElement {
  const time = el('time', dateTime.format(new Date(iso)));
  time.dateTime = iso;
  return time;
}

const show = (value: string | number | undefined) => (value === undefined ? '—' : String(value));

const accountQuery = (hash: string) => `accountHash=${encodeURIComponent(hash)}`;

async function getJson<T>(url: string, signal: AbortSignal): Promise<T> {
  const res = await fetch(url, { signal, cache: 'no-store' });
  if (!res.ok) throw new Error(`${url}: ${res.status}`);
  return (await res.json()) as T;
}

async function sendJson(method: string, url: string, body: unknown): Promise<Response> {
  return fetch(url, { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
}

// ---- Leads table -----------------------------------------------------------

interface LeadRow {
  tr: HTMLTableRowElement;
  /** The row under `tr` with every field of the lead, shown on demand. */
  detailRow: HTMLTableRowElement;
  toggle: HTMLButtonElement;
  name: HTMLTableCellElement;
  texts: Record<'email' | 'mobile' | 'source' | 'form' | 'campaign', HTMLTableCellElement>;
  status: HTMLSelectElement;
  nextStep: HTMLInputElement;
  nextStepDate: HTMLInputElement;
  fields: HTMLDListElement;
  /** PATCHes in flight: until they settle, a refresh must not overwrite the controls. */
  saving: number;
}

// Rows are kept and updated in place, keyed by record id, so the auto-refresh
// neither steals focus from a control being edited nor closes an open row.
const leadRows = new Map<string, LeadRow>();

async function saveCrm(id: string, row: LeadRow, patch: LeadRecordPatch, what: string): Promise<void> {
  const who = row.name.textContent ?? '';
  row.saving += 1;
  try {
    const res = await sendJson('PATCH', `/__zappy/leads/${encodeURIComponent(id)}`, patch);
    announce(res.ok ? `Guardado: ${what} de ${who}.` : `Não foi possível guardar ${what} de ${who} (${res.status}).`);
  } catch {
    announce(`Não foi possível guardar ${what} de ${who}: o servidor não respondeu.`);
  } finally {
    row.saving -= 1;
  }
}

function createLeadRow(id: string): LeadRow {
  const tr = el('tr');
  const received = el('td');
  const name = el('th');
  name.scope = 'row';
  name.id = `name-${id}`;
  const texts = {
    email: el('td'),
    mobile: el('td'),
    source: el('td'),
    form: el('td'),
    campaign: el('td'),
  };

  const status = el('select');
  for (const value of STATUSES) status.append(new Option(value, value));
  const nextStep = el('input');
  nextStep.type = 'text';
  nextStep.maxLength = 500;
  const nextStepDate = el('input');
  nextStepDate.type = 'date';

  // Eighteen columns would not fit: every field goes in a row of its own under
  // the lead, behind a disclosure button.
  const fields = el('dl');
  fields.className = 'fields';
  const detailRow = el('tr');
  detailRow.className = 'detail';
  detailRow.hidden = true;
  const detailCell = el('td');
  detailCell.colSpan = 11;
  detailCell.id = `fields-${id}`;
  detailCell.append(fields);
  detailRow.append(detailCell);
  const toggle = el('button', 'Ver');
  toggle.type = 'button';
  toggle.id = `toggle-${id}`;
  // Named "Ver <client name>": the visible word first (WCAG 2.5.3), then whose.
  toggle.setAttribute('aria-labelledby', `${toggle.id} ${name.id}`);
  toggle.setAttribute('aria-expanded', 'false');
  toggle.setAttribute('aria-controls', detailCell.id);
  toggle.addEventListener('click', () => {
    detailRow.hidden = !detailRow.hidden;
    toggle.setAttribute('aria-expanded', String(!detailRow.hidden));
    toggle.textContent = detailRow.hidden ? 'Ver' : 'Esconder';
  });

  const cell = (child: Node) => {
    const td = el('td');
    td.append(child);
    return td;
  };
  tr.dataset['id'] = id;
  tr.append(
    received,
    name,
    texts.email,
    texts.mobile,
    texts.source,
    texts.form,
    texts.campaign,
    cell(status),
    cell(nextStep),
    cell(nextStepDate),
    cell(toggle),
  );

  const row: LeadRow = { tr, detailRow, toggle, name, texts, status, nextStep, nextStepDate, fields, saving: 0 };
  status.addEventListener('change', () => void saveCrm(id, row, { status: status.value as LeadStatus }, 'o estado'));
  nextStep.addEventListener('change', () => void saveCrm(id, row, { nextStep: nextStep.value.trim() }, 'o próximo passo'));
  nextStepDate.addEventListener('change', () =>
    void saveCrm(id, row, { nextStepDate: nextStepDate.value }, 'a data do próximo passo'),
  );
  return row;
}

function updateLeadRow(row: LeadRow, record: LeadRecord): void {
  const { lead } = record;
  const received = row.tr.cells[0]!;
  if (received.firstElementChild?.getAttribute('datetime') !== record.receivedAt) {
    received.replaceChildren(formatTime(record.receivedAt));
  }
  row.name.textContent = lead.client_name;
  row.texts.email.textContent = show(lead.client_email);
  row.texts.mobile.textContent = show(lead.client_mobile);
  row.texts.source.textContent = show(lead.client_source);
  row.texts.form.textContent = show(lead.form_id);
  row.texts.campaign.textContent = show(lead.campaign_name);

  // Accessible names say whose field each control is: the row header alone is
  // not read out when focus lands on a control inside a wide table.
  row.status.setAttribute('aria-label', `Estado de ${lead.client_name}`);
  row.nextStep.setAttribute('aria-label', `Próximo passo de ${lead.client_name}`);
  row.nextStepDate.setAttribute('aria-label', `Data do próximo passo de ${lead.client_name}`);
  if (row.saving === 0) {
    for (const [control, value] of [
      [row.status, record.status],
      [row.nextStep, record.nextStep],
      [row.nextStepDate, record.nextStepDate],
    ] as const) {
      if (document.activeElement !== control && control.value !== value) control.value = value;
    }
  }

  const items: HTMLElement[] = [];
  for (const key of LEAD_KEYS) items.push(el('dt', FIELD_LABELS[key]), el('dd', show(lead[key])));
  items.push(el('dt', 'Identificador'), el('dd', record.id));
  const text = items.map((item) => item.textContent).join('\n');
  if (row.fields.dataset['text'] !== text) {
    row.fields.replaceChildren(...items);
    row.fields.dataset['text'] = text;
  }
}

function renderLeads(records: LeadRecord[]): void {
  const newestFirst = [...records].reverse();
  const seen = new Set<string>();
  newestFirst.forEach((record, index) => {
    seen.add(record.id);
    let row = leadRows.get(record.id);
    if (!row) {
      row = createLeadRow(record.id);
      leadRows.set(record.id, row);
    }
    updateLeadRow(row, record);
    // Only move a row that is out of place: moving the row that holds the
    // focused control would blur it. Each lead takes two rows.
    const atIndex = ui.leadsBody.rows[index * 2] ?? null;
    if (atIndex !== row.tr) ui.leadsBody.insertBefore(row.tr, atIndex);
    if (row.tr.nextElementSibling !== row.detailRow) row.tr.after(row.detailRow);
  });
  for (const [id, row] of leadRows) {
    if (!seen.has(id)) {
      row.tr.remove();
      row.detailRow.remove();
      leadRows.delete(id);
    }
  }
  const count = records.length;
  ui.leadsCaption.textContent = `Respostas recebidas para a conta ${account}: ${count} ${count === 1 ? 'contacto' : 'contactos'}, os mais recentes primeiro`;
  ui.leadsEmpty.hidden = count > 0;
}

// ---- Request log -------------------------------------------------------------

interface RequestRow {
  tr: HTMLTableRowElement;
  status: HTMLTableCellElement;
  outcome: HTMLTableCellElement;
}

const requestRows = new Map<number, RequestRow>();

function createRequestRow(entry: RequestLogEntry): RequestRow {
  const tr = el('tr');
  const received = el('td');
  received.append(formatTime(entry.receivedAt));
  const status = el('td');
  const fault = el('td', entry.fault ? FAULT_LABELS[entry.fault] : '—');
  const outcome = el('td');
  const body = el('td');
  if (entry.body === null) {
    body.textContent = `${entry.bodyBytes} bytes, não guardado (demasiado grande ou não UTF-8)`;
  } else {
    const details = el('details');
    const summary = el('summary', `${entry.bodyBytes} bytes`);
    const pre = el('pre', entry.body);
    pre.className = 'body';
    details.append(summary, pre);
    body.append(details);
  }
  tr.append(received, status, fault, outcome, body);
  return { tr, status, outcome };
}

function renderRequests(entries: RequestLogEntry[]): void {
  const shown = entries.slice(-REQUESTS_SHOWN).reverse();
  const seen = new Set<number>();
  shown.forEach((entry, index) => {
    seen.add(entry.seq);
    let row = requestRows.get(entry.seq);
    if (!row) {
      row = createRequestRow(entry);
      requestRows.set(entry.seq, row);
    }
    // An entry changes after the fact: a hung request becomes `aborted`.
    row.status.textContent =
      entry.status === null ? '—' : `${entry.status}${entry.duplicate ? ' (duplicado, absorvido)' : ''}`;
    row.outcome.textContent = OUTCOME_LABELS[entry.outcome];
    const atIndex = ui.requestsBody.rows[index] ?? null;
    if (atIndex !== row.tr) ui.requestsBody.insertBefore(row.tr, atIndex);
  });
  for (const [seq, row] of requestRows) {
    if (!seen.has(seq)) {
      row.tr.remove();
      requestRows.delete(seq);
    }
  }
  ui.requestsCaption.textContent = `Últimos pedidos a createLead da conta ${account} (${shown.length} de ${entries.length}), os mais recentes primeiro`;
}

// ---- Faults ----------------------------------------------------------------------

function describeToggle(toggle: FaultToggle): string {
  const label = FAULT_LABELS[toggle.mode];
  if (toggle.remaining === null) return `${label}, até ser desligada`;
  return `${label}, ${toggle.remaining === 1 ? 'no próximo pedido' : `nos próximos ${toggle.remaining} pedidos`}`;
}

function renderFaults(state: { global: FaultToggle | null; account: FaultToggle | null }): void {
  const parts: string[] = [];
  if (state.account) parts.push(`Falha ativa nesta conta: ${describeToggle(state.account)}.`);
  if (state.global) parts.push(`Falha ativa em todas as contas: ${describeToggle(state.global)}.`);
  const text = parts.length > 0 ? parts.join(' ') : 'Sem falhas simuladas.';
  if (ui.faultState.textContent !== text) ui.faultState.textContent = text;
}

async function applyFault(event: SubmitEvent): Promise<void> {
  event.preventDefault();
  const count = ui.faultCount.value === '' ? undefined : Number(ui.faultCount.value);
  if (count !== undefined && !(Number.isInteger(count) && count > 0)) {
    announce('O número de pedidos tem de ser um inteiro positivo, ou ficar vazio (até desligar).');
    ui.faultCount.focus();
    return;
  }
  const body = {
    mode: ui.faultMode.value,
    ...(count === undefined ? {} : { count }),
    ...(ui.faultGlobal.checked ? {} : { accountHash: account }),
  };
  try {
    const res = await sendJson('POST', '/__zappy/faults', body);
    announce(res.ok ? 'Simulação de falhas atualizada.' : `A simulação de falhas foi recusada (${res.status}).`);
  } catch {
    announce('Não foi possível contactar o stand-in.');
  }
  await refresh();
}

// ---- Refresh loop --------------------------------------------------------------

let inFlight: AbortController | undefined;

async function refresh(): Promise<void> {
  // A newer refresh (or a change of account) makes the older answer stale.
  inFlight?.abort();
  const controller = new AbortController();
  inFlight = controller;
  const query = accountQuery(account);
  try {
    const [{ leads }, { requests }, faults] = await Promise.all([
      getJson<{ leads: LeadRecord[] }>(`/__zappy/leads?${query}`, controller.signal),
      getJson<{ requests: RequestLogEntry[] }>(`/__zappy/requests?${query}`, controller.signal),
      getJson<{ global: FaultToggle | null; account: FaultToggle | null }>(`/__zappy/faults?${query}`, controller.signal),
    ]);
    if (controller.signal.aborted) return;
    renderLeads(leads);
    renderRequests(requests);
    renderFaults(faults);
    if (ui.status.dataset['offline']) {
      delete ui.status.dataset['offline'];
      announce('');
    }
  } catch (error) {
    if (controller.signal.aborted) return;
    ui.status.dataset['offline'] = 'true';
    announce(
      error instanceof TypeError
        ? 'Não foi possível contactar o stand-in: o servidor de desenvolvimento (npm start) está a correr?'
        : 'O stand-in respondeu com um erro ao atualizar o relatório.',
    );
  }
}

function selectAccount(event: SubmitEvent): void {
  event.preventDefault();
  const next = ui.accountHash.value.trim();
  if (!next) return;
  account = next;
  const url = new URL(location.href);
  url.searchParams.set('accountHash', account);
  history.replaceState(null, '', url);
  for (const row of leadRows.values()) {
    row.tr.remove();
    row.detailRow.remove();
  }
  leadRows.clear();
  for (const row of requestRows.values()) row.tr.remove();
  requestRows.clear();
  void refresh();
}

async function clearAccount(): Promise<void> {
  if (!confirm(`Apagar todas as respostas, pedidos e falhas da conta ${account}?`)) return;
  try {
    const res = await fetch(`/__zappy/leads?${accountQuery(account)}`, { method: 'DELETE' });
    announce(res.ok ? `Dados da conta ${account} apagados.` : `Não foi possível apagar (${res.status}).`);
  } catch {
    announce('Não foi possível contactar o stand-in.');
  }
  await refresh();
}

ui.accountHash.value = account;
ui.accountForm.addEventListener('submit', selectAccount);
ui.faultForm.addEventListener('submit', (event) => void applyFault(event));
ui.refreshNow.addEventListener('click', () => void refresh());
ui.clearAccount.addEventListener('click', () => void clearAccount());
ui.autoRefresh.addEventListener('change', () => {
  if (ui.autoRefresh.checked) void refresh();
});
setInterval(() => {
  if (ui.autoRefresh.checked && !document.hidden) void refresh();
}, REFRESH_MS);
void refresh();
