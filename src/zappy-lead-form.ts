import { LitElement, type PropertyValues, type TemplateResult, html, nothing } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { repeat } from 'lit/directives/repeat.js';
import { type ChoiceName, DEFAULT_FIELDS, type FieldName, parseChoiceList, parseFieldList, parseRequiredList } from './form/config.js';
import { errorText } from './form/error-text.js';
import { loadFieldCheckers, needsFieldCheckers } from './form/field-checkers-loader.js';
import { FIELDS, SUBJECTS, TEXT_INPUTS, type TextInputSpec, type TextSubject } from './form/fields.js';
import { mobileNeedsMoreRules, phoneCheckOptions, phoneRulesPart } from './form/phone-rules.js';
import { exampleMobile, safeLinkUrl } from './form/presentation.js';
import { SubmissionController, type SubmissionInput } from './form/submission.js';
import { type FieldError, type FormSpec, INPUT_NAMES, type InputName, needsEitherContact, validateForm } from './form/validate.js';
import { LanguageController } from './i18n/language-controller.js';
import { formatMessage, matchLanguage, messagesFor } from './i18n/language.js';
import type { Messages } from './i18n/messages.js';
import { type Lead, MAX_LENGTH } from './lead/schema.js';
import { DEFAULT_TIMEOUT_MS, createLeadUrl } from './lead/send-lead.js';
import { pageOutbox } from './delivery/page-outbox.js';
import { styles } from './styles.js';

/** Default of {@link ZappyLeadForm.minFillTime}: faster than any person with autofill. */
const DEFAULT_MIN_FILL_TIME_MS = 1500;

/**
 * A lead-capture form for Zappy: renders the configured fields, validates them
 * in the browser the GOV.UK way, and POSTs the lead as JSON to Zappy's
 * createLead endpoint.
 *
 * @summary Lead-capture form that sends leads to Zappy.
 *
 * @fires zappy-lead-submit - A valid lead is about to be sent; `detail.id` (the lead's id, in every later event), `detail.lead` (the exact payload). Cancelable: `preventDefault()` stops the send.
 * @fires zappy-lead-sent - createLead accepted the lead (2xx), at once or later from the outbox; `detail.id`, `detail.lead`, `detail.status`.
 * @fires zappy-lead-queued - Not delivered yet (network error, timeout, 429, 5xx); `detail.id`, `detail.lead`, `detail.reason`, `detail.status`, `detail.kept` (false when browser storage could not keep it).
 * @fires zappy-lead-refused - createLead refused the lead (4xx), at once or later; `detail.id`, `detail.lead`, `detail.status` (0 when `endpoint` is not a URL and nothing was sent).
 * @fires zappy-lead-invalid - The visitor submitted with errors; `detail.fields` lists the invalid controls.
 *
 * @csspart form - The `<form>`.
 * @csspart field - The wrapper of each field (label, hint, error, control).
 * @csspart label - Each label and legend.
 * @csspart hint - Each hint text.
 * @csspart input - Each text input and select.
 * @csspart error - Each inline error message.
 * @csspart error-summary - The error summary at the top of the form.
 * @csspart submit - The submit button.
 * @csspart status - The status messages (sent, not sent yet, refused).
 *
 * @cssproperty --zappy-accent - Button and link colour. Default `#1d4ed8`.
 * @cssproperty --zappy-accent-text - Text on the button. Default `#ffffff`.
 * @cssproperty --zappy-text - Text colour. Default `#1f2328`.
 * @cssproperty --zappy-background - Background of inputs. Default `#ffffff`.
 * @cssproperty --zappy-border - Border colour of inputs. Default `#6e7781`.
 * @cssproperty --zappy-error - Colour of errors. Default `#b3261e`.
 * @cssproperty --zappy-focus - Focus outline colour. Default `#ffbf47`.
 * @cssproperty --zappy-hint - Colour of hints. Default `#57606a`.
 * @cssproperty --zappy-radius - Corner radius. Default `0.375rem`.
 * @cssproperty --zappy-spacing - Space between fields. Default `1rem`.
 * @cssproperty --zappy-font - Font family. Default: the page's.
 * @cssproperty --zappy-font-size - Base font size. Default `1rem`.
 * @cssproperty --zappy-max-width - Widest the form grows. Default `36rem`.
 *
 * @example
 * ```html
 * <zappy-lead-form account-hash="abc123" form-id="28842" campaign-name="Regresso ao Verão"
 *   fields="name email mobile birthday"></zappy-lead-form>
 * ```
 */
export class ZappyLeadForm extends LitElement {
  static override styles = styles;

  static override properties = {
    accountHash: { attribute: 'account-hash' },
    endpoint: {},
    formId: { attribute: 'form-id' },
    campaignName: { attribute: 'campaign-name' },
    source: {},
    segment: {},
    sources: {},
    segments: {},
    fields: {},
    required: {},
    custom1Label: { attribute: 'custom-1-label' },
    custom2Label: { attribute: 'custom-2-label' },
    custom1Placeholder: { attribute: 'custom-1-placeholder' },
    custom2Placeholder: { attribute: 'custom-2-placeholder' },
    submitLabel: { attribute: 'submit-label' },
    successMessage: { attribute: 'success-message' },
    successUrl: { attribute: 'success-url' },
    consentText: { attribute: 'consent-text' },
    privacyUrl: { attribute: 'privacy-url' },
    // Reflected so `el.lang = 'en'` and the attribute stay one value, as on any element.
    lang: { reflect: true },
    defaultCountry: { attribute: 'default-country' },
    timeout: { type: Number },
    minFillTime: { type: Number, attribute: 'min-fill-time' },
    messages: { attribute: false },
    shownErrors: { state: true },
  };

  /** Only without a relay: the business's private hash, sent as `?accountHash=`, visible in the page source by nature. */
  declare accountHash: string | undefined;
  /** Where leads are POSTed: your relay (`https://www.salao.pt/api/leads`), or Zappy's createLead (the default), or a local stand-in. */
  declare endpoint: string | undefined;
  /** Sent as `form_id`; never shown. */
  declare formId: string | undefined;
  /** Sent as `campaign_name`; never shown. */
  declare campaignName: string | undefined;
  /** Sent as `client_source` (exact match in Zappy) unless `sources` shows a choice. */
  declare source: string | undefined;
  /** Sent as `client_segment` (exact match in Zappy) unless `segments` shows a choice. */
  declare segment: string | undefined;
  /** Options of "How did you hear about us?", comma- or line-separated, or a JSON array; sent as written. */
  declare sources: string | undefined;
  /** Options of the segment choice, like `sources`. */
  declare segments: string | undefined;
  /** Fields to show, in order: `name email mobile birthday address vat cc ref custom_1 custom_2`. Default `name email mobile` (also when no name given is known). */
  declare fields: string | undefined;
  /** Fields that must be filled (name always is), plus `source`, `segment`, `birthday-year`. */
  declare required: string | undefined;
  /** Label of `custom_1`. */
  declare custom1Label: string | undefined;
  /** Label of `custom_2`. */
  declare custom2Label: string | undefined;
  /** Placeholder of `custom_1`. */
  declare custom1Placeholder: string | undefined;
  /** Placeholder of `custom_2`. */
  declare custom2Placeholder: string | undefined;
  /** Text of the submit button. */
  declare submitLabel: string | undefined;
  /** Shown in place of the form once the lead is delivered. */
  declare successMessage: string | undefined;
  /** Page to go to once the lead is delivered (http or https). */
  declare successUrl: string | undefined;
  /** Label of a required consent checkbox (RGPD); the checkbox shows when this or `privacy-url` is set. */
  declare consentText: string | undefined;
  /** Privacy policy linked next to the consent checkbox (http or https). */
  declare privacyUrl: string | undefined;
  /** `pt` (default), `en` or `es`; when absent, the closest `lang` of the page. */
  declare lang: string;
  /** ISO 3166 code for phone and postal-code rules. Default `PT`. */
  declare defaultCountry: string;
  /** Milliseconds before a hung request is given up (and the lead kept). Default 10000. */
  declare timeout: number;
  /**
   * Submits sooner than this many milliseconds after the form appears are
   * treated as bots: they see a success and nothing is sent. Default 1500.
   */
  declare minFillTime: number;
  /** Overrides of any text, e.g. `{ submit: 'Quero ser contactado' }`. Property only. */
  declare messages: Partial<Messages> | undefined;

  private declare shownErrors: FieldError[];

  readonly #language = new LanguageController(this);
  readonly #submission = new SubmissionController(this, {
    read: () => this.#submissionInput(),
    destination: () => ({ endpoint: this.endpoint, accountHash: this.accountHash }),
    showErrors: (errors) => {
      this.shownErrors = errors;
      this.#focusSummary = errors.length > 0;
    },
  });
  /** What the form asks for, derived in `willUpdate` from the attributes that changed. */
  #spec!: FormSpec;
  /** `default-country`, checked (PT when it is not a country code). */
  #country = 'PT';
  /** When the form first showed: the start of the minimum fill time. */
  #shownAt: number | undefined;
  #focusSummary = false;
  readonly #warned = new Set<string>();

  constructor() {
    super();
    this.defaultCountry = 'PT';
    this.timeout = DEFAULT_TIMEOUT_MS;
    this.minFillTime = DEFAULT_MIN_FILL_TIME_MS;
    this.shownErrors = [];
  }

  /**
   * Sends every lead waiting in this browser's outbox now, backoff or not (a
   * server's `Retry-After` is still honoured). Leads wait there after a
   * network error, timeout, 429 or 5xx; they are also sent automatically.
   *
   * @returns How many were delivered.
   * @example
   * await customElements.get('zappy-lead-form').flushOutbox();
   */
  static async flushOutbox(): Promise<number> {
    const outcomes = await pageOutbox().flush({ force: true });
    return outcomes.filter((outcome) => outcome.result.kind === 'delivered').length;
  }

  /**
   * How many leads wait in this browser's outbox, for every business whose
   * widget this site shows.
   */
  static pendingCount(): number {
    return pageOutbox().pending().length;
  }

  /**
   * The configuration, derived from the attributes that changed, before each
   * render: the form's spec, its language and country, the parts they need,
   * and every console warning about configuration, from this one place.
   */
  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('lang')) {
      if (this.lang && !matchLanguage(this.lang)) this.#warn(`lang="${this.lang}" is not supported (pt, en, es): using pt`);
      this.#language.setOwn(this.lang);
    }
    if (changed.has('defaultCountry')) {
      const code = (this.defaultCountry ?? '').trim().toUpperCase();
      const valid = /^[A-Z]{2}$/.test(code);
      if (!valid) this.#warn(`default-country="${this.defaultCountry}" is not a country code: using PT`);
      this.#country = valid ? code : 'PT';
      // A site whose visitors write national numbers of another country needs its rules from the start.
      if (mobileNeedsMoreRules('', this.#country)) void phoneRulesPart.load();
    }
    // Any attribute may change what the form asks for; a keystroke that only
    // changes the errors shown does not (nor a status change, which changes nothing).
    if (!this.#spec || [...changed.keys()].some((name) => name !== 'shownErrors')) {
      this.#spec = this.#deriveSpec();
      // Fields whose checkers load on demand: fetch them while the visitor types.
      if (needsFieldCheckers(this.#spec.fields)) void loadFieldCheckers();
    }
    if (changed.has('accountHash') || changed.has('endpoint')) this.#checkDestination();
    if (changed.has('successUrl') && this.successUrl?.trim() && !safeLinkUrl(this.successUrl)) {
      this.#warn(`success-url="${this.successUrl}" is not http(s): the message shows instead`);
    }
    if (changed.has('privacyUrl') && this.privacyUrl && !safeLinkUrl(this.privacyUrl)) {
      this.#warn(`privacy-url="${this.privacyUrl}" is not http(s): no link`);
    }
  }

  /** Also waits for texts on their way, and the render that follows them. */
  protected override async getUpdateComplete(): Promise<boolean> {
    let complete = await super.getUpdateComplete();
    for (let loading = this.#language.loading; loading; loading = this.#language.loading) {
      await loading;
      complete = await super.getUpdateComplete();
    }
    return complete;
  }

  protected override updated(): void {
    if (this.#shownAt === undefined && this.renderRoot.querySelector('form')) this.#shownAt = performance.now();
    if (this.#focusSummary) this.renderRoot.querySelector<HTMLElement>('.error-summary')?.focus();
    if (this.#submission.takeFocus()) this.renderRoot.querySelector<HTMLElement>('.status[role="status"]')?.focus();
    this.#focusSummary = false;
  }

  #deriveSpec(): FormSpec {
    const fields = parseFieldList(this.fields);
    // Nothing recognised (every word a typo, or an empty list): the documented
    // default, not a name-only form through which nobody could be contacted.
    const fallback = fields.names.length === 0;
    if (fields.unknown.length > 0) {
      this.#warn(`fields: unknown ${fields.unknown.join(', ')}: ${fallback ? `showing ${DEFAULT_FIELDS.join(' ')}` : 'ignored'}`);
    }
    if (fallback) fields.names.push(...DEFAULT_FIELDS);
    else if (!fields.names.includes('name')) {
      // The name is required by createLead: a form without it could never send.
      fields.names.unshift('name');
    }
    const required = parseRequiredList(this.required);
    if (required.unknown.length > 0) this.#warn(`required: unknown ${required.unknown.join(', ')}: ignored`);
    return {
      fields: fields.names,
      required: new Set(required.names),
      choices: { source: this.#choiceOptions('source'), segment: this.#choiceOptions('segment') },
      presets: {
        form_id: this.#preset(this.formId, 'form_id'),
        campaign_name: this.#preset(this.campaignName, 'campaign_name'),
        client_source: this.#preset(this.source, 'client_source'),
        client_segment: this.#preset(this.segment, 'client_segment'),
      },
      consent: Boolean(this.consentText || this.privacyUrl),
      defaultCountry: this.#country,
    };
  }

  #choiceOptions(choice: ChoiceName): string[] {
    const attribute = choice === 'source' ? 'sources' : 'segments';
    const list = parseChoiceList(this[attribute]);
    if (list.malformed) this.#warn(`${attribute}: not a JSON array of strings: read as a list`);
    const max = MAX_LENGTH[INPUT_NAMES[choice]];
    const options = list.options.filter((option) => option.length <= max);
    if (options.length < list.options.length) this.#warn(`${attribute}: options over ${max} characters left out`);
    return options;
  }

  #preset(value: string | undefined, key: 'form_id' | 'campaign_name' | 'client_source' | 'client_segment') {
    const trimmed = value?.trim();
    if (!trimmed) return undefined;
    if (trimmed.length > MAX_LENGTH[key]) {
      this.#warn(`${key} over ${MAX_LENGTH[key]} characters: not sent`);
      return undefined;
    }
    return trimmed;
  }

  #checkDestination(): void {
    if (!this.accountHash && !this.endpoint) {
      this.#warn('no endpoint, no account-hash: createLead refuses every lead. Set endpoint to your relay');
    }
    if (this.endpoint && location.protocol === 'https:' && /^\s*http:/i.test(this.endpoint)) {
      // Browsers block it as mixed content: every lead would wait in the outbox forever.
      this.#warn(`endpoint="${this.endpoint}" is http on an https page: browsers block it`);
    }
    try {
      // The check sendLead makes.
      createLeadUrl({ endpoint: this.endpoint });
    } catch {
      this.#warn(`endpoint="${this.endpoint}" is not a URL`);
    }
  }

  /** Warns once per message: configuration that needs fixing, with the fallback taken. */
  #warn(message: string): void {
    if (this.#warned.has(message)) return;
    this.#warned.add(message);
    console.warn(`<zappy-lead-form>: ${message}`);
  }

  #submissionInput(): SubmissionInput {
    // An attribute changed a moment ago (`default-country` set, then the
    // button pressed): derive the configuration now, not after the submit.
    this.performUpdate();
    return {
      values: this.#readValues(),
      spec: this.#spec,
      destination: { endpoint: this.endpoint, accountHash: this.accountHash },
      timeoutMs: this.timeout > 0 ? this.timeout : DEFAULT_TIMEOUT_MS,
      tooFast: performance.now() - (this.#shownAt ?? 0) < this.minFillTime,
      successUrl: safeLinkUrl(this.successUrl),
    };
  }

  // --- handlers ---

  private handleSubmit(event: SubmitEvent): void {
    event.preventDefault();
    void this.#submission.submit();
  }

  /** Once errors show, re-check on every keystroke so fixed ones clear at once. */
  private handleInput(event?: Event): void {
    const target = event?.target;
    // Fetch the other countries' rules as soon as the number needs them, so
    // they are in hand by the time it is complete; then judge it again.
    if (target instanceof HTMLInputElement && target.name === INPUT_NAMES.mobile && mobileNeedsMoreRules(target.value, this.#country)) {
      void phoneRulesPart.load().then(() => this.handleInput());
    }
    if (this.shownErrors.length === 0) return;
    const result = validateForm(this.#readValues(), this.#spec, phoneCheckOptions());
    const now = result.ok ? [] : result.errors;
    // The pair error ("an email or a mobile") is fixed by typing in either;
    // what is then wrong with that one is a new error, for the next submit.
    const key = (error: FieldError) => (error.code === 'contact-empty' ? error.code : error.subject);
    const shown = new Set(this.shownErrors.map(key));
    // Only fields already in error change: a new error waits for the next submit.
    const next = now.filter((error) => shown.has(key(error)));
    // Most keystrokes leave the errors as they were: then nothing re-renders.
    const signature = (errors: FieldError[]) => errors.map((e) => `${e.subject}:${e.code}:${e.inputs}`).join('|');
    if (signature(next) !== signature(this.shownErrors)) this.shownErrors = next;
  }

  private handleSummaryClick(event: Event, error: FieldError): void {
    event.preventDefault();
    const input = this.renderRoot.querySelector<HTMLElement>(`[name="${error.inputs[0]}"]`);
    // Scroll the label into view too, so the visitor sees what the field is.
    input?.closest('.field, fieldset')?.scrollIntoView({ block: 'start' });
    input?.focus();
  }

  // --- public methods ---

  /**
   * Validates and sends the form as if the visitor had pressed the button.
   * Use it to continue after cancelling `zappy-lead-submit` for a step of your own.
   */
  async requestSubmit(): Promise<void> {
    await this.updateComplete;
    await this.#submission.submit();
  }

  #readValues(): Record<string, string> {
    const form = this.renderRoot.querySelector('form');
    const values: Record<string, string> = {};
    if (!form) return values;
    for (const [key, value] of new FormData(form)) {
      if (typeof value === 'string') values[key] = value;
    }
    return values;
  }

  // --- rendering ---

  override render(): TemplateResult | typeof nothing {
    const base = this.#language.texts;
    // Nothing until the page's language has loaded: no flash of Portuguese.
    if (!base) return nothing;
    const text = messagesFor(base, this.messages);
    const status = this.#submission.status;
    const statusText =
      status.kind === 'sending' ? text.sending
      : status.kind === 'sent' ? this.successMessage?.trim() || text.success
      : status.kind === 'queued' ? (status.kept ? text.queued : text.notSent)
      : '';
    return html`
      ${status.kind === 'sent' ? nothing : this.renderForm(text, status.kind === 'queued' && status.kept)}
      <p class="status" part="status" role="status" tabindex="-1">${statusText}</p>
      <p class="status status--refused" part="status" role="alert">${status.kind === 'refused' ? text.refused : nothing}</p>
    `;
  }

  /**
   * @param hidden While a kept lead waits, the form is hidden rather than
   *   removed: if the lead is later refused, it returns with the data.
   */
  private renderForm(text: Messages, hidden: boolean): TemplateResult {
    const spec = this.#spec;
    const busy = this.#submission.status.kind === 'sending';
    return html`
      <form part="form" novalidate ?hidden=${hidden} lang=${ifDefined(this.#language.shown)} @submit=${this.handleSubmit} @input=${this.handleInput} @change=${this.handleInput}>
        ${this.renderErrorSummary(text)}
        ${needsEitherContact(spec) ? html`<p class="contact-hint" id="contact-hint">${text.contactHint}</p>` : nothing}
        ${repeat(spec.fields, (field) => field, (field) => this.renderField(field, spec, text))}
        ${this.renderChoice('source', spec, text)} ${this.renderChoice('segment', spec, text)}
        ${spec.consent ? this.renderConsent(text) : nothing} ${this.renderTrap(text)}
        <button type="submit" part="submit" aria-busy=${busy ? 'true' : 'false'} aria-disabled=${busy ? 'true' : 'false'}>
          ${busy ? html`<span class="spinner" aria-hidden="true"></span>` : nothing}
          ${busy ? text.sending : this.submitLabel?.trim() || text.submit}
        </button>
      </form>
    `;
  }

  private renderErrorSummary(text: Messages) {
    if (this.shownErrors.length === 0) return nothing;
    return html`
      <div class="error-summary" part="error-summary" tabindex="-1" aria-labelledby="error-summary-title">
        <h2 id="error-summary-title">${text.errorSummaryTitle}</h2>
        <ul>
          ${this.shownErrors.map(
            (error) => html`<li>
              <a href="#${error.inputs[0]}" @click=${(event: Event) => this.handleSummaryClick(event, error)}
                >${this.errorMessage(error, text)}</a
              >
            </li>`,
          )}
        </ul>
      </div>
    `;
  }

  private errorMessage(error: FieldError, text: Messages): string {
    return errorText(error, text, { example: exampleMobile(this.#country), label: this.subjectLabel(error.subject, text) });
  }

  /** The visible label of what an error is about, which messages quote. */
  private subjectLabel(subject: FieldError['subject'], text: Messages): string {
    const custom = subject === 'custom_1' ? this.custom1Label : subject === 'custom_2' ? this.custom2Label : undefined;
    const label = SUBJECTS[subject].label;
    return custom?.trim() || (label ? text[label] : '');
  }

  /** The error shown for a control, if any, with the id of its message. */
  private errorFor(input: InputName): { error: FieldError; id: string } | undefined {
    const error = this.shownErrors.find((e) => e.inputs.includes(input));
    return error && { error, id: `${error.subject}-error` };
  }

  private renderField(field: FieldName, spec: FormSpec, text: Messages): TemplateResult | TemplateResult[] {
    if (field === 'birthday') return this.renderBirthday(spec, text);
    const required = field === 'name' || spec.required.has(field);
    // When either contact will do, neither is optional, and tabbing into one
    // reads the "email or mobile" rule too.
    const either = (field === 'email' || field === 'mobile') && needsEitherContact(spec);
    return FIELDS[field].inputs.map((subject) => this.renderInput(subject, text, required, !required && !either, either ? 'contact-hint' : undefined));
  }

  private renderLabel(id: string, label: string, optional: boolean, text: Messages) {
    return html`<label part="label" for=${id}>${label}${optional ? html` <span class="optional">${text.optional}</span>` : nothing}</label>`;
  }

  private renderError(found: { error: FieldError; id: string } | undefined, text: Messages) {
    if (!found) return nothing;
    // The pair error (email or mobile) is rendered once, by its first control.
    return html`<p class="error" part="error" id=${found.id}>
      <span class="visually-hidden">${text.errorPrefix}</span> ${this.errorMessage(found.error, text)}
    </p>`;
  }

  /**
   * @param describedBy Id of other text that describes the input (read before its own hint).
   */
  private renderInput(subject: TextSubject, text: Messages, required: boolean, optional: boolean, describedBy?: string): TemplateResult {
    const spec: TextInputSpec = TEXT_INPUTS[subject];
    const name = INPUT_NAMES[subject];
    const { type = 'text', autocomplete = 'off', spellcheck, autocapitalize, className = '' } = spec;
    const { hint: hintKey, inputmode } = this.#country === 'PT' ? { ...spec, ...spec.portugal } : spec;
    const hint = hintKey && formatMessage(text[hintKey], { example: exampleMobile(this.#country) });
    const placeholder = subject === 'custom_1' ? this.custom1Placeholder : subject === 'custom_2' ? this.custom2Placeholder : undefined;
    const found = this.errorFor(name);
    const ownsError = found?.error.inputs[0] === name;
    const hintId = hint ? `${name}-hint` : undefined;
    const allDescribedBy = [describedBy, hintId, found?.id].filter(Boolean).join(' ') || undefined;
    return html`
      <div class="field ${ownsError ? 'field--error' : ''} ${className}" part="field">
        ${this.renderLabel(name, this.subjectLabel(subject, text), optional, text)}
        ${hint ? html`<p class="hint" part="hint" id="${name}-hint">${hint}</p>` : nothing}
        ${ownsError ? this.renderError(found, text) : nothing}
        <input
          part="input"
          id=${name}
          name=${name}
          type=${type}
          autocomplete=${autocomplete}
          inputmode=${ifDefined(inputmode)}
          spellcheck=${spellcheck === false ? 'false' : 'true'}
          autocapitalize=${ifDefined(autocapitalize)}
          placeholder=${ifDefined(placeholder?.trim() || undefined)}
          ?required=${required}
          aria-invalid=${found ? 'true' : 'false'}
          aria-describedby=${ifDefined(allDescribedBy)}
        />
      </div>
    `;
  }

  private renderBirthday(spec: FormSpec, text: Messages): TemplateResult {
    const required = spec.required.has('birthday');
    const yearRequired = spec.required.has('birthday-year');
    const found = this.errorFor(INPUT_NAMES.day) ?? this.errorFor(INPUT_NAMES.month) ?? this.errorFor(INPUT_NAMES.year);
    const partInvalid = (name: InputName) => (found?.error.inputs.includes(name) ? 'true' : 'false');
    const partDescribedBy = (name: InputName) => (found?.error.inputs.includes(name) ? found.id : undefined);
    const describedBy = found?.id;
    const yearLabel = yearRequired ? text.labelYear.replace(/\s*\(.*\)\s*$/, '') : text.labelYear;
    // Day and year: numbers typed (`bday-day`, `bday-year`); the month is a choice.
    const dayOrYear = (name: typeof INPUT_NAMES.day | typeof INPUT_NAMES.year, label: string, isRequired: boolean) => html`
      <div class="field">
        <label part="label" for=${name}>${label}</label>
        <input part="input" class=${name === INPUT_NAMES.day ? 'date-day' : 'date-year'} id=${name} name=${name} type="text" inputmode="numeric" autocomplete=${name === INPUT_NAMES.day ? 'bday-day' : 'bday-year'} spellcheck="false" ?required=${isRequired} aria-invalid=${partInvalid(name)} aria-describedby=${ifDefined(partDescribedBy(name))} />
      </div>
    `;
    return html`
      <fieldset class="field ${found ? 'field--error' : ''}" part="field" aria-describedby=${ifDefined(describedBy)}>
        <legend part="label">
          ${text.legendBirthday}${required ? nothing : html` <span class="optional">${text.optional}</span>`}
        </legend>
        ${this.renderError(found, text)}
        <div class="date">
          ${dayOrYear(INPUT_NAMES.day, text.labelDay, required)}
          <div class="field">
            <label part="label" for=${INPUT_NAMES.month}>${text.labelMonth}</label>
            <select part="input" class="date-month" id=${INPUT_NAMES.month} name=${INPUT_NAMES.month} autocomplete="bday-month" ?required=${required} aria-invalid=${partInvalid(INPUT_NAMES.month)} aria-describedby=${ifDefined(partDescribedBy(INPUT_NAMES.month))}>
              <option value="">${text.monthPlaceholder}</option>
              ${text.monthNames.map((month, index) => html`<option value=${index + 1}>${month}</option>`)}
            </select>
          </div>
          ${dayOrYear(INPUT_NAMES.year, yearLabel, yearRequired)}
        </div>
      </fieldset>
    `;
  }

  private renderChoice(choice: ChoiceName, spec: FormSpec, text: Messages) {
    const options = spec.choices[choice];
    if (options.length === 0) return nothing;
    const name = INPUT_NAMES[choice];
    const required = spec.required.has(choice);
    const found = this.errorFor(name);
    return html`
      <div class="field ${found ? 'field--error' : ''}" part="field">
        ${this.renderLabel(name, this.subjectLabel(choice, text), !required, text)} ${this.renderError(found, text)}
        <select part="input" id=${name} name=${name} ?required=${required} aria-invalid=${found ? 'true' : 'false'} aria-describedby=${ifDefined(found?.id)}>
          <option value="">${text.choosePlaceholder}</option>
          ${options.map((option) => html`<option .value=${option}>${option}</option>`)}
        </select>
      </div>
    `;
  }

  private renderConsent(text: Messages): TemplateResult {
    const name = INPUT_NAMES.consent;
    const found = this.errorFor(name);
    const privacy = safeLinkUrl(this.privacyUrl);
    return html`
      <div class="field ${found ? 'field--error' : ''}" part="field">
        ${this.renderError(found, text)}
        <div class="consent">
          <input part="input" type="checkbox" id=${name} name=${name} value="yes" required aria-invalid=${found ? 'true' : 'false'} aria-describedby=${ifDefined(found?.id)} />
          <label part="label" for=${name}>
            ${this.consentText?.trim() || text.consentDefault}
            ${privacy ? html` <a href=${privacy} target="_blank" rel="noopener noreferrer">${text.privacyLink}</a>` : nothing}
          </label>
        </div>
      </div>
    `;
  }

  private renderTrap(text: Messages): TemplateResult {
    // Hidden from people (off-screen) and from assistive technology
    // (aria-hidden, no tab stop); autocomplete="off" and a name no autofill
    // profile matches keep browsers from filling it for a real visitor.
    return html`
      <div class="trap" aria-hidden="true">
        <label for=${INPUT_NAMES.honeypot}>${text.honeypotLabel}</label>
        <input id=${INPUT_NAMES.honeypot} name=${INPUT_NAMES.honeypot} type="text" tabindex="-1" autocomplete="off" />
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'zappy-lead-form': ZappyLeadForm;
  }
}

export type { Lead };
