import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { checkPostalCode, type PostalCodeReason } from '../src/lead/postal-code.js';
import { MAX_LENGTH, parseLead } from '../src/lead/schema.js';
import { anyTextOr } from './support/arbitraries.js';
import { itAccepts, itRefuses, quoted } from './support/checker-tables.js';
import { hasLoneSurrogate, hasStrayWhitespaceOrControl } from './support/unicode.js';

/** Any text, or a Portuguese code however it is spaced or dashed. */
const anyText = anyTextOr(fc.stringMatching(/^\s*[0-9]{4}\s*[-–]?\s*[0-9]{3}\s*$/));

type Case<T> = [raw: string, country: string | undefined, expected: T];

const accepted: Case<string>[] = [
  ['1000-001', undefined, '1000-001'],
  ['1000001', undefined, '1000-001'],
  ['1000 001', undefined, '1000-001'],
  ['  1000-001  ', undefined, '1000-001'],
  ['1000 - 001', undefined, '1000-001'],
  ['1000–001', undefined, '1000-001'],
  ['1000—001', undefined, '1000-001'],
  ['1000\u2212001', undefined, '1000-001'],
  ['1000\u00a0001', undefined, '1000-001'],
  ['4050-002', 'PT', '4050-002'],
  ['9000 018', 'pt', '9000-018'],
  ['9999999', ' Pt ', '9999-999'],
  // Other countries: free text, tidied, case kept.
  ['SW1A 1AA', 'GB', 'SW1A 1AA'],
  ['  sw1a \t 1aa ', 'GB', 'sw1a 1aa'],
  ['28013', 'ES', '28013'],
  ['75008', 'fr', '75008'],
  ['01000-000', 'BR', '01000-000'],
  ['H3Z\u00002Y7', 'CA', 'H3Z2Y7'],
  ['0100-001', 'ES', '0100-001'],
  ['x'.repeat(MAX_LENGTH.client_zipcode), 'DE', 'x'.repeat(MAX_LENGTH.client_zipcode)],
];

const refused: Case<PostalCodeReason>[] = [
  ['', undefined, 'empty'],
  ['   ', undefined, 'empty'],
  ['\n\t', 'GB', 'empty'],
  ['\u0000', 'GB', 'empty'],
  ['0100-001', undefined, 'format'],
  ['0000000', undefined, 'format'],
  ['1000-01', undefined, 'format'],
  ['1000-0001', undefined, 'format'],
  ['100-001', undefined, 'format'],
  ['1000', undefined, 'format'],
  ['1000--001', undefined, 'format'],
  ['1000-001 Lisboa', undefined, 'format'],
  ['PT 1000-001', undefined, 'format'],
  ['1000.001', undefined, 'format'],
  ['1000_001', undefined, 'format'],
  ['１０００-００１', undefined, 'format'],
  ['abcd-efg', 'PT', 'format'],
  ['1'.repeat(1_000_000), undefined, 'format'],
  ['x'.repeat(MAX_LENGTH.client_zipcode + 1), 'DE', 'too-long'],
  ['x'.repeat(1_000_000), 'DE', 'too-long'],
];

const label = (raw: string, country: string | undefined) =>
  `${quoted(raw)}${country === undefined ? '' : ` in ${quoted(country)}`}`;

describe('checkPostalCode', () => {
  describe('accepts', () => {
    itAccepts(checkPostalCode, accepted, (raw, country, value) => `${label(raw, country)} as ${quoted(value)}`);
  });

  describe('refuses', () => {
    itRefuses(checkPostalCode, refused, (raw, country, reason) => `${label(raw, country)} as ${reason}`);
  });

  it('accepts every Portuguese code however it is spaced or dashed, as NNNN-NNN', () => {
    const gap = fc.constantFrom('', ' ', '-', ' - ', '–', '\u00a0');
    fc.assert(
      fc.property(fc.stringMatching(/^[1-9][0-9]{3}$/), fc.stringMatching(/^[0-9]{3}$/), gap, (four, three, sep) => {
        expect(checkPostalCode(` ${four}${sep}${three} `)).to.deep.equal({ ok: true, value: `${four}-${three}` });
      }),
    );
  });

  it('refuses every Portuguese code that starts with 0', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^0[0-9]{6}$/), (code) => {
        expect(checkPostalCode(code)).to.deep.equal({ ok: false, reason: 'format' });
      }),
    );
  });

  it('never throws, in Portugal or elsewhere, and always answers with a known shape', () => {
    fc.assert(
      fc.property(anyText, fc.constantFrom('PT', 'pt', 'GB', 'ES', 'XX', ''), (raw, country) => {
        const result = checkPostalCode(raw, country);
        if (!result.ok) {
          expect(['empty', 'format', 'too-long']).to.include(result.reason);
        } else if (country.toUpperCase() === 'PT') {
          expect(result.value).to.match(/^[1-9][0-9]{3}-[0-9]{3}$/);
        } else {
          expect(parseLead({ client_name: 'Ana', client_zipcode: result.value })).to.have.property('ok', true);
          expect(hasStrayWhitespaceOrControl(result.value)).to.equal(false);
          expect(hasLoneSurrogate(result.value)).to.equal(false);
        }
      }),
    );
  });

  it('is idempotent, in Portugal and elsewhere', () => {
    fc.assert(
      fc.property(anyText, fc.constantFrom('PT', 'GB'), (raw, country) => {
        const first = checkPostalCode(raw, country);
        if (first.ok) expect(checkPostalCode(first.value, country)).to.deep.equal(first);
      }),
    );
  });
});
