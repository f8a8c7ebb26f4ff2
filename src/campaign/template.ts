import { clip, tidyText } from '../lead/text.js';
import { type Attribution, CAMPAIGN_PARAMETERS } from './attribution.js';

/** The values a `custom-N-value` template can name: the attribution's, and the day of the submit. */
export type TemplateValues = Attribution & { date?: string };

/** Every `{token}` a template may use. */
export const TEMPLATE_TOKENS: readonly string[] = [...CAMPAIGN_PARAMETERS, 'referrer', 'landing_page', 'date'];

const TOKEN = /\{([a-z_]+)\}/g;

/** The `{tokens}` of a template that are not {@link TEMPLATE_TOKENS} (written as text, for a warning). */
export function unknownTokens(template: string): string[] {
  return [...template.matchAll(TOKEN)].map((match) => match[1]!).filter((name) => !TEMPLATE_TOKENS.includes(name));
}

/** Whether a template names a value that only attribution captures (anything but `{date}`). */
export const usesAttribution = (template: string): boolean =>
  [...template.matchAll(TOKEN)].some((match) => match[1] !== 'date' && TEMPLATE_TOKENS.includes(match[1]!));

/**
 * Writes a template (`"{utm_source} / {utm_medium} / {utm_campaign}"`) with
 * the values captured. A token without a value is removed together with the
 * text between it and the token before it (for the first token, the text
 * between it and the next), so `{a} / {b} / {c}` with no `b` gives `a / c`,
 * never `a /  / c`; a template whose every token is empty gives ''. Unknown
 * `{names}` stay as written. The result is tidied like any free text and
 * clipped to `max` UTF-16 code units without splitting a character.
 *
 * @example
 * fillTemplate('{utm_source} / {utm_medium}', { utm_source: 'ig' }, 500); // 'ig'
 */
export function fillTemplate(template: string, values: TemplateValues, max: number): string {
  // Literal text and tokens alternate: texts[0] token texts[1] token ... texts[n].
  const texts: string[] = [];
  const tokens: string[] = [];
  let last = 0;
  for (const match of template.matchAll(TOKEN)) {
    if (!TEMPLATE_TOKENS.includes(match[1]!)) continue;
    texts.push(template.slice(last, match.index));
    tokens.push(match[1]!);
    last = match.index! + match[0].length;
  }
  texts.push(template.slice(last));
  if (tokens.length === 0) return clip(tidyText(template), max);
  let written = texts[0]!;
  let any = false;
  tokens.forEach((token, index) => {
    const value = tidyText(values[token as keyof TemplateValues] ?? '');
    if (!value) return;
    // Between two values, the text just before this one; before the first, none.
    written += (any ? texts[index]! : '') + value;
    any = true;
  });
  if (tokens.length > 0 && !any) return '';
  return clip(tidyText(written + texts[texts.length - 1]!), max);
}

/**
 * Reads `source-map`: `"instagram=Instagram, ig=Instagram, google=Google Ads"`,
 * pairs separated by commas or line breaks, from a `utm_source` value (any
 * case, spaces around ignored) to a Zappy source, kept exactly as written
 * but for the spaces around it (Zappy matches sources exactly). Pairs
 * without both sides, or whose source is longer than `max`, are `malformed`.
 */
export function parseSourceMap(text: string | undefined, max: number): { map: Map<string, string>; malformed: string[] } {
  const map = new Map<string, string>();
  const malformed: string[] = [];
  for (const pair of (text ?? '').split(/[,\n]/)) {
    if (!pair.trim()) continue;
    const at = pair.indexOf('=');
    const key = tidyText(pair.slice(0, Math.max(at, 0))).toLowerCase();
    const source = pair.slice(at + 1).trim();
    if (at < 0 || !key || !source || source.length > max) malformed.push(pair.trim());
    else if (!map.has(key)) map.set(key, source);
  }
  return { map, malformed };
}

/** The Zappy source that `utm_source` maps to, if any. */
export const mappedSource = (map: ReadonlyMap<string, string>, utmSource: string | undefined): string | undefined =>
  utmSource === undefined ? undefined : map.get(tidyText(utmSource).toLowerCase());
