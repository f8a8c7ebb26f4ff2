#!/usr/bin/env node
// `npm run bench:relay`: what the relay (`npx zappy-lead-form relay`) costs
// over the upstream it forwards to, under load. Not part of `npm test`.
//
//   npm run bench:relay                   builds dist/server/ first, then
//                                         10 s of each after 3 s of warm-up
//   npm run bench:relay -- --no-build     measure dist/server/ as it is
//   npm run bench:relay -- --duration 20 --warmup 5 --connections 100
//   npm run bench:relay -- --amount 50000 the requests of the memory phase
//   npm run bench:relay -- --rate 200     the fixed rate of the unsaturated runs
//   npm run bench:relay -- --cli /tmp/x/dist/server/cli.js
//                                         measure another build of the
//                                         command (a change to compare); no build
//   npm run bench:relay -- --log null     relay's log lines to /dev/null
//                                         (default: to a temporary file)
//   npm run bench:relay -- --markdown     also print the tables for the README
//   npm run bench:relay -- --out some.json  write the figures elsewhere
//
// Three processes, so that none shares an event loop with another:
//   - the upstream stand-in, a child process: a bare node:http server that
//     answers every POST 201 `{"id":"rec-1"}`, keep-alive on (Zappy's
//     createLead as the relay sees it, minus the network);
//   - the relay, a child process: `node dist/server/cli.js relay`, configured
//     as an operator would (ZAPPY_ACCOUNT_HASH, ZAPPY_ENDPOINT at the stand-in,
//     ZAPPY_RATE_LIMIT=off, ZAPPY_ALLOWED_ORIGINS, HOST, PORT=0), its standard
//     output (one JSON log line per request) going to a file;
//   - autocannon, here, the load generator (node:http for the fixed rate).
// The same requests, with the same headers and body, go first to the upstream
// alone, then through the relay, as fast as 100 connections go (closed loop:
// each connection sends its next request once answered): throughput and
// latency percentiles (each response's time as autocannon measures it, kept to
// the microsecond: its own percentiles are whole milliseconds), errors, and the
// CPU each process spent. At saturation the latency is mostly queueing (100
// connections / requests per second), so both are then run again at a fixed
// rate that the relay keeps up with (`--rate`, default 200 requests/s): the
// latency the relay adds to one request. Not with autocannon's overallRate,
// which sends each second's requests in one burst at the start of the second,
// but open loop, evenly spaced, from node:http with a keep-alive agent of up
// to 100 sockets, each request's time from its write to its response's end.
// Then the memory of a fresh relay process before load and every 10,000
// requests up to 50,000 (autocannon's `amount`): RSS as /proc/<pid>/status shows it,
// and the JS heap in use after a full GC (a tiny probe preloaded into the
// relay with --import answers over the IPC channel; the relay code is not
// touched). Twice: without an Idempotency-Key (every byte kept is a leak) and
// with a fresh one per request (the delivered keys are kept on purpose, in a
// store capped at 100,000 keys).
//
// Targets (issue "npm run bench:relay"): the relay adds at most 2 ms to the
// median, keeps at least half the upstream's throughput, no errors, flat
// memory. The exit code is 1 when one is missed. The figures go to
// .config/bench/results/relay-latest.json.
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { Agent, request as httpRequest } from 'node:http';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { quantile, round } from './stats.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

const { values: options } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    connections: { type: 'string', default: '100' },
    amount: { type: 'string', default: '50000' },
    rate: { type: 'string', default: '200' },
    cli: { type: 'string' },
    log: { type: 'string', default: 'file' },
    'no-build': { type: 'boolean', default: false },
    markdown: { type: 'boolean', default: false },
    out: { type: 'string', default: join(root, '.config/bench/results/relay-latest.json') },
  },
});
const DURATION = Number(options.duration);
const WARMUP = Number(options.warmup);
const CONNECTIONS = Number(options.connections);
const AMOUNT = Number(options.amount);
const RATE = Number(options.rate);
const CLI = options.cli ? resolve(options.cli) : join(root, 'dist/server/cli.js');
/** Requests between two memory readings; the first one after load is judged against the last. */
const FIRST_READING = 10_000;
if (!Number.isInteger(DURATION) || DURATION < 1 || !Number.isInteger(WARMUP) || WARMUP < 0) {
  throw new Error('--duration must be a whole number of seconds from 1, --warmup from 0');
}
if (!Number.isInteger(CONNECTIONS) || CONNECTIONS < 1) throw new Error('--connections must be a whole number from 1');
if (!Number.isInteger(AMOUNT) || AMOUNT <= FIRST_READING) throw new Error(`--amount must be a whole number above ${FIRST_READING}`);
if (!Number.isInteger(RATE) || RATE < 1) throw new Error('--rate must be a whole number of requests per second from 1');
if (options.log !== 'file' && options.log !== 'null') throw new Error('--log must be `file` or `null`');

const TARGETS = {
  /** Most milliseconds the relay may add to the median latency. */
  addedMedianMs: 2,
  /** Least share of the upstream's requests per second the relay must keep. */
  throughputRatio: 0.5,
  /**
   * Most growth of the JS heap in use (after a full GC) from 10,000 to 50,000
   * requests without an Idempotency-Key: 50 bytes a request, so a per-request
   * leak of even one small object shows (the heap then plateaus: +0.5 to
   * +0.7 MB here, as the last functions get optimised).
   */
  heapGrowthBytes: 2_000_000,
  /**
   * Most RSS growth over the same span, as a share of the RSS at 10,000, the
   * lower of the last two readings: RSS jumps by tens of MB with GC timing,
   * once (a leak raises every later reading), so it only catches a gross leak;
   * the heap catches the fine ones.
   */
  rssGrowthShare: 0.1,
  /**
   * Most heap a remembered Idempotency-Key may cost: the store documents
   * 100,000 keys as "about 15 MB", 150 bytes each; twice that is the bound.
   */
  heapBytesPerKey: 300,
};

/** The account hash the relay adds: a stand-in, never a real one. */
const ACCOUNT_HASH = 'bench-hash';
const ORIGIN = 'https://www.salao.pt';

/**
 * What the widget posts: a lead as the form sends it once checked (a
 * Portuguese mobile in E.164), 239 bytes of JSON.
 */
const LEAD = {
  form_id: 'contactos',
  campaign_name: 'primavera-2026',
  client_name: 'Ana Sofia Martins',
  client_email: 'ana.martins@example.pt',
  client_mobile: '+351912345678',
  client_source: 'website',
  client_zipcode: '1100-148',
  client_city: 'Lisboa',
};
const BODY = JSON.stringify(LEAD);

/**
 * The request headers of a browser's `fetch` from the widget, trimmed to what
 * matters: the relay turns every header into a `Headers` entry, so a bare
 * request would flatter it. `[<id>]` becomes a fresh id per request (autocannon's
 * `idReplacement`), in both runs alike, so the load generator works the same.
 */
const headers = (freshKey) => ({
  'content-type': 'application/json',
  origin: ORIGIN,
  referer: `${ORIGIN}/contactos`,
  accept: '*/*',
  'accept-language': 'pt-PT,pt;q=0.9,en;q=0.8',
  'user-agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/146.0.0.0 Safari/537.36',
  ...(freshKey ? { 'idempotency-key': '[<id>]' } : {}),
});

// --- the upstream stand-in ---

/**
 * The stand-in, run with `node -e`: answers every POST 201 with a small JSON
 * body once the request body is read, counts them, and tells its port and
 * count over IPC.
 */
const UPSTREAM_SOURCE = `
const { createServer } = require('node:http');
const body = Buffer.from('{"id":"rec-1"}');
let posts = 0;
const server = createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    if (request.method === 'POST') posts += 1;
    response.writeHead(request.method === 'POST' ? 201 : 405, { 'content-type': 'application/json', 'content-length': body.length });
    response.end(body);
  });
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
process.on('message', (message) => { if (message === 'posts') process.send({ posts }); });
process.on('disconnect', () => process.exit(0));
`;

/**
 * The relay's memory probe, preloaded with --import: on `memory`, a full GC,
 * 200 ms for the finalizers it queued (undici's), another full GC, then
 * process.memoryUsage() over IPC. It adds a message listener, nothing else.
 */
const PROBE = `data:text/javascript,${encodeURIComponent(
  "process.on('message', (m) => { if (m === 'memory') { const b = process.memoryUsage(); globalThis.gc(); setTimeout(() => { globalThis.gc(); " +
    'process.send({ memory: { ...process.memoryUsage(), heapTotalBeforeGc: b.heapTotal } }); }, 200); } });',
)}`;

const children = new Set();
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

/** Sends `message` to `child` (unless undefined) and resolves with the first answer that has `key`. */
function ask(child, message, key) {
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${key} from process ${child.pid} within 10 s`)), 10_000);
    const listener = (answer) => {
      if (answer && typeof answer === 'object' && key in answer) {
        clearTimeout(timer);
        child.off('message', listener);
        resolvePromise(answer[key]);
      }
    };
    child.on('message', listener);
    if (message !== undefined) child.send(message);
  });
}

/** Rejects when `child` (`name`) exits before `promise` settles, with what it wrote to stderr. */
function untilExit(child, name, promise, stderr) {
  return new Promise((resolvePromise, reject) => {
    const onExit = (code, signal) => reject(new Error(`${name} exited (${signal ?? code}) before it was ready:\n${stderr()}`));
    child.once('exit', onExit);
    promise.then(
      (value) => {
        child.off('exit', onExit);
        resolvePromise(value);
      },
      reject,
    );
  });
}

async function startUpstream() {
  const child = spawn(process.execPath, ['-e', UPSTREAM_SOURCE], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  const port = await untilExit(child, 'the upstream stand-in', ask(child, undefined, 'port'), () => '(see above)');
  const posts = () => ask(child, 'posts', 'posts');
  return {
    child,
    url: `http://127.0.0.1:${port}`,
    posts,
    /**
     * The POSTs received once none have come for 300 ms: autocannon stops
     * counting at the end of a run, but the relay still forwards what it has taken.
     */
    async settledPosts() {
      let last = await posts();
      for (;;) {
        await new Promise((done) => setTimeout(done, 300));
        const now = await posts();
        if (now === last) return now;
        last = now;
      }
    },
  };
}

/**
 * Starts `node dist/server/cli.js relay` pointed at `upstream`, its standard
 * output to `logPath`, and resolves once it says where it listens.
 */
async function startRelay(upstream, logPath) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('ZAPPY_') && name !== 'NODE_OPTIONS'));
  Object.assign(env, {
    ZAPPY_ACCOUNT_HASH: ACCOUNT_HASH,
    ZAPPY_ENDPOINT: `${upstream.url}/4/clientes/createLead`,
    ZAPPY_RATE_LIMIT: 'off',
    ZAPPY_ALLOWED_ORIGINS: ORIGIN,
    HOST: '127.0.0.1',
    PORT: '0',
  });
  const log = openSync(logPath, 'a');
  const child = spawn(process.execPath, ['--expose-gc', '--import', PROBE, CLI, 'relay'], { env, stdio: ['ignore', log, 'pipe', 'ipc'] });
  closeSync(log);
  children.add(child);
  child.once('exit', () => children.delete(child));
  let stderr = '';
  const listening = new Promise((resolvePromise) => {
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(stderr);
      if (match) resolvePromise(match[1]);
    });
  });
  const url = await untilExit(child, `node ${relative(root, CLI)} relay`, listening, () => stderr);
  return {
    child,
    url,
    stderr: () => stderr,
    stop: () =>
      new Promise((resolvePromise) => {
        if (child.exitCode !== null) return resolvePromise();
        child.once('exit', () => resolvePromise());
        child.kill('SIGTERM');
      }),
  };
}

// --- what a process spent ---

/**
 * Share of the CPUs busy over the next `ms` (from /proc/stat), or the load
 * average per core where there is no /proc: other work on the machine
 * slows every process of the bench.
 */
async function busyShare(ms = 2_000) {
  const read = () => readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1, 9).map(Number);
  try {
    const before = read();
    await new Promise((done) => setTimeout(done, ms));
    const after = read();
    const total = after.reduce((sum, value, index) => sum + value - before[index], 0);
    // idle and iowait
    const idle = after[3] - before[3] + (after[4] - before[4]);
    return round(1 - idle / total, 2);
  } catch {
    return round(loadavg()[0] / cpus().length, 2);
  }
}

/** Kernel clock ticks a second, the unit of /proc/<pid>/stat's CPU times. */
const TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** User + system CPU milliseconds of `pid`, or NaN where there is no /proc. */
function cpuMs(pid) {
  try {
    // The fields after the command name, which may hold spaces: utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS;
  } catch {
    return Number.NaN;
  }
}

/** RSS of `pid` in bytes, as the kernel counts it (VmRSS), or NaN where there is no /proc. */
function rssBytes(pid) {
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** The relay's memory now: RSS as it stands, then the heap in use after a full GC. */
async function memoryOf(relay, requests) {
  const rss = rssBytes(relay.child.pid);
  const usage = await ask(relay.child, 'memory', 'memory');
  return {
    requests,
    rss: Number.isNaN(rss) ? usage.rss : rss,
    heapUsedAfterGc: usage.heapUsed,
    heapTotalBeforeGc: usage.heapTotalBeforeGc,
    heapTotalAfterGc: usage.heapTotal,
    rssAfterGc: usage.rss,
    external: usage.external,
  };
}

// --- load ---

/**
 * One autocannon run of POSTs at `url`, for `duration` seconds or `amount`
 * requests, as fast as the connections go, with the CPU that `pids` spent
 * meanwhile.
 */
async function load(url, { duration, amount, freshKey, pids = {} }) {
  const latencies = [];
  const cpuBefore = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuMs(pid)]));
  const selfBefore = process.cpuUsage();
  const run = autocannon({
    url,
    method: 'POST',
    connections: CONNECTIONS,
    pipelining: 1,
    timeout: 10,
    headers: headers(freshKey),
    body: BODY,
    idReplacement: freshKey,
    ...(amount ? { amount } : { duration }),
  });
  run.on('response', (_client, statusCode, _bytes, responseTime) => {
    if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
  });
  const result = await run;
  const self = process.cpuUsage(selfBefore);
  const cpu = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuMs(pid) - cpuBefore[name]]));
  cpu.loadGenerator = (self.user + self.system) / 1000;
  return summarise({
    total: result.requests.total,
    ok: result['2xx'],
    seconds: result.duration,
    latencies,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, { count: times }]) => [code, times])),
    cpu,
  });
}

/**
 * POSTs at `url` at a fixed `rate` for `duration` seconds, open loop: request
 * i is written at start + i / rate whether or not the earlier ones were
 * answered, over a keep-alive agent of up to {@link CONNECTIONS} sockets, a
 * fresh Idempotency-Key (a UUID, as the widget's lead id) each.
 */
async function paced(url, { rate, duration, pids = {} }) {
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const body = Buffer.from(BODY);
  const base = { ...headers(false), 'content-length': String(body.length) };
  const total = rate * duration;
  const interval = 1000 / rate;
  const latencies = [];
  const statusCodes = {};
  let errors = 0;
  let timeouts = 0;
  let non2xx = 0;
  const cpuBefore = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuMs(pid)]));
  const selfBefore = process.cpuUsage();
  const start = performance.now();
  await new Promise((done) => {
    let sent = 0;
    let settled = 0;
    const settle = () => {
      settled += 1;
      if (settled === total) done();
    };
    const send = () => {
      // Each request settles once: answered, timed out, or failed.
      let over = false;
      const fail = (kind) => {
        if (over) return;
        over = true;
        if (kind === 'timeout') timeouts += 1;
        else errors += 1;
        settle();
      };
      const request = httpRequest(url, { method: 'POST', agent, headers: { ...base, 'idempotency-key': randomUUID() }, timeout: 10_000 }, (response) => {
        response.resume();
        response.on('error', () => fail('error'));
        response.on('end', () => {
          if (over) return;
          over = true;
          const code = response.statusCode ?? 0;
          statusCodes[code] = (statusCodes[code] ?? 0) + 1;
          if (code >= 200 && code < 300) latencies.push(performance.now() - written);
          else non2xx += 1;
          settle();
        });
      });
      request.on('timeout', () => {
        fail('timeout');
        request.destroy();
      });
      request.on('error', () => fail('error'));
      const written = performance.now();
      request.end(body);
    };
    const tick = () => {
      while (sent < total && start + sent * interval <= performance.now()) {
        sent += 1;
        send();
      }
      if (sent < total) setTimeout(tick, Math.max(0, start + sent * interval - performance.now()));
    };
    tick();
  });
  const seconds = (performance.now() - start) / 1000;
  agent.destroy();
  const self = process.cpuUsage(selfBefore);
  const cpu = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuMs(pid) - cpuBefore[name]]));
  cpu.loadGenerator = (self.user + self.system) / 1000;
  return summarise({ total, ok: latencies.length, seconds, latencies, errors, timeouts, non2xx, statusCodes, cpu });
}

/** The figures of one run. */
function summarise({ total, ok, seconds, latencies, errors, timeouts, non2xx, statusCodes, cpu }) {
  latencies.sort((a, b) => a - b);
  return {
    requests: total,
    ok,
    seconds: round(seconds, 2),
    requestsPerSecond: round(ok / seconds, 1),
    latencyMs: latencies.length
      ? {
          p50: round(quantile(latencies, 0.5)),
          p90: round(quantile(latencies, 0.9)),
          p99: round(quantile(latencies, 0.99)),
          max: round(latencies.at(-1)),
          mean: round(latencies.reduce((sum, value) => sum + value, 0) / latencies.length),
        }
      : undefined,
    errors,
    timeouts,
    non2xx,
    statusCodes,
    // Milliseconds of CPU per request each process spent: where the time goes.
    cpuMsPerRequest: Object.fromEntries(Object.entries(cpu).map(([name, ms]) => [name, round(ms / Math.max(1, total), 4)])),
    cpuSeconds: Object.fromEntries(Object.entries(cpu).map(([name, ms]) => [name, round(ms / 1000, 2)])),
  };
}

/** One request by hand, so that a misconfigured run fails at once with the answer in the message. */
async function probe(url, expected) {
  const response = await fetch(url, { method: 'POST', headers: headers(false), body: BODY });
  const text = await response.text();
  if (response.status !== expected) throw new Error(`POST ${url} answered ${response.status} ${text}, not ${expected}: the bench is not set up right`);
  return text;
}

// --- output ---

const MB = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;
const signedMB = (bytes) => `${bytes >= 0 ? '+' : '−'}${(Math.abs(bytes) / 1e6).toFixed(1)} MB`;
const ms = (value) => `${value.toFixed(2)} ms`;
const signedMs = (value) => `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(2)} ms`;
const count = (value) => value.toLocaleString('en-US');
const verdict = (pass) => (pass ? 'PASS' : 'FAIL');

function printTable(header, rows) {
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => String(row[column]).length)));
  const line = (row) => row.map((cell, column) => (column === 0 ? String(cell).padEnd(widths[0]) : String(cell).padStart(widths[column]))).join('   ');
  console.log(line(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('   '));
  for (const row of rows) console.log(line(row));
}

const failures = (run) => run.errors + run.timeouts + run.non2xx;

function markdownTables(results) {
  const { upstream, relay } = results.load;
  const { checks, fixedRate } = results;
  const row = (cells) => `| ${cells.join(' | ')} |`;
  const mark = (pass) => (pass ? '✅' : '❌');
  const memoryRow = (label, phase) => {
    const [before, first, last] = [phase.readings[0], phase.readings[1], phase.readings.at(-1)];
    return row([
      label,
      MB(before.rss),
      MB(first.rss),
      MB(last.rss),
      signedMB(last.rss - first.rss),
      MB(first.heapUsedAfterGc),
      MB(last.heapUsedAfterGc),
      signedMB(last.heapUsedAfterGc - first.heapUsedAfterGc),
    ]);
  };
  const latencyRow = (label, key, runs, target = '') =>
    row([label, ms(runs.upstream.latencyMs[key]), ms(runs.relay.latencyMs[key]), signedMs(runs.relay.latencyMs[key] - runs.upstream.latencyMs[key]), target]);
  return [
    row(['', 'Upstream alone', 'Through the relay', 'Relay vs upstream', 'Target']),
    row(['---', '--:', '--:', '--:', '---']),
    row([
      `Requests/s, ${CONNECTIONS} connections`,
      count(Math.round(upstream.requestsPerSecond)),
      count(Math.round(relay.requestsPerSecond)),
      `${checks.throughputRatio.value} ×`,
      `≥ ${TARGETS.throughputRatio} × ${mark(checks.throughputRatio.pass)}`,
    ]),
    latencyRow('Latency p50', 'p50', results.load, `≤ +${TARGETS.addedMedianMs} ms ${mark(checks.addedMedianMs.pass)}`),
    latencyRow('Latency p90', 'p90', results.load),
    latencyRow('Latency p99', 'p99', results.load),
    latencyRow(`Latency p50 at ${fixedRate.rate} requests/s`, 'p50', fixedRate),
    latencyRow(`Latency p90 at ${fixedRate.rate} requests/s`, 'p90', fixedRate),
    latencyRow(`Latency p99 at ${fixedRate.rate} requests/s`, 'p99', fixedRate),
    row([
      'Errors, timeouts, non-2xx',
      `${upstream.errors}, ${upstream.timeouts}, ${upstream.non2xx}`,
      `${relay.errors}, ${relay.timeouts}, ${relay.non2xx}`,
      '',
      `none ${mark(checks.noErrors.pass)}`,
    ]),
    '',
    row([
      'Relay memory',
      'RSS before load',
      `after ${count(FIRST_READING)}`,
      `after ${count(AMOUNT)}`,
      `${count(FIRST_READING)} → ${count(AMOUNT)}`,
      `heap after GC, ${count(FIRST_READING)}`,
      `after ${count(AMOUNT)}`,
      `${count(FIRST_READING)} → ${count(AMOUNT)}`,
    ]),
    row(['---', '--:', '--:', '--:', '--:', '--:', '--:', '--:']),
    memoryRow('No Idempotency-Key', results.memory.noKey),
    memoryRow('Fresh Idempotency-Key each', results.memory.freshKey),
    '',
    `${CONNECTIONS} connections, ${DURATION} s each after ${WARMUP} s of warm-up, as fast as they go (autocannon), then ${DURATION} s ` +
      `at a fixed ${fixedRate.rate} requests/s (open loop, evenly spaced); ` +
      `the upstream stand-in (a bare node:http server), the relay and autocannon in three processes sharing ${results.environment.cpu} ` +
      `(Node ${results.environment.node}); relay log lines to ${results.logTo}; a fresh Idempotency-Key per request in the load runs. ` +
      `Flat memory ${mark(checks.flatMemory.pass)}: without keys, heap after GC ${signedMB(checks.flatMemory.heapGrowth)} (target ≤ +${MB(TARGETS.heapGrowthBytes)}) ` +
      `and RSS ${signedMB(checks.flatMemory.rssGrowth)} to the lower of the last two readings (target ≤ +${TARGETS.rssGrowthShare * 100}%); ` +
      `${checks.flatMemory.heapBytesPerKey} B per remembered key (target ≤ ${TARGETS.heapBytesPerKey} B; the store keeps at most 100,000). ` +
      `\`npm run bench:relay\`, ${results.date.slice(0, 10)}.`,
  ].join('\n');
}

function git(...args) {
  const result = spawnSync('git', args, { cwd: root, encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/** Newlines in `path`: the relay writes one log line per request. */
function lines(path) {
  const bytes = readFileSync(path);
  let total = 0;
  for (let at = bytes.indexOf(10); at !== -1; at = bytes.indexOf(10, at + 1)) total += 1;
  return total;
}

// --- main ---

const started = performance.now();
const built = !options['no-build'] && !options.cli;
if (built) {
  process.stdout.write('Building dist/server/: node .config/build/build.js --server ... ');
  const build = spawnSync(process.execPath, [join(root, '.config/build/build.js'), '--server'], { cwd: root, encoding: 'utf8' });
  if (build.status !== 0) {
    console.log('failed.');
    console.error(build.stdout, build.stderr);
    process.exit(1);
  }
  console.log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
} else if (!existsSync(CLI)) {
  console.error(
    options.cli
      ? `--cli ${options.cli}: no such file.`
      : 'dist/server/cli.js is missing: run `node .config/build/build.js --server`, or `npm run bench:relay` without --no-build.',
  );
  process.exit(1);
}

const cpu = `${cpus()[0]?.model.trim() ?? 'unknown CPU'} × ${cpus().length}`;
const loadBefore = loadavg()[0];
const busyBefore = await busyShare();
console.log(`${new Date().toISOString()}  ${cpu}, ${MB(totalmem())} RAM, Node ${process.version}, autocannon in this process (pid ${process.pid}).`);
if (cpus().length < 4) {
  console.log(`Only ${cpus().length} cores, shared by the upstream, the relay and autocannon: the relay run has three busy processes, the upstream run two.`);
}

const logDir = options.log === 'file' ? mkdtempSync(join(tmpdir(), 'relay-bench-')) : undefined;
const logPath = (name) => (logDir ? join(logDir, `${name}.log`) : '/dev/null');
const logTo = logDir ? `a file (${logDir}/*.log, removed afterwards)` : '/dev/null';
console.log(`Relay log lines (one JSON line per request) to ${logTo}.`);

const upstream = await startUpstream();
const endpointUrl = `${upstream.url}/4/clientes/createLead?accountHash=${ACCOUNT_HASH}`;
let results;
try {
  // --- throughput and latency ---
  const relay = await startRelay(upstream, logPath('load'));
  await probe(endpointUrl, 201);
  const answer = await probe(`${relay.url}/leads`, 201);
  if (!answer.includes('"delivered":true')) throw new Error(`the relay answered ${answer}, not a delivery`);
  const pids = { upstream: upstream.child.pid, relay: relay.child.pid };
  const run = async (label, url, rate) => {
    if (WARMUP > 0 && !rate) {
      process.stdout.write(`${label}: ${WARMUP} s warm-up, `);
      await load(url, { duration: WARMUP, freshKey: true });
    } else process.stdout.write(`${label}: `);
    process.stdout.write(`${DURATION} s measured ... `);
    const postsBefore = await upstream.settledPosts();
    const figures = rate ? await paced(url, { rate, duration: DURATION, pids }) : await load(url, { duration: DURATION, freshKey: true, pids });
    figures.upstreamReceived = (await upstream.settledPosts()) - postsBefore;
    console.log(`${count(figures.requests)} requests.`);
    return figures;
  };
  const upstreamLabel = `Upstream alone (POST ${new URL(endpointUrl).pathname})`;
  const loadResults = {
    upstream: await run(upstreamLabel, endpointUrl),
    relay: await run('Through the relay (POST /leads)', `${relay.url}/leads`),
  };
  const fixedRate = {
    rate: RATE,
    upstream: await run(`${upstreamLabel} at ${RATE} requests/s`, endpointUrl, RATE),
    relay: await run(`Through the relay at ${RATE} requests/s`, `${relay.url}/leads`, RATE),
  };
  await relay.stop();
  const relayLogLines = logDir ? lines(logPath('load')) : undefined;

  // --- memory ---
  const memoryPhase = async (name, freshKey) => {
    const fresh = await startRelay(upstream, logPath(name));
    const readings = [await memoryOf(fresh, 0)];
    process.stdout.write(`Memory, ${freshKey ? 'a fresh Idempotency-Key per request' : 'no Idempotency-Key'}: requests`);
    let sent = 0;
    let failed = 0;
    const statusCodes = {};
    while (sent < AMOUNT) {
      const amount = Math.min(FIRST_READING, AMOUNT - sent);
      const step = await load(`${fresh.url}/leads`, { amount, freshKey });
      sent += amount;
      failed += failures(step);
      for (const [code, times] of Object.entries(step.statusCodes)) statusCodes[code] = (statusCodes[code] ?? 0) + times;
      readings.push(await memoryOf(fresh, sent));
      process.stdout.write(` ${count(sent)}`);
    }
    await fresh.stop();
    console.log('.');
    return { freshKey, readings, requests: sent, failures: failed, statusCodes };
  };
  const memory = { noKey: await memoryPhase('memory-no-key', false), freshKey: await memoryPhase('memory-fresh-key', true) };

  // --- verdicts ---
  const { upstream: alone, relay: through } = loadResults;
  /** From the first reading under load ({@link FIRST_READING} requests) to the last. */
  const growth = (phase, key) => phase.readings.at(-1)[key] - phase.readings[1][key];
  /** The same for RSS, to the lower of the last two readings (see {@link TARGETS}). */
  const rssGrowth = (phase) => Math.min(...phase.readings.slice(-2).map((reading) => reading.rss)) - phase.readings[1].rss;
  const heapBytesPerKey = Math.round(growth(memory.freshKey, 'heapUsedAfterGc') / (AMOUNT - FIRST_READING));
  const checks = {
    addedMedianMs: { value: round(through.latencyMs.p50 - alone.latencyMs.p50, 2), target: `≤ ${TARGETS.addedMedianMs}` },
    throughputRatio: { value: round(through.requestsPerSecond / alone.requestsPerSecond, 2), target: `≥ ${TARGETS.throughputRatio}` },
    noErrors: {
      value: failures(alone) + failures(through) + failures(fixedRate.upstream) + failures(fixedRate.relay) + memory.noKey.failures + memory.freshKey.failures,
      // Every request answered through the relay reached the upstream once; autocannon
      // stops counting at the end of the run, so up to one request a connection is
      // forwarded but not counted.
      forwardedEveryRequest: [through, fixedRate.relay].every((run) => run.upstreamReceived >= run.ok && run.upstreamReceived <= run.ok + CONNECTIONS),
      target: '0, and every relayed request forwarded once',
    },
    flatMemory: {
      heapGrowth: growth(memory.noKey, 'heapUsedAfterGc'),
      rssGrowth: rssGrowth(memory.noKey),
      heapBytesPerKey,
      rssGrowthShare: round(rssGrowth(memory.noKey) / memory.noKey.readings[1].rss, 3),
      target:
        `no key: heap after GC ≤ +${MB(TARGETS.heapGrowthBytes)} and RSS ≤ +${TARGETS.rssGrowthShare * 100}% from ${count(FIRST_READING)} to ${count(AMOUNT)}; ` +
        `fresh keys: ≤ ${TARGETS.heapBytesPerKey} B per key`,
    },
  };
  checks.addedMedianMs.pass = checks.addedMedianMs.value <= TARGETS.addedMedianMs;
  checks.throughputRatio.pass = checks.throughputRatio.value >= TARGETS.throughputRatio;
  checks.noErrors.pass = checks.noErrors.value === 0 && checks.noErrors.forwardedEveryRequest;
  checks.flatMemory.pass =
    checks.flatMemory.heapGrowth <= TARGETS.heapGrowthBytes &&
    checks.flatMemory.rssGrowthShare <= TARGETS.rssGrowthShare &&
    heapBytesPerKey <= TARGETS.heapBytesPerKey;

  results = {
    date: new Date().toISOString(),
    commit: git('rev-parse', '--short', 'HEAD'),
    // Uncommitted changes to what the build reads: the figures may not match the commit.
    uncommittedChanges: Boolean(git('status', '--porcelain', '--', 'src', '.config/build', 'package-lock.json')),
    built,
    environment: {
      node: process.version,
      cpu,
      cores: cpus().length,
      memory: totalmem(),
      autocannon: JSON.parse(readFileSync(join(root, 'node_modules/autocannon/package.json'), 'utf8')).version,
      // Other work on the machine slows every process; the ratios hold up better than the rates.
      loadAverage: { before: round(loadBefore, 2), after: round(loadavg()[0], 2) },
      // Share of the CPUs that other work kept busy in the 2 s before the bench started.
      busyBefore,
    },
    settings: {
      connections: CONNECTIONS,
      durationSeconds: DURATION,
      warmupSeconds: WARMUP,
      fixedRate: RATE,
      memoryRequests: AMOUNT,
      cli: relative(root, CLI),
      body: LEAD,
      headers: headers(true),
    },
    logTo: logDir ? 'a file' : '/dev/null',
    relayLogLines,
    targets: TARGETS,
    method:
      'Three processes: the upstream stand-in (node:http, 201 {"id":"rec-1"} to every POST, keep-alive), the relay ' +
      '(node dist/server/cli.js relay, rate limit off, log lines to a file or /dev/null) and autocannon (this process). ' +
      `The same POST (a lead JSON, Origin, browser-like headers, a fresh Idempotency-Key each) at ${CONNECTIONS} connections, ` +
      `${DURATION} s after ${WARMUP} s of warm-up, first at the upstream alone, then at the relay; then both again for ${DURATION} s at ` +
      `${RATE} requests/s, open loop, evenly spaced, from node:http (keep-alive agent, at most ${CONNECTIONS} sockets, a UUID key each). ` +
      "Latency: autocannon's response time (at the fixed rate: from the request's write to its response's end) " +
      'of each 2xx, percentiles by linear interpolation. CPU: /proc/<pid>/stat utime + stime of the upstream and the relay, ' +
      'process.cpuUsage() of the load generator (this process), divided by the requests. Memory: fresh relay processes, read before load and every ' +
      `${FIRST_READING} requests; RSS = VmRSS of /proc/<pid>/status; heap = process.memoryUsage().heapUsed after a full GC, 200 ms, ` +
      'another full GC (a probe preloaded with --import, --expose-gc, answering over IPC).',
    load: loadResults,
    fixedRate,
    memory,
    checks,
  };
} finally {
  upstream.child.disconnect();
  if (logDir) rmSync(logDir, { recursive: true, force: true });
}

const out = resolve(options.out);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);

const { upstream: alone, relay: through } = results.load;
const { checks, fixedRate } = results;
const latencyRows = (runs, suffix = '') =>
  ['p50', 'p90', 'p99', 'max'].map((key) => [
    `latency ${key}${suffix}`,
    ms(runs.upstream.latencyMs[key]),
    ms(runs.relay.latencyMs[key]),
    key === 'max' ? '' : signedMs(runs.relay.latencyMs[key] - runs.upstream.latencyMs[key]),
  ]);
console.log('');
printTable(
  [`POST, ${CONNECTIONS} connections, ${DURATION} s`, 'upstream alone', 'through the relay', 'relay vs upstream'],
  [
    ['requests/s', count(alone.requestsPerSecond), count(through.requestsPerSecond), `${checks.throughputRatio.value} ×`],
    ...latencyRows(results.load),
    ['requests (2xx)', `${count(alone.requests)} (${count(alone.ok)})`, `${count(through.requests)} (${count(through.ok)})`, ''],
    ['errors / timeouts / non-2xx', `${alone.errors} / ${alone.timeouts} / ${alone.non2xx}`, `${through.errors} / ${through.timeouts} / ${through.non2xx}`, ''],
    ['upstream received', count(alone.upstreamReceived), count(through.upstreamReceived), ''],
    ['CPU ms/request: upstream', alone.cpuMsPerRequest.upstream.toFixed(3), through.cpuMsPerRequest.upstream.toFixed(3), ''],
    ['CPU ms/request: relay', '', through.cpuMsPerRequest.relay.toFixed(3), ''],
    ['CPU ms/request: autocannon', alone.cpuMsPerRequest.loadGenerator.toFixed(3), through.cpuMsPerRequest.loadGenerator.toFixed(3), ''],
    ['', '', '', ''],
    [`requests/s, open loop at ${fixedRate.rate}`, count(fixedRate.upstream.requestsPerSecond), count(fixedRate.relay.requestsPerSecond), ''],
    ...latencyRows(fixedRate, ` at ${fixedRate.rate}/s`),
    [
      `errors / timeouts / non-2xx at ${fixedRate.rate}/s`,
      `${fixedRate.upstream.errors} / ${fixedRate.upstream.timeouts} / ${fixedRate.upstream.non2xx}`,
      `${fixedRate.relay.errors} / ${fixedRate.relay.timeouts} / ${fixedRate.relay.non2xx}`,
      '',
    ],
    [`CPU ms/request: relay at ${fixedRate.rate}/s`, '', fixedRate.relay.cpuMsPerRequest.relay.toFixed(3), ''],
  ],
);
console.log('');
const memoryRows = (label, phase) =>
  phase.readings.map((reading, index) => [
    index === 0 ? label : '',
    count(reading.requests),
    MB(reading.rss),
    index === 0 ? '' : signedMB(reading.rss - phase.readings[index - 1].rss),
    MB(reading.heapUsedAfterGc),
    index === 0 ? '' : signedMB(reading.heapUsedAfterGc - phase.readings[index - 1].heapUsedAfterGc),
  ]);
printTable(
  ['Relay memory (fresh process)', 'after requests', 'RSS', 'Δ', 'heap after GC', 'Δ'],
  [...memoryRows('no Idempotency-Key', results.memory.noKey), ...memoryRows('fresh Idempotency-Key each', results.memory.freshKey)],
);
console.log('');
printTable(
  ['Target', 'figure', 'verdict'],
  [
    [`relay adds ≤ ${TARGETS.addedMedianMs} ms to the median`, signedMs(checks.addedMedianMs.value), verdict(checks.addedMedianMs.pass)],
    [`relay keeps ≥ ${TARGETS.throughputRatio} × the upstream's requests/s`, `${checks.throughputRatio.value} ×`, verdict(checks.throughputRatio.pass)],
    [
      'no errors, every relayed request forwarded once',
      `${checks.noErrors.value} failed${checks.noErrors.forwardedEveryRequest ? '' : `, upstream got ${count(through.upstreamReceived)} for ${count(through.ok)}`}`,
      verdict(checks.noErrors.pass),
    ],
    [
      `flat memory (${count(FIRST_READING)} → ${count(AMOUNT)})`,
      `no key: heap ${signedMB(checks.flatMemory.heapGrowth)}, RSS ${signedMB(checks.flatMemory.rssGrowth)}; keys: ${checks.flatMemory.heapBytesPerKey} B each`,
      verdict(checks.flatMemory.pass),
    ],
  ],
);
console.log('');
if (results.relayLogLines !== undefined) console.log(`The relay wrote ${count(results.relayLogLines)} log lines in the load runs (one per request, warm-up and probe included).`);
console.log(`Figures written to ${relative(root, out)} (${((performance.now() - started) / 1000).toFixed(1)} s in all).`);
if (busyBefore > 0.1) {
  console.log(
    `Note: other work kept ${Math.round(busyBefore * 100)}% of the CPUs busy before the bench (load average ${loadBefore.toFixed(1)} on ${cpus().length} cores): ` +
      'the rates are lower and noisier; compare the ratios, or run again on a quiet machine.',
  );
}
if (options.markdown) console.log(`\n${markdownTables(results)}`);
if (!Object.values(checks).every((check) => check.pass)) process.exitCode = 1;
