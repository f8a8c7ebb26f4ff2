import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { DEFAULT_FIELDS, FIELD_NAMES, type FieldName } from '../src/form/config.js';
import { loadFieldCheckers } from '../src/form/field-checkers-loader.js';
import { validateForm } from '../src/form/validate.js';
import { type Birthday, checkBirthday } from '../src/lead/birthday.js';
import type { Check } from '../src/lead/check.js';
import { checkCitizenCard } from '../src/lead/citizen-card.js';
import { checkEmail } from '../src/lead/email.js';
import { checkName } from '../src/lead/name.js';
import { checkNif } from '../src/lead/nif.js';
import { checkMobile } from '../src/lead/phone.js';
import { checkPostalCode } from '../src/lead/postal-code.js';
import { MAX_LENGTH, parseLead } from '../src/lead/schema.js';
import { checkText } from '../src/lead/text.js';
import { hasLoneSurrogate, hasStrayWhitespaceOrControl } from './support/unicode.js';

/**
 * Strings a visitor (or a bot) can put into a field: control characters,
 * emoji and combining marks, right-to-left text, lone surrogates, pasted
 * whitespace and line breaks, HTML, very long runs.
 */
const hostileString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  fc
    .array(
      fc.constantFrom(
        '\u0000', '\u0007', '\u001b[31m', '\t', '\n', '\r\n', '\u2028', '\u00a0', '\u202f', '\u200b',
        '\u202e', '\u200f', 'مرحبا', 'שלום', '👩‍👩‍👧‍👦', '🇵🇹', 'e\u0301', 'Z\u0335\u0321\u0327alg\u0322o',
        '\ud800', '\udfff', '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '"\'><',
        '912 345 678', '+351', '00', '@', '.', '-', 'ana@exemplo.pt', '123456789', '1000-001', 'ZZ4', '29',
      ),
      { maxLength: 12 },
    )
    .map((parts) => parts.join('')),
  fc.nat({ max: 20_000 }).map((n) => 'x'.repeat(n)),
);

describe('hostile input', () => {
  before(() => loadFieldCheckers());

  /**
   * Each checker as the form uses it for a field of the lead: how it is
   * called, and the lead keys an accepted value fills.
   */
  interface Checker<V> {
    check: (typed: string) => Check<V, string>;
    toLead: (value: V) => Record<string, unknown>;
  }
  const text = (key: string, check: (typed: string) => Check<string, string>): Checker<string> => ({ check, toLead: (value) => ({ [key]: value }) });
  const checkers: [string, Checker<string> | Checker<Birthday>][] = [
    ['checkName', text('client_name', checkName)],
    ['checkEmail', text('client_email', checkEmail)],
    ['checkMobile', text('client_mobile', (s) => checkMobile(s))],
    ['checkMobile (GB)', text('client_mobile', (s) => checkMobile(s, { defaultCountry: 'GB' }))],
    ['checkNif', text('client_vat', checkNif)],
    ['checkCitizenCard', text('client_cc', checkCitizenCard)],
    ['checkPostalCode (PT)', text('client_zipcode', (s) => checkPostalCode(s, 'PT'))],
    ['checkPostalCode (FR)', text('client_zipcode', (s) => checkPostalCode(s, 'FR'))],
    ['checkText', text('client_street', (s) => checkText(s, MAX_LENGTH.client_street))],
    [
      'checkBirthday',
      {
        check: (s: string) => checkBirthday({ day: s, month: s, year: s }),
        toLead: ({ day, month, year }: Birthday) => ({ client_birth_day: day, client_birth_month: month, ...(year === undefined ? {} : { client_birth_year: year }) }),
      },
    ],
  ];

  for (const [name, { check, toLead }] of checkers as [string, Checker<unknown>][]) {
    it(`${name}: what it takes from any input, the lead schema takes unchanged`, () => {
      fc.assert(
        fc.property(hostileString, (input) => {
          const result = check(input);
          if (!result.ok) return;
          const lead = { client_name: 'Ana', ...toLead(result.value) };
          expect(parseLead(lead), JSON.stringify(lead)).to.deep.equal({ ok: true, lead });
        }),
        { numRuns: 200 },
      );
    });
  }

  it('accepted text keeps no control characters or lone surrogates, and passes the schema', () => {
    fc.assert(
      fc.property(hostileString, (input) => {
        const name = checkName(input);
        if (!name.ok) return true;
        expect(hasStrayWhitespaceOrControl(name.value)).to.equal(false);
        expect(hasLoneSurrogate(name.value)).to.equal(false);
        return parseLead({ client_name: name.value }).ok;
      }),
      { numRuns: 300 },
    );
  });

  /** The field group of each control. */
  const CONTROL_FIELD: Record<string, FieldName> = {
    client_name: 'name', client_email: 'email', client_mobile: 'mobile',
    client_birth_day: 'birthday', client_birth_month: 'birthday', client_birth_year: 'birthday',
    client_street: 'address', client_zipcode: 'address', client_city: 'address',
    client_vat: 'vat', client_cc: 'cc', client_ref: 'ref', custom_1: 'custom_1', custom_2: 'custom_2',
  };

  it('validateForm, on any values in any configuration, names only controls it shows, and what it accepts passes the schema', () => {
    const inputNames = [
      'client_name', 'client_email', 'client_mobile', 'client_birth_day', 'client_birth_month', 'client_birth_year',
      'client_street', 'client_zipcode', 'client_city', 'client_vat', 'client_cc', 'client_ref', 'custom_1', 'custom_2',
    ];
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom(...inputNames), hostileString),
        fc.subarray([...FIELD_NAMES]),
        fc.subarray([...FIELD_NAMES]),
        (values, fields, required) => {
          // As the element does: the name is always shown (createLead requires it).
          const shown: FieldName[] = ['name', ...(fields.length > 0 ? fields : DEFAULT_FIELDS).filter((f) => f !== 'name')];
          const result = validateForm(values, {
            fields: shown,
            required: new Set(required),
            choices: { source: [], segment: [] },
            presets: {},
            consent: false,
            defaultCountry: 'PT',
          });
          const controls = inputNames.filter((name) => shown.includes(CONTROL_FIELD[name]!));
          if (!result.ok) {
            expect(result.errors.flatMap((e) => e.inputs).filter((name) => !controls.includes(name))).to.deep.equal([]);
            return;
          }
          expect(Object.keys(result.lead).filter((key) => !controls.includes(key))).to.deep.equal([]);
          expect(parseLead(result.lead)).to.deep.equal({ ok: true, lead: result.lead });
        },
      ),
      { numRuns: 300 },
    );
  });
});
