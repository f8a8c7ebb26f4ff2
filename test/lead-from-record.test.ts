import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { leadFromRecord, splitWrittenDate } from '../src/lead/lead-from-record.js';

const today = new Date(2025, 5, 15, 12);
const pad2 = (n: number) => String(n).padStart(2, '0');

/** A real date between 1900 and 2024 with its parts. */
const realDate = fc.date({ min: new Date(1900, 0, 1), max: new Date(2024, 11, 31), noInvalidDate: true }).map((date) => ({
  day: date.getDate(),
  month: date.getMonth() + 1,
  year: date.getFullYear(),
}));

describe('splitWrittenDate', () => {
  it('reads day-first, month-first and year-first dates with any of / - .', () => {
    expect(splitWrittenDate('07/03/1985')).to.deep.equal({ day: '07', month: '03', year: '1985' });
    expect(splitWrittenDate('7-3-1985')).to.deep.equal({ day: '7', month: '3', year: '1985' });
    expect(splitWrittenDate('03.07.1985', 'mdy')).to.deep.equal({ day: '07', month: '03', year: '1985' });
    expect(splitWrittenDate(' 1985-03-07 ', 'mdy')).to.deep.equal({ day: '07', month: '03', year: '1985' });
    expect(splitWrittenDate('1985-03-07T00:00:00+0000')).to.deep.equal({ day: '07', month: '03', year: '1985' });
  });

  it('refuses other shapes', () => {
    for (const text of ['', '1985', '07/03/85', '7 de março de 1985', '07/03/1985 extra', '1985-03', 'abc']) {
      expect(splitWrittenDate(text), text).to.equal(undefined);
    }
  });

  it('round-trips every real date written in each order (property)', () => {
    fc.assert(
      fc.property(realDate, fc.constantFrom('/', '-', '.'), ({ day, month, year }, separator) => {
        const expected = { day: pad2(day), month: pad2(month), year: String(year) };
        expect(splitWrittenDate([pad2(day), pad2(month), year].join(separator), 'dmy')).to.deep.equal(expected);
        expect(splitWrittenDate([pad2(month), pad2(day), year].join(separator), 'mdy')).to.deep.equal(expected);
        expect(splitWrittenDate([year, pad2(month), pad2(day)].join('-'), 'mdy')).to.deep.equal(expected);
      }),
    );
  });
});

describe('leadFromRecord', () => {
  it('joins the first and last name, splits the birthday, and checks the rest as the form does', () => {
    const result = leadFromRecord(
      { first_name: ' Ana ', last_name: 'Silva', birthday: '07/03/1985', client_mobile: '912 345 678', client_vat: '123456789' },
      { today },
    );
    expect(result).to.deep.equal({
      ok: true,
      lead: {
        client_name: 'Ana Silva',
        client_mobile: '+351912345678',
        client_vat: '123456789',
        client_birth_day: 7,
        client_birth_month: 3,
        client_birth_year: 1985,
      },
    });
  });

  it('keeps a given client_name and given birthday parts over the other shapes', () => {
    const result = leadFromRecord({ client_name: 'Ana', first_name: 'X', client_birth_day: 1, client_birth_month: 2, birthday: '09/09/1999' }, { today });
    expect(result).to.deep.equal({ ok: true, lead: { client_name: 'Ana', client_birth_day: 1, client_birth_month: 2 } });
  });

  it('reads month-first dates when told', () => {
    const result = leadFromRecord({ client_name: 'Ana', birthday: '03/07/1985' }, { today, dateOrder: 'mdy' });
    expect(result.ok && [result.lead.client_birth_day, result.lead.client_birth_month]).to.deep.equal([7, 3]);
  });

  it('reports a birthday of no known shape, an impossible one, and a missing name', () => {
    expect(leadFromRecord({ client_name: 'Ana', birthday: 'ontem' }, { today })).to.deep.equal({
      ok: false,
      issues: [{ key: 'birthday', code: 'format' }],
    });
    const impossible = leadFromRecord({ client_name: 'Ana', birthday: '31/02/1990' }, { today });
    expect(impossible.ok).to.equal(false);
    expect(!impossible.ok && impossible.issues.map((issue) => issue.code)).to.include('impossible');
    expect(leadFromRecord({ first_name: ' ', last_name: '', birthday: 'x' }, { today })).to.deep.equal({
      ok: false,
      issues: [
        { key: 'client_name', code: 'empty' },
        { key: 'birthday', code: 'format' },
      ],
    });
  });

  it('gives the birthday checkLead gives the same date in parts (property)', () => {
    fc.assert(
      fc.property(realDate, ({ day, month, year }) => {
        const written = leadFromRecord({ client_name: 'Ana', birthday: `${pad2(day)}/${pad2(month)}/${year}` }, { today });
        expect(written).to.deep.equal({
          ok: true,
          lead: { client_name: 'Ana', client_birth_day: day, client_birth_month: month, client_birth_year: year },
        });
      }),
    );
  });
});
