// `core/es6` is `core` compiled for current engines (native classes, no Babel
// helpers): the same API and types, 2.6 KB less gzip in the script build.
import {
  isSupportedCountry,
  ParseError,
  parsePhoneNumberWithError,
  validatePhoneNumberLength,
  type CountryCode,
  type MetadataJson,
  type PhoneNumberType,
} from 'libphonenumber-js/core/es6';
import { fail, pass, type Check } from './check.js';
import { countryCode } from './country.js';
import { firstPhoneMetadata } from './phone-metadata-first.js';

/**
 * Why {@link checkMobile} refused a value. Codes, not UI text: the element maps
 * them to messages.
 *
 * - `empty`: blank after trimming (the caller decides whether that is an error).
 * - `not-a-number`: letters, symbols or no digits at all.
 * - `invalid-country`: written without `+`/`00` and no usable default country,
 *   or an international number whose country calling code does not exist.
 * - `too-short` / `too-long`: wrong number of digits for the country; `too-long`
 *   also for any input longer than 40 characters (separators included).
 * - `invalid`: right length but not a number in use (e.g. `+351 901 234 567`),
 *   or a number with an extension.
 * - `not-mobile`: a real number that cannot receive text messages: landline,
 *   toll-free, premium-rate, personal (call-forwarding), VoIP, pager, ...
 */
export type MobileReason =
  | 'empty'
  | 'not-a-number'
  | 'invalid-country'
  | 'too-short'
  | 'too-long'
  | 'invalid'
  | 'not-mobile';

/** Options of {@link checkMobile}. */
export interface MobileOptions {
  /**
   * Country assumed for numbers written without `+` or `00`: an ISO 3166-1
   * alpha-2 code, any case. Defaults to `'PT'`. An unknown code does not throw:
   * it is ignored, so international numbers still pass and national ones give
   * `invalid-country`.
   */
  readonly defaultCountry?: string;
  /**
   * Accept an international number whose country calling code the metadata
   * does not know, as `+` and its digits, when they could be a number at all
   * (6 to 15 digits: the shortest numbers anywhere, Niue's or Tokelau's, have
   * 6 or 7 with the calling code; E.164 allows 15). For rules known to be
   * partial (the rest could not be loaded, see `../form/phone-rules.ts`): a
   * foreign mobile is then taken on trust rather than refused. Default `false`.
   */
  readonly acceptUnknownCountries?: boolean;
}

/** `+` and the digits of a number that could exist somewhere. */
const PLAUSIBLE_INTERNATIONAL = /^\+[1-9]\d{5,14}$/;

/**
 * Longest input parsed, in UTF-16 code units after trimming. The longest E.164
 * number has 15 digits; 40 leaves room for every separator autofill or a person
 * adds (`(+351) 912-345-678` is 18) while keeping a pasted novel away from the
 * parser's regular expressions.
 */
const MAX_INPUT_LENGTH = 40;

/**
 * Separators ignored anywhere: every Unicode space (`\s` covers NBSP and the
 * narrow NBSP that some locales' formatters emit, which libphonenumber-js does
 * not know), zero-width and soft-hyphen characters picked up by copy-paste,
 * dots, slashes, every dash and round or square brackets (incl. full-width).
 * Removing them up front also lets `(+351) 912-345-678` parse: the library
 * rejects a `+` inside brackets.
 */
const SEPARATORS = /[\s\u00AD\u200B-\u200D\u2060./\\\-\u2010-\u2015\u2212\uFF0D()[\]\uFF08\uFF09\uFF3B\uFF3D]/gu;

/**
 * Number types that can receive a text message. `FIXED_LINE_OR_MOBILE` is what
 * the metadata says when a country's landline and mobile ranges overlap (the
 * USA, Canada and the rest of the +1 area have no separate mobile ranges), so
 * refusing it would refuse every North American visitor.
 *
 * Deliberately not here: `PERSONAL_NUMBER` (UK/Spain `70`, Germany `700`, Italy
 * `178`, Portugal `884`, US `5XX`): call-forwarding "follow-me" numbers, which
 * route voice calls but are not subscriber mobiles and generally cannot take
 * SMS; they also include premium-priced ranges. `VOIP`, `PAGER`, `UAN`,
 * `VOICEMAIL` and the shared-cost, toll-free and premium ranges are likewise not
 * somebody's phone that Zappy can text.
 */
const TEXTABLE: ReadonlySet<PhoneNumberType> = new Set<PhoneNumberType>(['MOBILE', 'FIXED_LINE_OR_MOBILE']);

/** libphonenumber-js `ParseError` messages and length verdicts, as our reasons. */
const LIBRARY_REASONS: Readonly<Record<string, MobileReason>> = {
  NOT_A_NUMBER: 'not-a-number',
  INVALID_COUNTRY: 'invalid-country',
  TOO_SHORT: 'too-short',
  TOO_LONG: 'too-long',
  INVALID_LENGTH: 'invalid',
};

/** Anything the table does not know (a future library code) is plain `invalid`. */
const reasonOf = (code: string | undefined): MobileReason =>
  (code !== undefined && Object.hasOwn(LIBRARY_REASONS, code) ? LIBRARY_REASONS[code] : undefined) ?? 'invalid';

/** The default country as the metadata knows it, or `undefined`. */
function supportedCountry(code: string, metadata: MetadataJson): CountryCode | undefined {
  const upper = countryCode(code);
  return upper && isSupportedCountry(upper as CountryCode, metadata) ? (upper as CountryCode) : undefined;
}

/**
 * Whether `code` (`PT`, `es`) is a country the phone rules know, so that
 * numbers written without `+` can be read as that country's.
 *
 * @example
 * isPhoneCountry('pt'); // true
 * isPhoneCountry('ZZ'); // false
 */
export function isPhoneCountry(code: string, metadata: MetadataJson = firstPhoneMetadata): boolean {
  return supportedCountry(code, metadata) !== undefined;
}

/**
 * Normalises a mobile phone number typed, pasted or autofilled by a visitor to
 * E.164 (`+351912345678`), or says why it cannot be texted. Pure; never throws.
 *
 * Accepted writing:
 * - Separators anywhere: spaces (incl. NBSP), dots, dashes, slashes, brackets.
 * - International numbers with `+` or `00` (always read as the international
 *   prefix, whatever the default country: `00 351 912 345 678`).
 * - National numbers, read in the default country (`912 345 678`).
 * - A bare leading country code without `+` (`351912345678`) only when it is
 *   the default country's own code and the digits are too many for a national
 *   number but valid once it is removed; that is libphonenumber's (and Google
 *   libphonenumber's) rule. A foreign code without `+` (`447400123456` with
 *   default `PT`) is not guessed: it is read as a national number (`too-long`).
 *
 * Only numbers whose type is `MOBILE` or `FIXED_LINE_OR_MOBILE` pass, because
 * Zappy texts its clients: a Portuguese landline gives `not-mobile`. Where the
 * metadata has no number types (countries outside the curated cut of the
 * published builds, see `../form/phone-rules.ts`) a number of a possible
 * length passes: there is no telling a mobile from a landline.
 *
 * @param metadata The numbering rules. Default: those the build starts with
 *   (every country in the source and on a server; Portugal's alone in the
 *   published scripts, whose form passes the rules in hand).
 *
 * @example
 * checkMobile('(+351) 912-345-678') // { ok: true, value: '+351912345678' }
 * checkMobile('07400 123456', { defaultCountry: 'gb' }) // { ok: true, value: '+447400123456' }
 * checkMobile('212 345 678') // { ok: false, reason: 'not-mobile' }
 */
export function checkMobile(
  raw: string,
  options: MobileOptions = {},
  metadata: MetadataJson = firstPhoneMetadata,
): Check<string, MobileReason> {
  const trimmed = raw.trim();
  if (trimmed === '') return fail('empty');
  if (trimmed.length > MAX_INPUT_LENGTH) return fail('too-long');

  const compact = trimmed.replace(SEPARATORS, '');
  // `00` is how most of the world (and Portugal) dials abroad; libphonenumber
  // only knows it when it is the default country's own exit code (the USA's is
  // `011`), so make it a `+` for every default.
  const text = compact.startsWith('00') ? `+${compact.slice(2)}` : compact;
  const defaultCountry = supportedCountry(options.defaultCountry ?? 'PT', metadata);
  const parseOptions = { defaultCountry, extract: false };

  try {
    const phone = parsePhoneNumberWithError(text, parseOptions, metadata);
    // An extension means a switchboard; there is no E.164 form of it to text.
    if (phone.ext) return fail('invalid');
    if (!phone.isValid()) {
      return fail(reasonOf(validatePhoneNumberLength(text, { defaultCountry }, metadata)));
    }
    const type = phone.getType();
    // A valid number has no type only where its country's metadata has no
    // types at all: then validity was its length alone (see ../form/phone-rules.ts).
    if (type === undefined) return pass(phone.number);
    return TEXTABLE.has(type) ? pass(phone.number) : fail('not-mobile');
  } catch (error) {
    // The library throws a `ParseError` whose message is the code. Anything
    // else would be a library bug: still a refusal, never an exception.
    const reason = error instanceof ParseError ? reasonOf(error.message) : 'invalid';
    if (reason === 'invalid-country' && options.acceptUnknownCountries && PLAUSIBLE_INTERNATIONAL.test(text)) return pass(text);
    return fail(reason);
  }
}

/**
 * Whether `raw` is outside `metadata`: a national number whose default
 * country the rules do not cover, or an international one whose country
 * calling code they do not know. Given partial rules, such a number needs the
 * rest before it can be judged (`../form/phone-rules.ts`). Pure; a cheap test
 * first, as it runs on every keystroke.
 *
 * @example
 * outsideRules('+44 7400 123456', {}, portugalOnly) // true
 * outsideRules('912 345 678', {}, portugalOnly)     // false
 */
export function outsideRules(raw: string, options: Pick<MobileOptions, 'defaultCountry'>, metadata: MetadataJson): boolean {
  // A national number is read in the default country: its rules must be in hand.
  if (supportedCountry(options.defaultCountry ?? 'PT', metadata) === undefined) return true;
  // Then only an international number can be from elsewhere.
  const compact = raw.trim().replace(SEPARATORS, '');
  if (!compact.startsWith('+') && !compact.startsWith('00')) return false;
  const result = checkMobile(raw, options, metadata);
  return !result.ok && result.reason === 'invalid-country';
}
