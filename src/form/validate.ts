import { checkEmail } from '../lead/email.js';
import { checkName } from '../lead/name.js';
import { checkMobile } from '../lead/phone.js';
import { type Lead, MAX_LENGTH, type TextKey } from '../lead/schema.js';
import { checkText } from '../lead/text.js';
import type { ChoiceName, FieldName, RequirableName } from './config.js';
import type { FieldCheckers } from './field-checkers.js';
import { loadedFieldCheckers } from './field-checkers-loader.js';

/** The `name` of every control the form can render. */
export const INPUT_NAMES = {
  name: 'client_name',
  email: 'client_email',
  mobile: 'client_mobile',
  day: 'client_birth_day',
  month: 'client_birth_month',
  year: 'client_birth_year',
  street: 'client_street',
  zipcode: 'client_zipcode',
  city: 'client_city',
  vat: 'client_vat',
  cc: 'client_cc',
  ref: 'client_ref',
  custom_1: 'custom_1',
  custom_2: 'custom_2',
  source: 'client_source',
  segment: 'client_segment',
  // Not contract keys: the consent gate and the spam trap are never sent.
  consent: 'zappy_consent',
  // Bots fill a "website" field; no browser autofills one. Never "company":
  // Chrome autofills organisation names into such fields, which would turn a
  // real visitor with a company in their address profile into a "bot".
  honeypot: 'zappy_website',
} as const;

/** A control's `name`. */
export type InputName = (typeof INPUT_NAMES)[keyof typeof INPUT_NAMES];

/** What an error is about; one summary entry and one inline message each. */
export type ErrorSubject =
  | 'name'
  | 'email'
  | 'mobile'
  | 'birthday'
  | 'street'
  | 'zipcode'
  | 'city'
  | 'vat'
  | 'cc'
  | 'ref'
  | 'custom_1'
  | 'custom_2'
  | 'source'
  | 'segment'
  | 'consent';

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
 * fields appear, as codes (the element turns them into text). Pure.
 *
 * @param values Raw control values by `name` (absent = empty).
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
  options: { acceptUnknownCountries?: boolean; checkers?: FieldCheckers | null } = {},
): FormValidation {
  const checkers = options.checkers === undefined ? loadedFieldCheckers() : options.checkers;
  const lead: Record<string, string | number> = {};
  const errors: FieldError[] = [];
  const raw = (name: InputName) => values[name] ?? '';
  const isRequired = (name: RequirableName) => name === 'name' || spec.required.has(name);

  /** Runs one checker; stores its value under `key` or records the error. */
  const take = <R extends string>(
    subject: ErrorSubject,
    input: InputName,
    required: boolean,
    result: { ok: true; value: string } | { ok: false; reason: R | 'empty' },
  ) => {
    if (result.ok) lead[input] = result.value;
    else if (result.reason !== 'empty' || required) errors.push({ subject, code: result.reason, inputs: [input] });
  };
  const text = (subject: ErrorSubject, input: InputName & TextKey, required: boolean) =>
    take(subject, input, required, checkText(raw(input), MAX_LENGTH[input]));

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
    switch (field) {
      case 'name':
        take('name', INPUT_NAMES.name, true, checkName(raw(INPUT_NAMES.name)));
        break;
      case 'email':
        take('email', INPUT_NAMES.email, isRequired('email'), checkEmail(raw(INPUT_NAMES.email)));
        break;
      case 'mobile': {
        const result = checkMobile(raw(INPUT_NAMES.mobile), {
          defaultCountry: spec.defaultCountry,
          acceptUnknownCountries: options.acceptUnknownCountries ?? false,
        });
        take('mobile', INPUT_NAMES.mobile, isRequired('mobile'), result);
        break;
      }
      case 'birthday': {
        const parts = { day: raw(INPUT_NAMES.day), month: raw(INPUT_NAMES.month), year: raw(INPUT_NAMES.year) };
        if (!checkers) {
          if (Object.values(parts).every((part) => part.trim() === '')) {
            if (isRequired('birthday')) errors.push({ subject: 'birthday', code: 'empty', inputs: [INPUT_NAMES.day, INPUT_NAMES.month, INPUT_NAMES.year] });
          } else {
            Object.assign(lead, birthdayAsTyped(parts));
          }
          break;
        }
        const result = checkers.birthday(parts, {
          yearRequired: spec.required.has('birthday-year'),
          ...(spec.today ? { today: spec.today } : {}),
        });
        if (result.ok) {
          lead.client_birth_day = result.value.day;
          lead.client_birth_month = result.value.month;
          if (result.value.year !== undefined) lead.client_birth_year = result.value.year;
        } else if (result.reason !== 'empty' || isRequired('birthday')) {
          const partInput = { day: INPUT_NAMES.day, month: INPUT_NAMES.month, year: INPUT_NAMES.year };
          // Every part in error is marked, all of them for a blank date
          // (GOV.UK "Date input": highlight the whole date); the first gets focus.
          const inputs = result.parts.map((part) => partInput[part]);
          errors.push({ subject: 'birthday', code: result.reason, inputs });
        }
        break;
      }
      case 'address': {
        const required = isRequired('address');
        text('street', INPUT_NAMES.street, required);
        const zipcode = raw(INPUT_NAMES.zipcode);
        take('zipcode', INPUT_NAMES.zipcode, required, checkers ? checkers.postalCode(zipcode, spec.defaultCountry) : checkText(zipcode, MAX_LENGTH.client_zipcode));
        text('city', INPUT_NAMES.city, required);
        break;
      }
      case 'vat':
        if (checkers) take('vat', INPUT_NAMES.vat, isRequired('vat'), checkers.nif(raw(INPUT_NAMES.vat)));
        else text('vat', INPUT_NAMES.vat, isRequired('vat'));
        break;
      case 'cc':
        if (checkers) take('cc', INPUT_NAMES.cc, isRequired('cc'), checkers.citizenCard(raw(INPUT_NAMES.cc)));
        else text('cc', INPUT_NAMES.cc, isRequired('cc'));
        break;
      case 'ref':
        text('ref', INPUT_NAMES.ref, isRequired('ref'));
        break;
      case 'custom_1':
      case 'custom_2':
        text(field, INPUT_NAMES[field], isRequired(field));
        break;
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
