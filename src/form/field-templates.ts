/**
 * The form's controls as Lit templates: each text input, the birthday's three
 * parts, a choice, the consent box and the bot trap, with their labels, hints
 * and errors tied together (GOV.UK's patterns, `form-patterns.md`). Pure
 * functions of what they are given; the element owns the state.
 */
import { type TemplateResult, html, nothing } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { formatMessage } from '../i18n/language.js';
import type { Messages } from '../i18n/messages.js';
import type { ChoiceName } from './config.js';
import { INPUT_NAMES, type InputName, SUBJECTS, TEXT_INPUTS, type TextInputSpec, type TextSubject } from './fields.js';
import { errorMessageKey } from './error-text.js';
import { exampleMobile } from './presentation.js';
import type { FieldError, FormSpec } from './validate.js';

/** An error shown for a control, with the id of its message. */
export interface ShownError {
  error: FieldError;
  id: string;
}

/** What every control's template reads: the texts, the errors shown, the element's own labels. */
export interface FieldContext {
  text: Messages;
  /** `default-country`, checked: hints, input modes and examples follow it. */
  country: string;
  errors: readonly FieldError[];
  /** Labels and placeholders of the custom fields, as the attributes give them (the element itself). */
  custom: CustomFieldTexts;
}

/** The element's attributes that name and prompt the custom fields (`custom-1-label`…). */
export type CustomFieldTexts = { readonly [Key in `custom${1 | 2}${'Label' | 'Placeholder'}`]?: string | undefined };

/** The custom field's label or placeholder given by attribute, if `subject` is a custom field. */
const customText = (context: FieldContext, subject: FieldError['subject'], kind: 'Label' | 'Placeholder') =>
  subject === 'custom_1' || subject === 'custom_2' ? context.custom[`custom${subject === 'custom_1' ? 1 : 2}${kind}`] : undefined;

/** The error shown for a control, if any. */
function errorFor(context: FieldContext, input: InputName): ShownError | undefined {
  const error = context.errors.find((e) => e.inputs.includes(input));
  return error && { error, id: `${error.subject}-error` };
}

/** The visible label of what an error is about, which messages quote. */
function subjectLabel(context: FieldContext, subject: FieldError['subject']): string {
  const custom = customText(context, subject, 'Label');
  const label = SUBJECTS[subject].label;
  return custom?.trim() || (label ? context.text[label] : '');
}

/** Options of {@link textInputTemplate}. */
export interface TextInputOptions {
  required: boolean;
  /** Marked "(optional)" in its label. */
  optional: boolean;
  /** Id of other text that describes the input, read before its own hint. */
  describedBy?: string | undefined;
}

/** A text input with its label, hint and error, as `./fields.ts` describes the subject. */
export function textInputTemplate(context: FieldContext, subject: TextSubject, { required, optional, describedBy }: TextInputOptions): TemplateResult {
  const spec: TextInputSpec = TEXT_INPUTS[subject];
  const name = INPUT_NAMES[subject];
  const { type = 'text', autocomplete = 'off', spellcheck, autocapitalize, className = '' } = spec;
  const { hint: hintKey, inputmode } = context.country === 'PT' ? { ...spec, ...spec.portugal } : spec;
  const hint = hintKey && formatMessage(context.text[hintKey], { example: exampleMobile(context.country) });
  const placeholder = customText(context, subject, 'Placeholder');
  const found = errorFor(context, name);
  const ownsError = found?.error.inputs[0] === name;
  const hintId = hint ? `${name}-hint` : undefined;
  const allDescribedBy = [describedBy, hintId, found?.id].filter(Boolean).join(' ') || undefined;
  return html`
    <div class="field ${ownsError ? 'field--error' : ''} ${className}" part="field">
      ${labelTemplate(context, name, subjectLabel(context, subject), optional)}
      ${hint ? html`<p class="hint" part="hint" id="${name}-hint">${hint}</p>` : nothing}
      ${ownsError ? errorTemplate(context, found) : nothing}
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

/** The birthday: day and year typed, the month chosen, in one fieldset. */
export function birthdayTemplate(context: FieldContext, spec: FormSpec): TemplateResult {
  const { text } = context;
  const required = spec.required.has('birthday');
  const yearRequired = spec.required.has('birthday-year');
  const found = errorFor(context, INPUT_NAMES.day) ?? errorFor(context, INPUT_NAMES.month) ?? errorFor(context, INPUT_NAMES.year);
  const partInvalid = (name: InputName) => (found?.error.inputs.includes(name) ? 'true' : 'false');
  const partDescribedBy = (name: InputName) => (found?.error.inputs.includes(name) ? found.id : undefined);
  const yearLabel = yearRequired ? text.labelYear.replace(/\s*\(.*\)\s*$/, '') : text.labelYear;
  // Day and year: numbers typed (`bday-day`, `bday-year`); the month is a choice.
  const dayOrYear = (name: typeof INPUT_NAMES.day | typeof INPUT_NAMES.year, label: string, isRequired: boolean) => html`
    <div class="field">
      <label part="label" for=${name}>${label}</label>
      <input part="input" class=${name === INPUT_NAMES.day ? 'date-day' : 'date-year'} id=${name} name=${name} type="text" inputmode="numeric" autocomplete=${name === INPUT_NAMES.day ? 'bday-day' : 'bday-year'} spellcheck="false" ?required=${isRequired} aria-invalid=${partInvalid(name)} aria-describedby=${ifDefined(partDescribedBy(name))} />
    </div>
  `;
  return html`
    <fieldset class="field ${found ? 'field--error' : ''}" part="field" aria-describedby=${ifDefined(found?.id)}>
      <legend part="label">
        ${text.legendBirthday}${required ? nothing : html` <span class="optional">${text.optional}</span>`}
      </legend>
      ${errorTemplate(context, found)}
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

/** A choice (`sources`, `segments`), or nothing when it has no options. */
export function choiceTemplate(context: FieldContext, choice: ChoiceName, spec: FormSpec) {
  const options = spec.choices[choice];
  if (options.length === 0) return nothing;
  const name = INPUT_NAMES[choice];
  const required = spec.required.has(choice);
  const found = errorFor(context, name);
  return html`
    <div class="field ${found ? 'field--error' : ''}" part="field">
      ${labelTemplate(context, name, subjectLabel(context, choice), !required)} ${errorTemplate(context, found)}
      <select part="input" id=${name} name=${name} ?required=${required} aria-invalid=${found ? 'true' : 'false'} aria-describedby=${ifDefined(found?.id)}>
        <option value="">${context.text.choosePlaceholder}</option>
        ${options.map((option) => html`<option .value=${option}>${option}</option>`)}
      </select>
    </div>
  `;
}

/** The required consent box, its text and the privacy policy's link (`privacy` already checked as http(s)). */
export function consentTemplate(context: FieldContext, consentText: string | undefined, privacy: string | undefined): TemplateResult {
  const name = INPUT_NAMES.consent;
  const found = errorFor(context, name);
  return html`
    <div class="field ${found ? 'field--error' : ''}" part="field">
      ${errorTemplate(context, found)}
      <div class="consent">
        <input part="input" type="checkbox" id=${name} name=${name} value="yes" required aria-invalid=${found ? 'true' : 'false'} aria-describedby=${ifDefined(found?.id)} />
        <label part="label" for=${name}>
          ${consentText?.trim() || context.text.consentDefault}
          ${privacy ? html` <a href=${privacy} target="_blank" rel="noopener noreferrer">${context.text.privacyLink}</a>` : nothing}
        </label>
      </div>
    </div>
  `;
}

/**
 * The spam guard's field: hidden from people (clipped to nothing) and from assistive
 * technology (aria-hidden, no tab stop); autocomplete="off" and a name no
 * autofill profile matches keep browsers from filling it for a real visitor.
 */
export function trapTemplate(text: Messages): TemplateResult {
  return html`
    <div class="trap" aria-hidden="true">
      <label for=${INPUT_NAMES.honeypot}>${text.honeypotLabel}</label>
      <input id=${INPUT_NAMES.honeypot} name=${INPUT_NAMES.honeypot} type="text" tabindex="-1" autocomplete="off" />
    </div>
  `;
}

/** The message of an error, in the form's language, quoting the field's label. */
export function errorMessage(context: FieldContext, error: FieldError): string {
  const { key, max } = errorMessageKey(error);
  return formatMessage(context.text[key], { max, example: exampleMobile(context.country), label: subjectLabel(context, error.subject) });
}

function labelTemplate(context: FieldContext, id: string, label: string, optional: boolean) {
  return html`<label part="label" for=${id}>${label}${optional ? html` <span class="optional">${context.text.optional}</span>` : nothing}</label>`;
}

/** An inline error; the pair error (email or mobile) is rendered once, by its first control. */
function errorTemplate(context: FieldContext, found: ShownError | undefined) {
  if (!found) return nothing;
  return html`<p class="error" part="error" id=${found.id}>
    <span class="visually-hidden">${context.text.errorPrefix}</span> ${errorMessage(context, found.error)}
  </p>`;
}
