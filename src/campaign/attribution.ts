import { clip, tidyText } from '../lead/text.js';

/** The URL parameters of a campaign link that attribution reads. */
export const CAMPAIGN_PARAMETERS = [
  'utm_source',
  'utm_medium',
  'utm_campaign',
  'utm_term',
  'utm_content',
  'gclid',
  'fbclid',
  'msclkid',
] as const;

/** One of {@link CAMPAIGN_PARAMETERS}. */
export type CampaignParameter = (typeof CAMPAIGN_PARAMETERS)[number];

/**
 * Where a visitor came from, as the page tells it: the campaign link's
 * parameters that were present, the referring page (another site's) and the
 * page the visitor landed on. Both pages are an origin and path only: a query
 * string can carry personal data (a prefilled email, a session token).
 */
export type Attribution = { [Key in CampaignParameter | 'referrer' | 'landing_page']?: string };

/** Longest value kept of any one parameter: a link can carry kilobytes, a lead's field holds 500 characters. */
const MAX_VALUE_LENGTH = 200;

/** Where `attribution="session"` keeps the first values seen in this tab. */
const SESSION_KEY = 'zappy-lead-attribution';

const ATTRIBUTION_KEYS: readonly (keyof Attribution)[] = [...CAMPAIGN_PARAMETERS, 'referrer', 'landing_page'];

/** A value tidied as any free text (control characters out, whitespace collapsed) and clipped. */
const tidyValue = (value: string | null | undefined): string => clip(tidyText(value ?? ''), MAX_VALUE_LENGTH);

/** An URL's origin and path, or '' when it is not an http(s) URL. */
export function originAndPath(url: string): string {
  try {
    const parsed = new URL(url);
    return /^https?:$/.test(parsed.protocol) ? parsed.origin + parsed.pathname : '';
  } catch {
    return '';
  }
}

/** The host without `www.`: `www.salao.pt` and `salao.pt` (over http or https, any port) are one site. */
const siteOf = (url: URL) => url.hostname.replace(/^www\./, '');

/** Whether a referrer is a page of the same site as `page`: a link within the site says nothing of the campaign. */
function sameSite(referrer: string, page: URL): boolean {
  try {
    return siteOf(new URL(referrer)) === siteOf(page);
  } catch {
    return false;
  }
}

/**
 * What a page says about the visit: the campaign parameters of its URL, the
 * referrer when it is another site (a link within the site, `www.` or not,
 * says nothing about the campaign), and the page itself as the landing page.
 * Absent and empty values are left out.
 *
 * @example
 * readAttribution('https://salao.pt/promo?utm_source=ig&x=1', 'https://l.instagram.com/');
 * // { utm_source: 'ig', referrer: 'https://l.instagram.com/', landing_page: 'https://salao.pt/promo' }
 */
export function readAttribution(pageUrl: string, referrer: string): Attribution {
  const found: Attribution = {};
  let page: URL;
  try {
    page = new URL(pageUrl);
  } catch {
    return found;
  }
  for (const key of CAMPAIGN_PARAMETERS) {
    const value = tidyValue(page.searchParams.get(key));
    if (value) found[key] = value;
  }
  const from = originAndPath(referrer);
  if (from && !sameSite(from, page)) found.referrer = tidyValue(from);
  const landing = originAndPath(pageUrl);
  if (landing) found.landing_page = tidyValue(landing);
  return found;
}

/** Only the known keys with string values: what is stored may have been written by anything. */
function parseStored(text: string): Attribution | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const found: Attribution = {};
  for (const key of ATTRIBUTION_KEYS) {
    const value = (parsed as Record<string, unknown>)[key];
    if (typeof value === 'string' && tidyValue(value)) found[key] = tidyValue(value);
  }
  return found;
}

/**
 * First touch within a tab (`attribution="session"`): the values kept from
 * the first page of this tab where the form ran, else `current`, which is
 * then kept. Without sessionStorage (blocked, or full), `current`.
 */
export function sessionAttribution(current: Attribution, storage: Storage | undefined): Attribution {
  try {
    const kept = storage?.getItem(SESSION_KEY);
    const parsed = kept ? parseStored(kept) : undefined;
    if (parsed) return parsed;
    storage?.setItem(SESSION_KEY, JSON.stringify(current));
  } catch {
    // Storage denied (a sandboxed frame, a privacy setting): this page's values.
  }
  return current;
}
