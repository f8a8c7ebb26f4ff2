import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { DEFAULT_FIELDS, FIELD_NAMES } from '../src/form/config.js';
import { loadFieldCheckers } from '../src/form/field-checkers-loader.js';
import { validateForm } from '../src/form/validate.js';
import { checkBirthday } from '../src/lead/birthday.js';
import { checkCitizenCard } from '../src/lead/citizen-card.js';
import { checkEmail } from '../src/lead/email.js';
import { checkName } from '../src/lead/name.js';
import { checkNif } from '../src/lead/nif.js';
import { checkMobile } from '../src/lead/phone.js';
import { checkPostalCode } from '../src/lead/postal-code.js';
import { parseLead } from '../src/lead/schema.js';
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

const isResult = (result: { ok: boolean; reason?: unknown; value?: unknown }) =>
  result.ok ? result.value !== undefined : typeof result.reason === 'string' && result.reason !== '';

describe('hostile input', () => {
  before(() => loadFieldCheckers());

  const checkers: [string, (s: string) => { ok: boolean; reason?: unknown; value?: unknown }][] = [
    ['checkName', checkName],
    ['checkEmail', checkEmail],
    ['checkMobile', (s) => checkMobile(s)],
    ['checkMobile (GB)', (s) => checkMobile(s, { defaultCountry: 'GB' })],
    ['checkNif', checkNif],
    ['checkCitizenCard', checkCitizenCard],
    ['checkPostalCode (PT)', (s) => checkPostalCode(s, 'PT')],
    ['checkPostalCode (FR)', (s) => checkPostalCode(s, 'FR')],
    ['checkText', (s) => checkText(s, 200)],
    ['checkBirthday', (s) => checkBirthday({ day: s, month: s, year: s })],
  ];

  for (const [name, check] of checkers) {
    it(`${name} never throws and always returns a value or a reason code`, () => {
      fc.assert(fc.property(hostileString, (input) => isResult(check(input))), { numRuns: 200 });
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

  it('validateForm never throws on any values in any configuration, and what it accepts passes the schema', () => {
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
          const result = validateForm(values, {
            // As the element does: the name is always shown (createLead requires it).
            fields: ['name', ...(fields.length > 0 ? fields : DEFAULT_FIELDS).filter((f) => f !== 'name')],
            required: new Set(required),
            choices: { source: [], segment: [] },
            presets: {},
            consent: false,
            defaultCountry: 'PT',
          });
          if (!result.ok) return result.errors.length > 0 && result.errors.every((e) => e.inputs.length > 0);
          return parseLead(result.lead).ok;
        },
      ),
      { numRuns: 300 },
    );
  });
});
