import { formatMessage } from '../i18n/language.js';
import type { MessageKey, Messages } from '../i18n/messages.js';
import { MAX_LENGTH } from '../lead/limits.js';
import { INPUT_NAMES, type InputName, SUBJECTS } from './fields.js';
import type { FieldError } from './validate.js';

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
  // A code with no message of its own (a new reason code in a checker) shows
  // the subject's `format` message, else its `empty` one: never no text.
  const keys = SUBJECTS[error.subject].errors;
  const key =
    missingPairKey(error) ?? keys[error.code] ?? (error.code === 'too-long' ? 'errorTooLong' : (keys.format ?? keys.empty!));
  const input = error.inputs[0] as keyof typeof MAX_LENGTH;
  const max = MAX_LENGTH[input] ?? MAX_LENGTH[INPUT_NAMES.name];
  return formatMessage(messages[key], { max, example: context.example, label: context.label });
}
