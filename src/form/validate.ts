import type { Lead } from '../lead/schema.js';
import type { ChoiceName, FieldName, RequirableName } from './config.js';
import type { FieldCheckers } from './field-checkers.js';
import { loadedFieldCheckers } from './field-checkers-loader.js';
import { type CheckContext, type ErrorSubject, FIELDS, INPUT_NAMES, type InputName, TEXT_INPUTS, checkInput } from './fields.js';

export { INPUT_NAMES, type InputName, type ErrorSubject } from './fields.js';

/** One problem to show the visitor. */
export interface FieldError {
  /** What it is about; with {@link code} it picks the message. */
  subject: ErrorSubject;
  /**
   * The reason code of the checker (`format`, `too-long`, `missing-day`...), or
   * `empty` for a required field left blank, or `contact-empty` when neither
   * email nor mobile was given.
   */
  code: string;
  /** The controls to mark invalid; the first gets focus from the summary. */
  inputs: InputName[];
}

/** What the form asks for: derived from the element's attributes. */
export interface FormSpec {
  fields: readonly FieldName[];
  required: ReadonlySet<RequirableName>;
  /** Options shown for a choice; an empty list means no choice is shown. */
  choices: Readonly<Record<ChoiceName, readonly string[]>>;
  /** Values sent without being shown. */
  presets: Readonly<Pick<Lead, 'form_id' | 'campaign_name' | 'client_source' | 'client_segment'>>;
  /** Whether a consent checkbox is shown (it is then required). */
  consent: boolean;
  defaultCountry: string;
  /** "Now" for the birthday's "not in the future" rule. */
  today?: Date;
}

/** The outcome of {@link validateForm}: the exact payload, or what to fix. */
export type FormValidation = { ok: true; lead: Lead } | { ok: false; errors: FieldError[] };

/**
 * Whether the form asks for "an email or a mobile number": both are shown and
 * neither is required on its own, so one of them must be given.
 */
export const needsEitherContact = (spec: FormSpec): boolean =>
  spec.fields.includes('email') &&
  spec.fields.includes('mobile') &&
  !spec.required.has('email') &&
  !spec.required.has('mobile');

/**
 * Checks what the visitor typed against the form's spec and builds the
 * createLead payload: only contract keys, normalised values, empty optional
 * fields omitted, birthday parts as numbers. Errors come in the order the
 * fields appear, as codes (the element turns them into text). Each field is
 * checked as `./fields.ts` describes it. Reads nothing but its arguments and,
 * when `options.checkers` is not given, the field checkers loaded so far.
 *
 * @param values Raw control values by `name` (absent = empty).
 * @param options.metadata The phone rules to check the mobile with: the form
 *   passes those in hand (`./phone-rules.ts`); by default those the build
 *   starts with.
 * @param options.acceptUnknownCountries Passed to `checkMobile`: take foreign
 *   mobiles on trust, for when the phone rules in hand are partial for good.
 * @param options.checkers The birthday, postal code, NIF and Citizen Card
 *   checkers; by default those loaded (`./field-checkers-loader.ts`). Without
 *   them (`null`, or not loaded) those fields are only checked for being filled in and not too long,
 *   and a birthday is sent when its parts are plain numbers in range.
 */
export function validateForm(
  values: Readonly<Record<string, string | undefined>>,
  spec: FormSpec,
  options: Omit<CheckContext, 'country'> = {},
): FormValidation {
  const checkers = options.checkers === undefined ? loadedFieldCheckers() : options.checkers;
  const context: CheckContext = { ...options, country: spec.defaultCountry, checkers };
  const lead: Record<string, string | number> = {};
  const errors: FieldError[] = [];
  const raw = (name: InputName) => values[name] ?? '';
  const isRequired = (name: RequirableName) => name === 'name' || spec.required.has(name);

  const eitherContact = needsEitherContact(spec);
  const noContact = raw(INPUT_NAMES.email).trim() === '' && raw(INPUT_NAMES.mobile).trim() === '';
  let contactReported = false;

  for (const field of spec.fields) {
    if (eitherContact && noContact && (field === 'email' || field === 'mobile')) {
      // One message for the pair, where the first of the two stands.
      if (!contactReported) {
        const inputs: InputName[] = field === 'email' ? [INPUT_NAMES.email, INPUT_NAMES.mobile] : [INPUT_NAMES.mobile, INPUT_NAMES.email];
        errors.push({ subject: field, code: 'contact-empty', inputs });
        contactReported = true;
      }
      continue;
    }
    if (field === 'birthday') {
      checkBirthdayField(raw, { required: isRequired('birthday'), yearRequired: spec.required.has('birthday-year'), today: spec.today, checkers }, lead, errors);
      continue;
    }
    const required = isRequired(field);
    for (const subject of FIELDS[field].inputs) {
      const input = INPUT_NAMES[subject];
      const result = checkInput(TEXT_INPUTS[subject], raw(input), context);
      if (result.ok) lead[input] = result.value;
      else if (result.reason !== 'empty' || required) errors.push({ subject, code: result.reason, inputs: [input] });
    }
  }

  for (const choice of ['source', 'segment'] as const) {
    const key = INPUT_NAMES[choice];
    const options = spec.choices[choice];
    if (options.length > 0) {
      // Only a listed option is sent: Zappy matches these values exactly.
      const value = raw(key);
      if (options.includes(value)) lead[key] = value;
      else if (isRequired(choice)) errors.push({ subject: choice, code: 'empty', inputs: [key] });
    }
  }

  if (spec.consent && raw(INPUT_NAMES.consent) === '') {
    errors.push({ subject: 'consent', code: 'empty', inputs: [INPUT_NAMES.consent] });
  }

  if (errors.length > 0) return { ok: false, errors };
  const presets = Object.fromEntries(
    Object.entries(spec.presets).filter(([key, value]) => value !== undefined && value !== '' && !(key in lead)),
  );
  return { ok: true, lead: { ...presets, ...lead } as Lead };
}

/** The birthday's three controls: checked together, into the lead's three numbers or one error. */
function checkBirthdayField(
  raw: (name: InputName) => string,
  options: { required: boolean; yearRequired: boolean; today: Date | undefined; checkers: FieldCheckers | null | undefined },
  lead: Record<string, string | number>,
  errors: FieldError[],
): void {
  const parts = { day: raw(INPUT_NAMES.day), month: raw(INPUT_NAMES.month), year: raw(INPUT_NAMES.year) };
  if (!options.checkers) {
    if (Object.values(parts).every((part) => part.trim() === '')) {
      if (options.required) errors.push({ subject: 'birthday', code: 'empty', inputs: [INPUT_NAMES.day, INPUT_NAMES.month, INPUT_NAMES.year] });
    } else {
      Object.assign(lead, birthdayAsTyped(parts));
    }
    return;
  }
  const result = options.checkers.birthday(parts, { yearRequired: options.yearRequired, ...(options.today ? { today: options.today } : {}) });
  if (result.ok) {
    lead.client_birth_day = result.value.day;
    lead.client_birth_month = result.value.month;
    if (result.value.year !== undefined) lead.client_birth_year = result.value.year;
  } else if (result.reason !== 'empty' || options.required) {
    const partInput = { day: INPUT_NAMES.day, month: INPUT_NAMES.month, year: INPUT_NAMES.year };
    // Every part in error is marked, all of them for a blank date
    // (GOV.UK "Date input": highlight the whole date); the first gets focus.
    errors.push({ subject: 'birthday', code: result.reason, inputs: result.parts.map((part) => partInput[part]) });
  }
}

/**
 * A birthday's parts as the payload's numbers when each is plainly one in
 * range, for when the birthday checker could not be loaded: what cannot be
 * read that way is left out rather than refused.
 */
function birthdayAsTyped(parts: { day: string; month: string; year: string }): Partial<Lead> {
  const number = (part: string, min: number, max: number) => {
    const value = /^\s*\d{1,4}\s*$/.test(part) ? Number(part) : NaN;
    return value >= min && value <= max ? value : undefined;
  };
  const day = number(parts.day, 1, 31);
  const month = number(parts.month, 1, 12);
  const year = number(parts.year, 1900, 2100);
  if (day === undefined || month === undefined) return {};
  return { client_birth_day: day, client_birth_month: month, ...(year === undefined ? {} : { client_birth_year: year }) };
}
