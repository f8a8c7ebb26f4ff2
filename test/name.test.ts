import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { checkName, type NameReason } from '../src/lead/name.js';
import { MAX_LENGTH, parseLead } from '../src/lead/schema.js';
import { anyText } from './support/arbitraries.js';
import { itAccepts, itRefuses, quoted } from './support/checker-tables.js';
import { hasLoneSurrogate, hasStrayWhitespaceOrControl } from './support/unicode.js';

const accepted: [string, string][] = [
  ['Ana Rita', 'Ana Rita'],
  ['  Ana   Rita  ', 'Ana Rita'],
  ['Ana\n\tRita', 'Ana Rita'],
  ['Ana\r\n\r\nRita\n', 'Ana Rita'],
  ['Ana\u00a0Rita', 'Ana Rita'],
  ['Ana\u2028Rita', 'Ana Rita'],
  ['Ana\u0000Rita', 'AnaRita'],
  ['Ana\u001b\u007f\u0085Rita', 'Ana Rita'],
  ['Ana \u0000 Rita', 'Ana Rita'],
  ['Ana\ud800 Rita', 'Ana Rita'],
  ["Maria d'Ávila-Sá", "Maria d'Ávila-Sá"],
  ['Jose\u0301', 'Jose\u0301'],
  ['محمد علي', 'محمد علي'],
  ['‏שרה כהן‏', '‏שרה כהן‏'],
  ['Ana 👩‍💻', 'Ana 👩‍💻'],
  ['李小龍', '李小龍'],
  ['a'.repeat(MAX_LENGTH.client_name), 'a'.repeat(MAX_LENGTH.client_name)],
  [`${'a'.repeat(60)}\n\n${'a'.repeat(59)}`, `${'a'.repeat(60)} ${'a'.repeat(59)}`],
  ['😀'.repeat(MAX_LENGTH.client_name / 2), '😀'.repeat(MAX_LENGTH.client_name / 2)],
  [`${' '.repeat(1_000_000)}Ana${'\n'.repeat(1_000_000)}`, 'Ana'],
];

const refused: [string, NameReason][] = [
  ['', 'empty'],
  ['   ', 'empty'],
  ['\n\t\r', 'empty'],
  ['\u00a0\u3000', 'empty'],
  ['\u0000\u0001', 'empty'],
  ['\udc00', 'empty'],
  ['a'.repeat(MAX_LENGTH.client_name + 1), 'too-long'],
  // Counted in UTF-16 code units, like zod: 61 emoji are 122 units.
  ['😀'.repeat(MAX_LENGTH.client_name / 2 + 1), 'too-long'],
  ['a'.repeat(1_000_000), 'too-long'],
];

describe('checkName', () => {
  describe('accepts and tidies', () => {
    itAccepts(checkName, accepted, (raw, value) => `${quoted(raw, 40)} gives ${quoted(value, 40)}`);
  });

  describe('refuses', () => {
    itRefuses(checkName, refused, (raw, reason) => `${quoted(raw, 40)} as ${reason}`);
  });

  it('refuses as empty exactly the text with nothing but whitespace, control characters and lone surrogates, and as too long only text over the limit', () => {
    // Code point by code point: a lone surrogate comes out as one of its own.
    const isBlank = (raw: string) => [...raw].every((c) => c === ' ' || hasStrayWhitespaceOrControl(c) || hasLoneSurrogate(c));
    const blank = fc.string({ unit: fc.constantFrom(' ', '\t', '\r\n', '\u00a0', '\u2028', '\u3000', '\ufeff', '\u0000', '\u001b', '\u0085', '\ud800', '\udfff') });
    fc.assert(
      fc.property(fc.oneof(anyText, blank, fc.string({ unit: 'grapheme', minLength: 100, maxLength: 140 })), (raw) => {
        const result = checkName(raw);
        expect(!result.ok && result.reason === 'empty', JSON.stringify(raw)).to.equal(isBlank(raw));
        // Tidying never lengthens a name: only one over the limit as typed can be too long.
        if (!result.ok && result.reason === 'too-long') expect(raw.length).to.be.greaterThan(MAX_LENGTH.client_name);
        if (result.ok) expect(result.value.length).to.be.at.most(Math.min(raw.length, MAX_LENGTH.client_name));
      }),
    );
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(anyText, (raw) => {
        const first = checkName(raw);
        if (first.ok) expect(checkName(first.value)).to.deep.equal(first);
      }),
    );
  });

  it('returns one line, trimmed, single-spaced, without control characters or lone surrogates', () => {
    fc.assert(
      fc.property(anyText, (raw) => {
        const result = checkName(raw);
        if (!result.ok) return;
        expect(result.value).to.equal(result.value.trim());
        expect(hasStrayWhitespaceOrControl(result.value)).to.equal(false);
        expect(hasLoneSurrogate(result.value)).to.equal(false);
      }),
    );
  });

  it('accepts exactly what the lead schema accepts as client_name', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, fc.string({ unit: 'grapheme', minLength: 100, maxLength: 140 })), (raw) => {
        const result = checkName(raw);
        if (result.ok) {
          expect(parseLead({ client_name: result.value })).to.deep.equal({
            ok: true,
            lead: { client_name: result.value },
          });
        }
      }),
    );
  });

  it('keeps every word of a name typed with any mix of whitespace', () => {
    const word = fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 10 }).filter((w) => /^\S+$/.test(w));
    const gap = fc.string({ unit: fc.constantFrom(' ', '\t', '\n', '\r', '\u00a0', '\u2003'), minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(fc.array(fc.tuple(word, gap), { minLength: 1, maxLength: 8 }), gap, (pieces, lead) => {
        const raw = lead + pieces.map(([w, g]) => w + g).join('');
        expect(checkName(raw)).to.deep.equal({ ok: true, value: pieces.map(([w]) => w).join(' ') });
      }),
    );
  });
});

