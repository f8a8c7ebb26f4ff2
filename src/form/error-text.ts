import type { MessageKey } from '../i18n/messages.js';
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

/**
 * Which message tells the visitor about an error, and the longest length it
 * may quote (`{max}`). A code with no message of its own (a new reason code
 * in a checker) gets the subject's `format` message, else its `empty` one:
 * never no text.
 *
 * @example
 * errorMessageKey({ subject: 'name', code: 'empty', inputs: ['client_name'] }); // { key: 'errorNameEmpty', max: 120 }
 */
export function errorMessageKey(error: FieldError): { key: MessageKey; max: number } {
  const keys = SUBJECTS[error.subject].errors;
  const key =
    missingPairKey(error) ?? keys[error.code] ?? (error.code === 'too-long' ? 'errorTooLong' : (keys.format ?? keys.empty!));
  const input = error.inputs[0] as keyof typeof MAX_LENGTH;
  return { key, max: MAX_LENGTH[input] ?? MAX_LENGTH[INPUT_NAMES.name] };
}
