import type { Check } from './check.js';

/**
 * Why {@link checkBirthday} refused a date, in the order the checks run
 * (GOV.UK "Date input": missing or incomplete first, then impossible, then the
 * rest). Codes, not UI text.
 *
 * - `empty`: all three parts blank (the caller decides whether that is an error).
 * - `missing-day` / `missing-month` / `missing-year`: that part is blank while
 *   another is not; when several are blank, the code names the first and
 *   `parts` lists them all. `missing-year` only when the year is required.
 * - `not-a-number`: a part that is not digits (or, for the month, a month name).
 * - `year-format`: the year is digits but not 4 of them (`85`).
 * - `impossible`: no such day (`32`), month (`13`) or date (31 April; 29
 *   February of a common year; 30 February ever).
 * - `future`: a full date after today.
 * - `year-too-early`: a year before 1900.
 */
export type BirthdayReason =
  | 'empty'
  | 'missing-day'
  | 'missing-month'
  | 'missing-year'
  | 'not-a-number'
  | 'year-format'
  | 'impossible'
  | 'future'
  | 'year-too-early';

/** One of the three inputs of the date. */
export type BirthdayPart = 'day' | 'month' | 'year';

/** A checked birthday; the year is absent when it was left blank. */
export interface Birthday {
  day: number;
  month: number;
  year?: number;
}

/** What the visitor typed in each of the three inputs. */
export interface BirthdayInput {
  day: string;
  month: string;
  year: string;
}

/** Options of {@link checkBirthday}. */
export interface BirthdayOptions {
  /** The date compared with, in local time, for `future`. Defaults to now. */
  today?: Date;
  /** Whether a blank year is `missing-year`. Defaults to false: birthdays often come without one. */
  yearRequired?: boolean;
}

/**
 * A {@link Check} of a birthday whose failure also lists the parts in error,
 * always in `day`, `month`, `year` order, so the element can mark each input
 * and move focus to the first (GOV.UK error summary).
 */
export type BirthdayCheck =
  | Extract<Check<Birthday, BirthdayReason>, { ok: true }>
  | (Extract<Check<Birthday, BirthdayReason>, { ok: false }> & { readonly parts: BirthdayPart[] });

/** Earliest year accepted (also the lead schema's lower bound). */
export const EARLIEST_YEAR = 1900;

const PARTS: readonly BirthdayPart[] = ['day', 'month', 'year'];
const MISSING = {
  day: 'missing-day',
  month: 'missing-month',
  year: 'missing-year',
} as const satisfies Record<BirthdayPart, BirthdayReason>;
const DIGITS = /^[0-9]+$/;
const FOUR_DIGITS = /^[0-9]{4}$/;

/**
 * Month names and abbreviations in Portuguese, English and Spanish, written
 * without accents. A typed name matches when it is a name, or a prefix of
 * 3+ letters that belongs to one month only (`set`, `sept`, `dezem`).
 */
const MONTH_NAMES: readonly (readonly string[])[] = [
  ['janeiro', 'january', 'enero'],
  ['fevereiro', 'february', 'febrero'],
  ['marco', 'march', 'marzo'],
  ['abril', 'april'],
  ['maio', 'may', 'mayo'],
  ['junho', 'june', 'junio'],
  ['julho', 'july', 'julio'],
  ['agosto', 'august'],
  ['setembro', 'september', 'septiembre', 'setiembre'],
  ['outubro', 'october', 'octubre'],
  ['novembro', 'november', 'noviembre'],
  ['dezembro', 'december', 'diciembre'],
];
const MIN_MONTH_PREFIX = 3;
// Longer than any name above, even with its accents typed as combining marks:
// no need to normalise a pasted novel to know it is not a month.
const MAX_MONTH_TEXT = 24;
const COMBINING_MARKS = /\p{M}/gu;
const TRAILING_DOT = /\.$/;

/** Month number (1-12) of a month name or abbreviation, or `undefined`. */
function monthFromName(text: string): number | undefined {
  if (text.length > MAX_MONTH_TEXT) return undefined;
  // `Março` and `Marco`, `Fev.` and `fev` are the same month.
  const key = text.normalize('NFD').replace(COMBINING_MARKS, '').toLowerCase().replace(TRAILING_DOT, '');
  if (key.length < MIN_MONTH_PREFIX) return undefined;
  const months = new Set<number>();
  MONTH_NAMES.forEach((names, index) => {
    if (names.some((name) => name.startsWith(key))) months.add(index + 1);
  });
  return months.size === 1 ? [...months][0] : undefined;
}

/** Days in a month; February has 29 when the year is unknown (it could be leap). */
function daysInMonth(month: number, year: number | undefined): number {
  if (month === 2) {
    const leap = year === undefined || (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0));
    return leap ? 29 : 28;
  }
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** A date as one sortable number, `YYYYMMDD`. */
const dateKey = (year: number, month: number, day: number): number => year * 10_000 + month * 100 + day;

const failure = (reason: BirthdayReason, parts: BirthdayPart[]): BirthdayCheck => ({ ok: false, reason, parts });

/**
 * Normalises and checks a birthday typed into three inputs (day, month, year)
 * for `client_birth_day`, `client_birth_month` and `client_birth_year`.
 *
 * Each part is trimmed; numbers may have leading zeros; the month may also be
 * a name or abbreviation in Portuguese, English or Spanish (`fev`, `March`,
 * `enero`). The year is optional unless `yearRequired`; without it 29 February
 * is allowed. Checks run in the order of {@link BirthdayReason} and the first
 * failing one is returned with the parts it concerns. Never throws.
 *
 * @example
 * checkBirthday({ day: '07', month: 'março', year: '1985' });
 * // { ok: true, value: { day: 7, month: 3, year: 1985 } }
 * checkBirthday({ day: '31', month: '4', year: '' });
 * // { ok: false, reason: 'impossible', parts: ['day'] }
 * checkBirthday({ day: '5', month: '', year: '' }, { yearRequired: true });
 * // { ok: false, reason: 'missing-month', parts: ['month', 'year'] }
 */
export function checkBirthday(input: BirthdayInput, options: BirthdayOptions = {}): BirthdayCheck {
  const { today = new Date(), yearRequired = false } = options;
  const text = { day: input.day.trim(), month: input.month.trim(), year: input.year.trim() };
  const required = yearRequired ? PARTS : PARTS.filter((part) => part !== 'year');

  if (PARTS.every((part) => text[part] === '')) return failure('empty', [...required]);
  const missing = required.filter((part) => text[part] === '');
  const [firstMissing] = missing;
  if (firstMissing) return failure(MISSING[firstMissing], missing);

  const day = DIGITS.test(text.day) ? Number(text.day) : undefined;
  const month = DIGITS.test(text.month) ? Number(text.month) : monthFromName(text.month);
  const hasYear = text.year !== '';
  const notNumbers: BirthdayPart[] = [];
  if (day === undefined) notNumbers.push('day');
  if (month === undefined) notNumbers.push('month');
  if (hasYear && !DIGITS.test(text.year)) notNumbers.push('year');
  if (day === undefined || month === undefined || notNumbers.length > 0) return failure('not-a-number', notNumbers);
  if (hasYear && !FOUR_DIGITS.test(text.year)) return failure('year-format', ['year']);
  const year = hasYear ? Number(text.year) : undefined;

  const outOfRange: BirthdayPart[] = [];
  if (day < 1 || day > 31) outOfRange.push('day');
  if (month < 1 || month > 12) outOfRange.push('month');
  if (outOfRange.length > 0) return failure('impossible', outOfRange);
  if (day > daysInMonth(month, year)) return failure('impossible', ['day']);

  if (year !== undefined) {
    // Compared as local calendar dates: the visitor's "today", not UTC's.
    if (dateKey(year, month, day) > dateKey(today.getFullYear(), today.getMonth() + 1, today.getDate())) {
      return failure('future', [...PARTS]);
    }
    if (year < EARLIEST_YEAR) return failure('year-too-early', ['year']);
  }
  return { ok: true, value: year === undefined ? { day, month } : { day, month, year } };
}
