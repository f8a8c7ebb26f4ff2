import type { Attribution } from './attribution.js';
import { CONVERSIONS_KEY } from './conversions-key.js';

/** An ad or analytics platform `conversions` can tell about a delivered lead. */
export type ConversionTarget = 'ga4' | 'meta';

const TARGETS: readonly ConversionTarget[] = ['ga4', 'meta'];

/** Reads `conversions="ga4 meta"` (spaces or commas, any case); names it does not know are `unknown`. */
export function parseConversions(text: string | undefined): { targets: ConversionTarget[]; unknown: string[] } {
  const names = (text ?? '').toLowerCase().split(/[\s,]+/).filter(Boolean);
  const isTarget = (name: string): name is ConversionTarget => (TARGETS as readonly string[]).includes(name);
  return { targets: [...new Set(names.filter(isTarget))], unknown: names.filter((name) => !isTarget(name)) };
}

/**
 * What a conversion says about a lead: its id, form and campaign, and the
 * campaign link's UTM values. Never anything the visitor typed.
 */
export type ConversionParams = { lead_id: string; form_id?: string; campaign_name?: string } & Pick<
  Attribution,
  'utm_source' | 'utm_medium' | 'utm_campaign' | 'utm_term' | 'utm_content'
>;

/** A conversion waiting for its lead to be delivered: its targets and parameters, and when it was submitted. */
interface PendingConversion {
  at: number;
  targets: ConversionTarget[];
  params: ConversionParams;
}

/** A lead not delivered within this long is not counted any more (the outbox gives up sooner). */
const MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000;

/** Without localStorage, conversions wait in this page only. */
const inPage = new Map<string, PendingConversion>();

/** Whether a stored value is a pending conversion: what is stored may have been written by anything. */
function isPending(value: unknown): value is PendingConversion {
  const entry = value as Partial<PendingConversion> | null;
  return typeof entry?.at === 'number' && Array.isArray(entry.targets) && typeof entry.params?.lead_id === 'string';
}

function readPending(storage: Storage | undefined): Map<string, PendingConversion> {
  const pending = new Map(inPage);
  try {
    const stored: unknown = JSON.parse(storage?.getItem(CONVERSIONS_KEY) ?? '{}');
    for (const [id, entry] of Object.entries(stored ?? {})) if (isPending(entry)) pending.set(id, entry);
  } catch {
    // Unreadable (denied, or not JSON): what this page holds.
  }
  return pending;
}

function writePending(storage: Storage | undefined, pending: Map<string, PendingConversion>, now: number): void {
  for (const [id, entry] of pending) if (!(now - entry.at < MAX_AGE_MS)) pending.delete(id);
  inPage.clear();
  try {
    if (!storage) throw new Error('no storage');
    if (pending.size === 0) storage.removeItem(CONVERSIONS_KEY);
    else storage.setItem(CONVERSIONS_KEY, JSON.stringify(Object.fromEntries(pending)));
  } catch {
    // Storage full or denied: this page still counts its own leads.
    for (const [id, entry] of pending) inPage.set(id, entry);
  }
}

/**
 * Remembers that a submitted lead should count as a conversion once it is
 * delivered: now, or on a later visit when the outbox delivers it.
 */
export function expectConversion(storage: Storage | undefined, targets: ConversionTarget[], params: ConversionParams, now = Date.now()): void {
  const pending = readPending(storage);
  pending.set(params.lead_id, { at: now, targets, params });
  writePending(storage, pending, now);
}

/**
 * Takes the conversion waiting for a lead, if any, so it is counted once even
 * across reloads and tabs; a refused lead's is taken and dropped.
 */
export function takeConversion(storage: Storage | undefined, id: string, now = Date.now()): PendingConversion | undefined {
  const pending = readPending(storage);
  const entry = pending.get(id);
  if (!entry) return undefined;
  pending.delete(id);
  writePending(storage, pending, now);
  return entry;
}

/** What the page's analytics expose, as far as a conversion needs them. */
interface AnalyticsGlobals {
  dataLayer?: unknown[];
  gtag?: (...args: unknown[]) => void;
  fbq?: (...args: unknown[]) => void;
}

/**
 * Tells the platforms a lead was delivered: GA4's recommended `generate_lead`
 * event (through `gtag` when the page has it, else pushed to `dataLayer` for
 * Google Tag Manager), and the Meta Pixel's `Lead` with the lead's id as
 * `eventID`, so a Conversions API event sent with the same id is counted once.
 */
export function sendConversion(page: AnalyticsGlobals, targets: readonly ConversionTarget[], params: ConversionParams): void {
  if (targets.includes('ga4')) {
    if (typeof page.gtag === 'function') page.gtag('event', 'generate_lead', params);
    else (page.dataLayer ??= []).push({ event: 'generate_lead', ...params });
  }
  if (targets.includes('meta') && typeof page.fbq === 'function') {
    page.fbq('track', 'Lead', params.form_id ? { content_name: params.form_id } : {}, { eventID: params.lead_id });
  }
}
