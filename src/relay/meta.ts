/**
 * The relay's `/meta` route: Meta's Lead Ads webhook (leads from Facebook and
 * Instagram instant forms). `GET` answers the subscription handshake; `POST`
 * takes a signed notification, reads each lead from the Graph API, maps its
 * answers with {@link leadFromMeta} and delivers it to Zappy as the widget's
 * leads are delivered, once per `leadgen_id`.
 */
import type { Lead } from '../lead/schema.js';
import type { RelayAnswer } from './answers.js';
import { readBody } from './body.js';
import { RelayConfigError } from './config-error.js';
import { type IdempotencyStore, inFlight } from './idempotency.js';
import type { RelayLogRecord } from './log.js';
import { type FieldMap, leadFromMeta } from './meta-fields.js';
import { DEFAULT_GRAPH_TIMEOUT_MS, DEFAULT_GRAPH_URL, type GraphRequest, fetchGraphLead, isLeadgenId } from './meta-graph.js';
import { appSecretKey, checkSignature, hmacHex, timingSafeEqual } from './meta-signature.js';

/**
 * The Meta route's configuration (`META_*` variables). The route exists when
 * the three secrets are set.
 */
export interface MetaOptions {
  /** The Meta app's secret (`META_APP_SECRET`): checks each notification's signature. Never logged. */
  appSecret: string;
  /** The token typed into the app's webhook settings (`META_VERIFY_TOKEN`). Never logged. */
  verifyToken: string;
  /** A long-lived Page access token with `leads_retrieval` (`META_PAGE_TOKEN`). Never logged. */
  pageToken: string;
  /** Graph API base with its version (`META_GRAPH_URL`). Default {@link DEFAULT_GRAPH_URL}. */
  graphUrl?: string;
  /** Meta field names to createLead keys (`META_FIELD_MAP`, read by `parseFieldMap`). Default Meta's standard questions. */
  fieldMap?: FieldMap;
  /** Country of mobiles written without a code (`META_DEFAULT_COUNTRY`). Default `'PT'`. */
  defaultCountry?: string;
  /** `form_id` of every Meta lead (`META_FORM_ID`). Default the Meta form's id. */
  formId?: string;
  /** `client_source` by platform (`META_SOURCE_FACEBOOK`, `META_SOURCE_INSTAGRAM`), exactly as configured in Zappy. */
  sources?: { facebook?: string; instagram?: string };
  /** Milliseconds the Graph API may take per lead. Default {@link DEFAULT_GRAPH_TIMEOUT_MS}. */
  graphTimeoutMs?: number;
  /** The `fetch` that reaches the Graph API. Default the global one. */
  fetch?: typeof fetch;
}

/** Largest notification read, in bytes: Meta batches up to 1,000 changes, each under 300 bytes. */
export const MAX_META_BODY_BYTES = 512 * 1024;

/** Leads of one notification read and delivered at once. */
const CONCURRENCY = 4;

/** What the relay lends the route. */
export interface MetaRouteContext {
  /** Sends a lead to Zappy, remembering `key` when it is delivered (the relay's own forwarding). */
  deliver(lead: Lead, key: string): Promise<RelayAnswer>;
  /** The relay's idempotency memory. */
  store: IdempotencyStore;
  /** Writes one log line about one lead. */
  logLead(record: MetaLeadLog): void;
  now(): number;
}

/** A log line's fields about one lead of a notification. */
export type MetaLeadLog = Pick<RelayLogRecord, 'status' | 'ms' | 'code'> &
  Partial<Pick<RelayLogRecord, 'leadgenId' | 'upstream' | 'graph' | 'problem' | 'reasons'>>;

/** The `/meta` route: answers one request, filling `record` with what its log line needs. */
export type MetaRoute = (request: Request, record: Partial<RelayLogRecord>) => Promise<RelayAnswer>;

export const META_METHODS = 'GET, POST';

/**
 * The idempotency key of a Meta lead. The space keeps it apart from every
 * widget `Idempotency-Key` (visible ASCII only): a page cannot send a key that
 * marks a Meta lead as delivered.
 */
const keyOf = (leadgenId: string) => `meta ${leadgenId}`;

const ignored = (record: Partial<RelayLogRecord>, reason: string): RelayAnswer => {
  record.code = 'ignored';
  record.reasons = [reason];
  // 200: Meta would retry anything else for 36 hours, and garbage stays garbage.
  return { status: 200, body: { ignored: true } };
};

/** The leadgen changes of a parsed notification, and why others were skipped. */
function leadsOf(notification: Record<string, unknown>): { leads: { leadgenId: string; formId?: string }[]; skipped: string[] } {
  const leads: { leadgenId: string; formId?: string }[] = [];
  const skipped: string[] = [];
  const entries = Array.isArray(notification['entry']) ? notification['entry'] : [];
  for (const entry of entries) {
    const changes = (entry as { changes?: unknown } | null)?.changes;
    for (const change of Array.isArray(changes) ? changes : []) {
      const { field, value } = (change ?? {}) as { field?: unknown; value?: { leadgen_id?: unknown; form_id?: unknown } };
      if (field !== 'leadgen') {
        skipped.push('unknown_field');
        continue;
      }
      // Meta documents string ids; a number is accepted when it is still exact.
      const raw = value?.leadgen_id;
      const leadgenId = typeof raw === 'number' && Number.isSafeInteger(raw) ? String(raw) : raw;
      if (!isLeadgenId(leadgenId)) {
        skipped.push('invalid_leadgen_id');
        continue;
      }
      const formId = value?.form_id;
      leads.push(typeof formId === 'string' && formId !== '' ? { leadgenId, formId } : { leadgenId });
    }
  }
  return { leads, skipped };
}

/** Runs `task` over `items`, at most `limit` at once, keeping their order. */
async function eachLimited<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Checks the three secrets and the optional values; the messages name the variable, never a value of a secret. */
function checkOptions(options: MetaOptions): void {
  for (const [name, value] of [
    ['META_APP_SECRET', options.appSecret],
    ['META_VERIFY_TOKEN', options.verifyToken],
    ['META_PAGE_TOKEN', options.pageToken],
  ] as const) {
    if (typeof value !== 'string' || value.trim() === '') throw new RelayConfigError(`${name} is empty: the /meta route needs it.`);
  }
  try {
    if (!/^https?:$/.test(new URL(options.graphUrl ?? DEFAULT_GRAPH_URL).protocol)) throw new TypeError('not http');
  } catch {
    throw new RelayConfigError(`META_GRAPH_URL is not an http(s) URL (default ${DEFAULT_GRAPH_URL}).`);
  }
  if (options.defaultCountry !== undefined && !/^[A-Z]{2}$/.test(options.defaultCountry)) {
    throw new RelayConfigError(`META_DEFAULT_COUNTRY="${options.defaultCountry}" is not a two-letter country code such as PT.`);
  }
}

/**
 * Creates the `/meta` route.
 *
 * - `GET /meta?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…`: the
 *   challenge as plain text when the token matches (compared in constant
 *   time), else 403.
 * - `POST /meta`: 401 without a valid `X-Hub-Signature-256` over the raw
 *   bytes (nothing is fetched). Malformed JSON, another `object` than `page`,
 *   other fields than `leadgen`: 200, ignored and logged. Each lead: skipped
 *   when its `leadgen_id` was delivered before; else read from the Graph API,
 *   mapped, and sent to Zappy. 200 when every lead was delivered, refused for
 *   good by Zappy, or had no usable name; otherwise a 5xx, so that Meta
 *   sends the notification again (for up to 36 hours).
 *
 * @throws RelayConfigError for an empty secret, a `graphUrl` that is not
 *   http(s), or a `defaultCountry` that is not two capital letters.
 */
export function createMetaRoute(options: MetaOptions, context: MetaRouteContext): MetaRoute {
  checkOptions(options);
  const key = appSecretKey(options.appSecret);
  const graphBase = (options.graphUrl ?? DEFAULT_GRAPH_URL).replace(/\/+$/, '');
  let graphRequest: Promise<GraphRequest> | undefined;
  const graph = () =>
    (graphRequest ??= key.then(async (secretKey) => ({
      graphUrl: graphBase,
      pageToken: options.pageToken,
      appSecretProof: await hmacHex(secretKey, options.pageToken),
      timeoutMs: options.graphTimeoutMs ?? DEFAULT_GRAPH_TIMEOUT_MS,
      fetch: options.fetch ?? ((input, init) => fetch(input, init)),
    })));
  const mapping = {
    ...(options.fieldMap ? { fieldMap: options.fieldMap } : {}),
    ...(options.formId ? { formId: options.formId } : {}),
    ...(options.sources ? { sources: options.sources } : {}),
    defaultCountry: options.defaultCountry ?? 'PT',
  };
  /** Leads under way, by key: Meta retrying a notification still being worked on joins the first attempt. */
  const settling = inFlight<MetaLeadLog>();

  /** Reads, maps and delivers one lead; its log line's fields. Status 200 when settled for good. */
  async function settle(leadgenId: string, formId: string | undefined): Promise<MetaLeadLog> {
    const started = context.now();
    const done = (fields: Omit<MetaLeadLog, 'ms' | 'leadgenId'>): MetaLeadLog => ({ leadgenId, ...fields, ms: context.now() - started });
    const id = keyOf(leadgenId);
    if (await context.store.delivered(id)) return done({ status: 200, code: 'replayed' });
    const fetched = await fetchGraphLead(leadgenId, await graph());
    if (fetched.kind === 'failed') {
      return done({ status: 502, code: 'graph_failed', graph: fetched.graph, ...(fetched.problem ? { problem: fetched.problem } : {}) });
    }
    const graphLead = formId && fetched.lead.form_id === undefined ? { ...fetched.lead, form_id: formId } : fetched.lead;
    const mapped = leadFromMeta(graphLead, mapping);
    const reasonsOf = (issues: { key: string; code: string }[]) => issues.map((issue) => `${issue.key}:${issue.code}`);
    // Acknowledged: Meta sending it again would not give it a name.
    if (!mapped.ok) return done({ status: 200, code: 'invalid', reasons: reasonsOf(mapped.issues) });
    const answer = await context.deliver(mapped.lead, id);
    const dropped = mapped.dropped.length > 0 ? { reasons: reasonsOf(mapped.dropped) } : {};
    const upstream = answer.upstream !== undefined ? { upstream: answer.upstream } : {};
    const problem = answer.problem ? { problem: answer.problem } : {};
    if (answer.status >= 500) return done({ status: answer.status, code: 'upstream_failed', ...upstream, ...problem, ...dropped });
    if (answer.status >= 300) {
      // Refused for good: remembered like a delivered lead, so a retry of its notification does not resend it.
      await context.store.remember(id);
      return done({ status: 200, code: 'refused', ...upstream, ...dropped });
    }
    return done({ status: 200, code: 'delivered', ...upstream, ...dropped });
  }

  async function notification(request: Request, record: Partial<RelayLogRecord>): Promise<RelayAnswer> {
    const raw = await readBody(request, MAX_META_BODY_BYTES);
    if (raw.kind === 'too-big') return { status: 413, body: { errors: [{ key: '(body)', code: 'too_big' }] } };
    const signature = await checkSignature(await key, raw.bytes, request.headers.get('X-Hub-Signature-256'));
    if (signature !== 'valid') {
      record.code = `signature_${signature}`;
      return { status: 401, body: { errors: [{ key: 'X-Hub-Signature-256', code: signature }] } };
    }
    let parsed: unknown;
    try {
      // Signed by Meta, so the bytes are Meta's; a decoding error is still only garbage.
      parsed = JSON.parse(new TextDecoder().decode(raw.bytes));
    } catch {
      return ignored(record, 'invalid_json');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return ignored(record, 'not_an_object');
    if ((parsed as { object?: unknown }).object !== 'page') return ignored(record, 'unknown_object');
    const { leads, skipped } = leadsOf(parsed as Record<string, unknown>);
    record.leads = leads.length;
    if (skipped.length > 0) record.reasons = [...new Set(skipped)];
    if (leads.length === 0) return ignored(record, skipped[0] ?? 'no_changes');

    const outcomes = await eachLimited(leads, CONCURRENCY, async ({ leadgenId, formId }) => {
      const run = settling(keyOf(leadgenId), () => settle(leadgenId, formId));
      const outcome = await run.outcome;
      const line = run.joined ? { ...outcome, code: 'joined' } : outcome;
      context.logLead(line);
      return line;
    });
    const failed = outcomes.filter((outcome) => outcome.status >= 500);
    if (failed.length === 0) return { status: 200, body: { received: leads.length } };
    record.code = 'retry';
    return { status: Math.max(...failed.map((outcome) => outcome.status)), body: { errors: [{ key: '(leads)', code: 'not_delivered' }] } };
  }

  return async (request, record) => {
    if (request.method === 'GET') {
      const params = new URL(request.url).searchParams;
      const challenge = params.get('hub.challenge');
      const token = params.get('hub.verify_token') ?? '';
      if (params.get('hub.mode') === 'subscribe' && challenge !== null && timingSafeEqual(token, options.verifyToken)) {
        record.code = 'subscribed';
        return { status: 200, body: null, text: challenge };
      }
      record.code = 'verify_token_wrong';
      return { status: 403, body: { errors: [{ key: 'hub.verify_token', code: 'wrong' }] } };
    }
    return notification(request, record);
  };
}
