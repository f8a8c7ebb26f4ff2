import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { checkNif, nifCheckDigit, type NifReason } from '../src/lead/nif.js';
import { anyText } from './support/arbitraries.js';
import { itAccepts, itRefuses } from './support/checker-tables.js';

const VALID_PREFIXES = ['1', '2', '3', '45', '5', '6', '70', '71', '72', '74', '75', '77', '78', '79', '90', '91', '98', '99'];
const INVALID_PREFIXES = ['0', '40', '41', '44', '46', '49', '73', '76', '8', '92', '95', '97'];

/** 8 digits starting with `prefix`, then the check digit. */
const nifWithPrefix = (prefix: string) =>
  fc.stringMatching(new RegExp(`^[0-9]{${8 - prefix.length}}$`)).map((rest) => {
    const first8 = prefix + rest;
    return first8 + String(nifCheckDigit(first8));
  });
const validNif = fc.constantFrom(...VALID_PREFIXES).chain(nifWithPrefix);

const accepted: [string, string][] = [
  ['123456789', '123456789'],
  ['501964843', '501964843'],
  [' 501964843 ', '501964843'],
  ['PT501964843', '501964843'],
  ['pt501964843', '501964843'],
  ['Pt 501 964 843', '501964843'],
  ['PT-501-964-843', '501964843'],
  ['501.964.843', '501964843'],
  ['501–964–843', '501964843'],
  ['501\u00a0964\u00a0843', '501964843'],
  ['200000012', '200000012'],
  ['451234510', '451234510'],
  ['600000010', '600000010'],
  ['701234512', '701234512'],
  ['991234510', '991234510'],
];

const refused: [string, NifReason][] = [
  ['', 'empty'],
  [' \t\n', 'empty'],
  ['PT', 'format'],
  ['12345678', 'format'],
  ['1234567890', 'format'],
  ['12345678X', 'format'],
  ['abcdefghi', 'format'],
  ['PT PT 123456789', 'format'],
  ['123456789PT', 'format'],
  ['ES123456789', 'format'],
  ['123/456/789', 'format'],
  ['１２３４５６７８９', 'format'],
  ['123456789\u0000', 'format'],
  ['9'.repeat(1_000_000), 'format'],
  // Right check digit, but a leading digit or pair that is not issued.
  ['012345610', 'prefix'],
  ['401234517', 'prefix'],
  ['731234510', 'prefix'],
  ['761234519', 'prefix'],
  ['812345614', 'prefix'],
  ['921234511', 'prefix'],
  ['123456780', 'check-digit'],
  ['501964842', 'check-digit'],
  ['PT 501 964 844', 'check-digit'],
];

describe('checkNif', () => {
  describe('accepts', () => {
    itAccepts(checkNif, accepted);
  });

  describe('refuses', () => {
    itRefuses(checkNif, refused);
  });

  describe('nifCheckDigit', () => {
    const cases: [string, number][] = [
      ['12345678', 9],
      ['50196484', 3],
      ['10000001', 0], // remainder 0
      ['60000001', 0], // remainder 1 also gives 0
      ['20000001', 2],
      ['x', Number.NaN],
      ['1234567', Number.NaN],
      ['123456789', Number.NaN],
      ['１２３４５６７８', Number.NaN],
    ];
    for (const [first8, digit] of cases) {
      it(`${JSON.stringify(first8)} gives ${digit}`, () => {
        expect(nifCheckDigit(first8)).to.deep.equal(digit);
      });
    }
  });

  it('accepts every NIF built with a valid prefix and its check digit, however it is written', () => {
    const separator = fc.constantFrom('', ' ', '.', '-', '–', '\u00a0');
    fc.assert(
      fc.property(validNif, fc.constantFrom('', 'PT', 'pt', 'Pt', 'PT '), separator, (nif, prefix, sep) => {
        const written = `${prefix}${nif.slice(0, 3)}${sep}${nif.slice(3, 6)}${sep}${nif.slice(6)}`;
        expect(checkNif(written)).to.deep.equal({ ok: true, value: nif });
      }),
    );
  });

  it('refuses every NIF with a prefix that is not issued, whatever its check digit', () => {
    fc.assert(
      fc.property(fc.constantFrom(...INVALID_PREFIXES).chain(nifWithPrefix), (nif) => {
        expect(checkNif(nif)).to.deep.equal({ ok: false, reason: 'prefix' });
      }),
    );
  });

  it('refuses a NIF with its check digit changed', () => {
    fc.assert(
      fc.property(validNif, fc.integer({ min: 1, max: 9 }), (nif, delta) => {
        const wrong = nif.slice(0, 8) + String((Number(nif[8]) + delta) % 10);
        expect(checkNif(wrong)).to.deep.equal({ ok: false, reason: 'check-digit' });
      }),
    );
  });

  it('refuses a NIF with any other digit changed, except where mod 11 cannot tell (remainders 0 and 1 both give 0)', () => {
    fc.assert(
      fc.property(validNif, fc.integer({ min: 0, max: 7 }), fc.integer({ min: 1, max: 9 }), (nif, index, delta) => {
        const digit = String((Number(nif[index]) + delta) % 10);
        const changed = nif.slice(0, index) + digit + nif.slice(index + 1);
        const blindSpot = nifCheckDigit(nif.slice(0, 8)) === 0 && nifCheckDigit(changed.slice(0, 8)) === 0;
        const stillIssued = VALID_PREFIXES.some((prefix) => changed.startsWith(prefix));
        expect(checkNif(changed).ok).to.equal(blindSpot && stillIssued);
      }),
    );
  });

  it('has that blind spot for real: 100000010 and 600000010 are both valid', () => {
    expect(checkNif('100000010')).to.deep.equal({ ok: true, value: '100000010' });
    expect(checkNif('600000010')).to.deep.equal({ ok: true, value: '600000010' });
  });

  it('never throws and always answers with a known shape', () => {
    fc.assert(
      fc.property(anyText, (raw) => {
        const result = checkNif(raw);
        if (result.ok) expect(result.value).to.match(/^[0-9]{9}$/);
        else expect(['empty', 'format', 'prefix', 'check-digit']).to.include(result.reason);
      }),
    );
  });

  it('is idempotent', () => {
    const candidates = fc.oneof(anyText, validNif, fc.stringMatching(/^(PT)?[0-9 .-]{9,14}$/));
    fc.assert(
      fc.property(candidates, (raw) => {
        const first = checkNif(raw);
        if (first.ok) expect(checkNif(first.value)).to.deep.equal(first);
      }),
    );
  });
});
