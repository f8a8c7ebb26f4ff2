// importLeads, the library function behind the command
// (`import { importLeads } from 'zappy-lead-form/import'`): concurrency and
// rate bounds, retries with the widget's backoff, outcomes in file order, a
// stop through an AbortSignal, against the local createLead stand-in.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { beforeEach, describe, it } from 'node:test';
import { ImportError, type RowResult, exitCodeOf, importLeads } from '../../src/import/index.js';
import { HASH, csvText, importRig } from './support/import-files.js';
import type { Upstream } from './support/upstream.js';

/** A `;` list of `count` valid clients, names `Cliente 1`... */
function clientes(count: number): string {
  const rows = [['Nome', 'Telemóvel']];
  for (let n = 1; n <= count; n++) rows.push([`Cliente ${n}`, `93${String(n).padStart(7, '0')}`]);
  return csvText(rows, ';');
}

describe('importLeads', () => {
  const rig = importRig();
  let upstream: Upstream;
  let file: string;
  beforeEach(() => {
    upstream = rig.upstream;
    file = rig.files.path('clientes.csv');
  });

  it('never has more requests under way than its concurrency, and uses all of it', async () => {
    writeFileSync(file, clientes(24));
    upstream.next(...Array.from({ length: 24 }, () => ({ status: 201, delayMs: 30 })));
    let open = 0;
    let most = 0;
    const counting: typeof fetch = async (...args) => {
      most = Math.max(most, ++open);
      try {
        return await fetch(...args);
      } finally {
        open -= 1;
      }
    };
    const summary = await importLeads({ file, accountHash: HASH, endpoint: upstream.endpoint, concurrency: 3, fetch: counting });
    assert.equal(summary.counts.delivered, 24);
    assert.equal(most, 3);
    assert.equal(exitCodeOf(summary), 0);
  });

  it('spaces requests evenly to --rate', async () => {
    writeFileSync(file, clientes(6));
    const started = Date.now();
    await importLeads({ file, accountHash: HASH, endpoint: upstream.endpoint, concurrency: 6, rate: { limit: 20, windowMs: 1000 } });
    // Six turns 50 ms apart: the last starts 250 ms after the first.
    assert.ok(Date.now() - started >= 240, `took ${Date.now() - started} ms`);
  });

  it('retries with backoff until delivered, and hands outcomes on in file order', async () => {
    writeFileSync(file, clientes(5));
    upstream.next({ status: 503 }, 'reset', { status: 502 });
    const rows: RowResult[] = [];
    const summary = await importLeads({
      file,
      accountHash: HASH,
      endpoint: upstream.endpoint,
      journal: false,
      backoff: { baseMs: 5 },
      onRow: (row) => rows.push(row),
    });
    assert.deepEqual(rows.map((row) => row.line), [2, 3, 4, 5, 6]);
    assert.ok(rows.every((row) => row.outcome === 'delivered'));
    assert.equal(rows.reduce((sum, row) => sum + row.attempts, 0), 8);
    assert.equal(summary.counts.delivered, 5);
  });

  it('holds every sender after a Retry-After, not only the row that got it', async () => {
    writeFileSync(file, clientes(4));
    // The second row's answer comes after the 429, so the third row asks for its turn once the hold is set.
    upstream.next({ status: 429, headers: { 'Retry-After': '1' } }, { status: 201, delayMs: 200 });
    const started = Date.now();
    const sentAt: number[] = [];
    const timing: typeof fetch = (...args) => {
      sentAt.push(Date.now() - started);
      return fetch(...args);
    };
    await importLeads({ file, accountHash: HASH, endpoint: upstream.endpoint, concurrency: 2, journal: false, fetch: timing });
    // The 429 and the request beside it; everything after waits out the Retry-After.
    assert.equal(sentAt.length, 5);
    assert.equal(sentAt.filter((ms) => ms < 900).length, 2, String(sentAt));
  });

  it('stops reading when its signal aborts, lets requests under way finish and journals them', async () => {
    writeFileSync(file, clientes(50));
    upstream.next(...Array.from({ length: 50 }, () => ({ status: 201, delayMs: 40 })));
    const stop = new AbortController();
    const summary = await importLeads({
      file,
      accountHash: HASH,
      endpoint: upstream.endpoint,
      concurrency: 2,
      signal: stop.signal,
      onRow: (row) => {
        if (row.line === 4) stop.abort();
      },
    });
    assert.equal(summary.stopped, true);
    assert.equal(exitCodeOf(summary), 1);
    assert.ok(summary.counts.delivered < 50);
    assert.equal(summary.counts.delivered, upstream.received.length);
    const journaled = readFileSync(`${file}.journal`, 'utf8').split('\n').filter((line) => /^[\w-]{16} /.test(line));
    assert.equal(journaled.length, summary.counts.delivered);
  });

  it('detects Windows-1252 whose first accented letter comes after a megabyte of plain ASCII', async () => {
    // An ASCII header too: the first accented letter is João's, on the last line.
    const rows = clientes(50_000).replace('Telemóvel', 'Telemovel');
    writeFileSync(file, Buffer.concat([Buffer.from(rows, 'latin1'), Buffer.from('João Gonçalves;912345678\r\n', 'latin1')]));
    assert.ok(rows.length > 1_000_000);
    let last: RowResult | undefined;
    const summary = await importLeads({ file, dryRun: true, onRow: (row) => (last = row) });
    assert.deepEqual(summary.format, { kind: 'csv', encoding: 'windows-1252', delimiter: ';' });
    assert.equal(last?.lead?.client_name, 'João Gonçalves');
    assert.equal(summary.counts.valid, 50_001);
  });

  it('rejects with an ImportError before sending anything', async () => {
    writeFileSync(file, clientes(1));
    await assert.rejects(importLeads({ file, endpoint: upstream.endpoint }), ImportError);
    await assert.rejects(importLeads({ file, accountHash: HASH, endpoint: upstream.endpoint, map: { client_email: 'Correio' } }), /no column "Correio"/);
    await assert.rejects(importLeads({ file, accountHash: HASH, concurrency: 0 }), /--concurrency/);
    assert.equal(upstream.received.length, 0);
  });
});
