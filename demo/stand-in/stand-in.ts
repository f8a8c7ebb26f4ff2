import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkLead } from '../../src/lead/check-lead.js';
import type { Lead, LeadIssue } from '../../src/lead/schema.js';

/** Path of Zappy's createLead endpoint (`../../../shared/reference/createLead.md`). */
export const CREATE_LEAD_PATH = '/4/clientes/createLead';

/** Prefix of the stand-in's own control and read routes; they do not exist at Zappy. */
export const CONTROL_PREFIX = '/__zappy/';

/** Largest request body accepted, in bytes; anything longer is answered 413. */
export const MAX_BODY_BYTES = 64 * 1024;

// Between the two limits the excess is read and discarded so the client gets a
// clean 413 (answering in the middle of an upload makes browsers report a
// network error). Past this one the stand-in stops reading, which drops the
// connection: nobody sends a megabyte to createLead by accident.
const HARD_BODY_BYTES = 1024 * 1024;

// Memory stays bounded however long the demo server runs: the oldest entries go first.
const MAX_RECORDS_PER_ACCOUNT = 5_000;
const MAX_LOG_PER_ACCOUNT = 2_000;

/** Seconds announced in `Retry-After` by the simulated 503 and 429. */
export const RETRY_AFTER_SECONDS = 2;

/**
 * The lead status ("estado") of Zappy's lead management. A new record is `Novo`.
 */
export const LeadStatus = {
  New: 'Novo',
  Contacted: 'Em contacto',
  Converted: 'Convertido',
  Lost: 'Perdido',
} as const;

/** One of the {@link LeadStatus} values. */
export type LeadStatus = (typeof LeadStatus)[keyof typeof LeadStatus];

/** Every {@link LeadStatus}, in the order of a lead's life. */
export const LEAD_STATUSES: readonly LeadStatus[] = Object.values(LeadStatus);

/**
 * Ways the stand-in can fail a createLead request on purpose:
 * an HTTP status (`503` and `429` add `Retry-After: 2`), `hang` (never
 * answers; the request stays open until the client gives up), `reset` (the
 * connection breaks before any usable response: `fetch` rejects with a network
 * error, and the browser does not silently resend the request) or `slow` (the
 * lead is recorded at once but answered after {@link SLOW_ANSWER_MS}: a client
 * with a shorter timeout never learns it was delivered, and sends it again).
 */
export const FAULT_MODES = ['500', '503', '429', '400', 'hang', 'reset', 'slow'] as const;

/** How long a `slow` fault holds its answer, in milliseconds. */
export const SLOW_ANSWER_MS = 3_000;

/** One of {@link FAULT_MODES}. */
export type FaultMode = (typeof FAULT_MODES)[number];

/** A fault toggle: the mode, and how many more requests it fails (`null`: until cleared). */
export interface FaultToggle {
  mode: FaultMode;
  remaining: number | null;
}

/**
 * A client record created by createLead, as the "Respostas a Formulários" report
 * shows it: every field sent (unknown keys already stripped) plus the three
 * lead-management fields of Zappy's CRM.
 */
export interface LeadRecord {
  id: string;
  accountHash: string;
  /** When the request arrived, ISO 8601. */
  receivedAt: string;
  /** The body as {@link checkLead} normalised it. */
  lead: Lead;
  /** Próximo passo; empty when not set. */
  nextStep: string;
  /** Data do próximo passo, `YYYY-MM-DD`; empty when not set. */
  nextStepDate: string;
  /** Estado. */
  status: LeadStatus;
}

/** The CRM fields that `PATCH /__zappy/leads/:id` may change. */
export type LeadRecordPatch = Partial<Pick<LeadRecord, 'nextStep' | 'nextStepDate' | 'status'>>;

/**
 * What became of a logged createLead request: answered with a status, still
 * hanging, hung until the client gave up (`aborted`), or reset on purpose.
 */
export type RequestOutcome = 'answered' | 'hanging' | 'aborted' | 'reset';

/** One createLead POST as received, kept whatever the answer was. */
export interface RequestLogEntry {
  /** Order of arrival across all accounts, from 1. */
  seq: number;
  /** The `accountHash` query value, or `null` when absent or blank. */
  accountHash: string | null;
  receivedAt: string;
  contentType: string | null;
  /** The raw body text, or `null` when it was too large or not UTF-8. */
  body: string | null;
  bodyBytes: number;
  /** The simulated fault applied, if any. */
  fault: FaultMode | null;
  /** The HTTP status answered, or `null` while hanging, after an abort or a reset. */
  status: number | null;
  outcome: RequestOutcome;
  /** The record created, or the existing one when the lead was a duplicate. */
  recordId?: string;
  duplicate?: boolean;
}

/** The in-memory Zappy returned by {@link createStandIn}. */
export interface StandIn {
  /**
   * Answers `req` when it targets createLead or a `/__zappy/` route and resolves
   * `true`; resolves `false`, without touching `req` or `res`, for any other URL.
   * Never rejects. For a `hang` fault it resolves `true` while `res` stays open.
   */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  /** Records of one account, or of all accounts, oldest first. */
  records(accountHash?: string): LeadRecord[];
  /** The createLead request log of one account, or of all requests, oldest first. */
  requests(accountHash?: string): RequestLogEntry[];
  /** Sets (or, with `mode: 'none'`, clears) the fault toggle of one account, or the global one. */
  setFault(mode: FaultMode | 'none', options?: { count?: number; accountHash?: string }): void;
  /** Forgets the records, request log and fault toggle of one account, or everything. */
  reset(accountHash?: string): void;
  /** Responses currently held open by a `hang` fault. */
  readonly hangingCount: number;
  /**
   * Turns CORS on (the default) or off. Off, createLead answers as an API that
   * does not know browsers: no `Access-Control-*` headers and 405 to the
   * pre-flight, so a page on another origin cannot post (the widget keeps its
   * leads), while the relay, a server, still can.
   */
  setCors(enabled: boolean): void;
  /** Whether createLead answers browsers' CORS requests. */
  readonly cors: boolean;
  /** Destroys the connections held open by `hang` faults (for server shutdown). */
  close(): void;
}

type ErrorList = { errors: LeadIssue[] };

const error = (key: string, code: string): ErrorList => ({ errors: [{ key, code }] });

const isFaultMode = (value: unknown): value is FaultMode =>
  typeof value === 'string' && (FAULT_MODES as readonly string[]).includes(value);

const isLeadStatus = (value: unknown): value is LeadStatus =>
  typeof value === 'string' && (LEAD_STATUSES as readonly string[]).includes(value);

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

// A real hash is whatever Zappy support issued; this only refuses values no
// issuer would produce, so the 403 path can be exercised.
const ACCOUNT_HASH_PATTERN = /^[A-Za-z0-9._~-]{1,128}$/;

const ISO_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

function isCalendarDate(value: string): boolean {
  const match = ISO_DATE_PATTERN.exec(value);
  if (!match) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

// Zappy absorbs a lead whose email or mobile is already on file. Emails compare
// case-insensitively; phones by their digits and leading `+` only.
const emailKey = (email: string | undefined) => email?.trim().toLowerCase() || undefined;
const mobileKey = (mobile: string | undefined) => mobile?.replace(/(?!^\+)[^\d]/g, '') || undefined;

function isDuplicate(a: Lead, b: Lead): boolean {
  const email = emailKey(a.client_email);
  const mobile = mobileKey(a.client_mobile);
  return (
    (email !== undefined && email === emailKey(b.client_email)) ||
    (mobile !== undefined && mobile === mobileKey(b.client_mobile))
  );
}

// Chromium and Gecko silently resend a request, even a POST, when a kept-alive
// (or preconnected) connection is reset before any response byte: they assume
// the server had closed it while idle. A plain reset would then reach the page
// as the resend's answer, and "the next request fails" would not hold. Those
// engines get response bytes they must reject instead: two different
// Content-Length values are an unrecoverable framing error (RFC 9112 §6.3), so
// they close the connection and fetch rejects with a network error, no resend.
// WebKit accepts that response, but it never resends a POST (libsoup sends each
// on a new connection): it gets a TCP reset, as do curl and Node clients.
const RESENDS_AFTER_RESET = /(?:Chrome|Chromium|Firefox)\//;
const BROKEN_RESPONSE = 'HTTP/1.1 502 Bad Gateway\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n';

/** Ends the connection of `req` so that the client's `fetch` rejects with a network error. */
function breakConnection(req: IncomingMessage): void {
  const { socket } = req;
  if (RESENDS_AFTER_RESET.test(req.headers['user-agent'] ?? '')) {
    socket.end(BROKEN_RESPONSE);
    // A client that never closes its side must not hold the socket open.
    setTimeout(() => socket.destroy(), 1_000).unref();
  } else {
    socket.resetAndDestroy();
  }
}

function pushBounded<T>(list: T[], item: T, max: number): void {
  list.push(item);
  if (list.length > max) list.splice(0, list.length - max);
}

function mediaType(req: IncomingMessage): string | null {
  const header = req.headers['content-type'];
  return header ? header.split(';')[0]!.trim().toLowerCase() : null;
}

interface Body {
  bytes: number;
  /** The text, or `null` when over {@link MAX_BODY_BYTES} or not valid UTF-8. */
  text: string | null;
  tooLarge: boolean;
  /** Past the hard limit: the rest was not read, the connection must close. */
  abandoned: boolean;
}

/** Reads the request body; resolves `null` when the client went away mid-upload. */
async function readBody(req: IncomingMessage): Promise<Body | null> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      if (bytes <= MAX_BODY_BYTES) chunks.push(chunk);
      if (bytes > HARD_BODY_BYTES) return { bytes, text: null, tooLarge: true, abandoned: true };
    }
  } catch {
    return null;
  }
  if (bytes > MAX_BODY_BYTES) return { bytes, text: null, tooLarge: true, abandoned: false };
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
    return { bytes, text, tooLarge: false, abandoned: false };
  } catch {
    return { bytes, text: null, tooLarge: false, abandoned: false };
  }
}

// createLead is called from any website, so it is open to every origin (the
// real API's CORS is undocumented; a stand-in that refused would hide nothing).
// `Retry-After` is not a CORS-safelisted response header: without the expose
// header a page on another origin could not read it.
function setCreateLeadCors(res: ServerResponse): void {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Expose-Headers', 'Retry-After');
}

function answerPreflight(req: IncomingMessage, res: ServerResponse): void {
  setCreateLeadCors(res);
  res.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
  res.setHeader('Access-Control-Allow-Headers', req.headers['access-control-request-headers'] ?? 'Content-Type');
  res.setHeader('Access-Control-Max-Age', '600');
  // Chrome's Private Network Access: a public page posting to this local server.
  if (req.headers['access-control-request-private-network'] === 'true') {
    res.setHeader('Access-Control-Allow-Private-Network', 'true');
  }
  res.statusCode = 204;
  res.end();
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.end(text);
}

const FAULT_STATUS = { '500': 500, '503': 503, '429': 429, '400': 400 } as const;

/**
 * Creates an in-memory stand-in of Zappy's createLead endpoint, framework-free:
 * mount {@link StandIn.handle} in any Node `http` server or middleware stack.
 *
 * Routes:
 * - `POST /4/clientes/createLead?accountHash=…[&fault=mode]`: 401 without a hash,
 *   403 for a malformed one, 415 unless `application/json`, 413 over 64 KB,
 *   400 `{ errors: [{ key, code }] }` for bad JSON or a body that breaks the
 *   contract, 200 `{ duplicate: true, id }` when the email or mobile is already
 *   on file for that account, else 201 `{ id }`. `OPTIONS` answers CORS preflight.
 * - `GET|DELETE /__zappy/leads[?accountHash=…]`, `PATCH /__zappy/leads/:id`,
 *   `GET /__zappy/requests[?accountHash=…]`, `GET|POST /__zappy/faults`,
 *   `GET|POST /__zappy/cors` (`{ "enabled": false }`: see {@link StandIn.setCors}).
 *
 * Faults come from the `fault` query flag first, then the account's toggle, then
 * the global toggle; a toggle with a count fails that many requests and clears.
 * Nothing is ever written to the console: hashes and bodies are private data.
 *
 * @example
 * const standIn = createStandIn();
 * http.createServer(async (req, res) => {
 *   if (!(await standIn.handle(req, res))) res.writeHead(404).end();
 * });
 */
export function createStandIn(): StandIn {
  const recordsByAccount = new Map<string, LeadRecord[]>();
  const logByAccount = new Map<string | null, RequestLogEntry[]>();
  const faultByAccount = new Map<string, FaultToggle>();
  let globalFault: FaultToggle | null = null;
  let seq = 0;
  let cors = true;
  const hanging = new Set<ServerResponse>();

  const allRecords = () =>
    [...recordsByAccount.values()].flat().sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));

  function records(accountHash?: string): LeadRecord[] {
    if (accountHash === undefined) return allRecords();
    return [...(recordsByAccount.get(accountHash) ?? [])];
  }

  function requests(accountHash?: string): RequestLogEntry[] {
    if (accountHash === undefined) return [...logByAccount.values()].flat().sort((a, b) => a.seq - b.seq);
    return [...(logByAccount.get(accountHash) ?? [])];
  }

  function setFault(mode: FaultMode | 'none', options: { count?: number; accountHash?: string } = {}): void {
    const toggle = mode === 'none' ? null : { mode, remaining: options.count ?? null };
    if (options.accountHash === undefined) globalFault = toggle;
    else if (toggle) faultByAccount.set(options.accountHash, toggle);
    else faultByAccount.delete(options.accountHash);
  }

  function reset(accountHash?: string): void {
    if (accountHash === undefined) {
      recordsByAccount.clear();
      logByAccount.clear();
      faultByAccount.clear();
      globalFault = null;
      cors = true;
      return;
    }
    recordsByAccount.delete(accountHash);
    logByAccount.delete(accountHash);
    faultByAccount.delete(accountHash);
  }

  /** Takes one use of the toggle that applies to `accountHash`, if any. */
  function consumeToggle(accountHash: string | null): FaultMode | null {
    const own = accountHash === null ? undefined : faultByAccount.get(accountHash);
    const toggle = own ?? globalFault;
    if (!toggle) return null;
    if (toggle.remaining !== null) {
      toggle.remaining -= 1;
      if (toggle.remaining <= 0) {
        if (own) faultByAccount.delete(accountHash!);
        else globalFault = null;
      }
    }
    return toggle.mode;
  }

  function log(entry: RequestLogEntry): void {
    const list = logByAccount.get(entry.accountHash) ?? [];
    logByAccount.set(entry.accountHash, list);
    pushBounded(list, entry, MAX_LOG_PER_ACCOUNT);
  }

  function applyFault(mode: Exclude<FaultMode, 'slow'>, req: IncomingMessage, res: ServerResponse, entry: RequestLogEntry): void {
    if (mode === 'hang') {
      // Hold the response open; when the client aborts (or the server shuts
      // down) the socket closes and the response is let go.
      entry.outcome = 'hanging';
      hanging.add(res);
      res.once('close', () => {
        hanging.delete(res);
        if (entry.outcome === 'hanging') entry.outcome = 'aborted';
      });
      return;
    }
    if (mode === 'reset') {
      entry.outcome = 'reset';
      breakConnection(req);
      return;
    }
    const status = FAULT_STATUS[mode];
    const retryAfter: Record<string, string> =
      status === 503 || status === 429 ? { 'Retry-After': String(RETRY_AFTER_SECONDS) } : {};
    entry.status = status;
    sendJson(res, status, error(status === 400 ? '(body)' : '(server)', `simulated_${mode}`), retryAfter);
  }

  async function handleCreateLead(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (req.method === 'OPTIONS') {
      if (cors) return answerPreflight(req, res);
      return sendJson(res, 405, error('(method)', 'method_not_allowed'), { Allow: 'POST' });
    }
    if (cors) setCreateLeadCors(res);
    if (req.method !== 'POST') {
      return sendJson(res, 405, error('(method)', 'method_not_allowed'), { Allow: 'POST, OPTIONS' });
    }

    const body = await readBody(req);
    if (body === null) return; // The client went away mid-upload; nobody to answer.

    const accountHash = url.searchParams.get('accountHash')?.trim() || null;
    const entry: RequestLogEntry = {
      seq: ++seq,
      accountHash,
      receivedAt: new Date().toISOString(),
      contentType: req.headers['content-type'] ?? null,
      body: body.text,
      bodyBytes: body.bytes,
      fault: null,
      status: null,
      outcome: 'answered',
    };
    log(entry);
    let delayMs = 0;
    const answer = (status: number, payload: unknown, headers?: Record<string, string>) => {
      entry.status = status;
      if (delayMs === 0) return sendJson(res, status, payload, headers);
      entry.outcome = 'hanging';
      const timer = setTimeout(() => {
        entry.outcome = 'answered';
        sendJson(res, status, payload, headers);
      }, delayMs);
      res.once('close', () => {
        clearTimeout(timer);
        if (entry.outcome === 'hanging') entry.outcome = 'aborted';
      });
    };

    const flag = url.searchParams.get('fault');
    if (flag !== null && !isFaultMode(flag)) return answer(400, error('fault', 'invalid_value'));
    const fault = flag ?? consumeToggle(accountHash);
    if (fault === 'slow') {
      // Processed (and recorded) as usual; only the answer is late.
      entry.fault = fault;
      delayMs = SLOW_ANSWER_MS;
    } else if (fault) {
      entry.fault = fault;
      return applyFault(fault, req, res, entry);
    }

    if (accountHash === null) return answer(401, error('accountHash', 'required'));
    if (!ACCOUNT_HASH_PATTERN.test(accountHash)) return answer(403, error('accountHash', 'invalid'));
    if (body.tooLarge) {
      return answer(413, error('(body)', 'too_big'), body.abandoned ? { Connection: 'close' } : {});
    }
    if (mediaType(req) !== 'application/json') return answer(415, error('(body)', 'unsupported_media_type'));
    if (body.text === null) return answer(400, error('(body)', 'invalid_encoding'));

    let json: unknown;
    try {
      json = JSON.parse(body.text);
    } catch {
      return answer(400, error('(body)', 'invalid_json'));
    }
    // The same checks as the widget and the relay (the article documents an
    // email format, a phone...): `not-an-email` is refused here too.
    const parsed = checkLead(json, { postalCodes: 'any' });
    if (!parsed.ok) return answer(400, { errors: parsed.issues });

    const list = recordsByAccount.get(accountHash) ?? [];
    recordsByAccount.set(accountHash, list);
    const existing = list.find((record) => isDuplicate(parsed.lead, record.lead));
    if (existing) {
      entry.recordId = existing.id;
      entry.duplicate = true;
      return answer(200, { duplicate: true, id: existing.id });
    }
    const record: LeadRecord = {
      id: randomUUID(),
      accountHash,
      receivedAt: entry.receivedAt,
      lead: parsed.lead,
      nextStep: '',
      nextStepDate: '',
      status: LeadStatus.New,
    };
    pushBounded(list, record, MAX_RECORDS_PER_ACCOUNT);
    entry.recordId = record.id;
    return answer(201, { id: record.id });
  }

  /** Reads a JSON object body of a control route, or answers the error itself. */
  async function readControlJson(req: IncomingMessage, res: ServerResponse): Promise<Record<string, unknown> | null> {
    const body = await readBody(req);
    if (body === null) return null;
    if (body.tooLarge) {
      sendJson(res, 413, error('(body)', 'too_big'), body.abandoned ? { Connection: 'close' } : {});
      return null;
    }
    let json: unknown;
    try {
      json = JSON.parse(body.text ?? '');
    } catch {
      sendJson(res, 400, error('(body)', 'invalid_json'));
      return null;
    }
    if (!isPlainObject(json)) {
      sendJson(res, 400, error('(body)', 'invalid_type'));
      return null;
    }
    return json;
  }

  function patchIssues(patch: Record<string, unknown>): LeadIssue[] {
    const issues: LeadIssue[] = [];
    for (const [key, value] of Object.entries(patch)) {
      if (key === 'status') {
        if (!isLeadStatus(value)) issues.push({ key, code: 'invalid_value' });
      } else if (key === 'nextStep') {
        if (typeof value !== 'string') issues.push({ key, code: 'invalid_type' });
        else if (value.length > 500) issues.push({ key, code: 'too_big' });
      } else if (key === 'nextStepDate') {
        if (typeof value !== 'string') issues.push({ key, code: 'invalid_type' });
        else if (value !== '' && !isCalendarDate(value)) issues.push({ key, code: 'invalid_format' });
      } else {
        issues.push({ key, code: 'unrecognized_keys' });
      }
    }
    return issues;
  }

  async function handleControl(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const route = url.pathname.slice(CONTROL_PREFIX.length);
    const accountHash = url.searchParams.get('accountHash') ?? undefined;
    const notAllowed = (allow: string) => sendJson(res, 405, error('(method)', 'method_not_allowed'), { Allow: allow });

    if (route === 'leads') {
      if (req.method === 'GET') return sendJson(res, 200, { leads: records(accountHash) });
      if (req.method === 'DELETE') {
        const deleted = records(accountHash).length;
        reset(accountHash);
        return sendJson(res, 200, { deleted });
      }
      return notAllowed('GET, DELETE');
    }

    if (route.startsWith('leads/')) {
      if (req.method !== 'PATCH') return notAllowed('PATCH');
      let id: string;
      try {
        id = decodeURIComponent(route.slice('leads/'.length));
      } catch {
        return sendJson(res, 404, error('id', 'not_found'));
      }
      const record = allRecords().find((r) => r.id === id);
      const patch = await readControlJson(req, res);
      if (patch === null) return;
      if (!record) return sendJson(res, 404, error('id', 'not_found'));
      const issues = patchIssues(patch);
      if (issues.length > 0) return sendJson(res, 400, { errors: issues });
      Object.assign(record, patch as LeadRecordPatch);
      return sendJson(res, 200, record);
    }

    if (route === 'cors') {
      if (req.method === 'GET') return sendJson(res, 200, { enabled: cors });
      if (req.method !== 'POST') return notAllowed('GET, POST');
      const body = await readControlJson(req, res);
      if (body === null) return;
      if (typeof body['enabled'] !== 'boolean') return sendJson(res, 400, { errors: [{ key: 'enabled', code: 'invalid_type' }] });
      cors = body['enabled'];
      return sendJson(res, 200, { enabled: cors });
    }

    if (route === 'requests') {
      if (req.method !== 'GET') return notAllowed('GET');
      return sendJson(res, 200, { requests: requests(accountHash) });
    }

    if (route === 'faults') {
      const state = (account: string | undefined) =>
        account === undefined
          ? { global: globalFault, accounts: Object.fromEntries(faultByAccount) }
          : { global: globalFault, account: faultByAccount.get(account) ?? null };
      if (req.method === 'GET') return sendJson(res, 200, state(accountHash));
      if (req.method !== 'POST') return notAllowed('GET, POST');
      const body = await readControlJson(req, res);
      if (body === null) return;
      const { mode, count } = body;
      const target = typeof body['accountHash'] === 'string' ? body['accountHash'] : accountHash;
      const issues: LeadIssue[] = [];
      if (mode !== 'none' && !isFaultMode(mode)) issues.push({ key: 'mode', code: 'invalid_value' });
      if (count !== undefined && count !== null && !(Number.isInteger(count) && (count as number) > 0)) {
        issues.push({ key: 'count', code: 'invalid_value' });
      }
      if (issues.length > 0) return sendJson(res, 400, { errors: issues });
      setFault(mode as FaultMode | 'none', {
        ...(typeof count === 'number' ? { count } : {}),
        ...(target !== undefined ? { accountHash: target } : {}),
      });
      return sendJson(res, 200, state(target));
    }

    return sendJson(res, 404, error('(route)', 'not_found'));
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://stand-in.invalid');
    } catch {
      return false;
    }
    const isCreateLead = url.pathname === CREATE_LEAD_PATH;
    if (!isCreateLead && !url.pathname.startsWith(CONTROL_PREFIX)) return false;
    try {
      if (isCreateLead) await handleCreateLead(req, res, url);
      else await handleControl(req, res, url);
    } catch {
      // A bug in the stand-in must not take the dev server down with it.
      if (!res.headersSent) sendJson(res, 500, error('(server)', 'stand_in_error'));
      else res.destroy();
    }
    return true;
  }

  return {
    handle,
    records,
    requests,
    setFault,
    reset,
    get hangingCount() {
      return hanging.size;
    },
    setCors(enabled: boolean) {
      cors = enabled;
    },
    get cors() {
      return cors;
    },
    close() {
      for (const res of hanging) res.destroy();
      hanging.clear();
    },
  };
}
