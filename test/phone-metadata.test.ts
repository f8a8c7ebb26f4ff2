import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { getCountryCallingCode, parsePhoneNumberWithError, type CountryCode, type MetadataJson } from 'libphonenumber-js/core';
import maxJson from 'libphonenumber-js/metadata.max.json';
import examples from 'libphonenumber-js/examples.mobile.json';
import { CURATED_COUNTRIES, FIRST_COUNTRIES, firstPhoneMetadataCut, packPhoneMetadata } from '../.config/build/phone-metadata.js';
import { checkMobile } from '../src/lead/phone.js';
import { unpackPhoneMetadata } from '../src/lead/phone-metadata-packed.js';

// The published builds validate with the cuts that .config/build/phone-metadata.js
// makes of the installed `max` metadata: Portugal's rules inside the widget,
// the curated cut of every country loaded on demand. The source validates with
// `max` itself. These tests hold the cuts to their promises: the same answers
// for Portugal at once and for the curated countries once the rest is loaded,
// and never a refusal of a number that `max` accepts.

const max = maxJson as unknown as MetadataJson;
const { packed, curated } = packPhoneMetadata(max);
const cut = unpackPhoneMetadata(packed);

const countries = Object.keys(examples) as CountryCode[];
const others = countries.filter((country) => !curated.includes(country));
const example = (country: CountryCode) => examples[country];
const callingCode = (country: CountryCode) => getCountryCallingCode(country, max);
/** The example mobile of a country, written nationally as its people do. */
const national = (country: CountryCode) =>
  parsePhoneNumberWithError(`+${callingCode(country)}${example(country)}`, max).formatNational();

/**
 * `checkMobile` answers as with the complete metadata, except that it may
 * accept a number the complete metadata refuses when that number belongs to a
 * country outside the cut (random digits typed with default `CA` can be a
 * Grenadian +1 473 number).
 */
function same(input: string, defaultCountry?: string): void {
  const complete = checkMobile(input, { defaultCountry }, max);
  const shipped = checkMobile(input, { defaultCountry }, cut);
  if (shipped.ok && !complete.ok) {
    const country = parsePhoneNumberWithError(shipped.value, cut).country;
    expect(country, `${input} (${defaultCountry ?? 'PT'}) is ${shipped.value}`).to.be.a('string');
    expect(curated, `${input} (${defaultCountry ?? 'PT'}) is ${shipped.value}`).to.not.include(country);
    return;
  }
  expect(shipped, `${input} (${defaultCountry ?? 'PT'})`).to.deep.equal(complete);
}

/** Digits typed by someone: spaces and dashes anywhere. */
const spaced = (digits: string) =>
  fc
    .array(fc.constantFrom('', '', ' ', '-'), { minLength: digits.length, maxLength: digits.length })
    .map((gaps) => [...digits].map((digit, i) => (i === 0 ? digit : `${gaps[i]}${digit}`)).join(''));

/**
 * National significant numbers of a country: its example mobile with the tail
 * changed, digits of a possible length (landlines, toll-free, unused ranges),
 * or one digit too many or too few.
 */
const nationalNumbers = (country: CountryCode) => {
  const lengths = (max.countries[country] as unknown as [string, string, string, number[]])[3];
  const mobile = example(country);
  return fc.oneof(
    fc.stringMatching(/^\d{1,5}$/).map((tail) => mobile.slice(0, Math.max(1, mobile.length - tail.length)) + tail),
    fc.constantFrom(...lengths).chain((length) => fc.stringMatching(new RegExp(`^[1-9]\\d{${length - 1}}$`))),
    fc.constantFrom(mobile.slice(0, -1), `${mobile}7`),
  );
};

/** A number of `country` written nationally, with `+` or `00`, with separators. */
const NANP = new Set(['US', 'CA']);

const writtenNumber = (country: CountryCode) =>
  fc
    .tuple(nationalNumbers(country), fc.constantFrom('national', '+', '00', 'trunk'))
    .chain(([digits, style]) =>
      spaced(digits).map((body) => {
        if (style === 'national') return { input: body, defaultCountry: country };
        // The trunk prefix is 1 in the North American plan, 0 elsewhere; a 0
        // there would start 011, the international prefix, and name another country.
        if (style === 'trunk') return { input: `${NANP.has(country) ? '1' : '0'}${body}`, defaultCountry: country };
        return { input: `${style}${callingCode(country)} ${body}`, defaultCountry: 'PT' };
      }),
    );

describe('the phone metadata cut of the published builds', () => {
  it('keeps the curated countries, and those sharing a calling code without leading digits of their own', () => {
    expect(curated).to.include.members([...CURATED_COUNTRIES, 'GG', 'JE']);
    expect(curated).to.not.include('IM'); // +44 too, but told apart by its leading digits
  });

  it('knows every country and non-geographic code that the complete metadata knows', () => {
    expect(Object.keys(cut.countries)).to.have.members(Object.keys(max.countries));
    expect(Object.keys(cut.nonGeographic)).to.have.members(Object.keys(max.nonGeographic));
    expect(cut.country_calling_codes).to.deep.equal(max.country_calling_codes);
  });

  it('is a small fraction of the complete metadata', () => {
    const size = (value: unknown) => JSON.stringify(value).length;
    expect(size(packed)).to.be.lessThan(size(max) / 5);
  });

  describe('answers exactly as the complete metadata for numbers of the curated countries', () => {
    const table: [input: string, defaultCountry?: string][] = [
      ['+351 912 345 678'],
      ['212 345 678'],
      ['800 123 456'],
      ['808 123 456'],
      ['884 123 456'],
      ['707 123 456'],
      ['+351 901 234 567'],
      ['912 345 678 ext. 12'],
      ['+44 7400 123456'],
      ['+44 20 7946 0000'],
      ['+44 7000 123456'],
      ['+44 7781 123456'],
      ['+44 7911 123456'],
      ['+44 7624 123456'],
      ['07781 123456', 'JE'],
      ['+1 (201) 555-0123'],
      ['+1 416 555 0123'],
      ['+1 800 555 0123'],
      ['(201) 555-0123', 'US'],
      ['011 351 912 345 678', 'US'],
      ['+55 11 91234 5678'],
      ['+55 11 3123 4567'],
      ['+33 6 12 34 56 78'],
      ['+33 1 23 45 67 89'],
      ['+34 612 345 678'],
      ['+34 912 345 678'],
      ['+49 1512 3456789'],
      ['+49 30 1234567'],
      ['+39 312 345 6789'],
      ['+39 06 1234 5678'],
      ['447400123456'],
      ['351912345678'],
      ['+999 123 456'],
      ['+', undefined],
    ];
    for (const [input, defaultCountry] of table) {
      it(`${JSON.stringify(input)} (${defaultCountry ?? 'PT'})`, () => same(input, defaultCountry));
    }

    for (const country of curated.filter((code) => code in examples) as CountryCode[]) {
      it(`any number of ${country}, however written`, () => {
        fc.assert(
          fc.property(writtenNumber(country), ({ input, defaultCountry }) => same(input, defaultCountry)),
          { numRuns: 300 },
        );
      });
    }
  });

  describe('never refuses what the complete metadata accepts, in any country', () => {
    it('accepts the example mobile of every other country, written internationally', () => {
      for (const country of others) {
        const input = `+${callingCode(country)} ${example(country)}`;
        expect(checkMobile(input, {}, cut), `${country} ${input}`).to.deep.equal({
          ok: true,
          value: `+${callingCode(country)}${example(country)}`,
        });
      }
    });

    it('accepts the example mobile of every other country, written nationally with that default country', () => {
      for (const country of others) {
        const input = national(country);
        expect(checkMobile(input, { defaultCountry: country }, cut), `${country} ${input}`).to.deep.equal(
          checkMobile(input, { defaultCountry: country }, max),
        );
      }
    });

    it('accepts anything the complete metadata accepts, and with the same E.164 value', () => {
      fc.assert(
        fc.property(
          fc.constantFrom(...others).chain(writtenNumber),
          ({ input, defaultCountry }) => {
            const complete = checkMobile(input, { defaultCountry }, max);
            if (complete.ok) expect(checkMobile(input, { defaultCountry }, cut), input).to.deep.equal(complete);
          },
        ),
        { numRuns: 1000 },
      );
    });
  });

  describe('checks only the length outside the curated countries', () => {
    const cases: [input: string, result: ReturnType<typeof checkMobile>][] = [
      // An Angolan mobile, and a Luanda landline that only the complete metadata refuses.
      ['+244 923 123 456', { ok: true, value: '+244923123456' }],
      ['+244 222 123 456', { ok: true, value: '+244222123456' }],
      ['+244 923 123 45', { ok: false, reason: 'too-short' }],
      ['+244 923 123 4567', { ok: false, reason: 'too-long' }],
      ['+999 123 456', { ok: false, reason: 'invalid-country' }],
    ];
    for (const [input, result] of cases) {
      it(`${input} → ${JSON.stringify(result)}`, () => {
        expect(checkMobile(input, {}, cut)).to.deep.equal(result);
      });
    }
  });
});

describe('the phone rules inside the widget (Portugal alone)', () => {
  const first = firstPhoneMetadataCut(max);

  it('holds Portugal alone, a small part of the cut loaded on demand', () => {
    expect(FIRST_COUNTRIES).to.deep.equal(['PT']);
    expect(Object.keys(first.countries)).to.deep.equal(['PT']);
    expect(first.country_calling_codes).to.deep.equal({ 351: ['PT'] });
    const size = (value: unknown) => JSON.stringify(value).length;
    expect(size(first)).to.be.lessThan(size(packed) / 10);
  });

  it('answers exactly as the complete metadata for any Portuguese number, however written', () => {
    fc.assert(
      fc.property(writtenNumber('PT'), ({ input, defaultCountry }) => {
        expect(checkMobile(input, { defaultCountry }, first), input).to.deep.equal(checkMobile(input, { defaultCountry }, max));
      }),
      { numRuns: 500 },
    );
  });

  it('calls every other country unknown for now (the element then loads the rest)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...countries.filter((country) => country !== 'PT')), (country) => {
        const input = `+${callingCode(country)} ${example(country)}`;
        expect(checkMobile(input, {}, first), input).to.deep.equal({ ok: false, reason: 'invalid-country' });
      }),
    );
    expect(checkMobile('07400 123456', { defaultCountry: 'GB' }, first)).to.deep.equal({ ok: false, reason: 'invalid-country' });
  });

  describe('when the rest cannot be loaded, takes foreign numbers on trust (acceptUnknownCountries)', () => {
    const lenient = { acceptUnknownCountries: true };

    it("accepts every country's mobile, written with + or 00, with the E.164 value of the complete metadata", () => {
      fc.assert(
        fc.property(fc.constantFrom(...countries), fc.constantFrom('+', '00'), (country, prefix) => {
          const input = `${prefix}${callingCode(country)} ${example(country)}`;
          const complete = checkMobile(input, {}, max);
          expect(complete.ok, input).to.equal(true);
          expect(checkMobile(input, lenient, first), input).to.deep.equal(complete);
        }),
      );
    });

    it('still judges Portuguese numbers exactly', () => {
      expect(checkMobile('212 345 678', lenient, first)).to.deep.equal({ ok: false, reason: 'not-mobile' });
      expect(checkMobile('+351 91 234', lenient, first)).to.deep.equal({ ok: false, reason: 'too-short' });
    });

    const refused: [input: string, reason: string][] = [
      ['+44 123', 'invalid-country'], // 5 digits: no number anywhere is that short
      ['+44 7400 123456 789 01', 'invalid-country'], // 16 digits: longer than E.164 allows
      ['+0 7400 123456', 'invalid-country'], // no calling code starts with 0
      ['07400 123456', 'invalid-country'], // national, in a country whose rules are not in hand (default GB below)
      ['+44 74OO 123456', 'not-a-number'],
    ];
    for (const [input, reason] of refused) {
      it(`still refuses ${JSON.stringify(input)} (${reason})`, () => {
        expect(checkMobile(input, { ...lenient, defaultCountry: 'GB' }, first)).to.deep.equal({ ok: false, reason });
      });
    }
  });
});
