import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { checkEmail, type EmailReason } from '../src/lead/email.js';
import { parseLead } from '../src/lead/schema.js';
import { anyText } from './support/arbitraries.js';
import { itAccepts, itRefuses, quoted } from './support/checker-tables.js';
import { hasStrayWhitespaceOrControl } from './support/unicode.js';

// A local part of exactly 64 characters and domains that bring the whole
// address to exactly 254 and 255 characters.
const local64 = 'a'.repeat(64);
const domain189 = `${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(58)}.pt`;
const domain190 = `${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(59)}.pt`;

const accepted: [string, string][] = [
  ['ana@exemplo.pt', 'ana@exemplo.pt'],
  ['  ana.rita@exemplo.com\n', 'ana.rita@exemplo.com'],
  ['Ana.Rita@Exemplo.PT', 'Ana.Rita@exemplo.pt'],
  ['ana.rita+leads@gmail.com', 'ana.rita+leads@gmail.com'],
  ['first-last@mail.sub.exemplo.co.uk', 'first-last@mail.sub.exemplo.co.uk'],
  ['joao_silva-2@my-shop.pt', 'joao_silva-2@my-shop.pt'],
  ["o'neill@exemplo.ie", "o'neill@exemplo.ie"],
  ['123@456.pt', '123@456.pt'],
  ['a@b.co', 'a@b.co'],
  ['studio@ana.photography', 'studio@ana.photography'],
  ['info@xn--caf-dma.pt', 'info@xn--caf-dma.pt'],
  ['info@café.pt', 'info@café.pt'],
  ['info@CAFÉ.PT', 'info@café.pt'],
  ['info@пример.рф', 'info@пример.рф'],
  ['info@xn--e1afmkfd.xn--p1ai', 'info@xn--e1afmkfd.xn--p1ai'],
  ['info@例え.テスト', 'info@例え.テスト'],
  ['joão@exemplo.pt', 'joão@exemplo.pt'],
  ['x@1.pt', 'x@1.pt'],
  ['x@a-b--c.pt', 'x@a-b--c.pt'],
  [`${local64}@exemplo.pt`, `${local64}@exemplo.pt`],
  [`${local64}@${domain189}`, `${local64}@${domain189}`],
];

const refused: [string, EmailReason][] = [
  ['', 'empty'],
  ['  \n\t', 'empty'],
  ['ana', 'format'],
  ['ana@', 'format'],
  ['ana@exemplo', 'format'],
  ['@exemplo.pt', 'format'],
  ['ana rita@exemplo.pt', 'format'],
  ['ana@exemplo .pt', 'format'],
  ['ana@ exemplo.pt', 'format'],
  ['ana\u00a0@exemplo.pt', 'format'],
  ['ana@@exemplo.pt', 'format'],
  ['ana@rita@exemplo.pt', 'format'],
  ['ana..rita@exemplo.pt', 'format'],
  ['ana@exemplo..pt', 'format'],
  ['.ana@exemplo.pt', 'format'],
  ['ana.@exemplo.pt', 'format'],
  ['ana@.exemplo.pt', 'format'],
  ['ana@exemplo.pt.', 'format'],
  ['ana@-exemplo.pt', 'format'],
  ['ana@exemplo-.pt', 'format'],
  ['ana@exemplo.-pt', 'format'],
  ['ana@exemplo.p', 'format'],
  ['ana@exemplo.123', 'format'],
  ['ana@192.168.0.1', 'format'],
  ['ana@[192.168.0.1]', 'format'],
  ['ana@exem_plo.pt', 'format'],
  ['ana@exemplo,pt', 'format'],
  ['ana(at)exemplo.pt', 'format'],
  ['ana＠exemplo.pt', 'format'],
  ['ana@exemplo.pt\u0000', 'format'],
  ['ana\u200b@exemplo.pt', 'format'],
  ['ana@exemplo.pt\ud800', 'format'],
  ['"ana rita"@exemplo.pt', 'format'],
  ['ana@exemplo.pt>', 'format'],
  ['<ana@exemplo.pt>', 'format'],
  [`ana@${'b'.repeat(64)}.pt`, 'format'],
  [`a${local64}@exemplo.pt`, 'too-long'],
  [`${local64}@${domain190}`, 'too-long'],
  [`${'a'.repeat(1_000_000)}@exemplo.pt`, 'too-long'],
];

/** A realistic address: dotted words, an optional +tag, subdomains, a 2-12 letter TLD, any case. */
const realisticAddress = (() => {
  const word = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{0,9}$/);
  const label = fc.stringMatching(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,14}[A-Za-z0-9])?$/);
  const tld = fc.stringMatching(/^[A-Za-z]{2,12}$/);
  return fc
    .record({
      words: fc.array(word, { minLength: 1, maxLength: 3 }),
      tag: fc.option(fc.stringMatching(/^[a-z0-9]{1,8}$/), { nil: undefined }),
      labels: fc.array(label, { minLength: 1, maxLength: 3 }),
      tld,
    })
    .map(({ words, tag, labels, tld }) => ({
      local: words.join('.') + (tag === undefined ? '' : `+${tag}`),
      domain: [...labels, tld].join('.'),
    }));
})();

describe('checkEmail', () => {
  describe('accepts', () => {
    itAccepts(checkEmail, accepted, (raw, value) => `${quoted(raw, 60)} as ${quoted(value, 60)}`);
  });

  describe('refuses', () => {
    itRefuses(checkEmail, refused, (raw, reason) => `${quoted(raw, 60)} as ${reason}`);
  });

  it('accepts every RFC 5322 dot-atom address that fits in 254 characters, unchanged', () => {
    fc.assert(
      fc.property(fc.emailAddress(), (address) => {
        const expected = address.length <= 254 ? { ok: true, value: address } : { ok: false, reason: 'too-long' };
        expect(checkEmail(address)).to.deep.equal(expected);
      }),
    );
  });

  it('accepts realistic addresses in any case, lower-casing the domain only', () => {
    fc.assert(
      fc.property(realisticAddress, ({ local, domain }) => {
        expect(checkEmail(`${local}@${domain}`)).to.deep.equal({
          ok: true,
          value: `${local}@${domain.toLowerCase()}`,
        });
      }),
    );
  });

  it('refuses a valid address with whitespace inserted anywhere inside', () => {
    fc.assert(
      fc.property(
        fc.emailAddress(),
        fc.nat(),
        fc.constantFrom(' ', '\t', '\n', '\u00a0', '\u3000'),
        (address, at, space) => {
          const index = 1 + (at % (address.length - 1));
          expect(checkEmail(address.slice(0, index) + space + address.slice(index))).to.include({ ok: false });
        },
      ),
    );
  });

  it('refuses as empty exactly blank text, and accepts only one address with a single @, the part before it as typed', () => {
    const space = fc.constantFrom('', ' ', '\n\t', '\u00a0');
    const typed = fc.oneof(
      anyText,
      fc.constantFrom('', ' ', '\t\n', '\u00a0\u3000'),
      fc.tuple(space, fc.oneof(fc.emailAddress(), realisticAddress.map(({ local, domain }) => `${local}@${domain}`)), space).map((parts) => parts.join('')),
      fc.emailAddress().map((a) => a + a),
    );
    fc.assert(
      fc.property(typed, (raw) => {
        const result = checkEmail(raw);
        const trimmed = raw.trim();
        expect(!result.ok && result.reason === 'empty', JSON.stringify(raw)).to.equal(trimmed === '');
        if (!result.ok) return;
        const [local, domain, ...more] = result.value.split('@');
        expect(more, 'one @').to.deep.equal([]);
        expect(trimmed.startsWith(`${local}@`)).to.equal(true);
        expect(domain).to.equal(domain!.toLowerCase());
        expect(result.value.toLowerCase()).to.equal(trimmed.toLowerCase());
        // Spelled-out classes, not `\s`: WebKit's regex JIT now and then misreads it (see src/lead/text.ts).
        expect(result.value.includes(' ') || hasStrayWhitespaceOrControl(result.value)).to.equal(false);
        expect(result.value.length).to.be.at.most(254);
      }),
    );
  });

  it('is idempotent', () => {
    const candidates = fc.oneof(
      anyText,
      fc.emailAddress().map((a) => a.toUpperCase()),
      fc.tuple(anyText, fc.emailAddress(), anyText).map(([a, b, c]) => `${a}${b}${c}`),
    );
    fc.assert(
      fc.property(candidates, (raw) => {
        const first = checkEmail(raw);
        if (first.ok) expect(checkEmail(first.value)).to.deep.equal(first);
      }),
    );
  });

  it('only accepts values the lead schema accepts as client_email', () => {
    fc.assert(
      fc.property(fc.oneof(fc.emailAddress(), realisticAddress.map(({ local, domain }) => `${local}@${domain}`)), (raw) => {
        const result = checkEmail(raw);
        if (result.ok) {
          expect(parseLead({ client_name: 'Ana', client_email: result.value })).to.have.property('ok', true);
        }
      }),
    );
  });
});
