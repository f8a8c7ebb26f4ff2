/**
 * A Meta lead's answers as a createLead payload: which of Meta's field names
 * (or a form's custom question ids) fill which createLead key, and the lead
 * built from them by the lead core's {@link leadFromRecord}, the same
 * checkers and normalisers as the widget's. Pure: no I/O, no clock.
 */
import { type DateOrder, type LeadRecord, leadFromRecord } from '../lead/lead-from-record.js';
import { LEAD_KEYS, type Lead, type LeadIssue } from '../lead/schema.js';

/** What a Meta field can fill: a createLead key, or a shape {@link leadFromRecord} reads (`first_name`, `last_name`, `birthday`). */
export type FieldTarget = keyof LeadRecord;

/** Meta field name (or custom question id) → {@link FieldTarget}. */
export type FieldMap = Readonly<Record<string, FieldTarget>>;

/**
 * Meta's standard questions, by the names the Graph API gives them in
 * `field_data`. `META_FIELD_MAP` adds to these and overrides them.
 */
export const DEFAULT_FIELD_MAP: FieldMap = {
  full_name: 'client_name',
  first_name: 'first_name',
  last_name: 'last_name',
  email: 'client_email',
  phone_number: 'client_mobile',
  date_of_birth: 'birthday',
  city: 'client_city',
  zip_code: 'client_zipcode',
  post_code: 'client_zipcode',
  street_address: 'client_street',
};

/** Every {@link FieldTarget}, for checking a configured map. */
export const FIELD_TARGETS: readonly FieldTarget[] = [...LEAD_KEYS, 'first_name', 'last_name', 'birthday'];

/** Thrown by {@link parseFieldMap}; its message says what is wrong, naming the entry. */
export class FieldMapError extends Error {}

const isTarget = (value: unknown): value is FieldTarget => FIELD_TARGETS.includes(value as FieldTarget);

/**
 * Reads `META_FIELD_MAP`: a JSON object from Meta field names or custom
 * question ids to createLead keys, merged over {@link DEFAULT_FIELD_MAP}.
 *
 * @throws FieldMapError for text that is not a JSON object of names to known keys.
 * @example
 * parseFieldMap('{"qual_o_servico_pretendido": "custom_1"}');
 * // { ...DEFAULT_FIELD_MAP, qual_o_servico_pretendido: 'custom_1' }
 */
export function parseFieldMap(text: string): FieldMap {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new FieldMapError('is not JSON; write an object such as {"qual_o_servico_pretendido": "custom_1"}');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new FieldMapError('is not a JSON object of Meta field names to createLead keys');
  }
  const entries = Object.entries(parsed);
  for (const [name, target] of entries) {
    if (name.trim() === '') throw new FieldMapError('has an empty field name');
    if (!isTarget(target)) throw new FieldMapError(`maps "${name}" to ${JSON.stringify(target)}, which is not one of ${FIELD_TARGETS.join(', ')}`);
  }
  // fromEntries defines own properties: a question id "__proto__" is a name like any other.
  return Object.fromEntries([...Object.entries(DEFAULT_FIELD_MAP), ...entries]) as FieldMap;
}

/** The part of a Graph API lead this module reads (untrusted: checked here). */
export interface GraphLead {
  field_data?: unknown;
  form_id?: unknown;
  campaign_name?: unknown;
  platform?: unknown;
}

/** How {@link leadFromMeta} fills what the answers do not. */
export interface MetaMapping {
  /** Field name → key. Default {@link DEFAULT_FIELD_MAP}. */
  fieldMap?: FieldMap;
  /** `form_id` for every lead (`META_FORM_ID`); default the Meta form's id. */
  formId?: string;
  /** `client_source` by the lead's platform (`META_SOURCE_FACEBOOK`, `META_SOURCE_INSTAGRAM`). */
  sources?: { facebook?: string; instagram?: string };
  /** Country of mobiles written without a code (`META_DEFAULT_COUNTRY`). Default `'PT'`. */
  defaultCountry?: string;
  /** "Now", for the birthday's rules. Default the current date. */
  today?: Date;
}

/** Outcome of {@link leadFromMeta}: the lead and what was left out of it, or why there is none. */
export type MetaLeadResult = { ok: true; lead: Lead; dropped: LeadIssue[] } | { ok: false; issues: LeadIssue[] };

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value : undefined);

/** `field_data`'s answers by name; several values of one question (checkboxes) joined with ", ". */
function answersOf(fieldData: unknown): Map<string, string> {
  const answers = new Map<string, string>();
  if (!Array.isArray(fieldData)) return answers;
  for (const field of fieldData) {
    if (typeof field !== 'object' || field === null) continue;
    const { name, values } = field as { name?: unknown; values?: unknown };
    if (typeof name !== 'string' || !Array.isArray(values)) continue;
    const joined = values.filter((value): value is string => typeof value === 'string' && value.trim() !== '').join(', ');
    if (joined) answers.set(name, joined);
  }
  return answers;
}

/** Keys {@link checkLead} reports about a value that came from `birthday`. */
const BIRTHDAY_ISSUE_KEYS = new Set(['birthday', 'client_birth_day', 'client_birth_month', 'client_birth_year']);

/**
 * The record {@link leadFromRecord} reads, from a Graph API lead: its answers
 * by {@link MetaMapping.fieldMap}, then `form_id`, `campaign_name` and
 * `client_source` where the answers did not fill them. Meta's own
 * `date_of_birth` question is written month first (`MM/DD/YYYY`); a birthday
 * from a custom question is read day first, as Portugal writes it.
 */
export function recordFromMeta(graph: GraphLead, mapping: MetaMapping = {}): { record: LeadRecord; dateOrder: DateOrder } {
  const fieldMap = mapping.fieldMap ?? DEFAULT_FIELD_MAP;
  const record: Record<string, string> = {};
  let dateOrder: DateOrder = 'dmy';
  for (const [name, value] of answersOf(graph.field_data)) {
    const target = Object.hasOwn(fieldMap, name) ? fieldMap[name] : undefined;
    if (!target || record[target] !== undefined) continue;
    record[target] = value;
    if (target === 'birthday' && name === 'date_of_birth') dateOrder = 'mdy';
  }
  const formId = mapping.formId ?? text(graph.form_id);
  if (formId && !record['form_id']) record['form_id'] = formId;
  const campaign = text(graph.campaign_name);
  if (campaign && !record['campaign_name']) record['campaign_name'] = campaign;
  const source = graph.platform === 'ig' ? mapping.sources?.instagram : mapping.sources?.facebook;
  if (source && !record['client_source']) record['client_source'] = source;
  return { record, dateOrder };
}

/**
 * The createLead payload of a Graph API lead, through {@link leadFromRecord}.
 * A value the checkers refuse (a landline in the mobile, a malformed email, a
 * campaign name over 200 characters) is left out and reported in `dropped`,
 * so the rest of the lead still reaches the business; only a lead without a
 * usable name has no payload.
 *
 * @example
 * leadFromMeta({ platform: 'ig', field_data: [{ name: 'full_name', values: ['Ana Silva'] }] }, { sources: { instagram: 'Instagram' } });
 * // { ok: true, lead: { client_name: 'Ana Silva', client_source: 'Instagram' }, dropped: [] }
 */
export function leadFromMeta(graph: GraphLead, mapping: MetaMapping = {}): MetaLeadResult {
  const { record, dateOrder } = recordFromMeta(graph, mapping);
  const options = { defaultCountry: mapping.defaultCountry ?? 'PT', postalCodes: 'any', dateOrder, ...(mapping.today ? { today: mapping.today } : {}) } as const;
  const first = leadFromRecord(record, options);
  if (first.ok) return { ok: true, lead: first.lead, dropped: [] };
  if (first.issues.some((issue) => issue.key === 'client_name')) return { ok: false, issues: first.issues };
  const kept: Record<string, unknown> = { ...record };
  for (const { key } of first.issues) {
    // A birthday is refused as a whole, whether it came as one date or as parts mapped one by one.
    if (BIRTHDAY_ISSUE_KEYS.has(key)) for (const part of BIRTHDAY_ISSUE_KEYS) delete kept[part];
    else delete kept[key];
  }
  const second = leadFromRecord(kept as LeadRecord, options);
  return second.ok ? { ok: true, lead: second.lead, dropped: first.issues } : { ok: false, issues: second.issues };
}
