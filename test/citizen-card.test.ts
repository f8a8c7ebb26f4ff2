import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { checkCitizenCard, type CitizenCardReason } from '../src/lead/citizen-card.js';
import { MAX_LENGTH } from '../src/lead/schema.js';
import { anyText } from './support/arbitraries.js';
import { itAccepts, itRefuses } from './support/checker-tables.js';

const DIGITS = '0123456789';
const ALPHANUMERICS = `${DIGITS}ABCDEFGHIJKLMNOPQRSTUVWXYZ`;
/** Indexes (in the compact 12-character form) that hold digits. */
const DIGIT_INDEXES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 11];

/**
 * The last digit for the first 11 characters, written independently of the
 * module from the published rule: values 0-35, every second value from the
 * right doubled (minus 9 when over 9), total a multiple of 10. The last digit
 * itself is 1st from the right, so the 11th character is 2nd (doubled).
 */
function lastDigit(first11: string): string {
  let sum = 0;
  [...first11].reverse().forEach((char, i) => {
    const value = Number.parseInt(char, 36);
    const doubled = (i + 2) % 2 === 0 ? value * 2 : value;
    sum += (i + 2) % 2 === 0 && doubled > 9 ? doubled - 9 : doubled;
  });
  return String((10 - (sum % 10)) % 10);
}

/** A valid number in compact upper-case form. */
const validCompact = fc
  .tuple(fc.stringMatching(/^[0-9]{9}$/), fc.constantFrom(...ALPHANUMERICS), fc.constantFrom(...ALPHANUMERICS))
  .map(([digits, v1, v2]) => digits + v1 + v2 + lastDigit(digits + v1 + v2));
const spaced = (compact: string) => `${compact.slice(0, 8)} ${compact[8]} ${compact.slice(9)}`;

const accepted: [string, string][] = [
  ['00000000 0 ZZ4', '00000000 0 ZZ4'],
  ['000000000ZZ4', '00000000 0 ZZ4'],
  ['000000000zz4', '00000000 0 ZZ4'],
  ['00000000 0 zZ4', '00000000 0 ZZ4'],
  ['  00000000-0-ZZ4  ', '00000000 0 ZZ4'],
  ['00000000 – 0 – ZZ4', '00000000 0 ZZ4'],
  ['0000 0000 0 Z Z 4', '00000000 0 ZZ4'],
  ['12345678 9 ZX5', '12345678 9 ZX5'],
  ['15069718 8 ZY0', '15069718 8 ZY0'],
  ['00000000 0 000', '00000000 0 000'],
  ['00000000 0 AA9', '00000000 0 AA9'],
];

const refused: [string, CitizenCardReason][] = [
  ['', 'empty'],
  ['  \n', 'empty'],
  ['1234', 'format'],
  ['00000000 0 ZZ', 'format'],
  ['00000000 0 ZZ44', 'format'],
  ['0000000 0 ZZ4', 'format'],
  ['0000000A 0 ZZ4', 'format'],
  ['00000000 A ZZ4', 'format'],
  ['00000000 0 ZZZ', 'format'],
  ['00000000 0 Z_4', 'format'],
  ['00000000.0.ZZ4', 'format'],
  ['00000000/0/ZZ4', 'format'],
  // Not ASCII letters, though upper-casing would make them so (ß -> SS, ſ -> S, K -> K).
  ['0000000000ß4', 'format'],
  ['00000000 0 ſZ4', 'format'],
  ['00000000 0 \u212aZ4', 'format'],
  ['00000000 0 ÁZ4', 'format'],
  ['００００００００ ０ ＺＺ４', 'format'],
  ['00000000 0 ZZ4\u0000', 'format'],
  ['0'.repeat(1_000_000), 'format'],
  ['00000000 0 ZZ0', 'check-digit'],
  ['00000000 0 ZZ5', 'check-digit'],
  ['12345678 9 ZX4', 'check-digit'],
  ['12345679 9 ZX5', 'check-digit'],
  ['00000000 0 ZY4', 'check-digit'],
  ['00000000 0 YZ4', 'check-digit'],
];

describe('checkCitizenCard', () => {
  describe('accepts', () => {
    itAccepts(checkCitizenCard, accepted);
  });

  describe('refuses', () => {
    itRefuses(checkCitizenCard, refused);
  });

  it('gives every 11-character start exactly one valid last digit', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{9}[A-Z0-9]{2}$/), (base) => {
        expect([...DIGITS].filter((d) => checkCitizenCard(base + d).ok)).to.have.length(1);
      }),
    );
  });

  it('accepts every valid number in any case, spaced or dashed, as the canonical spaced form', () => {
    fc.assert(
      fc.property(validCompact, fc.boolean(), fc.constantFrom('', ' ', '-', ' - '), (compact, lower, sep) => {
        const typed = lower ? compact.toLowerCase() : compact;
        const written = `${typed.slice(0, 8)}${sep}${typed[8]}${sep}${typed.slice(9)}`;
        expect(checkCitizenCard(written)).to.deep.equal({ ok: true, value: spaced(compact) });
      }),
    );
  });

  it('refuses a valid number with any one digit changed', () => {
    fc.assert(
      fc.property(validCompact, fc.constantFrom(...DIGIT_INDEXES), fc.integer({ min: 1, max: 9 }), (compact, index, delta) => {
        const digit = String((Number(compact[index]) + delta) % 10);
        const changed = compact.slice(0, index) + digit + compact.slice(index + 1);
        expect(checkCitizenCard(changed)).to.deep.equal({ ok: false, reason: 'check-digit' });
      }),
    );
  });

  it('refuses a valid number with the first version character changed to one that weighs differently', () => {
    // Index 9 is not doubled, so its weight is its value mod 10.
    fc.assert(
      fc.property(validCompact, fc.constantFrom(...ALPHANUMERICS), (compact, char) => {
        fc.pre(Number.parseInt(char, 36) % 10 !== Number.parseInt(compact.charAt(9), 36) % 10);
        const changed = compact.slice(0, 9) + char + compact.slice(10);
        expect(checkCitizenCard(changed)).to.deep.equal({ ok: false, reason: 'check-digit' });
      }),
    );
  });

  it('cannot tell some version letters apart (a limit of the published check)', () => {
    // A, K and U are 10, 20 and 30: doubled and reduced they all count 1 (mod 10).
    for (const version of ['AA', 'KA', 'UA']) {
      expect(checkCitizenCard(`00000000 0 ${version}9`)).to.have.property('ok', true);
    }
  });

  it('never throws and always answers with a known shape that fits client_cc', () => {
    fc.assert(
      fc.property(anyText, (raw) => {
        const result = checkCitizenCard(raw);
        if (result.ok) {
          expect(result.value).to.match(/^[0-9]{8} [0-9] [A-Z0-9]{2}[0-9]$/);
          expect(result.value.length).to.be.at.most(MAX_LENGTH.client_cc);
        } else {
          expect(['empty', 'format', 'check-digit']).to.include(result.reason);
        }
      }),
    );
  });

  it('is idempotent', () => {
    const candidates = fc.oneof(anyText, validCompact, validCompact.map((c) => c.toLowerCase()));
    fc.assert(
      fc.property(candidates, (raw) => {
        const first = checkCitizenCard(raw);
        if (first.ok) expect(checkCitizenCard(first.value)).to.deep.equal(first);
      }),
    );
  });
});
