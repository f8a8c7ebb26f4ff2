import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Destination } from '../delivery/outbox-store.js';
import { type DeliveryOutcome, newLeadId, pickDestination } from '../delivery/outbox.js';
import { type OutboxWidget, connectWidget, disconnectWidget, pageOutbox } from '../delivery/page-outbox.js';
import { createLeadEvent } from '../events.js';
import type { CompletedLead } from '../campaign/campaign.js';
import type { Lead } from '../lead/schema.js';
import { type SendResult, createLeadUrl } from '../lead/send-lead.js';
import { fieldCheckersPart, needsFieldCheckers } from './field-checkers-loader.js';
import { INPUT_NAMES } from './fields.js';
import { mobileNeedsMoreRules, phoneCheckOptions, phoneRulesPart } from './phone-rules.js';
import { type FieldError, type FormSpec, validateForm } from './validate.js';

/**
 * Where a form is in its life: being filled in, sending, or the outcome of
 * its last submit. `queued.kept` is false when the lead could not be kept for
 * later either (storage full or blocked): its data then stays in the form.
 */
export type SubmissionStatus =
  | { readonly kind: 'idle' }
  | { readonly kind: 'sending' }
  | { readonly kind: 'sent' }
  | { readonly kind: 'queued'; readonly kept: boolean }
  | { readonly kind: 'refused' };

/** What a submit reads from its form, at the moment of submitting. */
export interface SubmissionInput {
  /** The controls' values by `name`. */
  values: Record<string, string>;
  spec: FormSpec;
  /** Where the leads go (`endpoint` and `account-hash`). */
  destination: Destination;
  /** Milliseconds before a hung request is given up. */
  timeoutMs: number;
  /** Whether the form is submitted sooner after it first showed than a person could (`min-fill-time`). */
  tooFast: boolean;
  /** Where to go once the lead is delivered: an http(s) URL already checked, if any. */
  successUrl: string | undefined;
  /** A part the form uses that is on its way (the campaign features): a submit waits for it, bounded like the others. */
  awaiting?: Promise<unknown> | undefined;
  /** Completes a valid lead about to be submitted with this id (the campaign features). */
  complete?: ((lead: Lead, id: string) => CompletedLead) | undefined;
}

/** What the controller asks of its form. */
export interface SubmissionDelegate {
  /** Reads the form for a submit. */
  read(): SubmissionInput;
  /** Where the form sends its leads now. */
  destination(): Destination;
  /** Shows the errors of a submit the visitor must fix. */
  showErrors(errors: FieldError[]): void;
  /**
   * When the form must be complete before it hears of background outcomes
   * (its conversions fire on them), resolves once it is; else `undefined`.
   */
  ready?(): Promise<unknown> | undefined;
  /** Whether the form should hear of a lead it did not submit (its conversion waits for it), before other forms. */
  claims?(id: string): boolean;
}

const IDLE: SubmissionStatus = { kind: 'idle' };

/**
 * What a submit is, for a Lit host (`<zappy-lead-form>`): waiting for the
 * parts it needs (at most `PART_WAIT_MS`), validating, the spam guard, the
 * cancelable `zappy-lead-submit` event, handing the lead to the page's outbox,
 * and the outcome, then and later: the events and the {@link status} the
 * form shows. It is the form's voice to the outbox: it tells which leads this
 * form submitted, and hears of their background outcomes.
 *
 * @example
 * readonly #submission = new SubmissionController(this, { read: () => ..., showErrors: (errors) => ... });
 */
export class SubmissionController implements ReactiveController, OutboxWidget {
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #delegate: SubmissionDelegate;
  #status: SubmissionStatus = IDLE;
  /** Set synchronously on submit, before any await, so a double click sends once. */
  #busy = false;
  /** Leads this form submitted that are still waiting in the outbox. */
  readonly #ownLeads = new Set<string>();
  /** Whether the status just became one that takes focus (a foreground outcome). */
  #focusStatus = false;

  constructor(host: ReactiveControllerHost & HTMLElement, delegate: SubmissionDelegate) {
    this.#host = host;
    this.#delegate = delegate;
    host.addController(this);
  }

  /** The form's status, for rendering. */
  get status(): SubmissionStatus {
    return this.#status;
  }

  /** True once after a submit's outcome that should take focus (the status message); reading it clears it. */
  takeFocus(): boolean {
    const focus = this.#focusStatus;
    this.#focusStatus = false;
    return focus;
  }

  hostConnected(): void {
    // Also flushes what earlier visits left waiting (on the page's first form).
    connectWidget(this);
  }

  hostDisconnected(): void {
    // A request in flight is not aborted: its lead is already in the outbox,
    // and its outcome still updates the outbox if the form never returns.
    disconnectWidget(this);
  }

  /** Whether this form submitted the lead, or claims it (the outbox asks, to choose who hears of its outcome). */
  ownsLead(id: string): boolean {
    return this.#ownLeads.has(id) || !!this.#delegate.claims?.(id);
  }

  /** Where this form sends its leads (the outbox asks). */
  get leadDestination(): Destination {
    return pickDestination(this.#delegate.destination());
  }

  /** A lead waiting in the outbox was delivered or refused by a background attempt. */
  handleBackgroundOutcome({ entry, result }: DeliveryOutcome): void {
    const report = () => this.#report(entry.id, entry.lead, result, { kept: true, background: true });
    // A form whose conversions fire on outcomes tells of them once it can fire them.
    const ready = this.#delegate.ready?.();
    if (ready) void ready.then(report);
    else report();
  }

  /** Validates and sends the form; a second call while one is under way does nothing. */
  async submit(): Promise<void> {
    if (this.#busy || this.#status.kind === 'sent') return;
    const { values, spec, awaiting } = this.#delegate.read();
    const needsPhoneRules = mobileNeedsMoreRules(values[INPUT_NAMES.mobile] ?? '', spec.defaultCountry);
    const needsCheckers = needsFieldCheckers(spec.fields);
    // Only a submit that waits yields before it is marked busy: a double click sends once.
    const waitedForRules = (needsPhoneRules || needsCheckers || !!awaiting) && (await this.#awaitParts(needsPhoneRules, needsCheckers, awaiting));
    const input = this.#delegate.read();
    const result = validateForm(input.values, input.spec, phoneCheckOptions(waitedForRules));
    if (!result.ok) {
      this.#delegate.showErrors(result.errors);
      this.#dispatch('zappy-lead-invalid', { fields: [...new Set(result.errors.flatMap((e) => e.inputs))] });
      return;
    }
    this.#delegate.showErrors([]);

    if (input.tooFast || (input.values[INPUT_NAMES.honeypot] ?? '') !== '') {
      // A bot: show the same success a person would see, and send nothing.
      this.#setStatus({ kind: 'sent' }, true);
      return;
    }

    const id = newLeadId();
    const completed = input.complete?.(result.lead, id) ?? { lead: result.lead };
    const lead = Object.freeze({ ...completed.lead });
    if (!this.#dispatch('zappy-lead-submit', { ...completed, id, lead })) return;
    try {
      // The check sendLead makes, before anything is stored or sent.
      createLeadUrl(input.destination);
    } catch {
      // Keep the visitor's data and say so, and tell the page too (status 0:
      // refused before sending; the form warned about the endpoint).
      this.#report(id, lead, { kind: 'refused', status: 0 }, { kept: true, background: false });
      return;
    }

    this.#busy = true;
    this.#setStatus({ kind: 'sending' });
    this.#ownLeads.add(id);
    try {
      // Stored before the first attempt: closing the tab mid-request loses nothing.
      const { result: outcome, kept } = await pageOutbox().submit(lead, input.destination, { id, timeoutMs: input.timeoutMs });
      this.#report(id, lead, outcome, { kept, background: false }, input.successUrl);
    } finally {
      this.#busy = false;
    }
  }

  /**
   * Waits for the parts a judgement of the form needs and does not have yet
   * (another country's phone rules, a field's checker, the campaign features), at most
   * `PART_WAIT_MS`, with the button busy meanwhile. Resolves with whether the
   * phone rules were waited for in vain.
   */
  async #awaitParts(needsPhoneRules: boolean, needsCheckers: boolean, awaiting: Promise<unknown> | undefined): Promise<boolean> {
    const status = this.#status;
    this.#busy = true;
    this.#setStatus({ kind: 'sending' });
    try {
      const [phoneRules] = await Promise.all([
        needsPhoneRules && phoneRulesPart.within(),
        needsCheckers && fieldCheckersPart.within(),
        awaiting,
      ]);
      return needsPhoneRules && !phoneRules;
    } finally {
      this.#busy = false;
      this.#setStatus(status);
    }
  }

  /**
   * The one mapping from a delivery outcome to the page's event and the
   * form's status, for the first attempt (`background: false`) and for the
   * outbox's later ones. A background outcome changes what the visitor sees
   * only while this form still shows that lead as waiting, and never moves
   * focus or leaves the page: the visitor may be busy elsewhere.
   */
  #report(id: string, lead: Lead, result: SendResult, { kept, background }: { kept: boolean; background: boolean }, successUrl?: string): void {
    const showing = this.#ownLeads.has(id) && (!background || this.#status.kind === 'queued');
    if (result.kind !== 'retry' || !kept) this.#ownLeads.delete(id);
    if (result.kind === 'delivered') {
      this.#dispatch('zappy-lead-sent', { id, lead, status: result.status });
      if (successUrl && !background) {
        // Leads still waiting get requests that outlive this page.
        if (pageOutbox().pending().length > 0) void pageOutbox().flush({ force: true, keepalive: true });
        window.location.assign(successUrl);
      } else if (showing) this.#setStatus({ kind: 'sent' }, !background);
    } else if (result.kind === 'refused') {
      this.#dispatch('zappy-lead-refused', { id, lead, status: result.status });
      // The form comes back with the data, which was only hidden.
      if (showing || !background) this.#setStatus({ kind: 'refused' });
    } else {
      this.#dispatch('zappy-lead-queued', { id, lead, reason: result.reason, kept, ...(result.status === undefined ? {} : { status: result.status }) });
      this.#setStatus({ kind: 'queued', kept }, kept);
    }
  }

  #setStatus(status: SubmissionStatus, focus = false): void {
    this.#status = status;
    this.#focusStatus ||= focus;
    this.#host.requestUpdate();
  }

  /** Dispatches one of the form's events on the host; false when a listener cancelled it. */
  #dispatch<K extends Parameters<typeof createLeadEvent>[0]>(type: K, detail: Parameters<typeof createLeadEvent<K>>[1]): boolean {
    return this.#host.dispatchEvent(createLeadEvent(type, detail, { cancelable: type === 'zappy-lead-submit' }));
  }
}
