/**
 * Reading the element's list attributes (`fields`, `required`, `sources`,
 * `segments`). Pure: problems come back as data, the element decides how to
 * warn about them.
 */
import { FIELDS, type FieldName, type FieldSpec } from './fields.js';

/** The fields an embedder can show, in their documented order (`./fields.ts` describes each). */
export const FIELD_NAMES = Object.keys(FIELDS) as FieldName[];

export type { FieldName };

/** The groups shown when `fields` is absent. */
export const DEFAULT_FIELDS: readonly FieldName[] = ['name', 'email', 'mobile'];

/** A choice list shown instead of a preset (`sources`, `segments`). */
const CHOICE_NAMES = ['source', 'segment'] as const;

/** A choice list shown instead of a preset (`sources`, `segments`). */
export type ChoiceName = (typeof CHOICE_NAMES)[number];

/**
 * What `required` accepts besides the field groups: the choices, and
 * `birthday-year` (the year of birth is optional unless named).
 */
const EXTRA_REQUIRABLE = [...CHOICE_NAMES, 'birthday-year'] as const;

const isFieldName = (word: string): word is FieldName => Object.hasOwn(FIELDS, word);

// The API's own key spellings too (`client_email`, `custom-1`), which
// embedders copy from Zappy's documentation.
const ALIASES: Readonly<Record<string, FieldName>> = Object.fromEntries(
  FIELD_NAMES.flatMap((name) => ((FIELDS[name] as FieldSpec).aliases ?? []).map((alias) => [alias, name])),
);

/** The outcome of {@link parseFieldList}. */
export interface FieldList<Name extends string = FieldName> {
  /** The recognised names, in the order given, without repeats. */
  names: Name[];
  /** Words that name no field, as written. */
  unknown: string[];
}

const words = (value: string) => value.split(/[\s,;]+/).filter(Boolean);

/**
 * Reads a space- or comma-separated list of field names, case-insensitively.
 * Unknown words are reported, repeats dropped; `null` gives the default list.
 *
 * @example
 * parseFieldList('name, email birthday email wat');
 * // { names: ['name', 'email', 'birthday'], unknown: ['wat'] }
 */
export function parseFieldList(value: string | null | undefined, fallback = DEFAULT_FIELDS): FieldList {
  if (value === null || value === undefined) return { names: [...fallback], unknown: [] };
  const names: FieldName[] = [];
  const unknown: string[] = [];
  for (const word of words(value)) {
    const lower = word.toLowerCase();
    // Own keys only: `constructor` or `__proto__` must not read Object.prototype.
    const name = isFieldName(lower) ? lower : Object.hasOwn(ALIASES, lower) ? ALIASES[lower] : undefined;
    if (name === undefined) unknown.push(word);
    else if (!names.includes(name)) names.push(name);
  }
  return { names, unknown };
}

/** Names accepted by `required`. */
export type RequirableName = FieldName | (typeof EXTRA_REQUIRABLE)[number];

/**
 * Reads the `required` attribute: like {@link parseFieldList}, and also accepts
 * `source`, `segment` (the choices shown by `sources`/`segments`) and
 * `birthday-year`.
 *
 * @example
 * parseRequiredList('mobile, source birthday-year');
 * // { names: ['mobile', 'source', 'birthday-year'], unknown: [] }
 */
export function parseRequiredList(value: string | null | undefined): FieldList<RequirableName> {
  if (value === null || value === undefined) return { names: [], unknown: [] };
  const names: RequirableName[] = [];
  const unknown: string[] = [];
  for (const word of words(value)) {
    const lower = word.toLowerCase().replace(/^client_/, '').replace('_', '-');
    const extra = EXTRA_REQUIRABLE.find((name) => name === lower);
    const found = extra ?? parseFieldList(word).names[0];
    if (found === undefined) unknown.push(word);
    else if (!names.includes(found)) names.push(found);
  }
  return { names, unknown };
}

/** The outcome of {@link parseChoiceList}. */
export interface ChoiceList {
  /** The options, trimmed, in the order given, without empties or repeats. */
  options: string[];
  /** True when the value looked like JSON but was not a JSON array of strings. */
  malformed: boolean;
}

/**
 * Reads `sources` or `segments`: the options of a choice, sent exactly as
 * written (Zappy matches them exactly). Options are separated by commas or line
 * breaks; a JSON array of strings allows options that contain commas.
 *
 * @example
 * parseChoiceList('Instagram, Website / Loja online');
 * // { options: ['Instagram', 'Website / Loja online'], malformed: false }
 * parseChoiceList('["Amigos, família", "Google"]');
 * // { options: ['Amigos, família', 'Google'], malformed: false }
 */
export function parseChoiceList(value: string | null | undefined): ChoiceList {
  if (value === null || value === undefined) return { options: [], malformed: false };
  const trimmed = value.trim();
  let items: unknown[] | undefined;
  let malformed = false;
  if (trimmed.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (Array.isArray(parsed) && parsed.every((item) => typeof item === 'string')) items = parsed;
      else malformed = true;
    } catch {
      malformed = true;
    }
  }
  const raw = items ?? trimmed.replace(/^\[|\]$/g, '').split(/[,\n]/);
  const options = [...new Set(raw.map((item) => String(item).trim()).filter(Boolean))];
  return { options, malformed };
}
