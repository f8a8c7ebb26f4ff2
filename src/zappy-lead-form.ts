import { LitElement, type PropertyDeclaration, type PropertyValues, type TemplateResult, html, nothing } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { repeat } from 'lit/directives/repeat.js';
import { createLeadEvent } from './events.js';
import {
  type ChoiceName,
  DEFAULT_FIELDS,
  type FieldName,
  parseChoiceList,
  parseFieldList,
  parseRequiredList,
} from './form/config.js';
import { errorText } from './form/error-text.js';
import { loadFieldCheckers, needsFieldCheckers } from './form/field-checkers-loader.js';
import { exampleMobile, safeLinkUrl } from './form/presentation.js';
import {
  type FieldError,
  type FormSpec,
  INPUT_NAMES,
  type InputName,
  needsEitherContact,
  validateForm,
} from './form/validate.js';
import { DEFAULT_LANGUAGE, formatMessage, loadCatalogue, loadedCatalogue, matchLanguage, messagesFor } from './i18n/language.js';
import type { Language, Messages } from './i18n/messages.js';
import { mobileNeedsMoreRules } from './lead/phone.js';
import { loadCompletePhoneMetadata, phoneMetadataStatus } from './lead/phone-metadata.js';
import { type Lead, MAX_LENGTH } from './lead/schema.js';
import { DEFAULT_TIMEOUT_MS, createLeadUrl } from './lead/send-lead.js';
import type { Destination } from './delivery/outbox-store.js';
import { type DeliveryOutcome, newLeadId, pickDestination } from './delivery/outbox.js';
import { type OutboxWidget, connectWidget, disconnectWidget, pageOutbox } from './delivery/page-outbox.js';
import { styles } from './styles.js';

/** Where the widget is in its life: filling in, sending, or an outcome. */
export const FormStatus = {
  Idle: 'idle',
  Sending: 'sending',
  Sent: 'sent',
  Queued: 'queued',
  Refused: 'refused',
} as const;
type FormStatus = (typeof FormStatus)[keyof typeof FormStatus];

/** Default of {@link ZappyLeadForm.minFillTime}: faster than any person with autofill. */
const DEFAULT_MIN_FILL_TIME_MS = 1500;

/**
 * Longest a submit waits for a part loaded on demand (the phone rules of
 * other countries, the field checkers) before it judges the form without it
 * (leniently: a foreign number on trust, a field only for being filled in).
 * Each is one small file, so this is only reached when something is wrong.
 */
const PART_WAIT_MS = 4000;

/** What a text input is about: its key in `INPUT_NAMES` and the subject of its errors. */
type TextSubject = Exclude<FieldName, 'birthday' | 'address'> | 'street' | 'zipcode' | 'city';

/** How a text input is written whatever the configuration; rendered by {@link ZappyLeadForm.renderInput}. */
interface TextInput {
  type?: 'email' | 'tel';
  autocomplete: string;
  inputmode?: 'numeric' | 'email' | 'tel';
  /** Off where it would mark correct values as mistakes: names, email addresses, numbers and codes. */
  spellcheck?: false;
  autocapitalize?: 'none' | 'characters' | 'words';
  className?: string;
}

/**
 * Every text input, described once. No spell-check in names: it marks most
 * people's names as mistakes (GOV.UK "Names"). The postal code is also
 * numeric where the country is Portugal (see `renderInput`).
 */
const TEXT_INPUTS: Readonly<Record<TextSubject, TextInput>> = {
  name: { autocomplete: 'name', spellcheck: false, autocapitalize: 'words' },
  email: { type: 'email', autocomplete: 'email', inputmode: 'email', spellcheck: false, autocapitalize: 'none' },
  mobile: { type: 'tel', autocomplete: 'tel', inputmode: 'tel', spellcheck: false },
  street: { autocomplete: 'address-line1' },
  zipcode: { autocomplete: 'postal-code', spellcheck: false, className: 'zipcode' },
  city: { autocomplete: 'address-level2' },
  vat: { autocomplete: 'off', inputmode: 'numeric', spellcheck: false },
  cc: { autocomplete: 'off', spellcheck: false, autocapitalize: 'characters' },
  ref: { autocomplete: 'off' },
  custom_1: { autocomplete: 'off' },
  custom_2: { autocomplete: 'off' },
};

/** The text inputs of the `address` field, in order. */
const ADDRESS_INPUTS: readonly TextSubject[] = ['street', 'zipcode', 'city'];

/** The message that labels what each error is about (the custom fields' labels can be set). */
const SUBJECT_LABELS: Readonly<Record<Exclude<FieldError['subject'], 'consent'>, Exclude<keyof Messages, 'monthNames'>>> = {
  name: 'labelName',
  email: 'labelEmail',
  mobile: 'labelMobile',
  birthday: 'legendBirthday',
  street: 'labelStreet',
  zipcode: 'labelZipcode',
  city: 'labelCity',
  vat: 'labelVat',
  cc: 'labelCc',
  ref: 'labelRef',
  custom_1: 'labelCustom1',
  custom_2: 'labelCustom2',
  source: 'labelSource',
  segment: 'labelSegment',
};

/**
 * A lead-capture form for Zappy: renders the configured fields, validates them
 * in the browser the GOV.UK way, and POSTs the lead as JSON to Zappy's
 * createLead endpoint.
 *
 * @summary Lead-capture form that sends leads to Zappy.
 *
 * @fires zappy-lead-submit - A valid lead is about to be sent; `detail.lead` is the exact payload. Cancelable: `preventDefault()` stops the send.
 * @fires zappy-lead-sent - createLead accepted the lead (2xx); `detail.lead`, `detail.status`.
 * @fires zappy-lead-queued - Not delivered yet (network error, timeout, 429, 5xx); `detail.lead`, `detail.reason`, `detail.status`.
 * @fires zappy-lead-refused - createLead refused the lead (4xx); `detail.lead`, `detail.status` (0 when `endpoint` is not a URL and nothing was sent).
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
export class ZappyLeadForm extends LitElement implements OutboxWidget {
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
    status: { state: true },
    shownErrors: { state: true },
    pageLanguage: { state: true },
  };

  /** The business's private hash, sent as `?accountHash=`. Visible in the page source by nature. */
  declare accountHash: string | undefined;
  /** Base URL of createLead; default Zappy's. Point it at a proxy of your own or a local stand-in. */
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

  private declare status: FormStatus;
  private declare shownErrors: FieldError[];
  private declare pageLanguage: string | null;

  /** Set synchronously on submit, before any await, so a double click sends once. */
  private inFlight = false;
  /** When the form first showed: the start of the minimum fill time. */
  private renderedAt: number | undefined;
  /** The language whose texts show: the one asked for, or the last one while it loads. */
  private shownLanguage: Language | undefined;
  /** Texts being loaded, which `updateComplete` waits for. */
  private readonly loads = new Set<Promise<unknown>>();
  private focusAfterRender: 'summary' | 'status' | undefined;
  private readonly warned = new Set<string>();
  private langObserver: MutationObserver | undefined;
  private specCache: FormSpec | undefined;
  /** Leads this widget submitted that are still waiting in the outbox. */
  private readonly ownLeads = new Set<string>();
  /** False when the last lead not delivered could not be kept either. */
  private queuedLeadKept = true;

  constructor() {
    super();
    this.defaultCountry = 'PT';
    this.timeout = DEFAULT_TIMEOUT_MS;
    this.minFillTime = DEFAULT_MIN_FILL_TIME_MS;
    this.status = FormStatus.Idle;
    this.shownErrors = [];
    this.pageLanguage = null;
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

  override connectedCallback(): void {
    super.connectedCallback();
    // Also flushes what earlier visits left waiting (on the page's first widget).
    connectWidget(this);
    this.readPageLanguage();
    // Follow a page that switches its language (a single-page site's toggle).
    this.langObserver = new MutationObserver(() => this.readPageLanguage());
    // The whole document: the closest `lang` may be on any ancestor, and lang changes are rare.
    this.langObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'], subtree: true });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // A request in flight is not aborted: its lead is already in the outbox,
    // and its outcome still updates the outbox if this element never returns.
    disconnectWidget(this);
    this.langObserver?.disconnect();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('accountHash') || changed.has('endpoint')) this.checkDestination();
    // A site whose visitors write national numbers of another country needs its rules from the start.
    // (Nothing waits for these here: a submit does, for at most PART_WAIT_MS.)
    if (changed.has('defaultCountry') && mobileNeedsMoreRules('', { defaultCountry: this.country })) {
      void loadCompletePhoneMetadata();
    }
    // Fields whose checkers load on demand: fetch them while the visitor types.
    if (needsFieldCheckers(this.spec.fields)) void loadFieldCheckers();
  }

  /** Also waits for the texts being loaded, and the render that follows them. */
  protected override async getUpdateComplete(): Promise<boolean> {
    let complete = await super.getUpdateComplete();
    while (this.loads.size > 0) {
      await Promise.all(this.loads);
      complete = await super.getUpdateComplete();
    }
    return complete;
  }

  /** Re-renders once `load` settles; `updateComplete` waits for it meanwhile. */
  private whileLoading(load: Promise<unknown>): void {
    if (this.loads.has(load)) return;
    this.loads.add(load);
    void load.finally(() => {
      this.loads.delete(load);
      this.requestUpdate();
    });
  }

  override requestUpdate(name?: PropertyKey, oldValue?: unknown, options?: PropertyDeclaration): void {
    // Any property but the form's own state may change what the form asks
    // for; forget it at once, so a submit right after an attribute change sees it.
    if (name !== 'status' && name !== 'shownErrors') this.specCache = undefined;
    super.requestUpdate(name, oldValue, options);
  }

  protected override updated(): void {
    if (this.renderedAt === undefined && this.renderRoot.querySelector('form')) this.renderedAt = performance.now();
    const target = this.focusAfterRender;
    this.focusAfterRender = undefined;
    if (target === 'summary') this.renderRoot.querySelector<HTMLElement>('.error-summary')?.focus();
    if (target === 'status') this.renderRoot.querySelector<HTMLElement>('.status[role="status"]')?.focus();
  }

  // --- configuration, derived on each render (cheap, and never stale) ---

  private get language(): Language {
    const own = this.lang;
    if (own) {
      const matched = matchLanguage(own);
      if (matched) return matched;
      this.warnOnce(`lang:${own}`, `lang="${own}" is not supported (use pt, en or es); using pt.`);
      return DEFAULT_LANGUAGE;
    }
    return matchLanguage(this.pageLanguage) ?? DEFAULT_LANGUAGE;
  }

  /**
   * The texts to show, `undefined` until the first language's have loaded. A
   * language not in hand is loaded; meanwhile the last one shown stays.
   */
  private get text(): Messages | undefined {
    const language = this.language;
    const wanted = loadedCatalogue(language);
    if (wanted) this.shownLanguage = language;
    else this.whileLoading(loadCatalogue(language));
    const base = this.shownLanguage && loadedCatalogue(this.shownLanguage);
    return base && messagesFor(base, this.messages);
  }

  private get country(): string {
    const code = (this.defaultCountry ?? '').trim().toUpperCase();
    if (/^[A-Z]{2}$/.test(code)) return code;
    this.warnOnce(`country:${code}`, `default-country="${this.defaultCountry}" is not an ISO country code; using PT.`);
    return 'PT';
  }

  /**
   * What the form asks for, derived from the attributes once per change of
   * them (not on every keystroke: see {@link requestUpdate}).
   */
  private get spec(): FormSpec {
    this.specCache ??= this.deriveSpec();
    return this.specCache;
  }

  private deriveSpec(): FormSpec {
    const fields = parseFieldList(this.fields);
    // Nothing recognised (every word a typo, or an empty list): the documented
    // default, not a name-only form through which nobody could be contacted.
    const fallback = fields.names.length === 0;
    if (fields.unknown.length > 0) {
      const outcome = fallback ? `not known; showing the default fields (${DEFAULT_FIELDS.join(' ')})` : 'ignored';
      this.warnOnce(`fields:${fields.unknown}`, `fields: unknown field(s) ${fields.unknown.join(', ')} ${outcome}.`);
    }
    if (fallback) fields.names.push(...DEFAULT_FIELDS);
    else if (!fields.names.includes('name')) {
      // The name is required by createLead: a form without it could never send.
      fields.names.unshift('name');
    }
    const required = parseRequiredList(this.required);
    if (required.unknown.length > 0) {
      this.warnOnce(`required:${required.unknown}`, `required: unknown field(s) ${required.unknown.join(', ')} ignored.`);
    }
    return {
      fields: fields.names,
      required: new Set(required.names),
      choices: { source: this.choiceOptions('source'), segment: this.choiceOptions('segment') },
      presets: {
        form_id: this.preset(this.formId, 'form_id'),
        campaign_name: this.preset(this.campaignName, 'campaign_name'),
        client_source: this.preset(this.source, 'client_source'),
        client_segment: this.preset(this.segment, 'client_segment'),
      },
      consent: Boolean(this.consentText || this.privacyUrl),
      defaultCountry: this.country,
    };
  }

  private choiceOptions(choice: ChoiceName): string[] {
    const attribute = choice === 'source' ? 'sources' : 'segments';
    const list = parseChoiceList(this[attribute]);
    if (list.malformed) {
      this.warnOnce(`${attribute}:malformed`, `${attribute}: not a JSON array of strings; read as a comma-separated list.`);
    }
    const max = MAX_LENGTH[INPUT_NAMES[choice]];
    const options = list.options.filter((option) => option.length <= max);
    if (options.length < list.options.length) {
      this.warnOnce(`${attribute}:too-long`, `${attribute}: options longer than ${max} characters are left out.`);
    }
    return options;
  }

  private preset(value: string | undefined, key: 'form_id' | 'campaign_name' | 'client_source' | 'client_segment') {
    const trimmed = value?.trim();
    if (!trimmed) return undefined;
    if (trimmed.length > MAX_LENGTH[key]) {
      this.warnOnce(`preset:${key}`, `${key} is longer than ${MAX_LENGTH[key]} characters and is not sent.`);
      return undefined;
    }
    return trimmed;
  }

  private checkDestination(): void {
    if (!this.accountHash && !this.endpoint) {
      this.warnOnce('destination', 'account-hash is missing: createLead will refuse every lead. Set account-hash (or an endpoint of your own).');
    }
    if (this.endpoint && location.protocol === 'https:' && /^\s*http:/i.test(this.endpoint)) {
      // Browsers block it as mixed content: every lead would wait in the outbox forever.
      this.warnOnce('endpoint:http', `endpoint="${this.endpoint}" is http on an https page; browsers block it. Use an https endpoint.`);
    }
  }

  private warnOnce(key: string, message: string): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    console.warn(`<zappy-lead-form>: ${message}`);
  }

  private readPageLanguage(): void {
    const parent = this.parentElement ?? (this.getRootNode() as ShadowRoot).host ?? null;
    this.pageLanguage = parent?.closest('[lang]')?.getAttribute('lang') ?? document.documentElement.lang ?? null;
  }

  // --- handlers ---

  private handleSubmit(event: SubmitEvent): void {
    event.preventDefault();
    void this.submitLead();
  }

  /** Once errors show, re-check on every keystroke so fixed ones clear at once. */
  private handleInput(event?: Event): void {
    const target = event?.target;
    if (target instanceof HTMLInputElement && target.name === INPUT_NAMES.mobile) {
      // Fetch the other countries' rules as soon as the number needs them, so
      // they are in hand by the time it is complete; then judge it again.
      if (mobileNeedsMoreRules(target.value, { defaultCountry: this.country })) {
        void loadCompletePhoneMetadata().then(() => this.handleInput());
      }
    }
    if (this.shownErrors.length === 0) return;
    const result = validateForm(this.readValues(), this.spec, this.phoneOptions());
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
    await this.submitLead();
  }

  /** @internal Whether this widget submitted the lead (see OutboxWidget). */
  ownsLead(id: string): boolean {
    return this.ownLeads.has(id);
  }

  /** @internal Where this widget sends its leads. */
  get leadDestination(): Destination {
    return pickDestination({ endpoint: this.endpoint, accountHash: this.accountHash });
  }

  /**
   * @internal A lead waiting in the outbox was delivered or refused by a
   * background attempt: tell the page, and update what the visitor sees if
   * this widget is still showing that lead as waiting.
   */
  handleBackgroundOutcome({ entry, result }: DeliveryOutcome): void {
    const { id, lead } = entry;
    const showing = this.ownLeads.delete(id) && this.status === FormStatus.Queued;
    if (result.kind === 'delivered') {
      this.dispatchEvent(createLeadEvent('zappy-lead-sent', { id, lead, status: result.status }));
      // No success-url navigation here: the visitor may be busy elsewhere on the page.
      if (showing) this.status = FormStatus.Sent;
    } else if (result.kind === 'refused') {
      this.dispatchEvent(createLeadEvent('zappy-lead-refused', { id, lead, status: result.status }));
      // The form comes back with the data, which was only hidden.
      if (showing) this.status = FormStatus.Refused;
    }
  }

  private readValues(): Record<string, string> {
    const form = this.renderRoot.querySelector('form');
    const values: Record<string, string> = {};
    if (!form) return values;
    for (const [key, value] of new FormData(form)) {
      if (typeof value === 'string') values[key] = value;
    }
    return values;
  }

  /** How `validateForm` treats foreign mobiles: on trust once their rules cannot come. */
  private phoneOptions(waitedEnough = false): { acceptUnknownCountries: boolean } {
    const status = phoneMetadataStatus();
    return { acceptUnknownCountries: status === 'unavailable' || (waitedEnough && status === 'partial') };
  }

  /** Waits for a part being loaded, at most {@link PART_WAIT_MS}. Resolves with whether it gave up. */
  private async awaitPart(load: Promise<void>): Promise<boolean> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const gaveUp = new Promise<boolean>((resolve) => (timer = setTimeout(resolve, PART_WAIT_MS, true)));
    try {
      return await Promise.race([load.then(() => false), gaveUp]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async submitLead(): Promise<void> {
    if (this.inFlight || this.status === FormStatus.Sent) return;
    let phoneRulesGaveUp = false;
    const needsPhoneRules = mobileNeedsMoreRules(this.readValues()[INPUT_NAMES.mobile] ?? '', { defaultCountry: this.country });
    const needsCheckers = needsFieldCheckers(this.spec.fields);
    if (needsPhoneRules || needsCheckers) {
      // Parts still on their way (another country's number, a field's checker),
      // on a slow network: the button says it is busy meanwhile. Without the
      // checkers after the wait, validateForm is lenient by itself.
      const status = this.status;
      this.inFlight = true;
      this.status = FormStatus.Sending;
      try {
        [phoneRulesGaveUp] = await Promise.all([
          needsPhoneRules && this.awaitPart(loadCompletePhoneMetadata()),
          needsCheckers && this.awaitPart(loadFieldCheckers()),
        ]);
      } finally {
        this.inFlight = false;
        this.status = status;
      }
    }
    const values = this.readValues();
    const result = validateForm(values, this.spec, this.phoneOptions(phoneRulesGaveUp));
    if (!result.ok) {
      this.shownErrors = result.errors;
      this.focusAfterRender = 'summary';
      this.dispatchEvent(
        createLeadEvent('zappy-lead-invalid', { fields: [...new Set(result.errors.flatMap((e) => e.inputs))] }),
      );
      return;
    }
    this.shownErrors = [];

    const trapped = (values[INPUT_NAMES.honeypot] ?? '') !== '';
    const tooFast = performance.now() - (this.renderedAt ?? 0) < this.minFillTime;
    if (trapped || tooFast) {
      // A bot: show the same success a person would see, and send nothing.
      this.finishWithSuccess(false);
      return;
    }

    const id = newLeadId();
    const lead = Object.freeze({ ...result.lead });
    const proceed = this.dispatchEvent(createLeadEvent('zappy-lead-submit', { id, lead }, { cancelable: true }));
    if (!proceed) return;
    if (!this.endpointIsUrl()) {
      // Keep the visitor's data and say so, and tell the page too (status 0:
      // refused before sending).
      this.status = FormStatus.Refused;
      this.dispatchEvent(createLeadEvent('zappy-lead-refused', { id, lead, status: 0 }));
      return;
    }

    this.inFlight = true;
    this.status = FormStatus.Sending;
    this.ownLeads.add(id);
    try {
      // Stored before the first attempt: closing the tab mid-request loses nothing.
      const timeoutMs = this.timeout > 0 ? this.timeout : DEFAULT_TIMEOUT_MS;
      const { result: outcome, kept } = await pageOutbox().submit(lead, this.leadDestination, { id, timeoutMs });
      if (outcome.kind === 'delivered') {
        this.ownLeads.delete(id);
        this.dispatchEvent(createLeadEvent('zappy-lead-sent', { id, lead, status: outcome.status }));
        this.finishWithSuccess(true);
      } else if (outcome.kind === 'refused') {
        this.ownLeads.delete(id);
        this.status = FormStatus.Refused;
        this.dispatchEvent(createLeadEvent('zappy-lead-refused', { id, lead, status: outcome.status }));
      } else {
        if (!kept) this.ownLeads.delete(id);
        this.queuedLeadKept = kept;
        this.status = FormStatus.Queued;
        if (kept) this.focusAfterRender = 'status';
        const status = outcome.status === undefined ? {} : { status: outcome.status };
        this.dispatchEvent(createLeadEvent('zappy-lead-queued', { id, lead, reason: outcome.reason, kept, ...status }));
      }
    } finally {
      this.inFlight = false;
    }
  }

  private endpointIsUrl(): boolean {
    if (!this.endpoint) return true;
    try {
      // The same check sendLead makes, before anything is stored or sent.
      createLeadUrl({ endpoint: this.endpoint });
      return true;
    } catch {
      this.warnOnce('endpoint', `endpoint="${this.endpoint}" is not a URL.`);
      return false;
    }
  }

  private finishWithSuccess(delivered: boolean): void {
    const url = safeLinkUrl(this.successUrl);
    if (delivered && url) {
      // Leads still waiting get requests that outlive this page.
      if (pageOutbox().pending().length > 0) void pageOutbox().flush({ force: true, keepalive: true });
      window.location.assign(url);
      return;
    }
    if (delivered && this.successUrl?.trim() && !url) {
      this.warnOnce('success-url', `success-url="${this.successUrl}" is not an http(s) address; the success message shows instead.`);
    }
    this.status = FormStatus.Sent;
    this.focusAfterRender = 'status';
  }

  // --- rendering ---

  override render(): TemplateResult | typeof nothing {
    const text = this.text;
    // Nothing until the page's language has loaded: no flash of Portuguese.
    if (!text) return nothing;
    const status = this.status;
    return html`
      ${status === FormStatus.Sent ? nothing : this.renderForm(text, status === FormStatus.Queued && this.queuedLeadKept)}
      <p class="status" part="status" role="status" tabindex="-1">${this.statusText(text)}</p>
      <p class="status status--refused" part="status" role="alert">${status === FormStatus.Refused ? text.refused : nothing}</p>
    `;
  }

  private statusText(text: Messages): string {
    switch (this.status) {
      case FormStatus.Sending:
        return text.sending;
      case FormStatus.Sent:
        return this.successMessage?.trim() || text.success;
      case FormStatus.Queued:
        return this.queuedLeadKept ? text.queued : text.notSent;
      default:
        return '';
    }
  }

  /**
   * @param hidden While a kept lead waits, the form is hidden rather than
   *   removed: if the lead is later refused, it returns with the data.
   */
  private renderForm(text: Messages, hidden: boolean): TemplateResult {
    const spec = this.spec;
    const busy = this.status === FormStatus.Sending;
    return html`
      <form part="form" novalidate ?hidden=${hidden} lang=${ifDefined(this.shownLanguage)} @submit=${this.handleSubmit} @input=${this.handleInput} @change=${this.handleInput}>
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
    return errorText(error, text, { example: exampleMobile(this.country), label: this.subjectLabel(error.subject, text) });
  }

  /** The visible label of what an error is about, which messages quote. */
  private subjectLabel(subject: FieldError['subject'], text: Messages): string {
    if (subject === 'consent') return '';
    const custom = subject === 'custom_1' ? this.custom1Label : subject === 'custom_2' ? this.custom2Label : undefined;
    return custom?.trim() || text[SUBJECT_LABELS[subject]];
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
    const subjects = field === 'address' ? ADDRESS_INPUTS : [field];
    return subjects.map((subject) => this.renderInput(subject, text, required, !required && !either, either ? 'contact-hint' : undefined));
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
    const { type = 'text', autocomplete, inputmode, spellcheck, autocapitalize, className = '' } = TEXT_INPUTS[subject];
    const name = INPUT_NAMES[subject];
    const pt = this.country === 'PT';
    const hint =
      subject === 'mobile'
        ? formatMessage(text.hintMobile, { example: exampleMobile(this.country) })
        : subject === 'cc'
          ? text.hintCc
          : subject === 'zipcode' && pt
            ? text.hintZipcode
            : undefined;
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
          inputmode=${ifDefined(subject === 'zipcode' && pt ? 'numeric' : inputmode)}
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
    return html`
      <fieldset class="field ${found ? 'field--error' : ''}" part="field" aria-describedby=${ifDefined(describedBy)}>
        <legend part="label">
          ${text.legendBirthday}${required ? nothing : html` <span class="optional">${text.optional}</span>`}
        </legend>
        ${this.renderError(found, text)}
        <div class="date">
          <div class="field">
            <label part="label" for=${INPUT_NAMES.day}>${text.labelDay}</label>
            <input part="input" class="date-day" id=${INPUT_NAMES.day} name=${INPUT_NAMES.day} type="text" inputmode="numeric" autocomplete="bday-day" spellcheck="false" ?required=${required} aria-invalid=${partInvalid(INPUT_NAMES.day)} aria-describedby=${ifDefined(partDescribedBy(INPUT_NAMES.day))} />
          </div>
          <div class="field">
            <label part="label" for=${INPUT_NAMES.month}>${text.labelMonth}</label>
            <select part="input" class="date-month" id=${INPUT_NAMES.month} name=${INPUT_NAMES.month} autocomplete="bday-month" ?required=${required} aria-invalid=${partInvalid(INPUT_NAMES.month)} aria-describedby=${ifDefined(partDescribedBy(INPUT_NAMES.month))}>
              <option value="">${text.monthPlaceholder}</option>
              ${text.monthNames.map((month, index) => html`<option value=${index + 1}>${month}</option>`)}
            </select>
          </div>
          <div class="field">
            <label part="label" for=${INPUT_NAMES.year}>${yearLabel}</label>
            <input part="input" class="date-year" id=${INPUT_NAMES.year} name=${INPUT_NAMES.year} type="text" inputmode="numeric" autocomplete="bday-year" spellcheck="false" ?required=${yearRequired} aria-invalid=${partInvalid(INPUT_NAMES.year)} aria-describedby=${ifDefined(partDescribedBy(INPUT_NAMES.year))} />
          </div>
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
    if (this.privacyUrl && !privacy) {
      this.warnOnce('privacy-url', `privacy-url="${this.privacyUrl}" is not an http(s) address; the link is left out.`);
    }
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
