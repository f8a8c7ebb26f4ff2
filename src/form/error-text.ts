import { formatMessage } from '../i18n/language.js';
import type { Messages } from '../i18n/messages.js';
import { MAX_LENGTH } from '../lead/limits.js';
import { type FieldError, INPUT_NAMES, type InputName } from './validate.js';

type MessageKey = Exclude<keyof Messages, 'monthNames'>;

// Which message each reason code of each subject shows. A code missing here
// falls back to the subject's `format` message, so a new reason code in a
// checker can never leave an error without text.
const MESSAGE_KEYS: Record<FieldError['subject'], Record<string, MessageKey>> = {
  name: { empty: 'errorNameEmpty', 'too-long': 'errorTooLong' },
  email: {
    empty: 'errorEmailEmpty',
    'contact-empty': 'errorContactEmpty',
    format: 'errorEmailFormat',
    'too-long': 'errorTooLong',
  },
  mobile: {
    empty: 'errorMobileEmpty',
    'contact-empty': 'errorContactEmpty',
    format: 'errorMobileFormat',
    'not-a-number': 'errorMobileFormat',
    invalid: 'errorMobileFormat',
    'too-short': 'errorMobileTooShort',
    'too-long': 'errorMobileTooLong',
    'invalid-country': 'errorMobileCountry',
    'not-mobile': 'errorMobileNotMobile',
  },
  birthday: {
    empty: 'errorBirthdayEmpty',
    'missing-day': 'errorBirthdayMissingDay',
    'missing-month': 'errorBirthdayMissingMonth',
    'missing-year': 'errorBirthdayMissingYear',
    'not-a-number': 'errorBirthdayNotANumber',
    'year-format': 'errorBirthdayYearFormat',
    format: 'errorBirthdayImpossible',
    impossible: 'errorBirthdayImpossible',
    future: 'errorBirthdayFuture',
    'year-too-early': 'errorBirthdayTooEarly',
  },
  street: { empty: 'errorStreetEmpty', 'too-long': 'errorTooLong', format: 'errorStreetEmpty' },
  zipcode: { empty: 'errorZipcodeEmpty', format: 'errorZipcodeFormat', 'too-long': 'errorTooLong' },
  city: { empty: 'errorCityEmpty', 'too-long': 'errorTooLong', format: 'errorCityEmpty' },
  vat: { empty: 'errorVatEmpty', format: 'errorVatFormat', prefix: 'errorVatCheck', 'check-digit': 'errorVatCheck' },
  cc: { empty: 'errorCcEmpty', format: 'errorCcFormat', 'check-digit': 'errorCcCheck' },
  ref: { empty: 'errorTextEmpty', 'too-long': 'errorTooLong', format: 'errorTextEmpty' },
  custom_1: { empty: 'errorTextEmpty', 'too-long': 'errorTooLong', format: 'errorTextEmpty' },
  custom_2: { empty: 'errorTextEmpty', 'too-long': 'errorTooLong', format: 'errorTextEmpty' },
  source: { empty: 'errorChoiceEmpty', format: 'errorChoiceEmpty' },
  segment: { empty: 'errorChoiceEmpty', format: 'errorChoiceEmpty' },
  consent: { empty: 'errorConsent', format: 'errorConsent' },
};

// GOV.UK "Date input": an incomplete date names every part it lacks ("must
// include a day and month"). Two parts are missing at most: three is `empty`.
const MISSING_PAIRS: readonly [InputName, InputName, MessageKey][] = [
  [INPUT_NAMES.day, INPUT_NAMES.month, 'errorBirthdayMissingDayMonth'],
  [INPUT_NAMES.day, INPUT_NAMES.year, 'errorBirthdayMissingDayYear'],
  [INPUT_NAMES.month, INPUT_NAMES.year, 'errorBirthdayMissingMonthYear'],
];

function missingPairKey(error: FieldError): MessageKey | undefined {
  if (error.subject !== 'birthday' || !error.code.startsWith('missing-') || error.inputs.length < 2) return undefined;
  return MISSING_PAIRS.find(([a, b]) => error.inputs.includes(a) && error.inputs.includes(b))?.[2];
}

/** Values for the placeholders of error messages. */
export interface ErrorTextContext {
  /** An example mobile number for the default country. */
  example: string;
  /** The visible label of the field, quoted by some messages (`{label}`). */
  label: string;
}

/**
 * The text of an error, in the visitor's language (plain text, never HTML).
 *
 * @example
 * errorText({ subject: 'name', code: 'empty', inputs: ['client_name'] }, pt, ctx); // 'Introduza o seu nome'
 */
export function errorText(error: FieldError, messages: Messages, context: ErrorTextContext): string {
  const keys = MESSAGE_KEYS[error.subject];
  const key = missingPairKey(error) ?? keys[error.code] ?? keys.format ?? keys.empty!;
  const input = error.inputs[0] as keyof typeof MAX_LENGTH;
  const max = MAX_LENGTH[input] ?? MAX_LENGTH[INPUT_NAMES.name];
  return formatMessage(messages[key], { max, example: context.example, label: context.label });
}
