import type { MetadataJson } from 'libphonenumber-js/core/es6';
import type { MessageKey } from '../i18n/messages.js';
import type { Check } from '../lead/check.js';
import { checkEmail } from '../lead/email.js';
import { MAX_LENGTH, type TextKey } from '../lead/limits.js';
import { checkName } from '../lead/name.js';
import { checkMobile } from '../lead/phone.js';
import { checkText } from '../lead/text.js';
import type { FieldCheckers } from './field-checkers.js';

/*
 * Every field of the form, described once: its controls' names (the API
 * keys), labels, hints, how browsers and keyboards should treat it, how it is
 * checked and which message each reason code shows. The form's validation,
 * its error texts and its rendering all read this table; adding a field means
 * adding it here, its texts to `../i18n/`, and its tests.
 */

/** What the form's mobile and field checks need besides the typed value. */
export interface CheckContext {
  /** ISO 3166 country of national phone numbers and postal codes. */
  country: string;
  /** The phone rules in hand (`./phone-rules.ts`); by default those the build starts with. */
  metadata?: MetadataJson | undefined;
  /** Take foreign mobiles on trust (the phone rules in hand are partial for good). */
  acceptUnknownCountries?: boolean | undefined;
  /** The checkers loaded on demand (`./field-checkers.ts`); without them, those fields are only measured. */
  checkers?: FieldCheckers | null | undefined;
}

/** One text input: how it is labelled, written, checked and explained. */
export interface TextInputSpec {
  /** Its control's `name`: the API key it fills. */
  input: TextKey;
  label: MessageKey;
  /** A hint under the label; `{example}` is an example mobile for the country. */
  hint?: MessageKey;
  type?: 'email' | 'tel';
  /** Default `off`: nothing to autofill from a profile. */
  autocomplete?: string;
  inputmode?: 'numeric' | 'email' | 'tel';
  /** Off where it would mark correct values as mistakes: names, email addresses, numbers and codes. */
  spellcheck?: false;
  autocapitalize?: 'none' | 'characters' | 'words';
  className?: string;
  /** What changes when the country is Portugal (a hint, a numeric keyboard). */
  portugal?: Pick<TextInputSpec, 'hint' | 'inputmode'>;
  /** The normalised value, or a reason code. Default: free text, tidied and measured against `MAX_LENGTH`. */
  check?(raw: string, context: CheckContext): Check<string, string>;
  /**
   * The message of each reason code; `too-long` shows `errorTooLong` unless
   * given, and any other code not listed shows `format`'s, else `empty`'s.
   */
  errors: Readonly<Record<string, MessageKey>>;
}

/** What an error is about: one summary entry and one inline message each. */
export type ErrorSubject = TextSubject | 'birthday' | 'source' | 'segment' | 'consent';

/** What every subject of an error has: its label (none for the consent, whose text is its label) and messages. */
export interface SubjectSpec {
  label?: MessageKey;
  errors: Readonly<Record<string, MessageKey>>;
}

/** With the field checkers in hand their check, else only a length check. */
const loaded =
  (input: TextInputSpec['input'], pick: (checkers: FieldCheckers, raw: string, context: CheckContext) => Check<string, string>) =>
  (raw: string, context: CheckContext) =>
    context.checkers ? pick(context.checkers, raw, context) : checkText(raw, MAX_LENGTH[input]);

const FREE_TEXT_ERRORS = { empty: 'errorTextEmpty' } as const;

/** How a text input is checked: as its spec says, else as free text. */
export const checkInput = (spec: TextInputSpec, raw: string, context: CheckContext): Check<string, string> =>
  spec.check ? spec.check(raw, context) : checkText(raw, MAX_LENGTH[spec.input]);

/**
 * Every text input. No spell-check in names: it marks most people's names as
 * mistakes (GOV.UK "Names").
 */
export const TEXT_INPUTS = {
  name: {
    input: 'client_name',
    label: 'labelName',
    autocomplete: 'name',
    spellcheck: false,
    autocapitalize: 'words',
    check: checkName,
    errors: { empty: 'errorNameEmpty' },
  },
  email: {
    input: 'client_email',
    label: 'labelEmail',
    type: 'email',
    autocomplete: 'email',
    inputmode: 'email',
    spellcheck: false,
    autocapitalize: 'none',
    check: checkEmail,
    errors: { empty: 'errorEmailEmpty', 'contact-empty': 'errorContactEmpty', format: 'errorEmailFormat' },
  },
  mobile: {
    input: 'client_mobile',
    label: 'labelMobile',
    hint: 'hintMobile',
    type: 'tel',
    autocomplete: 'tel',
    inputmode: 'tel',
    spellcheck: false,
    check: (raw, { country, metadata, acceptUnknownCountries = false }) =>
      checkMobile(raw, { defaultCountry: country, acceptUnknownCountries }, metadata),
    errors: {
      empty: 'errorMobileEmpty',
      'contact-empty': 'errorContactEmpty',
      format: 'errorMobileFormat',
      'too-short': 'errorMobileTooShort',
      'too-long': 'errorMobileTooLong',
      'invalid-country': 'errorMobileCountry',
      'not-mobile': 'errorMobileNotMobile',
    },
  },
  street: { input: 'client_street', label: 'labelStreet', autocomplete: 'address-line1', errors: { empty: 'errorStreetEmpty' } },
  zipcode: {
    input: 'client_zipcode',
    label: 'labelZipcode',
    autocomplete: 'postal-code',
    spellcheck: false,
    className: 'zipcode',
    portugal: { hint: 'hintZipcode', inputmode: 'numeric' },
    check: loaded('client_zipcode', (checkers, raw, { country }) => checkers.postalCode(raw, country)),
    errors: { empty: 'errorZipcodeEmpty', format: 'errorZipcodeFormat' },
  },
  city: { input: 'client_city', label: 'labelCity', autocomplete: 'address-level2', errors: { empty: 'errorCityEmpty' } },
  vat: {
    input: 'client_vat',
    label: 'labelVat',
    inputmode: 'numeric',
    spellcheck: false,
    check: loaded('client_vat', (checkers, raw) => checkers.nif(raw)),
    errors: { empty: 'errorVatEmpty', format: 'errorVatFormat', prefix: 'errorVatCheck', 'check-digit': 'errorVatCheck' },
  },
  cc: {
    input: 'client_cc',
    label: 'labelCc',
    hint: 'hintCc',
    spellcheck: false,
    autocapitalize: 'characters',
    check: loaded('client_cc', (checkers, raw) => checkers.citizenCard(raw)),
    errors: { empty: 'errorCcEmpty', format: 'errorCcFormat', 'check-digit': 'errorCcCheck' },
  },
  ref: { input: 'client_ref', label: 'labelRef', errors: FREE_TEXT_ERRORS },
  custom_1: { input: 'custom_1', label: 'labelCustom1', errors: FREE_TEXT_ERRORS },
  custom_2: { input: 'custom_2', label: 'labelCustom2', errors: FREE_TEXT_ERRORS },
} as const satisfies Record<string, TextInputSpec>;

/** What a text input is about: its key in {@link TEXT_INPUTS}, and the subject of its errors. */
export type TextSubject = keyof typeof TEXT_INPUTS;

/** The `name` of every control the form can render: the text inputs' API keys, the birthday's, the choices', and two that are never sent. */
export const INPUT_NAMES = {
  ...(Object.fromEntries(Object.entries(TEXT_INPUTS).map(([subject, { input }]) => [subject, input])) as {
    readonly [S in TextSubject]: (typeof TEXT_INPUTS)[S]['input'];
  }),
  day: 'client_birth_day',
  month: 'client_birth_month',
  year: 'client_birth_year',
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

/** Every subject of an error: the text inputs, and the birthday, the choices and the consent. */
export const SUBJECTS: Readonly<Record<ErrorSubject, SubjectSpec>> = {
  ...TEXT_INPUTS,
  birthday: {
    label: 'legendBirthday',
    errors: {
      empty: 'errorBirthdayEmpty',
      'missing-day': 'errorBirthdayMissingDay',
      'missing-month': 'errorBirthdayMissingMonth',
      'missing-year': 'errorBirthdayMissingYear',
      'not-a-number': 'errorBirthdayNotANumber',
      'year-format': 'errorBirthdayYearFormat',
      format: 'errorBirthdayImpossible',
      future: 'errorBirthdayFuture',
      'year-too-early': 'errorBirthdayTooEarly',
    },
  },
  source: { label: 'labelSource', errors: { empty: 'errorChoiceEmpty' } },
  segment: { label: 'labelSegment', errors: { empty: 'errorChoiceEmpty' } },
  // Its label is the consent text itself.
  consent: { errors: { empty: 'errorConsent' } },
};

/** One field an embedder can show (`fields="..."`). */
export interface FieldSpec {
  /** Its text inputs, in order; none for the birthday, which is a date of three controls. */
  inputs: readonly TextSubject[];
  /** Whether its checkers are not in the widget itself but loaded on demand (`./field-checkers.ts`). */
  loadedChecker?: true;
  /** Other spellings `fields` and `required` accept: the API's own keys, which embedders copy from Zappy's docs. */
  aliases?: readonly string[];
}

/** Every field, in the documented order. */
export const FIELDS = {
  name: { inputs: ['name'], aliases: ['client_name'] },
  email: { inputs: ['email'], aliases: ['client_email'] },
  mobile: { inputs: ['mobile'], aliases: ['client_mobile', 'phone'] },
  birthday: { inputs: [], loadedChecker: true },
  address: { inputs: ['street', 'zipcode', 'city'], loadedChecker: true },
  vat: { inputs: ['vat'], loadedChecker: true, aliases: ['client_vat', 'nif'] },
  cc: { inputs: ['cc'], loadedChecker: true, aliases: ['client_cc'] },
  ref: { inputs: ['ref'], aliases: ['client_ref'] },
  custom_1: { inputs: ['custom_1'], aliases: ['custom-1', 'custom1'] },
  custom_2: { inputs: ['custom_2'], aliases: ['custom-2', 'custom2'] },
} as const satisfies Record<string, FieldSpec>;

/** One field of the form (`birthday` is three controls, `address` three). */
export type FieldName = keyof typeof FIELDS;
