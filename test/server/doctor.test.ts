// `npx zappy-lead-form doctor`, the built command (dist/server/cli.js), against
// the demo's stand-in of createLead with CORS on and off, the relay command in
// front of it, a port where nothing listens and a server that never answers.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import { type AddressInfo, type Server, type Socket, createServer as createTcpServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { CREATE_LEAD_PATH, createStandIn } from '../../demo/stand-in/stand-in.js';
import { type DoctorReport, diagnose } from '../../src/cli/doctor.js';
import { CLI, startNodeRelay } from './support/relay-runtimes.js';

const SITE = 'https://www.salao.pt';
const HASH = 'hash-s3cr3t-d0ct0r-5e1f';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs the built doctor; every run must keep the account hash out of its output. */
async function doctor(...args: string[]): Promise<Run> {
  const started = performance.now();
  const child = spawn(process.execPath, [CLI, 'doctor', ...args], {
    env: { PATH: process.env.PATH ?? '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const [code] = (await once(child, 'close')) as [number | null];
  assert.ok(!`${stdout}${stderr}`.includes(HASH), `the account hash was printed:\n${stdout}${stderr}`);
  return { code, stdout, stderr, ms: performance.now() - started };
}

/** Listens on a free port of 127.0.0.1 and resolves it. */
async function listen(server: Server): Promise<number> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

/** A port where nothing listens: one just freed. */
async function closedPort(): Promise<number> {
  const server = createTcpServer();
  const port = await listen(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('zappy-lead-form doctor', () => {
  const standIn = createStandIn();
  /** Every method that reached the stand-in, createLead's or not. */
  const methods: string[] = [];
  const http = createServer((req, res) => {
    methods.push(req.method ?? '');
    void standIn.handle(req, res).then((handled) => {
      if (!handled) res.writeHead(404).end();
    });
  });
  let endpoint: string;
  let allowed: Awaited<ReturnType<typeof startNodeRelay>>;
  let refused: Awaited<ReturnType<typeof startNodeRelay>>;

  before(async () => {
    const port = await listen(http);
    endpoint = `http://127.0.0.1:${port}${CREATE_LEAD_PATH}?accountHash=${HASH}`;
    const env = (origins: string) => ({ ZAPPY_ACCOUNT_HASH: HASH, ZAPPY_ENDPOINT: endpoint, ZAPPY_ALLOWED_ORIGINS: origins });
    [allowed, refused] = await Promise.all([startNodeRelay(env(`${SITE}, https://*.salao.pt`)), startNodeRelay(env('https://www.other.pt'))]);
  });
  after(async () => {
    await Promise.all([allowed?.stop(), refused?.stop()]);
    standIn.close();
    http.closeAllConnections();
    await new Promise((resolve) => http.close(resolve));
  });

  it('finds direct mode working when createLead answers CORS, and says the hash is then public', async () => {
    standIn.setCors(true);
    const run = await doctor('--origin', SITE, '--endpoint', endpoint);
    assert.equal(run.code, 0, run.stdout);
    assert.match(run.stdout, /✓ Direct mode/);
    assert.match(run.stdout, new RegExp(`http://127\\.0\\.0\\.1:\\d+${CREATE_LEAD_PATH}\\s`));
    assert.match(run.stdout, /can post leads to .* directly/);
    assert.match(run.stdout, /account-hash in the page.*relay/s);
    assert.equal(run.stderr, '');
  });

  it('exits 1 when createLead answers no CORS, and advises the relay', async () => {
    standIn.setCors(false);
    const run = await doctor('--origin', SITE, '--endpoint', endpoint);
    assert.equal(run.code, 1, run.stdout);
    assert.match(run.stdout, /✗ Direct mode.*\(failed\)/);
    assert.match(run.stdout, /Browsers on https:\/\/www\.salao\.pt cannot post to .* directly: the pre-flight was answered 405 without Access-Control-Allow-Origin/);
    assert.match(run.stdout, /Put the relay in front \(npx zappy-lead-form relay, or the Cloudflare Worker\)/);
    assert.match(run.stdout, /No working path/);
  });

  it('finds the relay working for an allowed origin, even with createLead\'s CORS off', async () => {
    standIn.setCors(false);
    const relay = `${allowed.url}/leads`;
    const run = await doctor('--origin', SITE, '--endpoint', endpoint, '--relay', relay);
    assert.equal(run.code, 0, run.stdout);
    assert.match(run.stdout, /✓ The relay answers \/health .*\/health\n {4}The relay is up \(origins: listed/);
    assert.match(run.stdout, /✓ The relay lets pages of https:\/\/www\.salao\.pt post/);
    assert.match(run.stdout, /the relay posts from your server/);
    assert.ok(run.stdout.includes(`set the widget's endpoint to ${relay}`), run.stdout);
  });

  it('exits 1 when the relay refuses the origin, and names ZAPPY_ALLOWED_ORIGINS', async () => {
    standIn.setCors(false);
    const run = await doctor('--origin', SITE, '--endpoint', endpoint, '--relay', `${refused.url}/leads`);
    assert.equal(run.code, 1, run.stdout);
    assert.match(run.stdout, /✓ The relay answers \/health/);
    assert.match(run.stdout, /The relay refuses pages of https:\/\/www\.salao\.pt \(403\)/);
    assert.match(run.stdout, /Add https:\/\/www\.salao\.pt to ZAPPY_ALLOWED_ORIGINS/);
  });

  // The wall-clock bounds below are generous, for loaded machines where starting
  // node alone takes a second; each is still far from what waiting would take.
  it('reports a relay where nothing listens as unreachable, at once', async () => {
    const unreachable = (relay: string) => doctor('--origin', SITE, '--endpoint', endpoint, '--relay', relay, '--timeout', '30000');
    const [refusedPort, blocked] = await Promise.all([
      closedPort().then((port) => unreachable(`http://127.0.0.1:${port}/api/leads`)),
      // Port 1 is one fetch will not connect to, in Node as in browsers.
      unreachable('http://127.0.0.1:1/leads'),
    ]);
    for (const run of [refusedPort, blocked]) {
      assert.match(run.stdout, /✗ The relay answers \/health \(unreachable\)/);
      assert.match(run.stdout, /Start the relay \(npx zappy-lead-form relay/);
      // Far from the 30 s --timeout: nothing was waited for.
      assert.ok(run.ms < 8_000, `took ${run.ms} ms`);
    }
    assert.match(refusedPort.stdout, /\/api\/health\n {4}The relay cannot be reached: nothing listens at 127\.0\.0\.1:\d+/);
    assert.match(blocked.stdout, /port 1 is one that browsers/);
  });

  it('reports a server that never answers as a timeout, after --timeout', async () => {
    const sockets = new Set<Socket>();
    const silent = createTcpServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    const port = await listen(silent);
    try {
      const run = await doctor('--origin', SITE, '--endpoint', `http://127.0.0.1:${port}${CREATE_LEAD_PATH}?accountHash=${HASH}`, '--timeout', '300');
      assert.equal(run.code, 1, run.stdout);
      assert.match(run.stdout, /✗ Direct mode.*\(timeout\)/);
      assert.match(run.stdout, /did not answer within 300 ms/);
      // About a second on an idle machine, startup included; without the timeout
      // Node's fetch would wait 5 minutes for the headers.
      assert.ok(run.ms < 5_000, `took ${run.ms} ms`);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  describe('bad usage', { concurrency: true }, () => {
    for (const [name, args, message] of [
      ['no --origin', ['--endpoint', 'https://example.test/createLead'], /--origin is required/],
      ['an origin with a path', ['--origin', `${SITE}/contactos`], /--origin "https:\/\/www\.salao\.pt\/contactos" is not an origin/],
      ['an --endpoint that is not http(s)', ['--origin', SITE, '--endpoint', `ftp://example.test/?accountHash=${HASH}`], /--endpoint is not an http\(s\) URL/],
      ['a --relay not ending in /leads', ['--origin', SITE, '--relay', `${SITE}/api`], /--relay must be .* ending in \/leads/],
      ['a --timeout that is not a number', ['--origin', SITE, '--timeout', 'soon'], /--timeout "soon"/],
    ] as const) {
      it(`exits 2 with one line for ${name}`, async () => {
        const run = await doctor(...args);
        assert.equal(run.code, 2);
        assert.equal(run.stdout, '');
        assert.match(run.stderr, /^zappy-lead-form: [^\n]+\n$/);
        assert.match(run.stderr, message);
      });
    }
  });

  it('never posted: no lead was created, by the doctor or through the relay', () => {
    assert.ok(methods.includes('OPTIONS'), 'the stand-in saw the pre-flights');
    assert.deepEqual(methods.filter((method) => method !== 'OPTIONS'), []);
    assert.deepEqual(standIn.requests(), []);
    assert.deepEqual(standIn.records(), []);
    for (const line of [...allowed.logs, ...refused.logs]) assert.doesNotMatch(line, /"method":"POST"/);
  });
});

// The judging of answers, in process with a fetch that answers from a table:
// the cases a local stand-in does not produce.
describe('diagnose', () => {
  const RELAY = `${SITE}/api/leads`;
  const HEALTH = JSON.stringify({ status: 'ok', service: 'zappy-lead-relay', origins: 'listed', rateLimit: '10/60s' });
  const preflightOk = { 'Access-Control-Allow-Origin': SITE, 'Access-Control-Allow-Headers': 'Content-Type, Idempotency-Key' };

  /** Runs diagnose with `--relay` against answers by method and path; fails on any POST. */
  function run(answers: Record<string, Response | (() => Response)>): Promise<DoctorReport> {
    const fake = async (input: string | URL | Request, init?: RequestInit) => {
      assert.notEqual(init?.method, 'POST');
      const url = new URL(String(input));
      const answer = answers[`${init?.method ?? 'GET'} ${url.pathname}`];
      if (!answer) throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
      return typeof answer === 'function' ? answer() : answer;
    };
    return diagnose({ origin: SITE, relay: RELAY, endpoint: 'https://api.zappysoftware.com/4/clientes/createLead?accountHash=x' }, { fetch: fake as typeof fetch });
  }
  const health = () => new Response(HEALTH, { status: 200 });
  const check = (report: DoctorReport, id: string) => report.checks.find((c) => c.id === id)!;

  it('accepts wildcards for the origin and the headers', async () => {
    const report = await run({
      'GET /api/health': health,
      'OPTIONS /api/leads': () => new Response(null, { status: 204, headers: { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': '*' } }),
    });
    assert.equal(report.workingPath, 'relay');
    assert.equal(check(report, 'direct-preflight').status, 'unreachable');
  });

  for (const [name, headers, status, expected] of [
    ['another origin', { ...preflightOk, 'Access-Control-Allow-Origin': 'https://other.pt' }, 204, /Access-Control-Allow-Origin is "https:\/\/other\.pt", not https:\/\/www\.salao\.pt/],
    ['a header left out', { ...preflightOk, 'Access-Control-Allow-Headers': 'Content-Type' }, 204, /does not allow idempotency-key/],
    ['a redirect', { Location: 'https://relay.salao.pt/leads?accountHash=x' }, 301, /redirected \(301\) to https:\/\/relay\.salao\.pt\/leads, and browsers/],
    ['an error status with CORS', preflightOk, 500, /answered 500\.$/],
  ] as const) {
    it(`refuses a relay pre-flight answer with ${name}`, async () => {
      const report = await run({ 'GET /api/health': health, 'OPTIONS /api/leads': () => new Response(null, { status, headers }) });
      const cors = check(report, 'relay-preflight');
      assert.equal(cors.status, 'failed');
      assert.match(cors.explanation, expected);
      assert.doesNotMatch(JSON.stringify(report), /accountHash/);
      assert.equal(report.workingPath, null);
    });
  }

  it('tells a site page at the health URL from the relay', async () => {
    const report = await run({
      'GET /api/health': () => new Response('<!doctype html><title>Salão</title>', { status: 200 }),
      'OPTIONS /api/leads': () => new Response(null, { status: 204, headers: preflightOk }),
    });
    assert.match(check(report, 'relay-health').explanation, /not the relay/);
    assert.equal(report.workingPath, null);
  });

  it('asks Zappy for the JSON header only: the widget sends it no Idempotency-Key', async () => {
    let requested = '';
    await diagnose({ origin: SITE }, {
      fetch: (async (_input: string, init: RequestInit) => {
        requested = new Headers(init.headers).get('Access-Control-Request-Headers') ?? '';
        return new Response(null, { status: 204, headers: { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': 'content-type' } });
      }) as unknown as typeof fetch,
    });
    assert.equal(requested, 'content-type');
  });
});
