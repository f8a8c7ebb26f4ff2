/**
 * A local stand-in of Meta's Graph API, as much of it as the relay's `/meta`
 * route reads: `GET /{version}/{leadgen_id}?fields=…` with a Page token,
 * answering the lead's `field_data`, `form_id`, `campaign_name` and
 * `platform`, or Meta's error shape. The demo (`npm start`) and the relay's
 * tests (test/server/meta.test.ts) point `META_GRAPH_URL` at it.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The version in the stand-in's base URL, as in Meta's. */
export const GRAPH_VERSION = 'v25.0';

/** A lead as the Graph API returns it. */
export interface GraphLeadRecord {
  id: string;
  created_time: string;
  form_id: string;
  ad_id?: string;
  campaign_name?: string;
  /** `fb` or `ig`. */
  platform: string;
  field_data: { name: string; values: string[] }[];
}

/** How the stand-in answers one request: a status and Meta's error code (`190`: the token expired). */
export type GraphBehaviour = { status: number; code?: number };

/** A request the stand-in received (the token is checked, not kept). */
export interface GraphRequestSeen {
  leadgenId: string;
  fields: string;
  /** Whether `Authorization: Bearer` carried the configured token and `appsecret_proof` matched. */
  authorised: boolean;
}

/** Options of {@link startGraphStandIn}. */
export interface GraphStandInOptions {
  /** The Page token it accepts. */
  pageToken: string;
  /** The app secret `appsecret_proof` is checked with. */
  appSecret: string;
  /** Default 127.0.0.1. */
  host?: string;
}

/** The running stand-in. */
export interface GraphStandIn {
  /** Base URL with the version, for `META_GRAPH_URL`. */
  readonly url: string;
  /** Adds a lead it will answer for; returns its `leadgen_id`. */
  add(lead: Omit<GraphLeadRecord, 'id' | 'created_time'> & { id?: string }): string;
  /** Answers the next requests with these behaviours, in order; then normally again. */
  next(...behaviours: GraphBehaviour[]): void;
  readonly received: GraphRequestSeen[];
  /** Forgets received requests and pending behaviours (not the leads). */
  reset(): void;
  close(): Promise<void>;
}

const sameText = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

function answer(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=UTF-8' });
  res.end(JSON.stringify(body));
}

/** Meta's error shape (`{ error: { message, type, code, fbtrace_id } }`). */
const graphError = (code: number, message: string) => ({ error: { message, type: code === 190 ? 'OAuthException' : 'GraphMethodException', code, fbtrace_id: 'StandInTrace' } });

/** Starts the stand-in on a free port. */
export async function startGraphStandIn({ pageToken, appSecret, host = '127.0.0.1' }: GraphStandInOptions): Promise<GraphStandIn> {
  const leads = new Map<string, GraphLeadRecord>();
  const queue: GraphBehaviour[] = [];
  const received: GraphRequestSeen[] = [];
  const proof = createHmac('sha256', appSecret).update(pageToken).digest('hex');
  let sequence = 0;

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://graph.invalid');
    const match = new RegExp(`^/${GRAPH_VERSION}/(\\d+)$`).exec(url.pathname);
    if (req.method !== 'GET' || !match) return answer(res, 400, graphError(100, 'Unsupported request.'));
    const leadgenId = match[1]!;
    const authorised =
      sameText(req.headers.authorization ?? '', `Bearer ${pageToken}`) && sameText(url.searchParams.get('appsecret_proof') ?? '', proof);
    received.push({ leadgenId, fields: url.searchParams.get('fields') ?? '', authorised });
    const behaviour = queue.shift();
    if (behaviour) {
      return answer(res, behaviour.status, behaviour.code === undefined ? {} : graphError(behaviour.code, 'Error the stand-in was told to give.'));
    }
    if (!authorised) return answer(res, 400, graphError(190, 'Invalid OAuth access token.'));
    const lead = leads.get(leadgenId);
    if (!lead) return answer(res, 400, graphError(100, `Object with ID '${leadgenId}' does not exist.`));
    const fields = new Set((url.searchParams.get('fields') ?? 'id,created_time').split(','));
    answer(res, 200, Object.fromEntries(Object.entries(lead).filter(([name]) => name === 'id' || fields.has(name))));
  };

  const server: Server = createServer(handle);
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://${host}:${port}/${GRAPH_VERSION}`,
    add(lead) {
      sequence += 1;
      const id = lead.id ?? `${Date.now()}${String(sequence).padStart(4, '0')}`;
      leads.set(id, { ...lead, id, created_time: new Date().toISOString().replace(/\.\d+Z$/, '+0000') });
      return id;
    },
    next: (...behaviours) => queue.push(...behaviours),
    received,
    reset() {
      queue.length = 0;
      received.length = 0;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Meta's side of a notification: the JSON of `{ object: 'page', entry: [...] }`
 * for leads of one Page, and its `X-Hub-Signature-256` header over those exact
 * bytes, as Meta signs them.
 */
export function signedNotification(appSecret: string, leads: { leadgenId: string; formId?: string; pageId?: string }[]): { body: string; signature: string } {
  const time = Math.floor(Date.now() / 1000);
  const body = JSON.stringify({
    object: 'page',
    entry: leads.map(({ leadgenId, formId = '1234567890', pageId = '1029384756' }) => ({
      id: pageId,
      time,
      changes: [{ field: 'leadgen', value: { leadgen_id: leadgenId, page_id: pageId, form_id: formId, ad_id: '444', adgroup_id: '555', created_time: time } }],
    })),
  });
  return { body, signature: signatureOf(appSecret, body) };
}

/** `sha256=` and the hex HMAC-SHA256 of `body` keyed with the app secret. */
export const signatureOf = (appSecret: string, body: string | Buffer): string => `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`;
