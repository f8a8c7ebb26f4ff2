import { clip, tidyText } from '../lead/text.js';
import { type Attribution, CAMPAIGN_PARAMETERS } from './attribution.js';

/** The values a `custom-N-value` template can name: the attribution's, and the day of the submit. */
export type TemplateValues = Attribution & { date?: string };

/** Every `{token}` a template may use. */
export const TEMPLATE_TOKENS: readonly string[] = [...CAMPAIGN_PARAMETERS, 'referrer', 'landing_page', 'date'];

/** A `{name}`; any case and `-`, so that `{UTM_Source}` or `{utm-medium}` is warned about as unknown rather than kept silently. */
const TOKEN = /\{([A-Za-z][\w-]*)\}/g;

/** The `{tokens}` of a template that are not {@link TEMPLATE_TOKENS} (written as text, for a warning). */
export function unknownTokens(template: string): string[] {
  return [...template.matchAll(TOKEN)].map((match) => match[1]!).filter((name) => !TEMPLATE_TOKENS.includes(name));
}

/** Whether a template names a value that only attribution captures (anything but `{date}`). */
export const usesAttribution = (template: string): boolean =>
  [...template.matchAll(TOKEN)].some((match) => match[1] !== 'date' && TEMPLATE_TOKENS.includes(match[1]!));

/** Where the text between two tokens splits: the separator after the value before, then the label of the value after (`" / Meio: "`). */
const SEPARATOR = /^[\s/|,;·•–—-]*/;

/** How many brackets `text` leaves open. */
const openBrackets = (text: string) => (text.match(/[([{]/g)?.length ?? 0) - (text.match(/[)\]}]/g)?.length ?? 0);

/**
 * Writes a template (`"{utm_source} / {utm_medium} / {utm_campaign}"`) with
 * the values captured. The text between two tokens is a separator (spaces and
 * `/ | , ; - · •`) and then the next value's label (`" / Meio: "`); a token
 * without a value goes with its label and the separator before it, so
 * `{a} / {b} / {c}` without `b` gives `a / c`, and `Origem: {a} / Meio: {b}`
 * without `a` gives `Meio: b`, never a value under another's label. The text
 * after the last token goes with it, except what closes a bracket opened
 * before (`({a}, {b})` without `b` gives `(a)`). A template whose every token
 * is empty gives ''. Unknown `{names}` stay as written. The result is tidied
 * like any free text and clipped to `max` UTF-16 code units without splitting
 * a character.
 *
 * @example
 * fillTemplate('{utm_source} / {utm_medium}', { utm_source: 'ig' }, 500); // 'ig'
 * fillTemplate('Origem: {utm_source} / Meio: {utm_medium}', { utm_medium: 'bio' }, 500); // 'Meio: bio'
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
  const after = template.slice(last);
  if (tokens.length === 0) return clip(tidyText(template), max);
  let written = '';
  let lastWritten = false;
  tokens.forEach((token, index) => {
    const value = tidyText(values[token as keyof TemplateValues] ?? '');
    lastWritten = value !== '';
    if (!value) return;
    const between = texts[index]!;
    const separator = index === 0 ? '' : SEPARATOR.exec(between)![0];
    written += (written ? separator : '') + between.slice(separator.length) + value;
  });
  if (!written) return '';
  // The closing text of the last value; or only the brackets that close what was written.
  const closing = lastWritten ? after : [...after].filter((char) => /[)\]}]/.test(char)).slice(0, Math.max(0, openBrackets(written))).join('');
  return clip(tidyText(written + closing), max);
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
