import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import {
  type Birthday,
  type BirthdayCheck,
  type BirthdayPart,
  type BirthdayReason,
  checkBirthday,
  EARLIEST_YEAR,
} from '../src/lead/birthday.js';
import { parseLead } from '../src/lead/schema.js';
import { anyTextOr } from './support/arbitraries.js';
import { itAccepts } from './support/checker-tables.js';

/** Any text, or digits amid spaces as a day, month or year is typed. */
const anyText = anyTextOr(fc.stringMatching(/^\s*[0-9]{0,5}\s*$/));

// A fixed local "today" so that the cases do not age: 15 June 2025, noon.
const today = new Date(2025, 5, 15, 12);
const REASONS: readonly BirthdayReason[] = [
  'empty',
  'missing-day',
  'missing-month',
  'missing-year',
  'not-a-number',
  'year-format',
  'impossible',
  'future',
  'year-too-early',
];

type Typed = [day: string, month: string, year: string];
const check = ([day, month, year]: Typed, yearRequired = false) =>
  checkBirthday({ day, month, year }, { today, yearRequired });

const accepted: [Typed, Birthday][] = [
  [['7', '3', '1985'], { day: 7, month: 3, year: 1985 }],
  [['07', '03', '1985'], { day: 7, month: 3, year: 1985 }],
  [['007', '0003', '1985'], { day: 7, month: 3, year: 1985 }],
  [[' 7 ', ' 3\t', ' 1985\n'], { day: 7, month: 3, year: 1985 }],
  [['7', '3', ''], { day: 7, month: 3 }],
  [['7', '3', '  '], { day: 7, month: 3 }],
  [['31', '12', '1999'], { day: 31, month: 12, year: 1999 }],
  [['30', '4', '2000'], { day: 30, month: 4, year: 2000 }],
  [['29', '2', ''], { day: 29, month: 2 }],
  [['29', '2', '2024'], { day: 29, month: 2, year: 2024 }],
  [['29', '2', '2000'], { day: 29, month: 2, year: 2000 }],
  [['28', '2', '1900'], { day: 28, month: 2, year: 1900 }],
  [['1', '1', '1900'], { day: 1, month: 1, year: 1900 }],
  [['15', '6', '2025'], { day: 15, month: 6, year: 2025 }],
  [['14', '6', '2025'], { day: 14, month: 6, year: 2025 }],
];

// Month names and abbreviations, Portuguese, English and Spanish, any case,
// with or without accents and a final dot.
const monthNames: [string, number][] = [
  ['janeiro', 1], ['jan', 1], ['January', 1], ['enero', 1], ['ene', 1], ['JAN.', 1],
  ['fevereiro', 2], ['fev', 2], ['fev.', 2], ['Feb', 2], ['february', 2], ['febrero', 2],
  ['março', 3], ['Marco', 3], ['MARÇO', 3], ['mar', 3], ['march', 3], ['marzo', 3],
  ['abril', 4], ['abr', 4], ['April', 4], ['apr', 4],
  ['maio', 5], ['mai', 5], ['may', 5], ['mayo', 5],
  ['junho', 6], ['jun', 6], ['June', 6], ['junio', 6],
  ['julho', 7], ['jul', 7], ['July', 7], ['julio', 7],
  ['agosto', 8], ['ago', 8], ['August', 8], ['aug', 8],
  ['setembro', 9], ['set', 9], ['September', 9], ['sep', 9], ['sept', 9], ['Sept.', 9], ['septiembre', 9], ['setiembre', 9],
  ['outubro', 10], ['out', 10], ['October', 10], ['oct', 10], ['octubre', 10],
  ['novembro', 11], ['nov', 11], ['November', 11], ['noviembre', 11],
  ['dezembro', 12], ['dez', 12], ['December', 12], ['dec', 12], ['diciembre', 12], ['dic', 12], ['dezem', 12],
];

const refused: [Typed, BirthdayReason, BirthdayPart[], boolean?][] = [
  [['', '', ''], 'empty', ['day', 'month']],
  [[' ', '\t', '\n'], 'empty', ['day', 'month']],
  [['', '', ''], 'empty', ['day', 'month', 'year'], true],
  [['', '3', '1985'], 'missing-day', ['day']],
  [['7', '', '1985'], 'missing-month', ['month']],
  [['', '', '1985'], 'missing-day', ['day', 'month']],
  [['7', '', ''], 'missing-month', ['month']],
  [['7', '', ''], 'missing-month', ['month', 'year'], true],
  [['7', '3', ''], 'missing-year', ['year'], true],
  [['', '3', ''], 'missing-day', ['day', 'year'], true],
  // Missing comes before anything else is wrong.
  [['x', '', '1985'], 'missing-month', ['month']],
  [['32', '', ''], 'missing-month', ['month']],
  [['seven', '3', '1985'], 'not-a-number', ['day']],
  [['7', 'x', '1985'], 'not-a-number', ['month']],
  [['7', '3', 'mcmlxxxv'], 'not-a-number', ['year']],
  [['x', 'y', 'z'], 'not-a-number', ['day', 'month', 'year']],
  [['7.5', '3', '1985'], 'not-a-number', ['day']],
  [['-1', '3', '1985'], 'not-a-number', ['day']],
  [['1e1', '3', '1985'], 'not-a-number', ['day']],
  [['7', '3', '1 985'], 'not-a-number', ['year']],
  [['7', '3', '1985.'], 'not-a-number', ['year']],
  [['７', '3', '1985'], 'not-a-number', ['day']],
  [['7', 'ju', '1985'], 'not-a-number', ['month']],
  [['7', 'ma', '1985'], 'not-a-number', ['month']],
  // Fewer than 3 letters is not a month, even when only one month starts so.
  [['7', 'fe', '1985'], 'not-a-number', ['month']],
  [['7', 'o', '1985'], 'not-a-number', ['month']],
  [['7', '.', '1985'], 'not-a-number', ['month']],
  [['7', 'jnaeiro', '1985'], 'not-a-number', ['month']],
  [['7', 'janvier', '1985'], 'not-a-number', ['month']],
  [['7', '3', '85'], 'year-format', ['year']],
  [['7', '3', '01985'], 'year-format', ['year']],
  [['7', '3', '19850'], 'year-format', ['year']],
  [['32', '13', '85'], 'year-format', ['year']],
  [['0', '3', '1985'], 'impossible', ['day']],
  [['32', '3', '1985'], 'impossible', ['day']],
  [['7', '0', '1985'], 'impossible', ['month']],
  [['7', '13', '1985'], 'impossible', ['month']],
  [['32', '13', '1985'], 'impossible', ['day', 'month']],
  [['99999999999999999999', '3', ''], 'impossible', ['day']],
  [['31', '4', '1985'], 'impossible', ['day']],
  [['31', '4', ''], 'impossible', ['day']],
  [['31', 'set', ''], 'impossible', ['day']],
  [['30', '2', ''], 'impossible', ['day']],
  [['29', '2', '2023'], 'impossible', ['day']],
  [['29', '2', '1900'], 'impossible', ['day']],
  [['16', '6', '2025'], 'future', ['day', 'month', 'year']],
  [['1', '7', '2025'], 'future', ['day', 'month', 'year']],
  [['1', '1', '2026'], 'future', ['day', 'month', 'year']],
  [['31', '12', '1899'], 'year-too-early', ['year']],
  [['1', '1', '0001'], 'year-too-early', ['year']],
];

/** Days from 1 January 1900 to 15 June 2025, both included. */
const DAYS_IN_RANGE = Math.round((Date.UTC(2025, 5, 15) - Date.UTC(1900, 0, 1)) / 86_400_000);
const realDate = fc.integer({ min: 0, max: DAYS_IN_RANGE }).map((offset) => {
  const date = new Date(Date.UTC(1900, 0, 1) + offset * 86_400_000);
  return { day: date.getUTCDate(), month: date.getUTCMonth() + 1, year: date.getUTCFullYear() };
});
const pad = (n: number) => fc.constantFrom(String(n), String(n).padStart(2, '0'), ` ${n} `);

describe('checkBirthday', () => {
  describe('accepts', () => {
    itAccepts((typed: Typed) => check(typed), accepted);
  });

  describe('reads month names', () => {
    for (const [name, month] of monthNames) {
      it(`${JSON.stringify(name)} as month ${month}`, () => {
        expect(check(['1', name, ''])).to.deep.equal({ ok: true, value: { day: 1, month } });
      });
    }
  });

  describe('refuses, naming the parts in error', () => {
    for (const [typed, reason, parts, yearRequired = false] of refused) {
      const label = `${JSON.stringify(typed).slice(0, 50)}${yearRequired ? ' (year required)' : ''}`;
      it(`${label} as ${reason} in ${parts.join(', ')}`, () => {
        expect(check(typed, yearRequired)).to.deep.equal({ ok: false, reason, parts });
      });
    }
  });

  it('compares with the real today by default', () => {
    const now = new Date();
    const tomorrow = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, 12);
    const result = checkBirthday({
      day: String(tomorrow.getDate()),
      month: String(tomorrow.getMonth() + 1),
      year: String(tomorrow.getFullYear()),
    });
    expect(result).to.include({ ok: false, reason: 'future' });
  });

  it('accepts every real date from 1 January 1900 to today, and the lead schema accepts it too', () => {
    fc.assert(
      fc.property(realDate.chain((d) => fc.tuple(fc.constant(d), pad(d.day), pad(d.month))), ([date, day, month]) => {
        const result = checkBirthday({ day, month, year: String(date.year) }, { today, yearRequired: true });
        expect(result).to.deep.equal({ ok: true, value: date });
        expect(
          parseLead({
            client_name: 'Ana',
            client_birth_day: date.day,
            client_birth_month: date.month,
            client_birth_year: date.year,
          }),
        ).to.have.property('ok', true);
      }),
    );
  });

  it('accepts every day of every month without a year, 29 February included', () => {
    const dayAndMonth = fc.integer({ min: 1, max: 12 }).chain((month) =>
      fc.tuple(fc.integer({ min: 1, max: [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0 }), fc.constant(month)),
    );
    fc.assert(
      fc.property(dayAndMonth, ([day, month]) => {
        expect(checkBirthday({ day: String(day), month: String(month), year: '' }, { today })).to.deep.equal({
          ok: true,
          value: { day, month },
        });
      }),
    );
  });

  it('refuses day 32 and above, and month 13 and above, as impossible', () => {
    fc.assert(
      fc.property(
        realDate,
        fc.integer({ min: 32, max: 10_000 }),
        fc.integer({ min: 13, max: 10_000 }),
        fc.boolean(),
        (date, badDay, badMonth, withYear) => {
          const year = withYear ? String(date.year) : '';
          const dayTyped = { day: String(badDay), month: String(date.month), year };
          const monthTyped = { day: String(date.day), month: String(badMonth), year };
          expect(checkBirthday(dayTyped, { today })).to.deep.equal({ ok: false, reason: 'impossible', parts: ['day'] });
          expect(checkBirthday(monthTyped, { today })).to.deep.equal({ ok: false, reason: 'impossible', parts: ['month'] });
        },
      ),
    );
  });

  it('refuses every real date after today as future', () => {
    const after = fc.integer({ min: 1, max: 365 * 75 }).map((offset) => {
      const date = new Date(Date.UTC(2025, 5, 15) + offset * 86_400_000);
      return { day: String(date.getUTCDate()), month: String(date.getUTCMonth() + 1), year: String(date.getUTCFullYear()) };
    });
    fc.assert(
      fc.property(after, (typed) => {
        expect(checkBirthday(typed, { today })).to.deep.equal({
          ok: false,
          reason: 'future',
          parts: ['day', 'month', 'year'],
        });
      }),
    );
  });

  it('never throws and always answers with a known shape', () => {
    const options = fc.record(
      { today: fc.date({ noInvalidDate: false }), yearRequired: fc.boolean() },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(anyText, anyText, anyText, options, (day, month, year, opts) => {
        const result: BirthdayCheck = checkBirthday({ day, month, year }, opts);
        if (result.ok) {
          expect(result.value.day).to.be.within(1, 31);
          expect(result.value.month).to.be.within(1, 12);
        } else {
          expect(REASONS).to.include(result.reason);
          expect(result.parts).to.be.an('array');
          const order = ['day', 'month', 'year'];
          expect([...result.parts].sort((a, b) => order.indexOf(a) - order.indexOf(b))).to.deep.equal(result.parts);
          if (result.reason !== 'empty') expect(result.parts).not.to.be.empty;
        }
      }),
    );
  });

  it('is idempotent: checking the numbers it returns gives the same answer', () => {
    const typed = fc.oneof(
      fc.record({ day: anyText, month: anyText, year: anyText }),
      realDate.chain((d) =>
        fc.record({ day: pad(d.day), month: fc.constantFrom(String(d.month), 'jan', 'março', 'Sept'), year: fc.constantFrom('', String(d.year)) }),
      ),
    );
    fc.assert(
      fc.property(typed, (parts) => {
        const first = checkBirthday(parts, { today });
        if (!first.ok) return;
        const { day, month, year } = first.value;
        const again = { day: String(day), month: String(month), year: year === undefined ? '' : String(year) };
        expect(checkBirthday(again, { today })).to.deep.equal(first);
      }),
    );
  });

  it('keeps the earliest year in step with the lead schema', () => {
    expect(parseLead({ client_name: 'Ana', client_birth_year: EARLIEST_YEAR })).to.have.property('ok', true);
    expect(parseLead({ client_name: 'Ana', client_birth_year: EARLIEST_YEAR - 1 })).to.have.property('ok', false);
  });
});
