import { chunks } from '../parts/chunks.js';
import { type LazyPart, lazyPart } from '../parts/lazy-part.js';
import type { Language, Messages } from './messages.js';
import { pt } from './pt.js';

/** The language used when none given matches a catalogue. */
export const DEFAULT_LANGUAGE: Language = 'pt';

const LANGUAGES: readonly string[] = ['pt', 'en', 'es'] satisfies Language[];

/**
 * The catalogues loaded on demand. Portuguese travels with the widget;
 * English and Spanish load the first time a form needs them
 * (`../parts/chunks.ts`): a visitor of a Portuguese page downloads neither.
 */
const textsOf = (language: 'en' | 'es'): LazyPart<Messages> => lazyPart(chunks[language], `no "${language}" texts; the form speaks Portuguese.`);
const catalogues = { en: textsOf('en'), es: textsOf('es') };

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
  return primary !== undefined && LANGUAGES.includes(primary) ? (primary as Language) : undefined;
}

/**
 * A language's catalogue if it is in hand (Portuguese always is), else
 * `undefined`; Portuguese for a language given up on (it could not be loaded,
 * or did not arrive in time), which Portuguese then stands in for on this page.
 */
export function loadedCatalogue(language: Language): Messages | undefined {
  if (language === 'pt') return pt;
  const part = catalogues[language];
  return part.failed ? pt : part.value;
}

/**
 * Brings a language's catalogue in hand, once per page, and resolves with it.
 * When it cannot be loaded, or has not arrived within `PART_WAIT_MS` (the form
 * must appear even when a part hangs, or no lead comes), resolves with the
 * Portuguese one. Never rejects.
 */
export async function loadCatalogue(language: Language): Promise<Messages> {
  if (language === 'pt') return pt;
  return (await catalogues[language].within(true)) ?? pt;
}

/**
 * A catalogue with an embedder's overrides on top. Only string overrides of
 * known keys are taken (and `monthNames` when it is a list of twelve
 * strings), so a typo or a wrong type cannot blank the form.
 */
export function messagesFor(base: Messages, overrides?: Partial<Messages> | null): Messages {
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
