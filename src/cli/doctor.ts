import { DEFAULT_ENDPOINT } from '../lead/send-lead.js';
import { ExitCode, fail } from './exit.js';

/** Milliseconds each request of the doctor may take before it is reported as a timeout. */
export const DEFAULT_DOCTOR_TIMEOUT_MS = 5_000;

/** What {@link diagnose} checks. */
export interface DoctorOptions {
  /** The origin of the pages that show the form, as browsers send it: `https://www.salao.pt`. */
  origin: string;
  /**
   * createLead's URL, as the widget's `endpoint` would get it in direct mode.
   * Default Zappy's ({@link DEFAULT_ENDPOINT}). It may carry `?accountHash=`:
   * the query is sent, as a browser would send it, but never reported.
   */
  endpoint?: string;
  /**
   * The relay's leads URL, as the widget's `endpoint` would get it
   * (`https://www.salao.pt/api/leads`); its health is beside it (`.../api/health`).
   * Absent: only direct mode is checked.
   */
  relay?: string;
  /** Milliseconds each request may take. Default {@link DEFAULT_DOCTOR_TIMEOUT_MS}. */
  timeoutMs?: number;
}

/** How one check ended: passed, answered wrongly, could not connect, or no answer in time. */
export const CheckStatus = { Ok: 'ok', Failed: 'failed', Unreachable: 'unreachable', Timeout: 'timeout' } as const;

/** One of the {@link CheckStatus} values. */
export type CheckStatus = (typeof CheckStatus)[keyof typeof CheckStatus];

/** One check of a {@link DoctorReport}. */
export interface DoctorCheck {
  id: 'relay-health' | 'relay-preflight' | 'direct-preflight';
  /** What was checked, in plain words. */
  title: string;
  /** The URL asked, without its query string (it may carry the account hash). */
  url: string;
  status: CheckStatus;
  /** What happened, in plain words. */
  explanation: string;
  /** What to do next, when there is something to do. */
  advice?: string;
}

/** What {@link diagnose} found. Plain data: nothing in it is secret. */
export interface DoctorReport {
  origin: string;
  /** The relay's checks first (when `relay` was given), then direct mode's. */
  checks: DoctorCheck[];
  /** The path a page can post leads by, the relay preferred; `null` when neither works. */
  workingPath: 'relay' | 'direct' | null;
  /** The conclusion and what to do next, in plain words. */
  verdict: string;
}

/** Dependencies of {@link diagnose}, for tests. */
export interface DoctorDependencies {
  fetch?: typeof globalThis.fetch;
}

/** A URL as it may be printed: no query, no fragment, no user info (any of them may carry a secret). */
export function printableUrl(url: string | URL): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}

/** The relay's health URL, beside its leads URL: `/api/leads` → `/api/health`. */
export function relayHealthUrl(relay: string): string {
  const url = new URL(relay);
  url.pathname = url.pathname.replace(/leads\/?$/, 'health');
  url.search = '';
  return url.href;
}

type Probe =
  | { kind: 'answer'; url: string; response: Response; body: string }
  | { kind: 'unreachable'; why: string }
  | { kind: 'timeout' };

/** Why a request could not connect, from Node's error codes; never the error's message, which may quote the URL. */
function whyUnreachable(error: unknown, url: URL): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') {
    return `the name ${url.hostname} does not resolve (DNS): check its spelling and its DNS record`;
  }
  if (code === 'ECONNREFUSED') return `nothing listens at ${url.host}: is the server running, on that port?`;
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return `${url.host} closed the connection without answering`;
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return `${url.host} cannot be reached from this machine (no route to it)`;
  if (code && /CERT|SSL|TLS/.test(code)) return `the HTTPS certificate of ${url.host} was refused (${code}); browsers refuse it too`;
  // Fetch (Node's as browsers') will not connect to ports such as 1 or 25 at all.
  if (cause?.message === 'bad port') return `port ${url.port} is one that browsers (and Node) refuse to connect to`;
  return `could not connect to ${url.host}${code ? ` (${code})` : ''}`;
}

/**
 * One request under its own timeout, never redirected (a browser fails a
 * pre-flight that is), its body read under the same timeout: a server may
 * send headers and stall.
 */
async function probe(url: string, init: RequestInit, timeoutMs: number, fetchFn: typeof globalThis.fetch): Promise<Probe> {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const response = await fetchFn(url, { ...init, redirect: 'manual', signal });
    return { kind: 'answer', url, response, body: await response.text() };
  } catch (error) {
    if (signal.aborted) return { kind: 'timeout' };
    return { kind: 'unreachable', why: whyUnreachable(error, new URL(url)) };
  }
}

/** ` to <where>` for a redirect, or nothing when its Location is missing or not a URL. */
function redirectTarget(answer: Extract<Probe, { kind: 'answer' }>): string {
  try {
    return ` to ${printableUrl(new URL(answer.response.headers.get('Location') ?? '', answer.url))}`;
  } catch {
    return '';
  }
}

/**
 * Why a browser on `origin` would refuse this answer to its pre-flight for a
 * POST of JSON with the `requested` headers, or `undefined` when it would not.
 * POST is a CORS-safelisted method, so `Access-Control-Allow-Methods` does not matter.
 */
function preflightProblem(answer: Extract<Probe, { kind: 'answer' }>, origin: string, requested: readonly string[]): string | undefined {
  const { status, headers } = answer.response;
  if (status >= 300 && status < 400) {
    return `the pre-flight was redirected (${status})${redirectTarget(answer)}, and browsers do not follow a pre-flight's redirect`;
  }
  const allowOrigin = headers.get('Access-Control-Allow-Origin');
  if (status < 200 || status > 299) {
    return `the pre-flight was answered ${status}${allowOrigin === null ? ' without Access-Control-Allow-Origin' : ''}`;
  }
  if (allowOrigin === null) return `the pre-flight was answered ${status} without Access-Control-Allow-Origin`;
  if (allowOrigin !== '*' && allowOrigin !== origin) return `its Access-Control-Allow-Origin is "${allowOrigin}", not ${origin}`;
  const allowed = (headers.get('Access-Control-Allow-Headers') ?? '').split(',').map((name) => name.trim().toLowerCase());
  // `*` is a wildcard here because the widget posts without credentials.
  const missing = requested.filter((name) => !allowed.includes(name) && !allowed.includes('*'));
  if (missing.length > 0) return `its Access-Control-Allow-Headers does not allow ${missing.join(', ')}`;
  return undefined;
}

/** The pre-flight's request headers for a POST of JSON from `origin`, with the headers the widget sends. */
function preflightInit(origin: string, requested: readonly string[]): RequestInit {
  return {
    method: 'OPTIONS',
    headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': requested.join(',') },
  };
}

/** A check that did not get an HTTP answer. */
function noAnswer(probed: Exclude<Probe, { kind: 'answer' }>, what: string, timeoutMs: number): Pick<DoctorCheck, 'status' | 'explanation'> {
  return probed.kind === 'timeout'
    ? { status: CheckStatus.Timeout, explanation: `${what} did not answer within ${timeoutMs} ms.` }
    : { status: CheckStatus.Unreachable, explanation: `${what} cannot be reached: ${probed.why}.` };
}

const RELAY_ADVICE = 'Put the relay in front (npx zappy-lead-form relay, or the Cloudflare Worker) and set the widget\'s endpoint to it';

/** The relay's `/health` answer (relay.ts), or `undefined` when the body is not one. */
function parseHealth(body: string): { origins?: unknown; rateLimit?: unknown } | undefined {
  try {
    const json = JSON.parse(body) as { status?: unknown; service?: unknown; origins?: unknown; rateLimit?: unknown };
    return json.status === 'ok' && json.service === 'zappy-lead-relay' ? json : undefined;
  } catch {
    return undefined;
  }
}

/** How the report names an endpoint: Zappy's by name, any other by its printable URL. */
function endpointName(endpoint: string): string {
  return new URL(endpoint).host === new URL(DEFAULT_ENDPOINT).host ? 'Zappy' : printableUrl(endpoint);
}

async function checkRelay(origin: string, relay: string, timeoutMs: number, fetchFn: typeof globalThis.fetch): Promise<[DoctorCheck, DoctorCheck]> {
  const healthUrl = relayHealthUrl(relay);
  const requested = ['content-type', 'idempotency-key'];
  const [health, preflight] = await Promise.all([
    probe(healthUrl, { method: 'GET', headers: { Accept: 'application/json' } }, timeoutMs, fetchFn),
    probe(relay, preflightInit(origin, requested), timeoutMs, fetchFn),
  ]);

  const healthCheck: DoctorCheck = { id: 'relay-health', title: 'The relay answers /health', url: printableUrl(healthUrl), status: CheckStatus.Ok, explanation: '' };
  if (health.kind !== 'answer') {
    Object.assign(healthCheck, noAnswer(health, 'The relay', timeoutMs));
    healthCheck.advice = health.kind === 'timeout'
      ? 'Check that the relay is running and that nothing in front of it (a firewall, a proxy) holds requests.'
      : 'Start the relay (npx zappy-lead-form relay, or deploy the Cloudflare Worker), or correct --relay.';
  } else if (health.response.status === 200 && parseHealth(health.body)) {
    const { origins, rateLimit } = parseHealth(health.body)!;
    healthCheck.explanation = `The relay is up (origins: ${String(origins)}, rate limit: ${String(rateLimit)}).`;
    if (origins === 'any') {
      healthCheck.advice = `It lets pages of any site post through it: set ZAPPY_ALLOWED_ORIGINS=${origin} so only yours can.`;
    }
  } else {
    healthCheck.status = CheckStatus.Failed;
    const { status } = health.response;
    if (status === 200) {
      healthCheck.explanation = 'Something answers there, but not the relay (no {"service":"zappy-lead-relay"}): probably the site itself.';
      healthCheck.advice = 'Forward that path to the relay in your web server, or correct --relay.';
    } else if (status >= 300 && status < 400) {
      healthCheck.explanation = `It redirects (${status})${redirectTarget(health)}.`;
      healthCheck.advice = 'Give --relay the final URL (https, the right host): the widget\'s pre-flight cannot follow a redirect either.';
    } else if (status === 404) {
      healthCheck.explanation = 'Nothing answers there (404).';
      healthCheck.advice = 'Check that --relay is the URL the relay serves /leads at, and that your web server forwards that path to the relay.';
    } else {
      healthCheck.explanation = `It answered ${status}${status >= 500 ? ': the relay, or the proxy in front of it, is failing' : ''}.`;
      healthCheck.advice = 'Look at the relay\'s log (one JSON line per request) and your web server\'s.';
    }
  }

  const corsCheck: DoctorCheck = {
    id: 'relay-preflight',
    title: `The relay lets pages of ${origin} post`,
    url: printableUrl(relay),
    status: CheckStatus.Ok,
    explanation: `Its CORS pre-flight allows ${origin} to post JSON.`,
  };
  if (preflight.kind !== 'answer') {
    // The health check already said what to do about a relay that cannot be reached.
    Object.assign(corsCheck, noAnswer(preflight, 'The relay', timeoutMs));
  } else {
    const problem = preflightProblem(preflight, origin, requested);
    const refusedOrigin = preflight.response.status === 403 && /"key":"Origin"/.test(preflight.body);
    if (refusedOrigin) {
      corsCheck.status = CheckStatus.Failed;
      corsCheck.explanation = `The relay refuses pages of ${origin} (403): that origin is not in its ZAPPY_ALLOWED_ORIGINS.`;
      corsCheck.advice = `Add ${origin} to ZAPPY_ALLOWED_ORIGINS (comma-separated) and restart the relay.`;
    } else if (problem) {
      corsCheck.status = CheckStatus.Failed;
      corsCheck.explanation = `Browsers on ${origin} cannot post to it: ${problem}.`;
      // With /health failing too, the relay is not there at all: the health check's advice says what to do.
      if (healthCheck.status === CheckStatus.Ok) {
        corsCheck.advice = 'Check that OPTIONS requests reach the relay unchanged: a proxy or CDN in front of it may answer them itself.';
      }
    }
  }
  return [healthCheck, corsCheck];
}

async function checkDirect(origin: string, endpoint: string, timeoutMs: number, relayGiven: boolean, fetchFn: typeof globalThis.fetch): Promise<DoctorCheck> {
  const name = endpointName(endpoint);
  const isZappy = name === 'Zappy';
  // The widget sends its Idempotency-Key to any endpoint but Zappy's own (send-lead.ts).
  const requested = isZappy ? ['content-type'] : ['content-type', 'idempotency-key'];
  const probed = await probe(endpoint, preflightInit(origin, requested), timeoutMs, fetchFn);
  const check: DoctorCheck = {
    id: 'direct-preflight',
    title: `Direct mode: ${isZappy ? 'Zappy\'s createLead' : 'the endpoint'} lets pages of ${origin} post`,
    url: printableUrl(endpoint),
    status: CheckStatus.Ok,
    explanation: `Its CORS pre-flight allows ${origin} to post JSON.`,
  };
  // Direct mode works, but only with the hash in the page: say what the relay is for.
  const hashNote = 'The widget then needs account-hash in the page, where anyone can read it and post leads into your account';
  if (probed.kind !== 'answer') {
    Object.assign(check, noAnswer(probed, name, timeoutMs));
    if (!relayGiven) check.advice = isZappy ? 'Check this machine\'s connection to the internet, then run the doctor again.' : 'Correct --endpoint, or start the server it names.';
    return check;
  }
  const problem = preflightProblem(probed, origin, requested);
  if (problem) {
    check.status = CheckStatus.Failed;
    check.explanation = `Browsers on ${origin} cannot post to ${name} directly: ${problem}.`;
    if (!relayGiven) check.advice = `${RELAY_ADVICE}; it also keeps the account hash out of the page.`;
  } else {
    check.advice = relayGiven ? `${hashNote}; the relay keeps it private, prefer it.` : `${hashNote}. ${RELAY_ADVICE}: it keeps the hash private.`;
  }
  return check;
}

/**
 * Checks, without ever creating a lead (no request is a POST), whether pages
 * on `origin` can post leads: through the relay, when `relay` is given (its
 * `/health`, and its CORS pre-flight for the origin), and directly to
 * `endpoint` (its CORS pre-flight). The requests run at once, each under
 * `timeoutMs`, so the whole takes at most about that long.
 *
 * @example
 * const report = await diagnose({ origin: 'https://www.salao.pt', relay: 'https://www.salao.pt/api/leads' });
 * report.workingPath; // 'relay'
 */
export async function diagnose(options: DoctorOptions, { fetch: fetchFn = globalThis.fetch }: DoctorDependencies = {}): Promise<DoctorReport> {
  const { origin, relay } = options;
  const endpoint = options.endpoint ?? DEFAULT_ENDPOINT;
  const timeoutMs = options.timeoutMs ?? DEFAULT_DOCTOR_TIMEOUT_MS;
  const [relayChecks, direct] = await Promise.all([
    relay ? checkRelay(origin, relay, timeoutMs, fetchFn) : Promise.resolve([]),
    checkDirect(origin, endpoint, timeoutMs, relay !== undefined, fetchFn),
  ]);
  const checks = [...relayChecks, direct];

  const relayWorks = relayChecks.length > 0 && relayChecks.every((check) => check.status === CheckStatus.Ok);
  const directWorks = direct.status === CheckStatus.Ok;
  const shownEndpoint = endpointName(endpoint);
  if (relayWorks && !directWorks) {
    direct.advice = 'Nothing to do: the relay posts from your server, where CORS does not apply.';
  }
  let verdict: string;
  if (relayWorks) {
    verdict = `Pages on ${origin} can post leads through the relay: set the widget's endpoint to ${printableUrl(relay!)} and leave account-hash out of the page.`;
  } else if (directWorks && relay) {
    verdict = `Only direct mode works for now: pages on ${origin} can post to ${shownEndpoint} with account-hash in the page. Fix the relay (above) to keep the hash private.`;
  } else if (directWorks) {
    verdict = `Pages on ${origin} can post leads to ${shownEndpoint} directly, with account-hash in the page. To keep the hash private, run the relay and check it with --relay.`;
  } else {
    verdict = `No working path: pages on ${origin} cannot post leads yet (the widget would keep them in visitors' browsers and retry). Follow the advice above, then run the doctor again.`;
  }
  return { origin, checks, workingPath: relayWorks ? 'relay' : directWorks ? 'direct' : null, verdict };
}

/** Options of {@link renderReport}. */
export interface RenderOptions {
  /** ANSI colours (a terminal that did not set NO_COLOR). Default false. */
  color?: boolean;
}

/** The report as lines of text for a terminal: each check, what it found and what to do, then the verdict. */
export function renderReport(report: DoctorReport, { color = false }: RenderOptions = {}): string[] {
  const paint = (code: string, text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const lines = [`Can pages on ${report.origin} post leads?`, ''];
  for (const check of report.checks) {
    const mark = check.status === CheckStatus.Ok ? paint('32', '✓') : paint('31', '✗');
    const status = check.status === CheckStatus.Ok ? '' : ` (${check.status})`;
    lines.push(`${mark} ${check.title}${status}  ${paint('2', check.url)}`, `    ${check.explanation}`);
    if (check.advice) lines.push(`    → ${check.advice}`);
  }
  lines.push('', paint('1', report.verdict));
  return lines;
}

/** Flags of `zappy-lead-form doctor`, as cac hands them over. */
export interface DoctorCommandOptions {
  origin?: unknown;
  endpoint?: unknown;
  relay?: unknown;
  timeout?: unknown;
}

/** An http(s) URL without user info, or `undefined`. */
function httpUrl(value: unknown): URL | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const url = new URL(value);
    return /^https?:$/.test(url.protocol) && !url.username && !url.password ? url : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `zappy-lead-form doctor`: checks whether pages on `--origin` can post
 * leads, prints what it found in plain words, and exits 0 when a path works
 * (the relay, or direct mode), 1 when none does. Bad usage exits 2 with one
 * line. URLs are printed without their query: it may carry the account hash.
 */
export async function doctorCommand(flags: DoctorCommandOptions, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if (typeof flags.origin !== 'string' || flags.origin.trim() === '') {
    return fail(ExitCode.Usage, '--origin is required (once): the origin of the pages that show the form, as --origin https://www.salao.pt.');
  }
  const originUrl = httpUrl(flags.origin.trim());
  // A trailing slash is forgiven; a path, query or fragment means a page's URL, not its origin.
  if (!originUrl || !/^https?:\/\/[^/?#]+\/?$/i.test(flags.origin.trim())) {
    const given = originUrl ? printableUrl(originUrl) : flags.origin;
    return fail(ExitCode.Usage, `--origin "${given}" is not an origin: give the scheme and host only, as https://www.salao.pt.`);
  }
  const endpoint = flags.endpoint === undefined ? DEFAULT_ENDPOINT : flags.endpoint;
  // Not echoed: the endpoint may carry the account hash.
  if (!httpUrl(endpoint)) return fail(ExitCode.Usage, '--endpoint is not an http(s) URL (without user:password@).');
  const relay = flags.relay;
  if (relay !== undefined) {
    const relayUrl = httpUrl(relay);
    if (!relayUrl) return fail(ExitCode.Usage, '--relay is not an http(s) URL (without user:password@).');
    // The relay routes on the last path segment, so the widget's endpoint must end in /leads.
    if (!/\/leads\/?$/.test(relayUrl.pathname)) {
      return fail(ExitCode.Usage, `--relay must be the URL the widget's endpoint gets, ending in /leads (as ${originUrl.origin}/api/leads), not ${printableUrl(relayUrl)}.`);
    }
  }
  const timeoutText = String(flags.timeout ?? DEFAULT_DOCTOR_TIMEOUT_MS);
  if (!/^\d{1,6}$/.test(timeoutText) || Number(timeoutText) < 1) {
    return fail(ExitCode.Usage, `--timeout "${timeoutText}" is not a number of milliseconds (such as 5000).`);
  }

  const report = await diagnose({
    origin: originUrl.origin,
    endpoint: endpoint as string,
    ...(relay !== undefined ? { relay: relay as string } : {}),
    timeoutMs: Number(timeoutText),
  });
  // NO_COLOR: https://no-color.org (set and not empty).
  const color = Boolean(process.stdout.isTTY) && !env['NO_COLOR'];
  process.stdout.write(`${renderReport(report, { color }).join('\n')}\n`);
  process.exit(report.workingPath ? ExitCode.Ok : ExitCode.Failure);
}
