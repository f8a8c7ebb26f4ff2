#!/usr/bin/env node
// `npm run bench:import`: what checking costs in `npx zappy-lead-form import`,
// next to a bare parse of the same file with the same CSV library, in the
// same run. Not part of `npm test`.
//
//   npm run bench:import                  builds dist/server/ first; 100,000 rows,
//                                         then 200,000 for the memory
//   npm run bench:import -- --no-build    measure dist/server/ as it is
//   npm run bench:import -- --rows 50000  another size (memory: it and twice it)
//   npm run bench:import -- --runs 3      runs of each, the median kept
//   npm run bench:import -- --out some.json  write the figures elsewhere
//
// The file is generated here, as an export from Portugal writes it: `;`,
// CRLF, UTF-8 with accents, ten columns (first and last name, email, mobile,
// NIF, birthday as dd/mm/aaaa, street, postal code, city, notes), one row in
// fifty with a mistake (a landline, a bad NIF), one in a hundred quoted with a
// line break in the notes. Each subject runs in a child process of its own, so
// that its peak memory is its own:
//   - bare parse: csv-parse (the import's parser) over the file's stream with
//     the same options, counting records: the floor any streaming import
//     stands on;
//   - import: `node dist/server/cli.js import FILE --dry-run` (no journal there),
//     the command as a user runs it: decoding, separator detection, parsing,
//     header recognition, every row through leadFromRecord (the widget's
//     checkers: libphonenumber-js with every country's rules, NIF, birthday,
//     email...), a fingerprint per row for duplicates, the report to /dev/null.
// Wall time from spawn to exit (node's start-up included, ~0.1 s, both sides),
// rows per second, the CPU time the process spent (user + system), and peak
// RSS (getrusage, read by a probe preloaded with --import; the measured code
// is not touched). The target is judged on CPU time: on a machine shared with
// other work (CI's, a developer's with tests running) the wall time of the
// longer run stretches more than the shorter's; both are printed.
//
// Targets (issue #11): checking costs at most 10x the bare parse; memory flat
// as the file grows (the import's peak RSS at twice the rows within 25% of
// its peak at the rows). The exit code is 1 when one is missed. The figures
// go to .config/bench/results/import-latest.json.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, openSync, writeSync, closeSync, readFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { quantile, round } from './stats.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const { values: flags } = parseArgs({
  options: {
    build: { type: 'boolean', default: true },
    rows: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '3' },
    out: { type: 'string', default: join(root, '.config/bench/results/import-latest.json') },
  },
  allowNegative: true,
});
const rows = Number(flags.rows);
const runs = Number(flags.runs);
const CLI = join(root, 'dist/server/cli.js');
const MAX_RATIO = 10;
const MAX_MEMORY_GROWTH = 1.25;

if (flags.build) {
  const build = spawnSync(process.execPath, [join(root, '.config/build/build.js'), '--server'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(1);
}

const work = mkdtempSync(join(tmpdir(), 'zappy-import-bench-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

// Preloaded into each child: at exit, its peak RSS (kB) and CPU time (µs) to the file named in the environment.
const probe = join(work, 'usage-probe.mjs');
writeFileSync(
  probe,
  "import { writeFileSync } from 'node:fs';\nprocess.on('exit', () => { const u = process.resourceUsage(); writeFileSync(process.env.BENCH_USAGE_FILE, JSON.stringify({ maxRSS: u.maxRSS, cpu: u.userCPUTime + u.systemCPUTime })); });\n",
);

// The bare parse: the import's parser and options, nothing else.
const bare = join(work, 'bare-parse.mjs');
writeFileSync(
  bare,
  `import { createReadStream } from 'node:fs';
import { parse } from ${JSON.stringify(import.meta.resolve('csv-parse'))};
let records = 0;
const parser = createReadStream(process.argv[2]).pipe(parse({ delimiter: ';', bom: true, relax_quotes: true, relax_column_count: true, skip_empty_lines: true, max_record_size: 65536 }));
for await (const record of parser) records += record.length > 0 ? 1 : 0;
console.log(records);
`,
);

const FIRST = ['Ana', 'João', 'Inês', 'Rui', 'Maria', 'Tiago', 'Beatriz', 'Gonçalo', 'Leonor', 'André'];
const LAST = ['Silva', 'Gonçalves', 'Simões', 'Côrte-Real', 'Araújo', 'Magalhães', 'Fernandes', 'Pereira'];
const CITIES = ['Braga', 'Lisboa', 'Porto', 'Évora', 'Coimbra', 'Setúbal', 'Viseu', 'Faro'];

/** A NIF with the right check digit, from a number of eight digits starting with 1 to 3. */
function nif(seed) {
  const body = String(10_000_000 + (seed % 29_999_999)).padStart(8, '0');
  const sum = [...body].reduce((total, digit, index) => total + Number(digit) * (9 - index), 0);
  const check = 11 - (sum % 11);
  return body + (check >= 10 ? 0 : check);
}

/** Writes a client list of `count` rows, in blocks. */
function generate(path, count) {
  const fd = openSync(path, 'w');
  let block = 'Nome;Apelido;Email;Telemóvel;NIF;Data de nascimento;Morada;Código Postal;Localidade;Observações\r\n';
  for (let n = 1; n <= count; n++) {
    const first = FIRST[n % FIRST.length];
    const last = LAST[(n * 7) % LAST.length];
    const mistake = n % 50 === 0;
    const mobile = mistake ? `253 ${String(n % 1_000_000).padStart(6, '0')}` : `9${[1, 2, 3, 6][n % 4]} ${String(n % 10_000_000).padStart(7, '0')}`;
    const vat = n % 50 === 25 ? '123456780' : nif(n);
    const birthday = `${String((n % 28) + 1).padStart(2, '0')}/${String((n % 12) + 1).padStart(2, '0')}/${1950 + (n % 55)}`;
    const notes = n % 100 === 0 ? '"Prefere manhãs;\r\nligar antes"' : n % 3 === 0 ? 'cliente habitual' : '';
    block += `${first};${last};cliente${n}@exemplo.pt;${mobile};${vat};${birthday};Rua ${last} ${n % 300};${4700 + (n % 200)}-${String(n % 1000).padStart(3, '0')};${CITIES[n % CITIES.length]};${notes}\r\n`;
    if (block.length > 1 << 20) {
      writeSync(fd, block);
      block = '';
    }
  }
  writeSync(fd, block);
  closeSync(fd);
}

/** Runs `args` under node with the probe; wall and CPU milliseconds, peak RSS in MB. */
function measure(args) {
  const usageFile = join(work, `usage-${process.hrtime.bigint()}`);
  const started = performance.now();
  const result = spawnSync(process.execPath, ['--import', probe, ...args], { env: { PATH: process.env.PATH, BENCH_USAGE_FILE: usageFile }, encoding: 'utf8', maxBuffer: 1 << 26 });
  const ms = performance.now() - started;
  if (result.status !== 0 && result.status !== 1) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  const usage = JSON.parse(readFileSync(usageFile, 'utf8'));
  return { ms, cpuMs: usage.cpu / 1000, rssMB: usage.maxRSS / 1024, stdout: result.stdout, stderr: result.stderr };
}

/** The median run of each subject on a file of `count` rows. */
function bench(count) {
  const file = join(work, `clientes-${count}.csv`);
  generate(file, count);
  const middle = (samples, key) => quantile(samples.map((sample) => sample[key]).sort((a, b) => a - b), 0.5);
  const median = (samples) => ({ ms: middle(samples, 'ms'), cpuMs: middle(samples, 'cpuMs'), rssMB: Math.max(...samples.map((sample) => sample.rssMB)) });
  const parses = [];
  const imports = [];
  for (let run = 0; run < runs; run++) {
    const parse = measure([bare, file]);
    if (Number(parse.stdout.trim()) < count) throw new Error(`the bare parse read ${parse.stdout.trim()} records of ${count + 1}`);
    parses.push(parse);
    const done = measure([CLI, 'import', file, '--dry-run', '--journal', join(work, 'no.journal'), '--report', '/dev/null']);
    const summary = done.stderr.trim().split('\n').at(-1);
    if (!/valid/.test(summary)) throw new Error(`the import did not finish: ${done.stderr.slice(-500)}`);
    imports.push({ ...done, summary });
  }
  const parse = median(parses);
  const imported = median(imports);
  return {
    rows: count,
    fileMB: round(readFileSync(file).length / 1e6, 1),
    bareParse: { seconds: round(parse.ms / 1000), cpuSeconds: round(parse.cpuMs / 1000), rowsPerSecond: Math.round(count / (parse.ms / 1000)), peakRssMB: round(parse.rssMB, 1) },
    import: {
      seconds: round(imported.ms / 1000),
      cpuSeconds: round(imported.cpuMs / 1000),
      rowsPerSecond: Math.round(count / (imported.ms / 1000)),
      peakRssMB: round(imported.rssMB, 1),
      summary: imports.at(-1).summary.replace(`${work}/`, ''),
    },
    ratio: round(imported.cpuMs / parse.cpuMs, 2),
    wallRatio: round(imported.ms / parse.ms, 2),
  };
}

const loadBefore = loadavg();
const small = bench(rows);
const large = bench(rows * 2);
const growth = round(large.import.peakRssMB / small.import.peakRssMB, 2);
const results = {
  date: new Date().toISOString(),
  loadAverage: loadBefore.map((load) => round(load, 2)),
  node: process.version,
  cpus: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}`,
  runs,
  sizes: [small, large],
  memoryGrowth: growth,
  targets: { maxRatio: MAX_RATIO, maxMemoryGrowth: MAX_MEMORY_GROWTH },
};

const line = (cells) => cells.map((cell, index) => (index === 0 ? String(cell).padEnd(26) : String(cell).padStart(14))).join('');
console.log(`\nnpx zappy-lead-form import --dry-run vs a bare csv-parse, median of ${runs} (Node ${process.version}, ${results.cpus})\n`);
console.log(line(['', ...results.sizes.map((size) => `${size.rows.toLocaleString('en-US')} rows`)]));
console.log(line(['file', ...results.sizes.map((size) => `${size.fileMB} MB`)]));
console.log(line(['bare parse, rows/s', ...results.sizes.map((size) => size.bareParse.rowsPerSecond.toLocaleString('en-US'))]));
console.log(line(['import, rows/s', ...results.sizes.map((size) => size.import.rowsPerSecond.toLocaleString('en-US'))]));
console.log(line(['bare parse, CPU', ...results.sizes.map((size) => `${size.bareParse.cpuSeconds} s`)]));
console.log(line(['import, CPU', ...results.sizes.map((size) => `${size.import.cpuSeconds} s`)]));
console.log(line(['import ÷ bare parse, CPU', ...results.sizes.map((size) => `${size.ratio}x`)]));
console.log(line(['import ÷ bare parse, wall', ...results.sizes.map((size) => `${size.wallRatio}x`)]));
console.log(line(['bare parse, peak RSS', ...results.sizes.map((size) => `${size.bareParse.peakRssMB} MB`)]));
console.log(line(['import, peak RSS', ...results.sizes.map((size) => `${size.import.peakRssMB} MB`)]));
console.log(`\nload average before: ${loadBefore.map((load) => load.toFixed(1)).join(' ')}; after: ${loadavg().map((load) => load.toFixed(1)).join(' ')}`);
console.log(`the import's closing line (${small.rows.toLocaleString('en-US')} rows): ${small.import.summary}`);

const missed = [];
for (const size of results.sizes) if (size.ratio > MAX_RATIO) missed.push(`checking costs ${size.ratio}x the bare parse's CPU time at ${size.rows} rows (target ≤ ${MAX_RATIO}x)`);
if (growth > MAX_MEMORY_GROWTH) missed.push(`peak RSS grows ${growth}x from ${small.rows} to ${large.rows} rows (target ≤ ${MAX_MEMORY_GROWTH}x)`);
console.log(missed.length === 0 ? `\nTargets met: ≤ ${MAX_RATIO}x the bare parse; peak RSS ${growth}x at twice the rows.` : `\nTargets missed:\n  ${missed.join('\n  ')}`);
mkdirSync(join(root, '.config/bench/results'), { recursive: true });
writeFileSync(flags.out, `${JSON.stringify({ ...results, missed }, null, 2)}\n`);
console.log(`Figures: ${relative(root, flags.out)}`);
process.exit(missed.length > 0 ? 1 : 0);
