import { en } from './en.js';
import { es } from './es.js';
import type { Language, Messages } from './messages.js';
import { pt } from './pt.js';

const CATALOGUES: Record<Language, Messages> = { pt, en, es };

/** The language used when none given matches a catalogue. */
export const DEFAULT_LANGUAGE: Language = 'pt';

/**
 * Maps a BCP 47 tag to a supported language by its primary subtag
 * (`pt-PT`, `pt-BR` → `pt`; `en-GB` → `en`), or `undefined`.
 *
 * @example
 * matchLanguage(' ES-es '); // 'es'
 * matchLanguage('fr');      // undefined
 */
export function matchLanguage(tag: string | null | undefined): Language | undefined {
  const primary = tag?.trim().toLowerCase().split(/[-_]/)[0];
  return primary !== undefined && primary in CATALOGUES ? (primary as Language) : undefined;
}

/**
 * The catalogue for a language, with an embedder's overrides on top. Only
 * string overrides of known keys are taken (and `monthNames` when it is a list
 * of twelve strings), so a typo or a wrong type cannot blank the form.
 */
export function messagesFor(language: Language, overrides?: Partial<Messages> | null): Messages {
  const base = CATALOGUES[language];
  if (!overrides || typeof overrides !== 'object') return base;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    if (!Object.hasOwn(base, key)) continue;
    const valid =
      key === 'monthNames'
        ? Array.isArray(value) && value.length === 12 && value.every((v) => typeof v === 'string')
        : typeof value === 'string';
    if (valid) merged[key] = value;
  }
  return merged as unknown as Messages;
}

/**
 * Fills `{name}` placeholders of a message. The result is plain text: Lit
 * renders it as a text node, never as HTML.
 *
 * @example
 * formatMessage('Use no máximo {max} caracteres', { max: 120 }); // 'Use no máximo 120 caracteres'
 */
export function formatMessage(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (match, name: string) =>
    name in params ? String(params[name]) : match,
  );
}
