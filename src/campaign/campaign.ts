import type { ReactiveController, ReactiveControllerHost, TemplateResult } from 'lit';
import { createLeadEvent } from '../events.js';
import type { Messages } from '../i18n/messages.js';
import { MAX_LENGTH } from '../lead/limits.js';
import { clip } from '../lead/text.js';
import type { Lead } from '../lead/schema.js';
import { warn } from '../warn.js';
import { type Attribution, originAndPath, readAttribution, sessionAttribution } from './attribution.js';
import { consentRecord } from './consent-record.js';
import { type ConversionTarget, expectConversion, parseConversions, sendConversion, takeConversion } from './conversions.js';
import { type LitTags, dialogStyles, dialogTemplate } from './dialog.js';
import { fillTemplate, mappedSource, parseSourceMap, unknownTokens, usesAttribution } from './template.js';

/** The element's attributes the campaign features read (`<zappy-lead-form>` has them all). */
export interface CampaignAttributes {
  /** Present: read the campaign link and referrer; `"session"`: also keep the first values of the tab. */
  attribution?: string | null | undefined;
  sourceMap?: string | undefined;
  custom1Value?: string | undefined;
  custom2Value?: string | undefined;
  prefill?: boolean | undefined;
  conversions?: string | undefined;
  mode?: string | undefined;
  openLabel?: string | undefined;
  consentRecord?: string | undefined;
  /** The preset `client_source`, which `source-map` overrides. */
  source?: string | undefined;
}

/** The element, as the campaign controller sees it. */
export type CampaignHost = ReactiveControllerHost & HTMLElement & CampaignAttributes & { readonly renderRoot: HTMLElement | DocumentFragment };

/** A lead completed by the campaign features, and what attribution captured for `zappy-lead-submit`. */
export interface CompletedLead {
  lead: Lead;
  attribution?: Attribution;
}

/** What the element asks of its campaign features, once their part is loaded. */
export interface Campaign {
  /** Adds the campaign's values to a valid lead about to be submitted with this id, and expects its conversion. */
  complete(lead: Lead, id: string): CompletedLead;
  /** The element's content as the mode wants it: as is, or behind a button in a dialog. */
  wrap(content: TemplateResult, text: Messages): TemplateResult;
  /** Opens the dialog (`mode="dialog"`). */
  open(): void;
  /** Closes the dialog. */
  close(): void;
}

/** The custom fields a template or the consent record can fill. */
const CUSTOM_KEYS = ['custom_1', 'custom_2'] as const;

/** A storage of the page, or `undefined` where reading it throws (sandboxed frames, some privacy settings). */
function pageStorage(name: 'localStorage' | 'sessionStorage'): Storage | undefined {
  try {
    return window[name];
  } catch {
    return undefined;
  }
}

/** The focused element, looking inside shadow roots. */
function deepActiveElement(): HTMLElement | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active instanceof HTMLElement && active !== document.body ? active : null;
}

/** The date of `at` as `YYYY-MM-DD`, in the visitor's time zone: the `{date}` token. */
const localDate = (at: Date) =>
  `${at.getFullYear()}-${String(at.getMonth() + 1).padStart(2, '0')}-${String(at.getDate()).padStart(2, '0')}`;

/**
 * The campaign features of one form, loaded on demand when any of their
 * attributes is set: attribution and where its values go, URL prefill,
 * conversion events on delivery, the dialog mode and the consent record.
 */
class CampaignController implements ReactiveController, Campaign {
  readonly #host: CampaignHost;
  readonly #lit: LitTags;
  /** The dialog's stylesheet, made with the element's `css` on first use. */
  #sheet: CSSStyleSheet | undefined;
  readonly #warned = new Set<string>();
  #prefilled = false;
  /** Where focus goes back to when the dialog closes. */
  #returnFocus: HTMLElement | null = null;

  constructor(host: CampaignHost, lit: LitTags) {
    this.#host = host;
    this.#lit = lit;
    host.addController(this);
  }

  hostConnected(): void {
    this.#host.addEventListener('zappy-lead-sent', this.#onSent);
    this.#host.addEventListener('zappy-lead-refused', this.#onRefused);
    // `session` keeps the landing page's values even if the form is never sent here.
    this.#attribution();
  }

  hostDisconnected(): void {
    this.#host.removeEventListener('zappy-lead-sent', this.#onSent);
    this.#host.removeEventListener('zappy-lead-refused', this.#onRefused);
  }

  /** Configuration problems, once each, with the fallback taken. */
  hostUpdate(): void {
    const host = this.#host;
    const problem = (message: string) => {
      if (!this.#warned.has(message)) warn(message);
      this.#warned.add(message);
    };
    const attribution = host.attribution?.trim().toLowerCase();
    if (attribution && attribution !== 'session') problem(`attribution="${host.attribution}" is not "session": nothing is stored`);
    const { malformed } = parseSourceMap(host.sourceMap, MAX_LENGTH.client_source);
    if (malformed.length > 0) problem(`source-map: ignored ${malformed.join(', ')} (write utm_source=Zappy source)`);
    if (host.sourceMap && host.attribution == null) problem('source-map needs attribution: no source is mapped');
    for (const [index, template] of [host.custom1Value, host.custom2Value].entries()) {
      const name = `custom-${index + 1}-value`;
      const unknown = unknownTokens(template ?? '');
      if (unknown.length > 0) problem(`${name}: unknown {${unknown.join('}, {')}} written as is`);
      if (template && usesAttribution(template) && host.attribution == null) problem(`${name} needs attribution: its campaign values stay empty`);
    }
    const { unknown } = parseConversions(host.conversions);
    if (unknown.length > 0) problem(`conversions: unknown ${unknown.join(', ')} (ga4, meta)`);
    const record = host.consentRecord?.trim();
    if (record && !(CUSTOM_KEYS as readonly string[]).includes(record)) problem(`consent-record="${record}" is not custom_1 or custom_2: no record`);
    const mode = host.mode?.trim().toLowerCase();
    if (mode && mode !== 'dialog' && mode !== 'inline') problem(`mode="${host.mode}" is not dialog or inline: inline`);
  }

  /** `prefill`: once the form shows, its empty controls take the link's values named like them. */
  hostUpdated(): void {
    if (!this.#host.prefill || this.#prefilled) return;
    const form = this.#host.renderRoot.querySelector('form');
    if (!form) return;
    this.#prefilled = true;
    const query = new URLSearchParams(location.search);
    for (const control of form.querySelectorAll<HTMLInputElement | HTMLSelectElement>('input, select')) {
      // Never the consent box (consent is given, not presumed), nor the bot trap.
      if (control.type === 'checkbox' || control.closest('.trap')) continue;
      const value = query.get(control.name);
      // Checked like anything typed, at submit; only what the control can hold is kept.
      if (value !== null && !control.value) control.value = value.slice(0, 1000);
    }
  }

  complete(lead: Lead, id: string): CompletedLead {
    const host = this.#host;
    const completed: Lead = { ...lead };
    const attribution = this.#attribution();
    if (attribution) {
      if (!completed.campaign_name && attribution.utm_campaign) {
        completed.campaign_name = clip(attribution.utm_campaign, MAX_LENGTH.campaign_name);
      }
      const mapped = mappedSource(parseSourceMap(host.sourceMap, MAX_LENGTH.client_source).map, attribution.utm_source);
      // The visitor's own answer to "how did you hear about us?" (the `sources` choice) wins over the link's, even when it is the preset.
      const picked = host.renderRoot.querySelector<HTMLSelectElement>('form select[name="client_source"]')?.value;
      if (mapped && !picked) completed.client_source = mapped;
    }
    const values = { ...attribution, date: localDate(new Date()) };
    [host.custom1Value, host.custom2Value].forEach((template, index) => {
      if (!template?.trim()) return;
      const key = CUSTOM_KEYS[index]!;
      const value = fillTemplate(template, values, MAX_LENGTH[key]);
      if (value) completed[key] = value;
      else delete completed[key];
    });
    const record = host.consentRecord?.trim();
    // The consent box is the form's one checkbox.
    const box = host.renderRoot.querySelector<HTMLInputElement>('form input[type="checkbox"]');
    if ((record === 'custom_1' || record === 'custom_2') && box?.checked) {
      const label = box.labels?.[0];
      completed[record] = consentRecord(
        {
          text: (label?.textContent ?? '').replace(/\s+/g, ' ').trim(),
          privacyUrl: label?.querySelector('a')?.href,
          at: new Date(),
          page: originAndPath(location.href),
        },
        MAX_LENGTH[record],
      );
    }
    const { targets } = parseConversions(host.conversions);
    if (targets.length > 0) this.#expectConversion(id, completed, attribution, targets);
    return attribution ? { lead: completed, attribution } : { lead: completed };
  }

  wrap(content: TemplateResult, text: Messages): TemplateResult {
    if (this.#host.mode?.trim().toLowerCase() !== 'dialog') return content;
    const root = this.#host.renderRoot;
    const sheet = (this.#sheet ??= dialogStyles(this.#lit).styleSheet!);
    // After the element's own sheet, which Lit adopted when it made the root.
    if (root instanceof ShadowRoot && !root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    return dialogTemplate(this.#lit, content, {
      label: this.#host.openLabel?.trim() || text.dialogOpen,
      closeLabel: text.dialogClose,
      onOpen: () => this.open(),
      onClose: () => this.close(),
      onClosed: () => this.#closed(),
    });
  }

  open(): void {
    const dialog = this.#host.renderRoot.querySelector('dialog');
    if (!dialog || dialog.open) return;
    this.#returnFocus = deepActiveElement();
    dialog.showModal();
    // The first field, not the close button that comes first; after success, the close button.
    (dialog.querySelector<HTMLElement>('form:not([hidden]) :is(input, select)') ?? dialog.querySelector<HTMLElement>('.close'))?.focus();
    this.#host.dispatchEvent(createLeadEvent('zappy-lead-open', {}));
  }

  close(): void {
    this.#host.renderRoot.querySelector('dialog')?.close();
  }

  #closed(): void {
    const back = this.#returnFocus?.isConnected ? this.#returnFocus : this.#host.renderRoot.querySelector<HTMLElement>('.open');
    this.#returnFocus = null;
    back?.focus();
    this.#host.dispatchEvent(createLeadEvent('zappy-lead-close', {}));
  }

  /** What `attribution` captures now, or `undefined` when it is off. */
  #attribution(): Attribution | undefined {
    const mode = this.#host.attribution;
    if (mode === null || mode === undefined) return undefined;
    const current = readAttribution(location.href, document.referrer);
    return mode.trim().toLowerCase() === 'session' ? sessionAttribution(current, pageStorage('sessionStorage')) : current;
  }

  #expectConversion(id: string, lead: Lead, attribution: Attribution | undefined, targets: ConversionTarget[]): void {
    const { utm_source, utm_medium, utm_campaign, utm_term, utm_content } = attribution ?? {};
    const utm = { utm_source, utm_medium, utm_campaign, utm_term, utm_content };
    const params = { lead_id: id, form_id: lead.form_id, campaign_name: lead.campaign_name, ...utm };
    // Only the values present: an analytics event with `undefined` parameters reports them as "(not set)".
    const present = Object.fromEntries(Object.entries(params).filter(([, value]) => value !== undefined));
    expectConversion(pageStorage('localStorage'), targets, present as typeof params);
  }

  readonly #onSent = (event: CustomEvent<{ id: string }>) => {
    const conversion = takeConversion(pageStorage('localStorage'), event.detail.id);
    if (conversion) sendConversion(window as Parameters<typeof sendConversion>[0], conversion.targets, conversion.params);
  };

  /** A refused lead never counts. */
  readonly #onRefused = (event: CustomEvent<{ id: string }>) => void takeConversion(pageStorage('localStorage'), event.detail.id);
}

/**
 * The campaign features for an element, rendering with its `html` and `css`: the entry of the part the element
 * loads on demand (`zappy-lead-form.campaign.js` beside the script).
 */
export const campaign = (host: CampaignHost, lit: LitTags): Campaign => new CampaignController(host, lit);
