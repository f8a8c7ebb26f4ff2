/**
 * For the import's tests: client lists written as real exports write them
 * (Windows-1252 with `;` and CRLF, UTF-8 with a BOM), and the built
 * `zappy-lead-form import` run as `npx` runs it, with its output checked for
 * the account hash every time.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach } from 'node:test';
import JSZip from 'jszip';
import { CLI } from './relay-runtimes.js';
import { type Upstream, startUpstream } from './upstream.js';

/** The account hash every test uses; no output may contain it. */
export const HASH = 'hash-s3cr3t-1mp0rt-7a2b';

/** A folder for one test's files. */
export interface Scratch {
  dir: string;
  path: (name: string) => string;
  remove: () => void;
}

/** A fresh folder for one test's files, removed by the returned function. */
export function scratch(): Scratch {
  const dir = mkdtempSync(join(tmpdir(), 'zappy-import-'));
  return { dir, path: (name) => join(dir, name), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A CSV text from rows of fields, quoted where RFC 4180 needs it, with `eol` after each row. */
export function csvText(rows: readonly (readonly string[])[], delimiter: string, eol = '\r\n'): string {
  const quote = (field: string) => (field.includes(delimiter) || /["\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field);
  return rows.map((row) => row.map(quote).join(delimiter) + eol).join('');
}

/**
 * Hooks for a `describe` of import tests: one createLead stand-in for the
 * whole block, emptied before each test, and a fresh folder per test.
 */
export function importRig(): { readonly upstream: Upstream; readonly files: Scratch } {
  const rig = {} as { upstream: Upstream; files: Scratch };
  before(async () => {
    rig.upstream = await startUpstream();
  });
  after(() => rig.upstream.close());
  beforeEach(() => {
    rig.upstream.reset();
    rig.files = scratch();
  });
  afterEach(() => rig.files.remove());
  return rig;
}

/**
 * Writes an `.xlsx` by hand, part by part, for what no spreadsheet program
 * writes (hostile files): a workbook of one sheet "Folha1" whose `<sheetData>`
 * is `rows`, with `sharedStrings` (the `<si>` elements) when given.
 */
export async function handMadeXlsx(path: string, rows: string, sharedStrings?: string): Promise<void> {
  const zip = new JSZip();
  const main = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
  const relations = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
  zip.file('xl/workbook.xml', `<workbook ${main} ${relations}><sheets><sheet name="Folha1" sheetId="1" r:id="rId1"/></sheets></workbook>`);
  zip.file(
    'xl/_rels/workbook.xml.rels',
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
  );
  zip.file('xl/worksheets/sheet1.xml', `<worksheet ${main}><sheetData>${rows}</sheetData></worksheet>`);
  if (sharedStrings !== undefined) zip.file('xl/sharedStrings.xml', `<sst ${main}>${sharedStrings}</sst>`);
  writeFileSync(path, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
}

/** An inline-string cell of a hand-made sheet. */
export const inlineCell = (reference: string, text: string) => `<c r="${reference}" t="inlineStr"><is><t>${text}</t></is></c>`;

/** Text as Windows-1252 bytes (Portuguese letters are all in its Latin-1 half). */
export const windows1252 = (text: string): Buffer => Buffer.from(text, 'latin1');

/** Text as UTF-8 with a byte-order mark, as Excel's "CSV UTF-8" saves it. */
export const utf8WithBom = (text: string): Buffer => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);

/** A finished run of the command. */
export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** How to start the command, beyond its arguments and environment. */
export interface StartOptions {
  /**
   * Runs it under `ulimit -f` with this many 512-byte blocks: a write past
   * the limit fails with EFBIG (Node ignores SIGXFSZ), as on a full disk,
   * but only for regular files, so its output still arrives.
   */
  fileSizeBlocks?: number;
  /** Runs it on a pseudo-terminal (util-linux `script`): stdout and stderr both arrive as `stdout`. */
  terminal?: boolean;
}

const shellQuote = (word: string) => `'${word.replaceAll("'", `'\\''`)}'`;

/** Starts `zappy-lead-form import ...args` with only PATH and `env` set. */
export function startImport(args: readonly string[], env: Record<string, string> = {}, { fileSizeBlocks, terminal = false }: StartOptions = {}): { child: ChildProcess; done: Promise<Run> } {
  const argv = [process.execPath, CLI, 'import', ...args];
  const command = fileSizeBlocks === undefined ? argv : ['sh', '-c', `ulimit -f ${fileSizeBlocks}; exec "$0" "$@"`, ...argv];
  const [program, ...rest] = terminal ? ['script', '--quiet', '--return', '--command', command.map(shellQuote).join(' '), '/dev/null'] : command;
  const child = spawn(program!, rest, { env: { PATH: process.env.PATH ?? '', ...(terminal ? { TERM: 'xterm' } : {}), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const done = once(child, 'close').then(([code, signal]) => {
    assert.ok(!`${stdout}${stderr}`.includes(HASH), `the account hash was printed:\n${stdout}${stderr}`);
    return { code: code as number | null, signal: signal as NodeJS.Signals | null, stdout, stderr };
  });
  return { child, done };
}

/** Runs `zappy-lead-form import ...args` to its end. */
export const runImport = (args: readonly string[], env: Record<string, string> = {}, options: StartOptions = {}): Promise<Run> => startImport(args, env, options).done;
