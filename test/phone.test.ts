import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { getCountries, parsePhoneNumberWithError, type CountryCode } from 'libphonenumber-js/core';
import mobileExamples from 'libphonenumber-js/examples.mobile.json';
import { checkMobile, type MobileReason } from '../src/lead/phone.js';
import { firstPhoneMetadata } from '../src/lead/phone-metadata-first.js';
import { itAccepts, itRefuses, quoted } from './support/checker-tables.js';

const REASONS: readonly MobileReason[] = [
  'empty',
  'not-a-number',
  'invalid-country',
  'too-short',
  'too-long',
  'invalid',
  'not-mobile',
];
const E164 = /^\+[1-9]\d{6,14}$/;

/** `checkMobile` with a default country, the shape of the foreign and refused tables. */
const checkIn = (input: string, defaultCountry: string | undefined) => checkMobile(input, { defaultCountry });
/** A case's input in a title: whole up to 50 characters, else its start and its length. */
const shown = (input: string) => (input.length > 50 ? `${quoted(input, 20)}… (${input.length} chars)` : quoted(input, 50));
/** The title of a row of the foreign and refused tables. */
const inCountry = (input: string, defaultCountry: string | undefined, expected: string) =>
  `${shown(input)} (default ${defaultCountry ?? 'PT'}) → ${expected}`;

describe('checkMobile', () => {
  describe('accepts Portuguese mobiles however they are written', () => {
    const cases: [input: string, e164: string][] = [
      ['+351 912 345 678', '+351912345678'],
      ['+351912345678', '+351912345678'],
      ['00351912345678', '+351912345678'],
      ['00 351 912 345 678', '+351912345678'],
      ['912345678', '+351912345678'],
      ['912 345 678', '+351912345678'],
      ['912.345.678', '+351912345678'],
      ['912-345-678', '+351912345678'],
      ['912 – 345 – 678', '+351912345678'],
      ['(+351) 912-345-678', '+351912345678'],
      ['(00351) 912 345 678', '+351912345678'],
      ['[+351] 912 345 678', '+351912345678'],
      ['912\u00A0345\u00A0678', '+351912345678'],
      ['912\u202F345\u202F678', '+351912345678'],
      ['\t 912 345 678 \n', '+351912345678'],
      ['9\u200B1\u200B2345678', '+351912345678'],
      ['351912345678', '+351912345678'],
      ['351 912 345 678', '+351912345678'],
      ['92 123 4567', '+351921234567'],
      ['93 555 55 55', '+351935555555'],
      ['96 123 45 67', '+351961234567'],
    ];
    itAccepts((input: string) => checkMobile(input), cases, (input, e164) => `${shown(input)} → ${e164}`);
  });

  describe('accepts foreign mobiles', () => {
    const cases: [input: string, defaultCountry: string | undefined, e164: string][] = [
      ['+44 7400 123456', undefined, '+447400123456'],
      ['+44 (0)7400 123456', undefined, '+447400123456'],
      ['0044 7400 123456', undefined, '+447400123456'],
      ['+34 612 345 678', undefined, '+34612345678'],
      ['+55 11 91234 5678', undefined, '+5511912345678'],
      ['+33 6 12 34 56 78', undefined, '+33612345678'],
      ['+49 1512 3456789', undefined, '+4915123456789'],
      // FIXED_LINE_OR_MOBILE: the +1 area has no separate mobile ranges.
      ['+1 (201) 555-0123', undefined, '+12015550123'],
      ['07400 123456', 'GB', '+447400123456'],
      ['07400 123456', 'gb', '+447400123456'],
      ['06 12 34 56 78', 'fr', '+33612345678'],
      ['(201) 555-0123', 'US', '+12015550123'],
      ['011 351 912 345 678', 'US', '+351912345678'],
      ['00 351 912 345 678', 'US', '+351912345678'],
      ['+351 912 345 678', 'XX', '+351912345678'],
      ['00351912345678', 'XX', '+351912345678'],
    ];
    itAccepts(checkIn, cases, inCountry);
  });

  describe('refuses with a reason', () => {
    // 41 characters once trimmed: the cap counts separators too.
    const long = `9${' '.repeat(32)}12345678`;
    const cases: [input: string, defaultCountry: string | undefined, reason: MobileReason][] = [
      ['', undefined, 'empty'],
      ['   ', undefined, 'empty'],
      ['\u00A0\t\n', undefined, 'empty'],
      // Landlines and other numbers that cannot take a text message.
      ['212345678', undefined, 'not-mobile'],
      ['+351 212 345 678', undefined, 'not-mobile'],
      ['253 123 456', undefined, 'not-mobile'],
      ['800 123 456', undefined, 'not-mobile'],
      ['808 123 456', undefined, 'not-mobile'],
      ['+44 20 7946 0000', undefined, 'not-mobile'],
      ['+44 7000 123456', undefined, 'not-mobile'],
      ['884 123 456', undefined, 'not-mobile'],
      // Right length, range not in use.
      ['+351 901 234 567', undefined, 'invalid'],
      ['901234567', undefined, 'invalid'],
      ['912 345 678 ext. 12', undefined, 'invalid'],
      ['91234567', undefined, 'too-short'],
      ['912 345 67', undefined, 'too-short'],
      ['9', undefined, 'too-short'],
      ['+1', undefined, 'too-short'],
      ['9123456789', undefined, 'too-long'],
      ['+351 912 345 678 9', undefined, 'too-long'],
      ['912345678901234567890', undefined, 'too-long'],
      [long, undefined, 'too-long'],
      ['9'.repeat(10_000), undefined, 'too-long'],
      // A foreign country code without + or 00 is not guessed.
      ['447400123456', undefined, 'too-long'],
      ['abc', undefined, 'not-a-number'],
      ['nine one two', undefined, 'not-a-number'],
      ['91234567a', undefined, 'not-a-number'],
      ['tel:+351912345678', undefined, 'not-a-number'],
      ['+', undefined, 'not-a-number'],
      ['- . -', undefined, 'not-a-number'],
      ['😀912345678', undefined, 'not-a-number'],
      ['912345678\u0000', undefined, 'not-a-number'],
      ['912345678', 'XX', 'invalid-country'],
      ['912345678', '', 'invalid-country'],
      ['912345678', 'Portugal', 'invalid-country'],
      ['912345678', '__proto__', 'invalid-country'],
      ['+999 123 4567', undefined, 'invalid-country'],
      ['00999 123 4567', undefined, 'invalid-country'],
    ];
    itRefuses(checkIn, cases, inCountry);
  });

  it('defaults to Portugal and reads the default country in any case', () => {
    expect(checkMobile('912345678', {})).to.deep.equal(checkMobile('912345678'));
    expect(checkMobile('912345678', { defaultCountry: 'pt' })).to.deep.equal({ ok: true, value: '+351912345678' });
    expect(checkMobile('912345678', { defaultCountry: ' Pt ' })).to.deep.equal({ ok: true, value: '+351912345678' });
    expect(checkMobile('912345678', { defaultCountry: 'ES' }).ok).to.equal(false);
  });

  describe('properties', () => {
    const countries = getCountries(firstPhoneMetadata);
    const defaultCountries = fc.oneof(
      fc.constant(undefined),
      fc.constantFrom('PT', 'pt', 'GB', 'US', 'BR', 'ES', 'FR', 'DE', 'XX', ''),
      fc.constantFrom(...countries),
    );
    const separator = fc.constantFrom('', '', '', ' ', '.', '-', '\u00A0', '\u202F', ' - ');
    /** Writes digits with a separator of random kind between random digits. */
    const spaced = (digits: string) =>
      fc
        .array(separator, { minLength: digits.length, maxLength: digits.length })
        .map((gaps) => [...digits].map((digit, i) => (i === 0 ? digit : `${gaps[i] ?? ''}${digit}`)).join(''));

    /**
     * Phone-like strings that are often real mobiles: a country's example mobile
     * with its tail digits replaced, written with `+` or `00` and separators.
     */
    const mobileLike = fc
      .record({
        country: fc.constantFrom(...(Object.keys(mobileExamples) as CountryCode[])),
        tail: fc.stringMatching(/^\d{0,4}$/),
        prefix: fc.constantFrom('+', '00', '(+', '+ '),
      })
      .chain(({ country, tail, prefix }) => {
        const example = mobileExamples[country];
        const e164 = parsePhoneNumberWithError(example, country, firstPhoneMetadata).number;
        const digits = e164.slice(1, e164.length - tail.length) + tail;
        return spaced(digits).map((body) => (prefix === '(+' ? `(+${body.slice(0, 3)})${body.slice(3)}` : prefix + body));
      });
    const phoneLike = fc.oneof(
      mobileLike,
      fc.array(fc.constantFrom(...'0123456789+ -.()'), { maxLength: 24 }).map((chars) => chars.join('')),
    );

    it('normalising twice gives the same value as once', () => {
      fc.assert(
        fc.property(phoneLike, defaultCountries, (input, defaultCountry) => {
          const once = checkMobile(input, { defaultCountry });
          if (!once.ok) return;
          expect(checkMobile(once.value, { defaultCountry }), input).to.deep.equal(once);
        }),
      );
    });

    it('every accepted number is E.164 that re-parses to itself, whatever the default country', () => {
      let accepted = 0;
      fc.assert(
        fc.property(phoneLike, defaultCountries, defaultCountries, (input, defaultCountry, other) => {
          const result = checkMobile(input, { defaultCountry });
          if (!result.ok) return;
          accepted += 1;
          expect(result.value).to.match(E164);
          expect(parsePhoneNumberWithError(result.value, firstPhoneMetadata).number).to.equal(result.value);
          expect(checkMobile(result.value, { defaultCountry: other }), input).to.deep.equal(result);
        }),
        { numRuns: 200 },
      );
      // Guards the generator: a property that never reaches an accepted number proves nothing.
      expect(accepted).to.be.greaterThan(20);
    });

    it('every Portuguese mobile (91, 92, 93, 96) normalises to one E.164 however it is written', () => {
      const ptMobile = fc.tuple(fc.constantFrom('91', '92', '93', '96'), fc.stringMatching(/^\d{7}$/)).map(([a, b]) => a + b);
      const prefix = fc.constantFrom('', '+351', '+351 ', '00351', '00 351 ', '(+351) ', '(00351)', '+ 351 ', '351', '351 ');
      const padding = fc.constantFrom('', ' ', '\t', '\u00A0', '\n');
      const defaultCountry = fc.constantFrom(undefined, 'PT', 'pt', 'Pt');
      fc.assert(
        fc.property(
          ptMobile.chain((digits) => fc.tuple(fc.constant(digits), spaced(digits))),
          prefix,
          padding,
          padding,
          defaultCountry,
          ([digits, body], before, lead, trail, country) => {
            expect(checkMobile(`${lead}${before}${body}${trail}`, { defaultCountry: country })).to.deep.equal({
              ok: true,
              value: `+351${digits}`,
            });
          },
        ),
      );
    });

    it('never throws and always answers a known shape, whatever the input', () => {
      const anyString = fc.oneof(
        fc.string({ unit: 'binary', maxLength: 80 }),
        fc.string({ unit: 'grapheme', maxLength: 80 }),
        fc.string({ unit: 'binary-ascii', minLength: 30, maxLength: 2_000 }),
        fc.array(fc.constantFrom(...'0123456789+()\u0000\u0007\u00A0😀ext.x#*'), { maxLength: 60 }).map((c) => c.join('')),
        phoneLike,
      );
      fc.assert(
        fc.property(anyString, fc.oneof(defaultCountries, fc.string({ maxLength: 4 })), (input, defaultCountry) => {
          const result = checkMobile(input, { defaultCountry });
          if (result.ok) expect(result.value).to.match(E164);
          else expect(REASONS).to.include(result.reason);
        }),
        { numRuns: 300 },
      );
    });
  });
});
