/**
 * Reading a lead's answers from Meta's Graph API: a webhook notification only
 * says which lead (`leadgen_id`); the answers come from
 * `GET {graph}/{leadgen_id}` with the Page access token.
 */
import type { GraphLead } from './meta-fields.js';

/** Meta's Graph API with a pinned version (v25.0: available until July 2028). `META_GRAPH_URL` overrides it. */
export const DEFAULT_GRAPH_URL = 'https://graph.facebook.com/v25.0';

/** The fields asked for: the answers, the form, and what names the source (`platform`: `fb` or `ig`). */
export const GRAPH_LEAD_FIELDS = 'created_time,field_data,form_id,ad_id,campaign_name,platform';

/** How long the Graph API may take for one lead. */
export const DEFAULT_GRAPH_TIMEOUT_MS = 8_000;

/** A `leadgen_id` as Meta writes it: digits. Anything else never reaches a URL. */
export const isLeadgenId = (value: unknown): value is string => typeof value === 'string' && /^\d{1,30}$/.test(value);

/**
 * What {@link fetchGraphLead} got, by `kind`: the lead, or why not. `graph` is
 * for the log: Meta's error code (`190`: the token expired or was revoked),
 * else the HTTP status, `timeout` or `network`. `problem` says what the
 * operator must fix, naming the variable.
 */
export type GraphResult = { kind: 'lead'; lead: GraphLead } | { kind: 'failed'; graph: number | string; problem?: string };

/** Options of {@link fetchGraphLead}. */
export interface GraphRequest {
  /** Base URL with the version, no trailing slash. */
  graphUrl: string;
  /** The Page access token: sent in `Authorization`, never in the URL. */
  pageToken: string;
  /** `appsecret_proof` of the token (HMAC-SHA256 keyed with the app secret), for apps that require it. */
  appSecretProof: string;
  timeoutMs: number;
  fetch: typeof fetch;
}

/** Meta's error codes that only the operator can fix, and what to do. */
function problemOf(code: number): string | undefined {
  if (code === 190 || code === 102) {
    return `The Graph API refused META_PAGE_TOKEN (error ${code}): it expired or was revoked. Make a new long-lived Page access token and set META_PAGE_TOKEN; Meta keeps retrying for 36 h.`;
  }
  if (code === 10 || code === 100 || (code >= 200 && code <= 299)) {
    return `The Graph API would not give the lead (error ${code}): META_PAGE_TOKEN lacks leads_retrieval or access to the Page's leads (Leads Access Manager). Meta keeps retrying for 36 h.`;
  }
  return undefined;
}

/**
 * Fetches one lead from the Graph API. Never throws: every failure is a
 * {@link GraphResult} of kind `failed`, and Meta's message is not kept (the
 * log gets the code only).
 */
export async function fetchGraphLead(leadgenId: string, request: GraphRequest): Promise<GraphResult> {
  const url = new URL(`${request.graphUrl}/${leadgenId}`);
  url.searchParams.set('fields', GRAPH_LEAD_FIELDS);
  url.searchParams.set('appsecret_proof', request.appSecretProof);
  let response: Response;
  try {
    response = await request.fetch(url, {
      headers: { Authorization: `Bearer ${request.pageToken}`, Accept: 'application/json' },
      signal: AbortSignal.timeout(request.timeoutMs),
    });
  } catch (error) {
    return { kind: 'failed', graph: error instanceof Error && error.name === 'TimeoutError' ? 'timeout' : 'network' };
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch (error) {
    // The headers came in time but the body did not: a timeout, not an answer.
    if (error instanceof Error && error.name === 'TimeoutError') return { kind: 'failed', graph: 'timeout' };
    body = undefined;
  }
  if (response.ok && typeof body === 'object' && body !== null && !Array.isArray(body)) return { kind: 'lead', lead: body as GraphLead };
  const code = (body as { error?: { code?: unknown } } | undefined)?.error?.code;
  if (typeof code === 'number') {
    const problem = problemOf(code);
    return problem ? { kind: 'failed', graph: code, problem } : { kind: 'failed', graph: code };
  }
  return { kind: 'failed', graph: response.status };
}
