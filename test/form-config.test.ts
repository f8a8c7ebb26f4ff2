import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import {
  DEFAULT_FIELDS,
  FIELD_NAMES,
  type FieldList,
  parseChoiceList,
  parseFieldList,
  parseRequiredList,
} from '../src/form/config.js';

describe('parseFieldList', () => {
  const cases: [string | null | undefined, FieldList][] = [
    [null, { names: ['name', 'email', 'mobile'], unknown: [] }],
    [undefined, { names: ['name', 'email', 'mobile'], unknown: [] }],
    ['', { names: [], unknown: [] }],
    ['   ', { names: [], unknown: [] }],
    ['name email mobile birthday address vat cc ref custom_1 custom_2', { names: [...FIELD_NAMES], unknown: [] }],
    ['birthday, name', { names: ['birthday', 'name'], unknown: [] }],
    ['name, email birthday email wat', { names: ['name', 'email', 'birthday'], unknown: ['wat'] }],
    ['NAME Email mObIlE', { names: ['name', 'email', 'mobile'], unknown: [] }],
    ['name;email\n\tmobile,,', { names: ['name', 'email', 'mobile'], unknown: [] }],
    ['client_name client_email phone nif client_cc client_ref', { names: ['name', 'email', 'mobile', 'vat', 'cc', 'ref'], unknown: [] }],
    ['custom-1 custom2 client_vat', { names: ['custom_1', 'custom_2', 'vat'], unknown: [] }],
    ['nome Telefone', { names: [], unknown: ['nome', 'Telefone'] }],
    ['__proto__ constructor toString', { names: [], unknown: ['__proto__', 'constructor', 'toString'] }],
  ];
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input)} → ${JSON.stringify(expected)}`, () => {
      expect(parseFieldList(input)).to.deep.equal(expected);
    });
  }

  it('takes another fallback for an absent value', () => {
    expect(parseFieldList(null, ['name']).names).to.deep.equal(['name']);
  });

  it('returns a copy of the defaults, safe to change', () => {
    parseFieldList(null).names.push('vat');
    expect(DEFAULT_FIELDS).to.deep.equal(['name', 'email', 'mobile']);
  });

  it('gives known names without repeats, and every other word as unknown, for any text', () => {
    const word = fc.oneof(fc.constantFrom(...FIELD_NAMES, 'phone', 'NIF', 'custom-1'), fc.string({ maxLength: 12 }));
    fc.assert(
      fc.property(fc.array(word, { maxLength: 12 }), fc.constantFrom(' ', ',', ', ', '\n', ';'), (words, separator) => {
        const { names, unknown } = parseFieldList(words.join(separator));
        expect(names.every((name) => (FIELD_NAMES as readonly string[]).includes(name))).to.equal(true);
        expect(new Set(names).size).to.equal(names.length);
        for (const w of unknown) expect(w).not.to.match(/^\s*$|[\s,;]/);
      }),
    );
  });
});

describe('parseRequiredList', () => {
  const cases: [string | null | undefined, FieldList<string>][] = [
    [null, { names: [], unknown: [] }],
    ['', { names: [], unknown: [] }],
    ['mobile, source birthday-year', { names: ['mobile', 'source', 'birthday-year'], unknown: [] }],
    ['birthday_year SEGMENT client_source', { names: ['birthday-year', 'segment', 'source'], unknown: [] }],
    ['client_email custom_1 custom-2 nif', { names: ['email', 'custom_1', 'custom_2', 'vat'], unknown: [] }],
    ['email email Email', { names: ['email'], unknown: [] }],
    ['email telefone', { names: ['email'], unknown: ['telefone'] }],
  ];
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input)} → ${JSON.stringify(expected)}`, () => {
      expect(parseRequiredList(input)).to.deep.equal(expected);
    });
  }
});

describe('parseChoiceList', () => {
  const cases: [string | null | undefined, { options: string[]; malformed: boolean }][] = [
    [null, { options: [], malformed: false }],
    ['', { options: [], malformed: false }],
    ['Instagram, Website / Loja online', { options: ['Instagram', 'Website / Loja online'], malformed: false }],
    [' Instagram ,, Google,Instagram ', { options: ['Instagram', 'Google'], malformed: false }],
    ['Instagram\nFacebook\r\n\nGoogle', { options: ['Instagram', 'Facebook', 'Google'], malformed: false }],
    ['["Amigos, família", "Google"]', { options: ['Amigos, família', 'Google'], malformed: false }],
    ['  [" A ", "A", ""]  ', { options: ['A'], malformed: false }],
    ['[]', { options: [], malformed: false }],
    ['[Instagram, Google', { options: ['Instagram', 'Google'], malformed: true }],
    ['["a", 1]', { options: ['"a"', '1'], malformed: true }],
    ['{"a": 1}', { options: ['{"a": 1}'], malformed: false }],
    ['[', { options: [], malformed: true }],
  ];
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input)} → ${JSON.stringify(expected)}`, () => {
      expect(parseChoiceList(input)).to.deep.equal(expected);
    });
  }

  it('gives back any list of distinct options written as a JSON array, as written', () => {
    const option = fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim() === s && s !== '');
    fc.assert(
      fc.property(fc.uniqueArray(option, { maxLength: 8 }), (options) => {
        expect(parseChoiceList(JSON.stringify(options))).to.deep.equal({ options, malformed: false });
      }),
    );
  });

  it('never throws, and gives trimmed, non-empty, distinct options for any text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (text) => {
        const { options } = parseChoiceList(text);
        for (const option of options) {
          expect(option).to.equal(option.trim());
          expect(option).not.to.equal('');
        }
        expect(new Set(options).size).to.equal(options.length);
      }),
    );
  });
});
