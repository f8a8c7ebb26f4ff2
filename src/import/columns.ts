/**
 * Which column of a client list feeds which part of a lead: the headers that
 * real exports use, in Portuguese, English and Spanish (accents, case and
 * punctuation ignored), the API's own keys, and the `--map` overrides. The
 * rows themselves are read elsewhere (./csv-rows.ts, ./xlsx-rows.ts) and
 * checked by the lead core (leadFromRecord); this module only names columns.
 */
import { ImportError } from './import-error.js';
import type { LeadRecord } from '../lead/lead-from-record.js';
import { LEAD_KEYS } from '../lead/schema.js';
import { writtenDateOf } from './excel-date.js';

/** What a column can feed: a createLead key, or a shape leadFromRecord reads. */
export type ColumnKey = keyof LeadRecord;

/** Every {@link ColumnKey}: the contract's keys, then `first_name`, `last_name`, `birthday`. */
export const COLUMN_KEYS: readonly ColumnKey[] = [...LEAD_KEYS, 'first_name', 'last_name', 'birthday'];

/** A value as a sheet holds it: text, or a number from a spreadsheet cell. */
export type CellValue = string | number;

/**
 * Header text as it is compared: compatibility-decomposed (`N.º` reads as
 * `N.o`), accents dropped, lower case, every run of other characters one
 * space, and every way of writing "number of" at the start as `n`.
 *
 * @example
 * headerKey(' Telemóvel '); // 'telemovel'
 * headerKey('E-mail'); // 'e mail'
 * headerKey('client_name'); // 'client name'
 * headerKey('N.º de contribuinte'); // 'n contribuinte', as `Nº Contribuinte` and `Número de contribuinte`
 */
export function headerKey(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .replace(NUMBER_OF, 'n ');
}

/** "Number of" before a header, in its spellings (`N.º de`, `Nº`, `Nr.`, `Número de`, `Number of`), after the rest of {@link headerKey}. */
const NUMBER_OF = /^(?:n o|no|nr|num|numero|number|n)(?: (?:de|do|da|of))? (?=\S)/;

/**
 * The headers recognised without configuration, best first within a key: when
 * two columns name the same key, the one whose header comes first here wins
 * (a `Telemóvel` column over a `Telefone` one, which often holds a landline).
 * Each key's own name (`client_email`) is recognised too.
 */
const HEADERS: Readonly<Record<ColumnKey, readonly string[]>> = {
  client_name: [
    'Nome completo', 'Nome do cliente', 'Nome cliente', 'Nome e apelido', 'Nome e apelidos', 'Nome',
    'Full name', 'Client name', 'Customer name', 'Contact name', 'Name',
    'Nombre completo', 'Nombre del cliente', 'Nombre y apellidos', 'Nombre', 'Cliente', 'Client', 'Customer',
  ],
  first_name: ['Primeiro nome', 'Nome próprio', 'First name', 'Firstname', 'Given name', 'Forename', 'Primer nombre', 'Nombre de pila'],
  last_name: ['Apelido', 'Apelidos', 'Último nome', 'Sobrenome', 'Last name', 'Lastname', 'Surname', 'Family name', 'Apellido', 'Apellidos'],
  client_email: [
    'Email', 'E-mail', 'Endereço de email', 'Endereço de e-mail', 'Correio eletrónico', 'Correio electrónico',
    'Email address', 'E-mail address', 'Mail', 'Correo electrónico', 'Correo',
  ],
  client_mobile: [
    'Telemóvel', 'Número de telemóvel', 'N.º de telemóvel', 'Nº telemóvel', 'Tlm', 'Mobile', 'Mobile phone', 'Mobile number',
    'Cell phone', 'Cellphone', 'Cell', 'Móvil', 'Teléfono móvil', 'Celular', 'WhatsApp',
    'Telefone', 'Número de telefone', 'Nº telefone', 'Contacto telefónico', 'Tel', 'Phone', 'Phone number', 'Telephone', 'Teléfono',
  ],
  client_vat: [
    'NIF', 'Contribuinte', 'N.º de contribuinte', 'Nº contribuinte', 'Número de contribuinte', 'NIF/NIPC', 'NIPC',
    'VAT', 'VAT number', 'Tax number', 'Tax ID', 'NIF/CIF', 'CIF',
  ],
  client_cc: [
    'Cartão de Cidadão', 'N.º Cartão de Cidadão', 'Nº Cartão de Cidadão', 'Número do Cartão de Cidadão', 'Número de Cartão de Cidadão',
    'CC', 'Nº CC', 'BI/CC', 'Citizen card', 'Citizen card number',
  ],
  birthday: [
    'Data de nascimento', 'Data nascimento', 'Data de nasc', 'Dt nascimento', 'Nascimento', 'Data de aniversário', 'Aniversário',
    'Date of birth', 'Birth date', 'Birthdate', 'Birthday', 'DOB',
    'Fecha de nacimiento', 'Nacimiento', 'Cumpleaños', 'Fecha de cumpleaños',
  ],
  client_birth_day: ['Dia de aniversário', 'Dia de nascimento', 'Dia', 'Birth day', 'Day of birth', 'Día de nacimiento', 'Día'],
  client_birth_month: ['Mês de aniversário', 'Mês de nascimento', 'Mês', 'Birth month', 'Month of birth', 'Mes de nacimiento'],
  client_birth_year: ['Ano de aniversário', 'Ano de nascimento', 'Ano', 'Birth year', 'Year of birth', 'Año de nacimiento'],
  client_street: ['Morada', 'Morada completa', 'Rua', 'Endereço', 'Address', 'Street', 'Street address', 'Address line 1', 'Dirección', 'Calle', 'Domicilio'],
  client_zipcode: ['Código postal', 'Cód postal', 'CP', 'Postal code', 'Postcode', 'Zip', 'Zip code'],
  client_city: ['Localidade', 'Cidade', 'Concelho', 'City', 'Town', 'Ciudad', 'Localidad', 'Población', 'Municipio'],
  client_ref: [
    'Referência', 'Referência do cliente', 'Ref', 'N.º de cliente', 'Nº cliente', 'Número de cliente', 'Código de cliente', 'Código cliente', 'ID cliente',
    'Reference', 'Client reference', 'Customer reference', 'Client ID', 'Customer ID', 'Customer number',
  ],
  client_source: ['Origem', 'Fonte', 'Source', 'Lead source', 'Origen', 'Fuente'],
  client_segment: ['Segmento', 'Segmentação', 'Segment'],
  form_id: ['Formulário', 'Form', 'Form ID'],
  campaign_name: ['Campanha', 'Campaign', 'Campaign name', 'Campaña'],
  custom_1: ['Campo personalizado 1', 'Custom 1', 'Custom field 1'],
  custom_2: ['Campo personalizado 2', 'Custom 2', 'Custom field 2'],
};

/** Headers that mean the first name when a last-name column stands beside them (`Nombre` + `Apellidos`). */
const BARE_NAMES = new Set(['nome', 'name', 'nombre'].map(headerKey));

/** A recognised header: its key, and its rank among that key's headers (0 best). */
interface Known {
  key: ColumnKey;
  rank: number;
}

/** Every recognised header by {@link headerKey}; built once, and checked for one key per header. */
export const KNOWN_HEADERS: ReadonlyMap<string, Known> = (() => {
  const known = new Map<string, Known>();
  for (const key of COLUMN_KEYS) {
    for (const [rank, header] of [key, ...HEADERS[key]].entries()) {
      const normal = headerKey(header);
      const before = known.get(normal);
      if (before && before.key !== key) throw new Error(`columns.ts: "${header}" names both ${before.key} and ${key}`);
      if (!before) known.set(normal, { key, rank });
    }
  }
  return known;
})();

/** Words that join two headers in one (`Telefone/Telemóvel`, `Email ou telefone`). */
const ALTERNATIVES = /\s*(?:\/|\||\bou\b|\bor\b|\bo\b)\s*/i;

/** A known header by its {@link headerKey}; else, for "number of" a known header, that header (`Nº Telemóvel`), unless it is a name (`Nº cliente` is no name). */
function lookUpHeader(normal: string): Known | undefined {
  const known = KNOWN_HEADERS.get(normal);
  if (known || !normal.startsWith('n ')) return known;
  const numbered = KNOWN_HEADERS.get(normal.slice(2));
  return numbered && numbered.key !== 'client_name' && numbered.key !== 'first_name' && numbered.key !== 'last_name' ? numbered : undefined;
}

/**
 * The known header a cell names: as written (see {@link lookUpHeader}); else
 * without notes in brackets (`Data de nascimento (dd/mm/aaaa)`); else, for
 * `A/B`, the key both halves name (`Telefone/Telemóvel`; not `Email/Telefone`,
 * which names two).
 */
function knownHeader(header: string): Known | undefined {
  const whole = lookUpHeader(headerKey(header));
  if (whole) return whole;
  // A note in brackets says how, not what: `Data de nascimento (dd/mm/aaaa)`, `Telemóvel [PT]`.
  const unnoted = header.replace(/\s*(?:\([^)]*\)|\[[^\]]*\])\s*/g, ' ').trim();
  if (unnoted !== header.trim() && unnoted !== '') return knownHeader(unnoted);
  const halves = header.split(ALTERNATIVES).filter((half) => half.trim() !== '');
  if (halves.length < 2) return undefined;
  let best: Known | undefined;
  for (const half of halves) {
    const known = lookUpHeader(headerKey(half));
    if (!known || (best && known.key !== best.key)) return undefined;
    if (!best || known.rank < best.rank) best = known;
  }
  return best;
}

/** Thrown for a `--map` or `--set` that cannot be read, or names an unknown key or column. */
export class ColumnMapError extends ImportError {
  override name = 'ColumnMapError';
}

const isColumnKey = (key: string): key is ColumnKey => (COLUMN_KEYS as readonly string[]).includes(key);

/** `key=text` pairs of `--map` or `--set` as given (each flag may hold several, comma-separated, for `--map`). */
function pairs(texts: readonly string[], flag: string, splitCommas: boolean): [ColumnKey, string][] {
  const items = splitCommas ? texts.flatMap((text) => text.split(',')) : texts;
  return items
    .filter((item) => item.trim() !== '')
    .map((item) => {
      const at = item.indexOf('=');
      const key = item.slice(0, Math.max(at, 0)).trim();
      if (at < 1) throw new ColumnMapError(`${flag} "${item}" is not key=value (as ${flag} client_name=Nome do cliente)`);
      if (!isColumnKey(key)) throw new ColumnMapError(`${flag}: "${key}" is not a lead key (${COLUMN_KEYS.join(', ')})`);
      return [key, item.slice(at + 1).trim()];
    });
}

/**
 * Reads `--map` values: `key=Column header`, comma-separated or repeated.
 * Headers are matched as {@link headerKey} compares them.
 *
 * @throws ColumnMapError for a pair that is not `key=header` or an unknown key.
 * @example
 * parseColumnMap(['client_name=Nome do cliente,custom_1=Observações']);
 * // Map { 'client_name' => 'Nome do cliente', 'custom_1' => 'Observações' }
 */
export function parseColumnMap(texts: readonly string[]): Map<ColumnKey, string> {
  return new Map(pairs(texts, '--map', true));
}

/**
 * Reads `--set` values: `key=value`, one per flag (a value may hold commas).
 *
 * @throws ColumnMapError for a pair that is not `key=value` or an unknown key.
 * @example
 * parsePresets(['form_id=import-2026', 'client_source=Importação']);
 * // { form_id: 'import-2026', client_source: 'Importação' }
 */
export function parsePresets(texts: readonly string[]): LeadRecord {
  return Object.fromEntries(pairs(texts, '--set', false)) as LeadRecord;
}

/** How one column of the header row was read. */
export interface ColumnReading {
  /** 0-based position in the row. */
  index: number;
  /** The header as written. */
  header: string;
  /** The key it feeds; absent when ignored. */
  key?: ColumnKey;
  /** Why it is ignored: not a known header, or another column feeds the same key. */
  ignored?: 'unknown' | 'duplicate';
}

/** The columns of a sheet, read from its header row by {@link planColumns}. */
export interface ColumnPlan {
  /** Every non-empty header, in order. */
  readonly columns: readonly ColumnReading[];
  /** The key each cell position feeds (`undefined`: ignored). */
  readonly keys: readonly (ColumnKey | undefined)[];
}

/**
 * Reads a header row: each cell's key from `map` (exact header, accents and
 * case ignored) or else from the known headers. When two columns feed one key
 * the better-known header wins, then the leftmost; a bare `Nome`/`Name`/
 * `Nombre` beside a last-name column is the first name. `undefined` when no
 * cell is a header at all (a title row, or a file without a header row).
 *
 * @throws ColumnMapError when a header named in `map` is not in the row; only
 *   for a row that is otherwise a header row.
 */
export function planColumns(cells: readonly CellValue[], map: ReadonlyMap<ColumnKey, string> = new Map()): ColumnPlan | undefined {
  const mapped = new Map([...map].map(([key, header]) => [headerKey(header), key]));
  const candidates: { reading: ColumnReading; rank: number }[] = [];
  for (const [index, cell] of cells.entries()) {
    const header = String(cell ?? '').trim();
    if (header === '') continue;
    const normal = headerKey(header);
    const fromMap = mapped.get(normal);
    const known = fromMap === undefined ? knownHeader(header) : { key: fromMap, rank: -1 };
    // A key that --map gives another column is not taken by a known header.
    const taken = known && fromMap === undefined && map.has(known.key);
    candidates.push(known && !taken ? { reading: { index, header, key: known.key }, rank: known.rank } : { reading: { index, header, ignored: 'unknown' }, rank: 0 });
  }
  if (!candidates.some(({ reading }) => reading.key)) return undefined;
  const present = new Set(candidates.map(({ reading }) => headerKey(reading.header)));
  const missing = [...map].filter(([, header]) => !present.has(headerKey(header)));
  if (missing.length > 0) {
    const [key, header] = missing[0]!;
    throw new ColumnMapError(`--map ${key}=${header}: the header row has no column "${header}"`);
  }

  const hasLastName = candidates.some(({ reading }) => reading.key === 'last_name');
  for (const { reading } of candidates) {
    if (hasLastName && reading.key === 'client_name' && BARE_NAMES.has(headerKey(reading.header))) reading.key = 'first_name';
  }
  const best = new Map<ColumnKey, { reading: ColumnReading; rank: number }>();
  for (const candidate of candidates) {
    const { key } = candidate.reading;
    if (!key) continue;
    const current = best.get(key);
    if (!current || candidate.rank < current.rank) best.set(key, candidate);
  }
  const keys: (ColumnKey | undefined)[] = cells.map(() => undefined);
  for (const { reading } of candidates) {
    if (reading.key && best.get(reading.key)?.reading !== reading) {
      delete reading.key;
      reading.ignored = 'duplicate';
    }
    if (reading.key) keys[reading.index] = reading.key;
  }
  return { columns: candidates.map(({ reading }) => reading), keys };
}

/** Whether a plan has a column for the client's name (whole, or first or last). */
export const hasNameColumn = (plan: ColumnPlan): boolean =>
  plan.keys.some((key) => key === 'client_name' || key === 'first_name' || key === 'last_name');

/**
 * One row as a {@link LeadRecord}: each mapped cell under its key, blank
 * cells left out, `presets` where the row gives no value for their key (a
 * name in first and last name columns is a name: `--set client_name=…` does
 * not replace it). Numbers from a spreadsheet become text, except a
 * birthday, which a spreadsheet may keep as a date serial
 * ({@link writtenDateOf}), and the birthday parts, which stay numbers.
 */
export function recordFromRow(cells: readonly CellValue[], plan: ColumnPlan, presets: LeadRecord = {}): LeadRecord {
  const record: Record<string, string | number> = {};
  const { keys } = plan;
  for (let index = 0; index < keys.length; index++) {
    const key = keys[index];
    const cell = cells[index];
    if (key === undefined || cell === undefined || cell === '') continue;
    if (typeof cell === 'string' && cell.trim() === '') continue;
    if (key === 'birthday') record[key] = writtenDateOf(cell);
    else if (typeof cell === 'number' && !key.startsWith('client_birth_')) record[key] = String(cell);
    else record[key] = cell;
  }
  for (const [key, value] of Object.entries(presets)) {
    if (value !== undefined && !rowHas(record, key as ColumnKey)) record[key] = value;
  }
  return record as LeadRecord;
}

/** Other ways a row can give a key: a name in first and last name columns, a birthday in one date or in parts. */
const SAME_VALUE_AS: Partial<Record<ColumnKey, readonly ColumnKey[]>> = {
  client_name: ['first_name', 'last_name'],
  first_name: ['client_name'],
  last_name: ['client_name'],
  birthday: ['client_birth_day', 'client_birth_month', 'client_birth_year'],
  client_birth_day: ['birthday'],
  client_birth_month: ['birthday'],
  client_birth_year: ['birthday'],
};

/** Whether the row already gives `key`, itself or in another shape ({@link SAME_VALUE_AS}): a preset then does not apply. */
const rowHas = (record: Record<string, unknown>, key: ColumnKey) => record[key] !== undefined || (SAME_VALUE_AS[key] ?? []).some((other) => record[other] !== undefined);
