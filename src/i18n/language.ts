import { chunks } from '../chunks.js';
import type { Language, Messages } from './messages.js';
import { pt } from './pt.js';

/** The language used when none given matches a catalogue. */
export const DEFAULT_LANGUAGE: Language = 'pt';

const LANGUAGES: readonly string[] = ['pt', 'en', 'es'] satisfies Language[];

/**
 * Longest a form waits for its language's texts before it shows itself in
 * Portuguese: the form must appear even when a part hangs, or no lead comes.
 */
const TEXTS_WAIT_MS = 4000;

/**
 * Catalogues in hand. Portuguese travels with the widget; English and Spanish
 * load the first time a form needs them (`../chunks.ts`): a visitor of a
 * Portuguese page downloads neither.
 */
const loaded: Partial<Record<Language, Messages>> = { pt };
const loading: Partial<Record<Language, Promise<Messages>>> = {};

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

/** A language's catalogue if it is in hand (Portuguese always is), else `undefined`. */
export const loadedCatalogue = (language: Language): Messages | undefined => loaded[language];

/**
 * Brings a language's catalogue in hand, once per page, and resolves with it.
 * When it cannot be loaded, or has not arrived after {@link TEXTS_WAIT_MS},
 * resolves with the Portuguese one, which then stands in for that language on
 * this page. Never rejects.
 */
export function loadCatalogue(language: Language): Promise<Messages> {
  const have = loaded[language];
  if (have) return Promise.resolve(have);
  return (loading[language] ??= Promise.race([
    chunks[language as Exclude<Language, 'pt'>](),
    new Promise<never>((_, reject) => setTimeout(reject, TEXTS_WAIT_MS, 'it took too long')),
  ]).then(
    (messages) => (loaded[language] = messages),
    (error: unknown) => {
      console.warn(`zappy-lead-form: no "${language}" texts; the form speaks Portuguese.`, error);
      return (loaded[language] = pt);
    },
  ));
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
