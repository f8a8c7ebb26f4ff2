/**
 * A lead from a record that another system wrote (a Meta lead's answers, a
 * spreadsheet row): the few shapes such systems use that the form never sends
 * (a first and a last name, a birthday written as one date), turned into the
 * createLead payload and checked by {@link checkLead}, the same checkers as
 * the widget's. The one place where those shapes are read: the relay's Meta
 * route and the import command both come through here.
 */
import { type CheckLeadOptions, type CheckedLead, checkLead } from './check-lead.js';
import type { Lead } from './schema.js';

/** How a written date orders its numbers when the year is not first. */
export type DateOrder = 'dmy' | 'mdy';

/**
 * What a record may hold: any createLead key (as text, or the birthday parts
 * as numbers), and the shapes other systems use.
 */
export type LeadRecord = { [Key in keyof Lead]?: string | number } & {
  /** Joined with `last_name` into `client_name` when there is no `client_name`. */
  first_name?: string;
  last_name?: string;
  /**
   * A birthday written as one date: `31/01/1990`, `31-01-1990`, `31.01.1990`
   * (in {@link LeadFromRecordOptions.dateOrder}), or `1990-01-31`, optionally
   * followed by a time (`1990-01-31T00:00:00`). Used when the birthday parts
   * are absent.
   */
  birthday?: string;
};

/** Options of {@link leadFromRecord}: those of {@link checkLead}, and how dates are written. */
export interface LeadFromRecordOptions extends CheckLeadOptions {
  /** Order of a written date whose year comes last. Default `'dmy'` (Portugal's). */
  dateOrder?: DateOrder;
}

/** A written date's parts, as text for {@link checkLead}'s birthday checks. */
export interface DateParts {
  day: string;
  month: string;
  year: string;
}

const YEAR_FIRST = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ].*)?$/;
const YEAR_LAST = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/;

/**
 * Splits a written date into day, month and year, without judging them (an
 * impossible `31/02/1990` splits; {@link checkLead} refuses it). A year of four
 * digits first is read as year-month-day whatever `order` says. `undefined`
 * for any other shape.
 *
 * @example
 * splitWrittenDate('07/03/1985'); // { day: '07', month: '03', year: '1985' }
 * splitWrittenDate('03/07/1985', 'mdy'); // { day: '07', month: '03', year: '1985' }
 * splitWrittenDate('1985-03-07'); // { day: '07', month: '03', year: '1985' }
 */
export function splitWrittenDate(text: string, order: DateOrder = 'dmy'): DateParts | undefined {
  const trimmed = text.trim();
  const yearFirst = YEAR_FIRST.exec(trimmed);
  if (yearFirst) return { year: yearFirst[1]!, month: yearFirst[2]!, day: yearFirst[3]! };
  const yearLast = YEAR_LAST.exec(trimmed);
  if (!yearLast) return undefined;
  const [first, second] = [yearLast[1]!, yearLast[2]!];
  return order === 'dmy' ? { day: first, month: second, year: yearLast[3]! } : { day: second, month: first, year: yearLast[3]! };
}

const isBlank = (value: unknown) => value === undefined || (typeof value === 'string' && value.trim() === '');

/**
 * Builds and checks a createLead payload from a record another system wrote.
 * `client_name` comes from `first_name` and `last_name` when absent; the
 * birthday parts from `birthday` when absent. Everything is then checked and
 * normalised by {@link checkLead}. A `birthday` of no known shape is the issue
 * `{ key: 'birthday', code: 'format' }`. Pure; never throws.
 *
 * @example
 * leadFromRecord({ first_name: 'Ana', last_name: 'Silva', birthday: '07/03/1985', client_mobile: '912345678' });
 * // { ok: true, lead: { client_name: 'Ana Silva', client_mobile: '+351912345678',
 * //   client_birth_day: 7, client_birth_month: 3, client_birth_year: 1985 } }
 */
export function leadFromRecord(record: LeadRecord, options: LeadFromRecordOptions = {}): CheckedLead {
  const { first_name: first, last_name: last, birthday, ...payload } = record;
  const input: Record<string, unknown> = { ...payload };
  if (isBlank(input['client_name'])) {
    const joined = [first, last].filter((part) => !isBlank(part)).map((part) => part!.trim()).join(' ');
    if (joined) input['client_name'] = joined;
  }
  const hasParts = ['client_birth_day', 'client_birth_month', 'client_birth_year'].some((key) => !isBlank(input[key]));
  let dateIssue = false;
  if (!hasParts && !isBlank(birthday)) {
    const parts = splitWrittenDate(birthday!, options.dateOrder);
    if (parts) Object.assign(input, { client_birth_day: parts.day, client_birth_month: parts.month, client_birth_year: parts.year });
    else dateIssue = true;
  }
  const checked = checkLead(input, options);
  if (!dateIssue) return checked;
  const issue = { key: 'birthday', code: 'format' };
  return { ok: false, issues: checked.ok ? [issue] : [...checked.issues, issue] };
}
