/**
 * Every text the widget shows, in one flat interface so an embedder can
 * override any of it through the `messages` property with a plain object.
 *
 * Error texts follow the GOV.UK style: say what to do, plainly, with an
 * example; never "invalid", "please" or "oops". `{max}`, `{example}` and
 * `{label}` are replaced at render time (as text, never as HTML).
 */
export interface Messages {
  /** Heading of the error summary. */
  errorSummaryTitle: string;
  /** Visually hidden prefix of each inline error, read by screen readers. */
  errorPrefix: string;
  /** Suffix of the label of an optional field. */
  optional: string;
  /** Shown above the form when either email or mobile will do. */
  contactHint: string;

  labelName: string;
  labelEmail: string;
  labelMobile: string;
  hintMobile: string;
  legendBirthday: string;
  labelDay: string;
  labelMonth: string;
  labelYear: string;
  /** The empty first option of the month select. */
  monthPlaceholder: string;
  /** Month names, January first. */
  monthNames: readonly string[];
  labelStreet: string;
  labelZipcode: string;
  hintZipcode: string;
  labelCity: string;
  labelVat: string;
  labelCc: string;
  hintCc: string;
  labelRef: string;
  labelCustom1: string;
  labelCustom2: string;
  labelSource: string;
  labelSegment: string;
  /** The empty first option of a choice. */
  choosePlaceholder: string;
  /** Label of the consent checkbox when `consent-text` gives none. */
  consentDefault: string;
  /** Text of the link to `privacy-url`. */
  privacyLink: string;
  /** Label of the spam trap, which only bots ever see. */
  honeypotLabel: string;

  submit: string;
  /** `mode="dialog"`: the button that opens the form, and the dialog's heading (`open-label` overrides it). */
  dialogOpen: string;
  /** `mode="dialog"`: the accessible name of the dialog's close button. */
  dialogClose: string;
  sending: string;
  success: string;
  /** The lead is kept in this browser and will be sent automatically. */
  queued: string;
  /** The lead could not be sent nor kept (storage full or blocked): the data stays in the form. */
  notSent: string;
  refused: string;

  errorNameEmpty: string;
  /** Text over its limit; `{label}` is the field's label. */
  errorTooLong: string;
  errorEmailEmpty: string;
  errorEmailFormat: string;
  errorContactEmpty: string;
  errorMobileEmpty: string;
  errorMobileFormat: string;
  errorMobileTooShort: string;
  errorMobileTooLong: string;
  errorMobileCountry: string;
  errorMobileNotMobile: string;
  errorBirthdayEmpty: string;
  errorBirthdayMissingDay: string;
  errorBirthdayMissingMonth: string;
  errorBirthdayMissingYear: string;
  /** An incomplete date that lacks two parts (GOV.UK: name them all). */
  errorBirthdayMissingDayMonth: string;
  errorBirthdayMissingDayYear: string;
  errorBirthdayMissingMonthYear: string;
  errorBirthdayNotANumber: string;
  errorBirthdayYearFormat: string;
  errorBirthdayImpossible: string;
  errorBirthdayFuture: string;
  errorBirthdayTooEarly: string;
  errorStreetEmpty: string;
  errorZipcodeEmpty: string;
  errorZipcodeFormat: string;
  errorCityEmpty: string;
  errorVatEmpty: string;
  errorVatFormat: string;
  errorVatCheck: string;
  errorCcEmpty: string;
  errorCcFormat: string;
  errorCcCheck: string;
  /** A required free-text field (reference, custom fields) left empty. */
  errorTextEmpty: string;
  /** A required choice left on its placeholder. */
  errorChoiceEmpty: string;
  errorConsent: string;
}

/** The key of one message (every key but the list of month names). */
export type MessageKey = Exclude<keyof Messages, 'monthNames'>;

/** Languages with a complete set of {@link Messages}. */
export type Language = 'pt' | 'en' | 'es';
