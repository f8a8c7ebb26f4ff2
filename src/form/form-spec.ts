/**
 * The element's configuration read from its attributes: what the form asks
 * for (its {@link FormSpec}) and what is wrong with where it sends. Warnings
 * go to the `warn` given, each with the fallback taken, so the element decides
 * how (and how often) to show them.
 */
import { countryCode } from '../lead/country.js';
import { MAX_LENGTH } from '../lead/schema.js';
import { createLeadUrl } from '../lead/send-lead.js';
import { type ChoiceName, DEFAULT_FIELDS, parseChoiceList, parseFieldList, parseRequiredList } from './config.js';
import { INPUT_NAMES } from './fields.js';
import type { FormSpec } from './validate.js';

/** Receives a configuration problem, written for the console. */
export type Warn = (message: string) => void;

/** The attributes a {@link FormSpec} is read from, as the element holds them. */
export interface SpecAttributes {
  fields?: string | undefined;
  required?: string | undefined;
  sources?: string | undefined;
  segments?: string | undefined;
  formId?: string | undefined;
  campaignName?: string | undefined;
  source?: string | undefined;
  segment?: string | undefined;
  consentText?: string | undefined;
  privacyUrl?: string | undefined;
  custom1Value?: string | undefined;
  custom2Value?: string | undefined;
  consentRecord?: string | undefined;
}

/** The country of `default-country`, or Portugal (with a warning) when it is not a country code. */
export function formCountry(value: string | undefined, warn: Warn): string {
  const code = countryCode(value);
  if (!code) warn(`default-country="${value}" is not a country code: using PT`);
  return code ?? 'PT';
}

/**
 * What the form asks for. Unknown field names are left out (all of them: the
 * default fields instead); the name is always asked, as createLead requires
 * it; presets and choice options longer than the contract allows are left out.
 */
export function formSpec(attributes: SpecAttributes, country: string, warn: Warn): FormSpec {
  const fields = parseFieldList(attributes.fields);
  // Nothing recognised (every word a typo, or an empty list): the documented
  // default, not a name-only form through which nobody could be contacted.
  const fallback = fields.names.length === 0;
  if (fields.unknown.length > 0) {
    warn(`fields: unknown ${fields.unknown.join(', ')}: ${fallback ? `showing ${DEFAULT_FIELDS.join(' ')}` : 'ignored'}`);
  }
  if (fallback) fields.names.push(...DEFAULT_FIELDS);
  else if (!fields.names.includes('name')) fields.names.unshift('name');
  const consent = Boolean(attributes.consentText || attributes.privacyUrl);
  // A custom field the page fills (`custom-1-value`, the consent record) is not asked.
  const filledByPage = (name: string) =>
    (name === 'custom_1' ? attributes.custom1Value : name === 'custom_2' ? attributes.custom2Value : '')?.trim() ||
    (consent && attributes.consentRecord?.trim() === name);
  const required = parseRequiredList(attributes.required);
  if (required.unknown.length > 0) warn(`required: unknown ${required.unknown.join(', ')}: ignored`);
  const preset = (value: string | undefined, key: 'form_id' | 'campaign_name' | 'client_source' | 'client_segment') => {
    const trimmed = value?.trim();
    if (!trimmed || trimmed.length <= MAX_LENGTH[key]) return trimmed || undefined;
    warn(`${key} over ${MAX_LENGTH[key]} characters: not sent`);
    return undefined;
  };
  return {
    fields: fields.names.filter((name) => !filledByPage(name)),
    required: new Set(required.names),
    choices: { source: choiceOptions(attributes, 'source', warn), segment: choiceOptions(attributes, 'segment', warn) },
    presets: {
      form_id: preset(attributes.formId, 'form_id'),
      campaign_name: preset(attributes.campaignName, 'campaign_name'),
      client_source: preset(attributes.source, 'client_source'),
      client_segment: preset(attributes.segment, 'client_segment'),
    },
    consent,
    defaultCountry: country,
  };
}

function choiceOptions(attributes: SpecAttributes, choice: ChoiceName, warn: Warn): string[] {
  const attribute = choice === 'source' ? 'sources' : 'segments';
  const list = parseChoiceList(attributes[attribute]);
  if (list.malformed) warn(`${attribute}: not a JSON array of strings: read as a list`);
  const max = MAX_LENGTH[INPUT_NAMES[choice]];
  const options = list.options.filter((option) => option.length <= max);
  if (options.length < list.options.length) warn(`${attribute}: options over ${max} characters left out`);
  return options;
}

/** Warns about a destination no lead can reach: none at all, mixed content, not a URL. */
export function checkDestination(endpoint: string | undefined, accountHash: string | undefined, warn: Warn): void {
  if (!accountHash && !endpoint) warn('no endpoint, no account-hash: createLead refuses every lead. Set endpoint to your relay');
  if (endpoint && location.protocol === 'https:' && /^\s*http:/i.test(endpoint)) {
    // Browsers block it as mixed content: every lead would wait in the outbox forever.
    warn(`endpoint="${endpoint}" is http on an https page: browsers block it`);
  }
  try {
    // The check sendLead makes.
    createLeadUrl({ endpoint });
  } catch {
    warn(`endpoint="${endpoint}" is not a URL`);
  }
}
