// `npx zappy-lead-form import`, the built command (dist/server/cli.js), on
// client lists written as real exports write them, against a local stand-in
// of createLead with faults (429 with Retry-After, 500, 4xx, a hang), and
// stopped half-way by Ctrl-C or killed, then run again.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { beforeEach, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { HASH, type Scratch, csvText, handMadeXlsx, importRig, inlineCell, runImport, startImport, utf8WithBom, windows1252 } from './support/import-files.js';
import type { Upstream } from './support/upstream.js';

/** The report's rows by line: outcome, status, reasons. */
function reportOf(path: string): Map<number, { outcome: string; status: string; reasons: string }> {
  const [header, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  assert.equal(header, 'line,outcome,status,reasons,attempts');
  return new Map(
    lines.map((line) => {
      const [number, outcome, status, reasons] = line.split(',');
      return [Number(number), { outcome: outcome!, status: status!, reasons: reasons! }];
    }),
  );
}

/** The names the stand-in received, in order. */
const namesReceived = (upstream: Upstream) => upstream.received.map((request) => (JSON.parse(request.body) as { client_name: string }).client_name);

/** A `,` list of `count` valid clients in English, names `Client 1`... */
function clients(count: number): string {
  const rows = [['Name', 'Email', 'Mobile']];
  for (let n = 1; n <= count; n++) rows.push([`Client ${n}`, `client${n}@example.pt`, `91${String(n).padStart(7, '0')}`]);
  return csvText(rows, ',', '\n');
}

/** Resolves once `check` holds, polling every 10 ms (the stand-in has no event for "n requests"). */
async function until(check: () => boolean, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('zappy-lead-form import', () => {
  const rig = importRig();
  let upstream: Upstream;
  let files: Scratch;
  let env: Record<string, string>;
  beforeEach(() => {
    ({ upstream, files } = rig);
    env = { ZAPPY_ACCOUNT_HASH: HASH, ZAPPY_ENDPOINT: upstream.endpoint };
  });

  it('imports a Windows-1252 ";" export with Portuguese headers, quoted line breaks, an empty line and a repeated row', async () => {
    const file = files.path('clientes.csv');
    const text = csvText(
      [
        ['Nome', 'Apelido', 'E-mail', 'Telemóvel', 'NIF', 'Data de nascimento', 'Morada', 'Código Postal', 'Localidade', 'Observações'],
        ['João', 'Gonçalves', 'joao@exemplo.pt', '912 345 678', '123456789', '07/03/1985', 'Rua da Liberdade, 5\r\n2.º esq.', '4700-123', 'Braga', 'x'],
        ['Inês', 'Simões', 'ines@exemplo', '253 123 456', '', '31/02/1990', '', '', '', ''],
      ],
      ';',
    );
    // Line 1 header, 2-3 João (a line break inside the address), 4 Inês, 5 empty, 6 Maria, 7 João again.
    writeFileSync(file, windows1252(`${text}\r\nMaria;Côrte-Real;maria@exemplo.pt;+351 913 000 111;;1990-01-31;;;;\r\n${text.split('\r\n').slice(1, 3).join('\r\n')}\r\n`));
    const report = files.path('relatorio.csv');

    const run = await runImport([file, '--report', report, '--set', 'form_id=import-2026'], env);

    assert.equal(run.code, 1, run.stderr);
    const bodies = upstream.received.map((request) => JSON.parse(request.body) as Record<string, unknown>);
    assert.deepEqual(bodies.map((body) => body['client_name']), ['João Gonçalves', 'Maria Côrte-Real']);
    assert.deepEqual(bodies[0], {
      client_name: 'João Gonçalves',
      client_email: 'joao@exemplo.pt',
      client_mobile: '+351912345678',
      client_vat: '123456789',
      // The form's text checker makes one line of it, as it does of a pasted address.
      client_street: 'Rua da Liberdade, 5 2.º esq.',
      client_zipcode: '4700-123',
      client_city: 'Braga',
      form_id: 'import-2026',
      client_birth_day: 7,
      client_birth_month: 3,
      client_birth_year: 1985,
    });
    assert.equal(upstream.received[0]!.url.searchParams.get('accountHash'), HASH);
    const rows = reportOf(report);
    assert.deepEqual([...rows.keys()], [2, 4, 6, 7]);
    assert.deepEqual(rows.get(2), { outcome: 'delivered', status: '201', reasons: '' });
    assert.equal(rows.get(4)!.outcome, 'invalid');
    // The landline in the mobile column is reported, with the other problems of the row.
    assert.deepEqual(rows.get(4)!.reasons.split(' ').sort(), ['client_birth_day:impossible', 'client_email:format', 'client_mobile:not-mobile']);
    assert.deepEqual(rows.get(7), { outcome: 'skipped', status: '', reasons: 'duplicate-of-line-2' });
    assert.match(run.stderr, /line 4: invalid .*client_mobile:not-mobile/);
    assert.match(run.stderr, /\(CSV, windows-1252, ";"\): 2 delivered, 1 invalid, 1 skipped/);
    // Nothing personal without --verbose.
    for (const personal of ['João', 'Inês', 'Simões', 'joao@', '912 345 678', '253 123 456']) assert.ok(!run.stderr.includes(personal), personal);
  });

  it('reads a UTF-8 file with a BOM and "," separators, the API\'s own keys, --map and --set', async () => {
    const file = files.path('export.csv');
    writeFileSync(
      file,
      utf8WithBom(
        csvText(
          [
            ['client_name', 'Contact', 'Telefone', 'Observações', 'Origem'],
            ['Ana Sá', 'ana@example.pt', '912345678', 'Prefere "manhãs", às 9h', 'Loja'],
            ['Rui Mendes', 'rui@example.pt', '936666666', '', ''],
          ],
          ',',
        ),
      ),
    );

    const run = await runImport([file, '--map', 'client_email=contact,custom_1=Observacoes', '--set', 'client_source=Importação', '--set', 'campaign_name=Migração, 2026'], env);

    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(
      upstream.received.map((request) => JSON.parse(request.body)),
      [
        { client_name: 'Ana Sá', client_email: 'ana@example.pt', client_mobile: '+351912345678', client_source: 'Loja', campaign_name: 'Migração, 2026', custom_1: 'Prefere "manhãs", às 9h' },
        { client_name: 'Rui Mendes', client_email: 'rui@example.pt', client_mobile: '+351936666666', client_source: 'Importação', campaign_name: 'Migração, 2026' },
      ],
    );
    assert.match(run.stderr, /\(CSV, utf-8, ","\): 2 delivered/);
  });

  it('checks a tab-separated Spanish export in a dry run: sends nothing, writes no journal', async () => {
    const file = files.path('clientes.tsv');
    writeFileSync(file, csvText([['Nombre y apellidos', 'Correo electrónico', 'Móvil'], ['Lucía Pérez', 'lucia@example.es', '612345678']], '\t', '\n'));

    const run = await runImport([file, '--dry-run', '--country', 'es'], { ZAPPY_ENDPOINT: upstream.endpoint });

    assert.equal(run.code, 0, run.stderr);
    assert.equal(upstream.received.length, 0);
    assert.equal(existsSync(`${file}.journal`), false);
    assert.match(run.stderr, /\(CSV, utf-8, "tab"\): 1 valid/);
  });

  it('prints values only with --verbose', async () => {
    const file = files.path('clientes.csv');
    writeFileSync(file, csvText([['Nome', 'Telemóvel'], ['Ana Sá', '253123456']], ';'));
    const quiet = await runImport([file, '--dry-run'], env);
    const verbose = await runImport([file, '--dry-run', '--verbose'], env);
    assert.equal(quiet.code, 1);
    assert.ok(!quiet.stderr.includes('Ana'));
    assert.match(verbose.stderr, /line 2: invalid client_mobile:not-mobile .*"Ana Sá"/);
  });

  it('reports a quote never closed at its line and reads nothing after it', async () => {
    const file = files.path('partido.csv');
    writeFileSync(file, 'Nome;Email\nAna;ana@example.pt\nRui;"rui@example.pt\nEva;eva@example.pt\n');
    const report = files.path('r.csv');
    const run = await runImport([file, '--dry-run', '--report', report], env);
    assert.equal(run.code, 1);
    assert.deepEqual(reportOf(report).get(3), { outcome: 'invalid', status: '', reasons: 'file:quote-not-closed' });
    assert.match(run.stderr, /could not be read past line 3/);
  });

  it('imports the first sheet of an .xlsx, or the one --sheet names, with date cells and date serials', async () => {
    const file = files.path('clientes.xlsx');
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Notas').addRow(['nada']);
    const sheet = workbook.addWorksheet('Clientes');
    sheet.addRow(['Lista de clientes, 2026']);
    sheet.addRow(['Nome completo', 'Telemóvel', 'Data de nascimento', 'NIF']);
    sheet.addRow(['Ana Sá', 912345678, new Date(Date.UTC(1985, 2, 7)), 123456789]);
    sheet.addRow(['Rui Mendes', '+351 936 666 666', 32874, '']);
    sheet.getCell('C3').numFmt = 'dd/mm/yyyy';
    await workbook.xlsx.writeFile(file);

    const first = await runImport([file, '--dry-run'], env);
    assert.equal(first.code, 2, first.stderr);
    assert.match(first.stderr, /^zappy-lead-form: no header row/);
    assert.equal(first.stderr.trim().split('\n').length, 1);

    const run = await runImport([file, '--sheet', 'clientes'], env);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(
      upstream.received.map((request) => JSON.parse(request.body)),
      [
        { client_name: 'Ana Sá', client_mobile: '+351912345678', client_vat: '123456789', client_birth_day: 7, client_birth_month: 3, client_birth_year: 1985 },
        { client_name: 'Rui Mendes', client_mobile: '+351936666666', client_birth_day: 1, client_birth_month: 1, client_birth_year: 1990 },
      ],
    );
    assert.match(run.stderr, /header on line 2/);
    assert.match(run.stderr, /\(sheet "Clientes"\): 2 delivered/);
  });

  describe('files as real exports write them', () => {
    it('reads a UTF-8 file as UTF-8 though one line further on is Windows-1252: that row alone is reported, at its line', async () => {
      const rows = [['Nome', 'Telemóvel'], ['João Gonçalves', '912345671']];
      // Far past the first chunk the reader gets (64 KB), so the odd line does not share it with the first accents.
      for (let n = 0; n < 3_000; n++) rows.push([`Cliente Número ${n}`, `93${String(n).padStart(7, '0')}`]);
      const before = Buffer.from(csvText(rows, ';', '\n'), 'utf8');
      const odd = windows1252('Rui Nº2;912345672\n');
      const after = Buffer.from(csvText([['Inês Simões', '912345673']], ';', '\n'), 'utf8');
      const file = files.path('misturado.csv');
      writeFileSync(file, Buffer.concat([before, odd, after]));
      const report = files.path('r.csv');

      const run = await runImport([file, '--report', report, '--concurrency', '8'], env);

      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stderr, /header on line 1: Nome → client_name, Telemóvel → client_mobile\n/);
      const rowsOut = reportOf(report);
      assert.deepEqual(rowsOut.get(3_003), { outcome: 'invalid', status: '', reasons: 'file:encoding' });
      assert.deepEqual([...rowsOut.values()].filter((row) => row.outcome !== 'delivered').length, 1);
      assert.equal(rowsOut.size, 3_003);
      const names = namesReceived(upstream);
      assert.ok(names.includes('João Gonçalves') && names.includes('Inês Simões'), 'UTF-8 names arrive as written');
      assert.ok(!names.some((name) => name.includes('Ã') || name.includes('\uFFFD')));
    });

    it('recognises "N.º" and "A/B" headers and notes in brackets; a title line with a comma does not hide a ";" header', async () => {
      const file = files.path('clientes.csv');
      writeFileSync(
        file,
        windows1252(
          csvText(
            [
              ['Salão Ana, Lda - clientes'],
              ['Nome', 'N.º Telemóvel', 'Nº Contribuinte', 'E-mail / Email', 'Data de nascimento (dd/mm/aaaa)', 'Nº de cliente'],
              ['Ana Sá', '912 345 678', '123456789', 'ana@example.pt', '07/03/1985', 'C-17'],
            ],
            ';',
          ),
        ),
      );
      const run = await runImport([file], env);
      assert.equal(run.code, 0, run.stderr);
      assert.deepEqual(JSON.parse(upstream.received[0]!.body), {
        client_name: 'Ana Sá',
        client_mobile: '+351912345678',
        client_vat: '123456789',
        client_email: 'ana@example.pt',
        client_birth_day: 7,
        client_birth_month: 3,
        client_birth_year: 1985,
        client_ref: 'C-17',
      });
      assert.match(run.stderr, /\(CSV, windows-1252, ";"\): 1 delivered/);
    });

    it('--set client_name names only the rows that have no name, whole or in parts', async () => {
      const file = files.path('clientes.csv');
      writeFileSync(file, csvText([['Nome', 'Apelido', 'Email'], ['Ana', 'Silva', 'ana@example.pt'], ['', '', 'rui@example.pt']], ';'));
      const run = await runImport([file, '--set', 'client_name=Cliente sem nome'], env);
      assert.equal(run.code, 0, run.stderr);
      assert.deepEqual(namesReceived(upstream), ['Ana Silva', 'Cliente sem nome']);
    });

    it('reports a quote left open at its line even when more than 64 KB follows it', async () => {
      const rows = ['Nome;Email', 'Ana;ana@example.pt', 'Eva;"eva@example.pt'];
      for (let n = 0; n < 5_000; n++) rows.push(`Cliente ${n};c${n}@example.pt`);
      const file = files.path('aberto.csv');
      writeFileSync(file, `${rows.join('\n')}\n`);
      const report = files.path('r.csv');
      const run = await runImport([file, '--dry-run', '--report', report], env);
      assert.equal(run.code, 1);
      assert.deepEqual(reportOf(report).get(3), { outcome: 'invalid', status: '', reasons: 'file:quote-not-closed' });
      assert.match(run.stderr, /could not be read past line 3/);
    });

    it('reads accented names of an .xlsx whole, wherever the inflated chunks split their letters', async () => {
      const file = files.path('acentos.xlsx');
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('Clientes');
      sheet.addRow(['Nome', 'Email']);
      // Two-byte letters in every name, unique, so the table of texts runs over many chunks.
      for (let n = 0; n < 4_000; n++) sheet.addRow([`Ção Ímã Ção Ãço Ção Ímã ${n}`, `c${n}@example.pt`]);
      await workbook.xlsx.writeFile(file);
      const run = await runImport([file, '--dry-run', '--verbose'], env);
      assert.equal(run.code, 0, run.stderr.slice(-500));
      assert.ok(!run.stderr.includes('\uFFFD'), 'a letter was broken');
      assert.equal(run.stderr.split('Ção Ímã Ção Ãço Ção Ímã ').length - 1, 4_000);
    });

    it('reads date cells in the workbook\'s date system, 1904 from a Mac too, and dates before 1927', async () => {
      for (const date1904 of [false, true]) {
        const file = files.path(`datas-${date1904}.xlsx`);
        const workbook = new ExcelJS.Workbook();
        workbook.properties.date1904 = date1904;
        const sheet = workbook.addWorksheet('Clientes');
        sheet.addRow(['Nome', 'Data de nascimento']);
        sheet.addRow(['Ana Sá', new Date(Date.UTC(1985, 2, 7))]);
        sheet.addRow(['Rui Mendes', new Date(Date.UTC(1925, 4, 3))]);
        sheet.getColumn(2).numFmt = 'dd/mm/yyyy';
        await workbook.xlsx.writeFile(file);
        upstream.reset();
        const run = await runImport([file, '--no-journal'], env);
        assert.equal(run.code, 0, run.stderr);
        assert.deepEqual(
          upstream.received.map((request) => JSON.parse(request.body) as Record<string, unknown>).map(({ client_birth_day, client_birth_month, client_birth_year }) => [client_birth_day, client_birth_month, client_birth_year]),
          [[7, 3, 1985], [3, 5, 1925]],
          `date1904: ${date1904}`,
        );
      }
    });

    it('reports rows of a hand-made .xlsx that no spreadsheet writes, at their lines, and reads the rest', async () => {
      const file = files.path('hostil.xlsx');
      const row = (line: number | string, cells: string) => `<row r="${line}">${cells}</row>`;
      await handMadeXlsx(
        file,
        [
          row(1, inlineCell('A1', 'Nome') + inlineCell('B1', 'Email')),
          row(2, inlineCell('A2', 'Ana Sá') + inlineCell('B2', 'ana@example.pt')),
          // Beyond Excel's last column (XFD): a row of twelve million cells, if it were believed.
          row(3, inlineCell('A3', 'Rui') + inlineCell('ZZZZZ3', 'x')),
          row(4, inlineCell('A4', 'Eva') + inlineCell('B4', 'e'.repeat(70_000))),
          row(5, inlineCell('A5', 'Inês Lopes') + inlineCell('B5', 'ines@example.pt')),
          row('abc', inlineCell('A6', 'Luís Reis')),
        ].join(''),
      );
      const report = files.path('r.csv');
      const run = await runImport([file, '--dry-run', '--report', report], env);
      assert.equal(run.code, 1, run.stderr);
      const rowsOut = reportOf(report);
      assert.deepEqual([...rowsOut].map(([line, { outcome, reasons }]) => [line, outcome, reasons]), [
        [2, 'valid', ''],
        [3, 'invalid', 'file:malformed'],
        [4, 'invalid', 'file:row-too-long'],
        [5, 'valid', ''],
        [6, 'valid', ''],
      ]);
    });

    it('refuses in one line an .xlsx whose table of texts would fill the memory (a zip bomb of a few hundred KB)', async () => {
      const file = files.path('bomba.xlsx');
      await handMadeXlsx(file, `<row r="1">${inlineCell('A1', 'Nome')}</row>`, '<si><t/></si>'.repeat(4_000_001));
      const run = await runImport([file, '--dry-run'], env);
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, /^zappy-lead-form: [^\n]*table of texts is larger than any client list's[^\n]*\n$/);
    });

    it('names at most twenty ignored columns in the header line', async () => {
      const file = files.path('largo.csv');
      const extra = Array.from({ length: 30 }, (_, n) => `Coluna ${n + 1}`);
      writeFileSync(file, csvText([['Nome', ...extra], ['Ana Sá', ...extra.map(() => 'x')]], ';'));
      const run = await runImport([file, '--dry-run'], env);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stderr, /; ignored: Coluna 1, Coluna 2, [^\n]*, Coluna 20, and 10 more\n/);
    });

    it('says in one line, exit 2, that a file is unreadable before its header', async () => {
      const file = files.path('uma-linha.csv');
      // A header running into 70,000 characters of one field, with no line break.
      writeFileSync(file, `Nome;Email;${'a'.repeat(70_000)}`);
      const run = await runImport([file, '--dry-run', '--report', files.path('r.csv')], env);
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, /^zappy-lead-form: the file cannot be read from line 1 on \(file:row-too-long\), before any header row\.\n$/);
      assert.equal(existsSync(files.path('r.csv')), false);
    });

    it('reads only five-digit numbers in an .xlsx birthday column as dates: a year alone or a phone number there is refused, not a crash', async () => {
      const file = files.path('clientes.xlsx');
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('Clientes');
      sheet.addRow(['Nome', 'Data de nascimento']);
      sheet.addRow(['Ana Sá', 32874]);
      sheet.addRow(['Rui Mendes', 1985]);
      sheet.addRow(['Eva Lopes', 912345678000]);
      await workbook.xlsx.writeFile(file);
      const report = files.path('r.csv');
      const run = await runImport([file, '--dry-run', '--report', report], env);
      assert.equal(run.code, 1, run.stderr);
      const rowsOut = reportOf(report);
      assert.equal(rowsOut.get(2)?.outcome, 'valid');
      for (const line of [3, 4]) {
        assert.equal(rowsOut.get(line)?.outcome, 'invalid', `row ${line}`);
        assert.match(rowsOut.get(line)!.reasons, /^birthday:/, `row ${line}`);
      }
    });
  });

  describe('usage errors exit 2 with one line', () => {
    const cases: [string, (file: string) => string[], Record<string, string>?][] = [
      ['no account hash', (file) => [file], {}],
      ['a file that is not there', () => ['/nonexistent/clientes.csv']],
      ['no file', () => []],
      ['an unknown option', (file) => [file, '--colour']],
      ['a --map that is not key=header', (file) => [file, '--map', 'Nome']],
      ['a --map of an unknown key', (file) => [file, '--map', 'client_nickname=Nome']],
      ['a --map of a header not in the file', (file) => [file, '--map', 'client_name=Nome do cliente']],
      ['a --rate that is not a rate', (file) => [file, '--rate', 'fast']],
      ['an unknown --encoding', (file) => [file, '--encoding', 'klingon']],
      ['a --journal in a folder that does not exist', (file) => [file, '--journal', '/nonexistent/clientes.journal']],
      ['a --journal that is a folder', (file) => [file, '--journal', dirname(file)]],
      ['a --report that is the file being imported', (file) => [file, '--report', file]],
      ['a --journal that is the report', (file) => [file, '--report', `${file}.out`, '--journal', `${file}.out`]],
      ['a --country the phone rules do not know', (file) => [file, '--country', 'ZZ']],
    ];
    for (const [name, args, runEnv] of cases) {
      it(name, async () => {
        const file = files.path('clientes.csv');
        writeFileSync(file, 'Nome;Email\nAna;ana@example.pt\n');
        const run = await runImport(args(file), runEnv ?? env);
        assert.equal(run.code, 2, run.stderr);
        assert.match(run.stderr, /^zappy-lead-form: [^\n]+\n$/);
        assert.equal(upstream.received.length, 0);
      });
    }
  });

  it('a re-run after a partial failure sends only the rest; a third sends nothing', async () => {
    const file = files.path('clientes.csv');
    writeFileSync(file, clients(6));
    upstream.next({ status: 201 }, { status: 500 }, { status: 201 }, { status: 400 });

    const first = await runImport([file, '--retries', '0', '--concurrency', '1'], env);
    assert.equal(first.code, 1, first.stderr);
    assert.match(first.stderr, /line 3: failed 500 server-error/);
    assert.match(first.stderr, /line 5: refused 400/);
    assert.match(first.stderr, /4 delivered, 1 refused, 1 failed/);

    upstream.reset();
    const second = await runImport([file, '--concurrency', '1'], env);
    assert.equal(second.code, 0, second.stderr);
    assert.deepEqual(namesReceived(upstream), ['Client 2', 'Client 4']);
    assert.match(second.stderr, /2 delivered, 4 skipped/);

    upstream.reset();
    const third = await runImport([file], env);
    assert.equal(third.code, 0);
    assert.equal(upstream.received.length, 0);
    // Another destination's journal is refused rather than trusted.
    const elsewhere = await runImport([file], { ...env, ZAPPY_ACCOUNT_HASH: 'another-hash' });
    assert.equal(elsewhere.code, 2);
    assert.match(elsewhere.stderr, /another endpoint or account/);
  });

  it('retries a 429 after its Retry-After and a 500, never a 4xx', async () => {
    const file = files.path('clientes.csv');
    writeFileSync(file, clients(2));
    upstream.next({ status: 429, headers: { 'Retry-After': '1' } }, { status: 500 }, { status: 201 }, { status: 422 });
    const started = Date.now();
    const run = await runImport([file, '--concurrency', '1', '--report', files.path('r.csv')], env);
    assert.equal(run.code, 1, run.stderr);
    // Client 1: 429, 500, then 201. Client 2: 422, once.
    assert.deepEqual(namesReceived(upstream), ['Client 1', 'Client 1', 'Client 1', 'Client 2']);
    assert.ok(Date.now() - started >= 1_000, 'Retry-After was not waited for');
    const rows = reportOf(files.path('r.csv'));
    assert.deepEqual(rows.get(2), { outcome: 'delivered', status: '201', reasons: '' });
    assert.deepEqual(rows.get(3), { outcome: 'refused', status: '422', reasons: '' });
  });

  it('a request that hangs times out, and the next run delivers it', async () => {
    const file = files.path('clientes.csv');
    writeFileSync(file, clients(2));
    upstream.next('hang');
    const first = await runImport([file, '--concurrency', '1', '--timeout', '300', '--retries', '0'], env);
    assert.equal(first.code, 1);
    assert.match(first.stderr, /line 2: failed timeout/);
    upstream.reset();
    const second = await runImport([file], env);
    assert.equal(second.code, 0);
    assert.deepEqual(namesReceived(upstream), ['Client 1']);
  });

  it('Ctrl-C stops after the requests under way; the journal lets the next run finish, each row once', async () => {
    const file = files.path('clientes.csv');
    writeFileSync(file, clients(40));
    upstream.next(...Array.from({ length: 40 }, () => ({ status: 201, delayMs: 150 })));
    const { child, done } = startImport([file, '--concurrency', '2'], env);
    await until(() => upstream.received.length >= 4);
    child.kill('SIGINT');
    const stopped = await done;
    assert.equal(stopped.code, 1, stopped.stderr);
    assert.match(stopped.stderr, /SIGINT: reading stopped/);
    assert.match(stopped.stderr, /stopped before the end/);
    const journal = readFileSync(`${file}.journal`, 'utf8').trim().split('\n').filter((line) => !line.startsWith('#'));
    const firstRun = namesReceived(upstream);
    assert.ok(firstRun.length < 40);
    assert.equal(journal.length, firstRun.length, 'every request under way was answered and journaled');

    upstream.reset();
    const rest = await runImport([file], env);
    assert.equal(rest.code, 0, rest.stderr);
    const all = [...firstRun, ...namesReceived(upstream)].sort();
    assert.deepEqual(all, Array.from({ length: 40 }, (_, n) => `Client ${n + 1}`).sort());
  });

  it('killed half-way, the next run sends each row that was not answered, and only those', async () => {
    const file = files.path('clientes.csv');
    writeFileSync(file, clients(10));
    upstream.next({ status: 201 }, { status: 201 }, { status: 201 }, 'hang');
    const { child, done } = startImport([file, '--concurrency', '1'], env);
    await until(() => upstream.received.length >= 4);
    child.kill('SIGKILL');
    await done;
    assert.deepEqual(namesReceived(upstream), ['Client 1', 'Client 2', 'Client 3', 'Client 4']);

    upstream.reset();
    const rest = await runImport([file], env);
    assert.equal(rest.code, 0, rest.stderr);
    assert.deepEqual(namesReceived(upstream).sort(), ['Client 10', 'Client 4', 'Client 5', 'Client 6', 'Client 7', 'Client 8', 'Client 9']);
  });

  it('draws a progress bar on a terminal, and prints plain lines without escape codes when piped', async () => {
    const file = files.path('clientes.csv');
    writeFileSync(file, clients(12));
    upstream.next(...Array.from({ length: 12 }, () => ({ status: 201, delayMs: 30 })));
    const onTerminal = await runImport([file, '--concurrency', '1'], env, { terminal: true });
    assert.equal(onTerminal.code, 0, onTerminal.stdout);
    // Redrawn in place: carriage return, erase the line, the bar, the percentage, the rows so far.
    assert.match(onTerminal.stdout, /\r\x1b\[2K\[#*\.*\] \d+% \d+ rows \(\d+ delivered\)/);
    // Erased before the closing line, which is whole.
    assert.match(onTerminal.stdout, /\r\x1b\[2Kzappy-lead-form import: [^\r\n]*clientes\.csv \(CSV, [^)]+\): 12 delivered/);

    upstream.reset();
    rmSync(`${file}.journal`);
    const piped = await runImport([file, '--concurrency', '1'], env);
    assert.equal(piped.code, 0, piped.stderr);
    assert.doesNotMatch(piped.stderr, /[\r\x1b]/);
    assert.match(piped.stderr, /: 12 delivered\n$/);
  });

  it('--no-journal keeps no journal: a second run sends every row again', async () => {
    const file = files.path('clientes.csv');
    writeFileSync(file, clients(3));
    for (const run of [1, 2]) {
      const result = await runImport([file, '--no-journal'], env);
      assert.equal(result.code, 0, `run ${run}: ${result.stderr}`);
      assert.equal(upstream.received.length, 3 * run);
    }
    assert.equal(existsSync(`${file}.journal`), false);
  });

  it('a journal that cannot be written stops the import, says which rows it missed, and the next run sends those and the rest', async () => {
    const file = files.path('clientes.csv');
    writeFileSync(file, clients(50));
    // 512 bytes: the journal's header and about seven lines. The report goes through a pipe, where the limit does not apply.
    const fifo = files.path('report.fifo');
    execFileSync('mkfifo', [fifo]);
    const reportText = readFile(fifo, 'utf8');
    const full = await runImport([file, '--concurrency', '2', '--report', fifo], env, { fileSizeBlocks: 1 });
    assert.equal(full.code, 2, full.stderr);
    const lastLine = full.stderr.trimEnd().split('\n').at(-1)!;
    assert.match(lastLine, /^zappy-lead-form: cannot write the journal \S+clientes\.csv\.journal \((EFBIG|short-write)\) after line \d+ was delivered: stopped; free space/);
    assert.match(full.stderr, /stopped before the end/);

    const report = (await reportText).trim().split('\n').slice(1).map((line) => line.split(','));
    const delivered = report.filter(([, outcome]) => outcome === 'delivered');
    const notJournaled = delivered.filter(([, , , reasons]) => reasons === 'not-journaled').map(([line]) => `Client ${Number(line) - 1}`);
    const firstRun = namesReceived(upstream);
    assert.ok(notJournaled.length >= 1 && firstRun.length < 50, `${firstRun.length} sent, ${notJournaled.length} not journaled`);
    assert.equal(delivered.length, firstRun.length, 'every request sent was answered and reported');
    const journaled = readFileSync(`${file}.journal`, 'utf8').split('\n').filter((line) => /^[\w-]{16} \d+ \S+Z$/.test(line));
    assert.equal(journaled.length, delivered.length - notJournaled.length);

    upstream.reset();
    const rest = await runImport([file], env);
    assert.equal(rest.code, 0, rest.stderr);
    const secondRun = namesReceived(upstream);
    // Sent again: exactly the deliveries the journal missed; every client arrived.
    assert.deepEqual(secondRun.filter((name) => firstRun.includes(name)).sort(), notJournaled.sort());
    assert.deepEqual([...new Set([...firstRun, ...secondRun])].sort(), Array.from({ length: 50 }, (_, n) => `Client ${n + 1}`).sort());
  });

  it('a report that cannot be written does not stop the deliveries, and exits 2 saying so', async () => {
    const file = files.path('clientes.csv');
    writeFileSync(file, clients(40));
    // Without a journal, which would reach the limit first.
    const run = await runImport([file, '--no-journal', '--report', files.path('r.csv')], env, { fileSizeBlocks: 1 });
    assert.equal(run.code, 2, run.stderr);
    assert.equal(upstream.received.length, 40);
    assert.match(run.stderr, /: 40 delivered\n/);
    assert.match(run.stderr.trimEnd().split('\n').at(-1)!, /^zappy-lead-form: cannot write the report \S+r\.csv \((EFBIG|short-write)\): the rows were sent all the same; free space/);
  });
});
