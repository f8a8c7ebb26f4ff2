import { LitElement, type PropertyValues, type TemplateResult, css, html, nothing } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { Campaign } from './campaign/campaign.js';
import { campaignPart, isDialog, usesCampaign } from './campaign/campaign-part.js';
import { CONVERSIONS_KEY } from './campaign/conversions-key.js';
import type { FieldName } from './form/config.js';
import { FIELDS } from './form/fields.js';
import { checkDestination, formCountry, formSpec } from './form/form-spec.js';
import { mobileNeedsMoreRules, phoneCheckOptions, phoneRulesPart } from './form/phone-rules.js';
import { safeLinkUrl } from './form/presentation.js';
import { type FieldError, type FormSpec, INPUT_NAMES, needsEitherContact, validateForm } from './form/validate.js';
import { LanguageController } from './i18n/language-controller.js';
import { matchLanguage, messagesFor } from './i18n/language.js';
import type { Messages } from './i18n/messages.js';
import type { Lead } from './lead/schema.js';
import { DEFAULT_TIMEOUT_MS } from './lead/send-lead.js';
import { pageOutbox } from './delivery/page-outbox.js';
import { styles } from './styles.js';
import { warn } from './warn.js';
// Imported last, in this order, so that the bundle places these modules
// next to the element, whose code repeats theirs: gzip finds the repeats
// within its window (measured: 0.12 kB less than the alphabetical order).
import { loadFieldCheckers, needsFieldCheckers } from './form/field-checkers-loader.js';
import { SubmissionController, type SubmissionInput } from './form/submission.js';
import {
  type FieldContext,
  birthdayTemplate,
  choiceTemplate,
  consentTemplate,
  errorMessage,
  textInputTemplate,
  trapTemplate,
} from './form/field-templates.js';

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
 * @fires zappy-lead-open - `mode="dialog"`: the dialog opened.
 * @fires zappy-lead-close - `mode="dialog"`: the dialog closed (its button, Escape, or `close()`).
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
 * @csspart open-button - `mode="dialog"`: the button that opens the dialog.
 * @csspart dialog - `mode="dialog"`: the `<dialog>`.
 * @csspart dialog-title - `mode="dialog"`: the dialog's heading.
 * @csspart close-button - `mode="dialog"`: the dialog's close button.
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
    attribution: {},
    sourceMap: { attribute: 'source-map' },
    custom1Value: { attribute: 'custom-1-value' },
    custom2Value: { attribute: 'custom-2-value' },
    prefill: { type: Boolean },
    conversions: {},
    mode: {},
    openLabel: { attribute: 'open-label' },
    consentRecord: { attribute: 'consent-record' },
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
  /**
   * Present: reads the campaign link's `utm_*`, `gclid`, `fbclid`, `msclkid`,
   * the referrer and the landing page, storing nothing. `"session"`: keeps the
   * first values seen in this tab (sessionStorage) for later pages.
   */
  declare attribution: string | null | undefined;
  /** From `utm_source` values to Zappy sources (exact match): `"instagram=Instagram, ig=Instagram, google=Google Ads"`. */
  declare sourceMap: string | undefined;
  /** Template written into `custom_1`, which is then not shown: `"{utm_source} / {utm_medium} / {utm_campaign}"`. */
  declare custom1Value: string | undefined;
  /** Template written into `custom_2`, like `custom-1-value`. */
  declare custom2Value: string | undefined;
  /** Fills the shown fields from the page's query parameters named like the API keys (`?client_name=Ana`). */
  declare prefill: boolean | undefined;
  /** `"ga4"`, `"meta"` or both: a conversion event once per delivered lead. */
  declare conversions: string | undefined;
  /** `"dialog"`: a button that opens the form in a modal dialog. Default inline. */
  declare mode: string | undefined;
  /** `mode="dialog"`: text of the opening button and the dialog's heading. Default "Pedir contacto". */
  declare openLabel: string | undefined;
  /** `custom_1` or `custom_2`: receives the consent record (text, policy, time, page) and is not shown. */
  declare consentRecord: string | undefined;

  private declare shownErrors: FieldError[];

  readonly #language = new LanguageController(this);
  readonly #submission = new SubmissionController(this, {
    read: () => this.#submissionInput(),
    destination: () => ({ endpoint: this.endpoint, accountHash: this.accountHash }),
    // Conversions fire on outcomes: a form with them hears of outcomes once it can fire them,
    ready: () => (this.conversions ? this.#loadCampaign() : undefined),
    // and, before other forms, of the leads whose conversion waits.
    claims: (id) => {
      try {
        return !!this.conversions && !!localStorage.getItem(CONVERSIONS_KEY)?.includes(id);
      } catch {
        return false;
      }
    },
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
  /** The controls' values before a configuration change, by name, to put back after it. */
  #typed: Record<string, string> | undefined;
  readonly #warned = new Set<string>();
  /** The campaign features, once their part is loaded (only for forms that use them). */
  #campaign: Campaign | undefined;
  #campaignLoading: Promise<unknown> | undefined;

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
    const warn = (message: string) => this.#warn(message);
    if (changed.has('lang')) {
      if (this.lang && !matchLanguage(this.lang)) warn(`lang="${this.lang}" is not supported (pt, en, es): using pt`);
      this.#language.setOwn(this.lang);
    }
    if (changed.has('defaultCountry')) {
      this.#country = formCountry(this.defaultCountry, warn);
      // A site whose visitors write national numbers of another country needs its rules from the start.
      if (mobileNeedsMoreRules('', this.#country)) void phoneRulesPart.load();
    }
    // Any attribute may change what the form asks for; a keystroke that only
    // changes the errors shown does not (nor a status change, which changes nothing).
    if (!this.#spec || [...changed.keys()].some((name) => name !== 'shownErrors')) {
      // Controls are rendered by position, not keyed: what the visitor typed
      // is put back by name once the new fields are in place (a keyed
      // `repeat` would cost 0.8 kB of the script's budget).
      if (this.renderRoot?.querySelector('form')) this.#typed = this.#readValues();
      this.#spec = formSpec(this, this.#country, warn);
      // Errors shown stay only for the controls still asked for: a summary link must lead somewhere.
      this.handleInput();
      // Fields whose checkers load on demand: fetch them while the visitor types.
      if (needsFieldCheckers(this.#spec.fields)) void loadFieldCheckers();
      if (usesCampaign(this)) void this.#loadCampaign();
    }
    if (changed.has('accountHash') || changed.has('endpoint')) checkDestination(this.endpoint, this.accountHash, warn);
    if (changed.has('successUrl') && this.successUrl?.trim() && !safeLinkUrl(this.successUrl)) {
      warn(`success-url="${this.successUrl}" is not http(s): the message shows instead`);
    }
    if (changed.has('privacyUrl') && this.privacyUrl && !safeLinkUrl(this.privacyUrl)) {
      warn(`privacy-url="${this.privacyUrl}" is not http(s): no link`);
    }
  }

  /** Also waits for texts on their way, and the render that follows them. */
  protected override async getUpdateComplete(): Promise<boolean> {
    let complete = await super.getUpdateComplete();
    for (let loading = this.#language.loading ?? this.#campaignLoading; loading; loading = this.#language.loading ?? this.#campaignLoading) {
      await loading;
      complete = await super.getUpdateComplete();
    }
    return complete;
  }

  protected override updated(): void {
    const typed = this.#typed;
    this.#typed = undefined;
    for (const control of typed ? this.renderRoot.querySelectorAll<HTMLInputElement>('[name]') : []) {
      if (control.type === 'checkbox') control.checked = control.name in typed!;
      else control.value = typed![control.name] ?? '';
    }
    if (this.#shownAt === undefined && this.renderRoot.querySelector('form')) this.#shownAt = performance.now();
    if (this.#focusSummary) this.renderRoot.querySelector<HTMLElement>('.error-summary')?.focus();
    if (this.#submission.takeFocus()) this.renderRoot.querySelector<HTMLElement>('.status[role="status"]')?.focus();
    this.#focusSummary = false;
  }

  /**
   * Loads the campaign features (once; at most `PART_WAIT_MS`, then the form
   * goes on without them, inline) and adds them to this form.
   */
  #loadCampaign(): Promise<unknown> | undefined {
    if (this.#campaign || campaignPart.failed) return undefined;
    return (this.#campaignLoading ??= campaignPart.within(true).then((create) => {
      this.#campaign = create?.(this, { html, css });
      this.#campaignLoading = undefined;
      this.requestUpdate();
    }));
  }

  /** Warns once per message: configuration that needs fixing, with the fallback taken. */
  #warn(message: string): void {
    if (this.#warned.has(message)) return;
    this.#warned.add(message);
    warn(message);
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
      awaiting: this.#campaignLoading,
      complete: this.#campaign && ((lead, id) => this.#campaign!.complete(lead, id)),
    };
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

  /** `mode="dialog"`: opens the form's dialog, as its button does, and moves focus to the first field. */
  async open(): Promise<void> {
    await this.updateComplete;
    this.#campaign?.open();
  }

  /** `mode="dialog"`: closes the dialog; what was typed stays for the next opening. */
  close(): void {
    this.#campaign?.close();
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
    const content = html`
      ${status.kind === 'sent' ? nothing : this.renderForm(text, status.kind === 'queued' && status.kept)}
      <p class="status" part="status" role="status" tabindex="-1">${statusText}</p>
      <p class="status status--refused" part="status" role="alert">${status.kind === 'refused' ? text.refused : nothing}</p>
    `;
    // A dialog's button waits for its part, as the texts do; without the part, the form shows inline.
    return this.#campaign ? this.#campaign.wrap(content, text) : this.#campaignLoading && isDialog(this) ? nothing : content;
  }

  /**
   * @param hidden While a kept lead waits, the form is hidden rather than
   *   removed: if the lead is later refused, it returns with the data.
   */
  private renderForm(text: Messages, hidden: boolean): TemplateResult {
    const spec = this.#spec;
    const busy = this.#submission.status.kind === 'sending';
    const context: FieldContext = { text, country: this.#country, errors: this.shownErrors, custom: this };
    return html`
      <form part="form" novalidate ?hidden=${hidden} lang=${ifDefined(this.#language.shown)} @submit=${this.handleSubmit} @input=${this.handleInput} @change=${this.handleInput}>
        ${this.renderErrorSummary(context)}
        ${needsEitherContact(spec) ? html`<p class="contact-hint" id="contact-hint">${text.contactHint}</p>` : nothing}
        ${spec.fields.map((field) => this.renderField(context, field, spec))}
        ${choiceTemplate(context, 'source', spec)} ${choiceTemplate(context, 'segment', spec)}
        ${spec.consent ? consentTemplate(context, this.consentText, safeLinkUrl(this.privacyUrl)) : nothing} ${trapTemplate(text)}
        <button type="submit" part="submit" aria-busy=${busy ? 'true' : 'false'} aria-disabled=${busy ? 'true' : 'false'}>
          ${busy ? html`<span class="spinner" aria-hidden="true"></span>` : nothing}
          ${busy ? text.sending : this.submitLabel?.trim() || text.submit}
        </button>
      </form>
    `;
  }

  private renderErrorSummary(context: FieldContext) {
    if (this.shownErrors.length === 0) return nothing;
    return html`
      <div class="error-summary" part="error-summary" tabindex="-1" aria-labelledby="error-summary-title">
        <h2 id="error-summary-title">${context.text.errorSummaryTitle}</h2>
        <ul>
          ${this.shownErrors.map(
            (error) => html`<li>
              <a href="#${error.inputs[0]}" @click=${(event: Event) => this.handleSummaryClick(event, error)}
                >${errorMessage(context, error)}</a
              >
            </li>`,
          )}
        </ul>
      </div>
    `;
  }

  private renderField(context: FieldContext, field: FieldName, spec: FormSpec): TemplateResult | TemplateResult[] {
    if (field === 'birthday') return birthdayTemplate(context, spec);
    const required = field === 'name' || spec.required.has(field);
    // When either contact will do, neither is optional, and tabbing into one
    // reads the "email or mobile" rule too.
    const either = (field === 'email' || field === 'mobile') && needsEitherContact(spec);
    return FIELDS[field].inputs.map((subject) =>
      textInputTemplate(context, subject, { required, optional: !required && !either, describedBy: either ? 'contact-hint' : undefined }),
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'zappy-lead-form': ZappyLeadForm;
  }
}

export type { Lead };
