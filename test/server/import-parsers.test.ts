// The import's readers and column names, property by property: the separator
// detected from any table, a CSV written by the rules read back field for
// field and line for line whatever the encoding and however the bytes are cut,
// headers matched whatever their case and accents, Excel's date serials.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { KNOWN_HEADERS, headerKey, planColumns } from '../../src/import/columns.js';
import { csvRows } from '../../src/import/csv-rows.js';
import { DELIMITERS, detectDelimiter } from '../../src/import/delimiter.js';
import { excelSerialToDate, writtenDateOf } from '../../src/import/excel-date.js';
import { FingerprintTable } from '../../src/import/fingerprint-table.js';
import type { SheetItem } from '../../src/import/sheet.js';
import { csvText, utf8WithBom, windows1252 } from './support/import-files.js';

/** Text a field of a real export may hold: letters with accents, spaces, digits, punctuation. */
const plainField = fc.stringMatching(/^[A-Za-zÀ-ÿ0-9 @.+\-]{0,12}$/);

/** Any field, with separators, quotes and line breaks, which must then be quoted. */
const anyField = fc.oneof(plainField, fc.stringMatching(/^[A-Za-zçãé ;,\t|"\r\n]{0,10}$/));

/** A table of 2 to 8 columns; `field` for its cells, a header of plain words. */
const table = (field: fc.Arbitrary<string>) =>
  fc.integer({ min: 2, max: 8 }).chain((columns) =>
    fc.tuple(
      fc.array(fc.stringMatching(/^[A-Za-z][A-Za-z ]{0,8}$/), { minLength: columns, maxLength: columns }),
      fc.array(fc.array(field, { minLength: columns, maxLength: columns }), { minLength: 1, maxLength: 12 }),
    ),
  );

/** `bytes` handed over in pieces cut where `cuts` say (as a stream's chunks may fall mid-letter). */
async function* pieces(bytes: Buffer, cuts: number[]): AsyncGenerator<Uint8Array> {
  let from = 0;
  for (const cut of [...new Set(cuts.map((at) => Math.floor(at * bytes.length)))].sort((a, b) => a - b)) {
    if (cut > from) yield bytes.subarray(from, cut);
    from = Math.max(from, cut);
  }
  if (from < bytes.length) yield bytes.subarray(from);
}

async function readAll(items: AsyncIterable<SheetItem>): Promise<SheetItem[]> {
  const all: SheetItem[] = [];
  for await (const item of items) all.push(item);
  return all;
}

describe('detectDelimiter', () => {
  it('finds the separator of any table whose fields hold no separator', () => {
    fc.assert(
      fc.property(fc.constantFrom(...DELIMITERS), table(plainField), fc.constantFrom('\n', '\r\n'), (delimiter, [header, rows], eol) => {
        assert.equal(detectDelimiter(csvText([header, ...rows], delimiter, eol)), delimiter);
      }),
    );
  });

  it('finds it when quoted fields hold the other separators and line breaks', () => {
    fc.assert(
      fc.property(fc.constantFrom(...DELIMITERS), table(anyField), (delimiter, [header, rows]) => {
        assert.equal(detectDelimiter(csvText([header, ...rows], delimiter)), delimiter);
      }),
    );
  });

  it('is not fooled by commas in unquoted addresses of a ";" file, nor a title line', () => {
    assert.equal(detectDelimiter('Nome;Morada\nAna;Rua A, 5\nRui;Av. B, 7, 3.º\n'), ';');
    assert.equal(detectDelimiter('Clientes 2026\nNome,Email\nAna,ana@example.pt\n'), ',');
  });
});

describe('csvRows', () => {
  it('reads back every field and each row\'s first line, in any encoding, however the bytes are cut', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...DELIMITERS),
        table(anyField),
        fc.constantFrom('\n', '\r\n'),
        fc.constantFrom('utf-8', 'utf-8-bom', 'windows-1252'),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 6 }),
        async (delimiter, [header, rows], eol, encoding, cuts) => {
          const all = [header, ...rows];
          const text = csvText(all, delimiter, eol);
          const bytes = encoding === 'utf-8' ? Buffer.from(text, 'utf8') : encoding === 'utf-8-bom' ? utf8WithBom(text) : windows1252(text);
          const items = await readAll(csvRows(pieces(bytes, cuts), { delimiter }));

          // Rows whose every field is blank are left out; each row starts after the line breaks before it.
          const expected: { line: number; cells: string[] }[] = [];
          let line = 1;
          for (const row of all) {
            if (row.some((field) => field.trim() !== '')) expected.push({ line, cells: row });
            line += 1 + row.reduce((breaks, field) => breaks + (field.replaceAll('\r\n', '\n').match(/[\r\n]/g)?.length ?? 0), 0);
          }
          assert.deepEqual(items, expected.map(({ line: at, cells }) => ({ kind: 'row', line: at, cells })));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('says where a quote is never closed, and reads nothing after it', async () => {
    const items = await readAll(csvRows(pieces(Buffer.from('a;b\n1;2\n3;"4\n5;6\n'), [])));
    assert.deepEqual(items.at(-1), { kind: 'broken', line: 3, code: 'quote-not-closed', fatal: true });
  });
});

describe('header recognition', () => {
  /** A header as someone might type it: each letter's case flipped or not, accents dropped or not. */
  const retyped = (header: string) =>
    fc.tuple(fc.array(fc.boolean(), { minLength: header.length, maxLength: header.length }), fc.boolean()).map(([flips, dropAccents]) => {
      const base = dropAccents ? header.normalize('NFD').replace(/\p{M}/gu, '') : header;
      return [...base].map((char, index) => (flips[index] ? char.toUpperCase() : char.toLowerCase())).join('');
    });

  it('maps every known header to its key whatever its case and accents', () => {
    const headers = ['Nome completo', 'Telemóvel', 'E-mail', 'Código Postal', 'Data de nascimento', 'Cartão de Cidadão', 'Referência', 'Localidade', 'Correo electrónico', 'Móvil', 'client_mobile'];
    fc.assert(
      fc.property(fc.constantFrom(...headers).chain((header) => fc.tuple(fc.constant(header), retyped(header))), ([header, typed]) => {
        assert.equal(headerKey(typed), headerKey(header));
        assert.ok(KNOWN_HEADERS.get(headerKey(typed)));
      }),
    );
  });

  it('prefers a Telemóvel column over a Telefone one, and joins Nome with Apelido', () => {
    const plan = planColumns(['Telefone', 'Nome', 'Apelido', 'TELEMÓVEL', 'Notas'])!;
    assert.deepEqual(plan.keys, [undefined, 'first_name', 'last_name', 'client_mobile', undefined]);
    assert.deepEqual(plan.columns.map((column) => column.ignored), ['duplicate', undefined, undefined, undefined, 'unknown']);
  });

  it('lets --map name a column for a key a known header would take', () => {
    const plan = planColumns(['Nome', 'Nome do cliente'], new Map([['client_name', 'nome do cliente']]))!;
    assert.deepEqual(plan.keys, [undefined, 'client_name']);
  });

  it('finds no header in a row of values', () => {
    assert.equal(planColumns(['Ana', 'ana@example.pt', '912345678']), undefined);
  });
});

describe('Excel dates', () => {
  const DAY_MS = 86_400_000;
  it('reads back any date from 1900-03-01 on from its serial, with or without a time of day', () => {
    fc.assert(
      fc.property(fc.integer({ min: 61, max: 80_000 }), fc.double({ min: 0, max: 0.999, noNaN: true }), (serial, time) => {
        const date = excelSerialToDate(serial + time);
        assert.equal((Date.parse(date) - Date.UTC(1899, 11, 30)) / DAY_MS, serial);
      }),
    );
  });

  it('knows Excel\'s own serials', () => {
    assert.equal(excelSerialToDate(61), '1900-03-01');
    assert.equal(excelSerialToDate(32874), '1990-01-01');
    assert.equal(excelSerialToDate(45658), '2025-01-01');
  });

  it('takes a serial in a birthday cell, as a number or five digits, and leaves written dates and years alone', () => {
    assert.equal(writtenDateOf(31113), '1985-03-07');
    assert.equal(writtenDateOf(' 31113 '), '1985-03-07');
    assert.equal(writtenDateOf('07/03/1985'), '07/03/1985');
    assert.equal(writtenDateOf('1985'), '1985');
  });
});

describe('FingerprintTable', () => {
  it('keeps each fingerprint\'s first line, finds nothing it was not given, however many it grows to', () => {
    const fingerprint = fc.uint8Array({ minLength: 12, maxLength: 12 }).map((bytes) => Buffer.from(bytes).toString('base64url'));
    fc.assert(
      fc.property(fc.uniqueArray(fingerprint, { minLength: 1, maxLength: 10_000 }), fingerprint, (added, other) => {
        const table = new FingerprintTable();
        added.forEach((key, index) => table.add(key, index + 1));
        added.forEach((key) => table.add(key, 0));
        assert.equal(table.size, added.length);
        added.forEach((key, index) => assert.equal(table.get(key), index + 1));
        if (!added.includes(other)) assert.equal(table.get(other), undefined);
      }),
      { numRuns: 30 },
    );
  });
});
