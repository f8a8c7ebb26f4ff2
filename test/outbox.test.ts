import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { retryDelay } from '../src/delivery/backoff.js';
import { OUTBOX_KEY, OutboxStore, type StorageLike } from '../src/delivery/outbox-store.js';
import { Outbox, type LockManagerLike, TabLocks, withDenialFallback } from '../src/delivery/outbox.js';
import type { Lead } from '../src/lead/schema.js';
import type { SendResult } from '../src/lead/send-lead.js';

/** An in-memory Web Storage: what a browser's localStorage keeps across reloads. */
class MemoryStorage implements StorageLike {
  readonly items = new Map<string, string>();
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
}

type Answer = 'delivered' | 'refused' | 'retry';
const RESULTS: Record<Answer, SendResult> = {
  delivered: { kind: 'delivered', status: 200 },
  refused: { kind: 'refused', status: 400 },
  retry: { kind: 'retry', reason: 'server-error', status: 503 },
};

/**
 * The far side: records every request by lead name and answers from a script
 * (default `delivered`). Leads are told apart by `client_name`.
 */
class FakeEndpoint {
  readonly requests: string[] = [];
  readonly delivered = new Map<string, number>();
  answers: Answer[] = [];
  send = async (lead: Lead): Promise<SendResult> => {
    await Promise.resolve(); // A real request always yields.
    this.requests.push(lead.client_name);
    const answer = this.answers.shift() ?? 'delivered';
    if (answer === 'delivered') this.delivered.set(lead.client_name, (this.delivered.get(lead.client_name) ?? 0) + 1);
    return RESULTS[answer];
  };
}

function makePage(storage: StorageLike, endpoint: FakeEndpoint, clock: { now: number }, locks: LockManagerLike | null = new TabLocks()) {
  return new Outbox({
    store: new OutboxStore(storage),
    locks,
    send: endpoint.send,
    now: () => clock.now,
    random: () => 0.5,
  });
}

const dest = { endpoint: 'https://api.example/createLead', accountHash: 'acc-1' };

describe('Outbox', () => {
  let storage: MemoryStorage;
  let endpoint: FakeEndpoint;
  let clock: { now: number };

  beforeEach(() => {
    storage = new MemoryStorage();
    endpoint = new FakeEndpoint();
    clock = { now: 1_000_000 };
  });

  it('delivers at once and keeps nothing on 2xx', async () => {
    const outbox = makePage(storage, endpoint, clock);
    const { result, kept } = await outbox.submit({ client_name: 'Ana' }, dest);
    expect(result.kind).to.equal('delivered');
    expect(kept).to.equal(true);
    expect(outbox.pending()).to.have.length(0);
    expect(endpoint.requests).to.deep.equal(['Ana']);
  });

  it('drops a refused lead (4xx): it must not be resent unchanged', async () => {
    endpoint.answers = ['refused'];
    const outbox = makePage(storage, endpoint, clock);
    await outbox.submit({ client_name: 'Ana' }, dest);
    expect(outbox.pending()).to.have.length(0);
    await outbox.flush();
    expect(endpoint.requests).to.deep.equal(['Ana']);
  });

  it('keeps a lead that was not delivered, with its destination, and retries after the backoff', async () => {
    endpoint.answers = ['retry'];
    const outbox = makePage(storage, endpoint, clock);
    const { result } = await outbox.submit({ client_name: 'Ana' }, dest);
    expect(result.kind).to.equal('retry');
    const [entry] = outbox.pending(dest);
    expect(entry).to.include({ v: 1, attempts: 1, endpoint: dest.endpoint, accountHash: dest.accountHash });
    expect(entry!.lead).to.deep.equal({ client_name: 'Ana' });
    expect(entry!.nextAttemptAt).to.equal(clock.now + retryDelay(1, { random: () => 0.5 }));

    await outbox.flush();
    expect(endpoint.requests, 'not due yet').to.have.length(1);
    clock.now = entry!.nextAttemptAt;
    await outbox.flush();
    expect(endpoint.requests).to.deep.equal(['Ana', 'Ana']);
    expect(outbox.pending()).to.have.length(0);
  });

  it('honours Retry-After', async () => {
    const outbox = new Outbox({
      store: new OutboxStore(storage),
      locks: new TabLocks(),
      send: async () => ({ kind: 'retry', reason: 'rate-limited', status: 429, retryAfterMs: 120_000 }),
      now: () => clock.now,
      random: () => 0,
    });
    await outbox.submit({ client_name: 'Ana' }, dest);
    expect(outbox.nextDueAt()).to.equal(clock.now + 120_000);
    clock.now += 60_000;
    expect(await outbox.flush({ force: true }), 'even a forced flush waits for Retry-After').to.have.length(0);
    clock.now += 60_000;
    expect(await outbox.flush({ force: true })).to.have.length(1);
  });

  it('a forced flush sends leads still in backoff', async () => {
    endpoint.answers = ['retry'];
    const outbox = makePage(storage, endpoint, clock);
    await outbox.submit({ client_name: 'Ana' }, dest);
    expect(await outbox.flush(), 'in backoff').to.have.length(0);
    const outcomes = await outbox.flush({ force: true });
    expect(outcomes.map((o) => o.result.kind)).to.deep.equal(['delivered']);
    expect(endpoint.delivered.get('Ana')).to.equal(1);
  });

  it('survives a reload: a new page over the same storage sends the queued lead', async () => {
    endpoint.answers = ['retry'];
    await makePage(storage, endpoint, clock).submit({ client_name: 'Ana' }, dest);
    clock.now += 10 * 60_000;
    const reloaded = makePage(storage, endpoint, clock);
    const outcomes = await reloaded.flush();
    expect(outcomes.map((o) => [o.entry.lead.client_name, o.result.kind, o.background])).to.deep.equal([
      ['Ana', 'delivered', true],
    ]);
    expect(reloaded.pending()).to.have.length(0);
  });

  it('keeps two businesses apart', async () => {
    endpoint.answers = ['retry', 'retry'];
    const outbox = makePage(storage, endpoint, clock);
    await outbox.submit({ client_name: 'Ana' }, dest);
    await outbox.submit({ client_name: 'Rui' }, { ...dest, accountHash: 'acc-2' });
    expect(outbox.pending(dest).map((e) => e.lead.client_name)).to.deep.equal(['Ana']);
    expect(outbox.pending({ ...dest, accountHash: 'acc-2' }).map((e) => e.lead.client_name)).to.deep.equal(['Rui']);
    const sentTo: string[] = [];
    const routed = new Outbox({
      store: new OutboxStore(storage),
      locks: new TabLocks(),
      send: async (lead, options) => {
        sentTo.push(`${lead.client_name}→${options.accountHash}`);
        return RESULTS.delivered;
      },
      now: () => clock.now + 3_600_000,
    });
    await routed.flush();
    expect(sentTo.sort()).to.deep.equal(['Ana→acc-1', 'Rui→acc-2']);
  });

  it("sends every attempt of a lead with the lead's id as its idempotency key", async () => {
    const keys: (string | undefined)[] = [];
    const answers: Answer[] = ['retry', 'retry', 'delivered'];
    const outbox = new Outbox({
      store: new OutboxStore(storage),
      locks: new TabLocks(),
      send: async (_lead, options) => {
        keys.push(options.idempotencyKey);
        return RESULTS[answers.shift()!];
      },
      now: () => clock.now,
    });
    const { id } = await outbox.submit({ client_name: 'Ana' }, dest);
    clock.now += 3_600_000;
    await outbox.flush();
    await outbox.flush({ force: true });
    expect(keys).to.deep.equal([id, id, id]);
  });

  it('keeps entries of an unknown (future) format untouched', async () => {
    const future = { v: 2, id: 'x', payload: { name: 'From the future' } };
    storage.setItem(OUTBOX_KEY, JSON.stringify({ format: 1, entries: [future] }));
    endpoint.answers = ['retry'];
    const outbox = makePage(storage, endpoint, clock);
    await outbox.submit({ client_name: 'Ana' }, dest);
    const stored = JSON.parse(storage.getItem(OUTBOX_KEY)!);
    expect(stored.entries[0]).to.deep.equal(future);
    expect(stored.entries).to.have.length(2);
  });

  it('stores only what a resend needs', async () => {
    endpoint.answers = ['retry'];
    await makePage(storage, endpoint, clock).submit({ client_name: 'Ana' }, dest);
    const [entry] = JSON.parse(storage.getItem(OUTBOX_KEY)!).entries;
    expect(Object.keys(entry).sort()).to.deep.equal(
      ['accountHash', 'attempts', 'createdAt', 'endpoint', 'id', 'lead', 'nextAttemptAt', 'v'].sort(),
    );
  });

  it('refuses to grow past its capacity and says so', async () => {
    const problems: string[] = [];
    const outbox = new Outbox({
      store: new OutboxStore(storage),
      locks: new TabLocks(),
      send: async () => RESULTS.retry,
      capacity: 2,
      onProblem: (problem) => problems.push(problem),
    });
    const kept = [];
    for (const name of ['A', 'B', 'C']) kept.push((await outbox.submit({ client_name: name }, dest)).kept);
    expect(kept).to.deep.equal([true, true, false]);
    expect(problems).to.deep.equal(['full']);
    expect(outbox.pending()).to.have.length(2);
  });

  it('with storage full, reports it and keeps no copy that could be sent beside the visitor\'s own retry', async () => {
    const problems: string[] = [];
    const broken: StorageLike = {
      getItem: () => null,
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError');
      },
    };
    endpoint.answers = ['retry'];
    const outbox = new Outbox({
      store: new OutboxStore(broken, (p) => problems.push(p)),
      locks: new TabLocks(),
      send: endpoint.send,
    });
    const failed = await outbox.submit({ client_name: 'Ana' }, dest);
    expect(problems).to.deep.equal(['quota']);
    expect(failed.kept, 'the visitor is asked to send again').to.equal(false);
    expect(outbox.pending()).to.deep.equal([]);
    // A lead delivered at once leaves nothing behind either: no second request.
    await outbox.submit({ client_name: 'Rui' }, dest);
    await outbox.flush({ force: true });
    expect(endpoint.requests).to.deep.equal(['Ana', 'Rui']);
  });

  it('sends with the tab\'s own locks where Web Locks are denied (a sandboxed frame), rather than not at all', async () => {
    const denied: LockManagerLike = {
      request: () => Promise.reject(new DOMException('denied', 'SecurityError')),
    };
    const outbox = makePage(storage, endpoint, clock, withDenialFallback(denied));
    const outcome = await outbox.submit({ client_name: 'Ana' }, dest);
    expect(outcome.result.kind).to.equal('delivered');
    expect(endpoint.requests).to.deep.equal(['Ana']);
  });

  it('sets aside an outbox of another layout instead of writing over it', async () => {
    const problems: string[] = [];
    const later = JSON.stringify({ format: 2, leads: [{ id: 'x', lead: { client_name: 'Later' } }] });
    storage.items.set(OUTBOX_KEY, later);
    const outbox = new Outbox({ store: new OutboxStore(storage, (p) => problems.push(p)), locks: new TabLocks(), send: endpoint.send });
    endpoint.answers = ['retry'];
    await outbox.submit({ client_name: 'Ana' }, dest);
    expect(problems).to.include('corrupt');
    expect(storage.items.get(`${OUTBOX_KEY}:unreadable`)).to.equal(later);
  });

  it('leaving the page, starts every due request before flush returns: no wait for a Web Lock or for a run under way', async () => {
    const started: string[] = [];
    const send = (lead: Lead) => {
      started.push(lead.client_name);
      return Promise.resolve(RESULTS.retry);
    };
    const outbox = new Outbox({ store: new OutboxStore(storage), locks: navigator.locks as unknown as LockManagerLike, send, now: () => clock.now, random: () => 0.5 });
    await outbox.submit({ client_name: 'Ana' }, dest);
    await outbox.submit({ client_name: 'Rui' }, dest);
    started.length = 0;
    void outbox.flush({ force: true });
    const leaving = outbox.flush({ force: true, keepalive: true });
    // Synchronously, as in a pagehide handler: a request started a task later is never made.
    expect(started.filter((name) => name === 'Ana' || name === 'Rui').sort()).to.deep.equal(['Ana', 'Rui']);
    await leaving;
  });

  it('without Web Locks, another tab leaves alone a lead whose first attempt is under way', async () => {
    let answer: (result: SendResult) => void = () => {};
    const hanging = new FakeEndpoint();
    hanging.send = async (lead: Lead) => {
      hanging.requests.push(lead.client_name);
      return new Promise<SendResult>((resolve) => (answer = resolve));
    };
    const first = makePage(storage, hanging, clock, null);
    const other = makePage(storage, endpoint, clock, null);
    const submitted = first.submit({ client_name: 'Ana' }, dest);
    await new Promise((resolve) => setTimeout(resolve, 10));
    await other.flush({ force: true });
    expect(endpoint.requests, 'the other tab').to.deep.equal([]);
    answer(RESULTS.delivered);
    await submitted;
    expect(hanging.requests).to.deep.equal(['Ana']);
  });

  it('takes a wait set by a clock that has since gone back as passed', async () => {
    endpoint.answers = ['retry'];
    const outbox = makePage(storage, endpoint, clock);
    await outbox.submit({ client_name: 'Ana' }, dest);
    // The clock goes back a day: the stored times are now a day ahead.
    clock.now -= 86_400_000;
    await outbox.flush();
    expect(endpoint.requests).to.deep.equal(['Ana', 'Ana']);
  });

  it('treats storage as the truth: a key removed elsewhere is an empty outbox', async () => {
    endpoint.answers = ['retry'];
    const outbox = makePage(storage, endpoint, clock);
    await outbox.submit({ client_name: 'Ana' }, dest);
    storage.items.delete(OUTBOX_KEY); // Another tab delivered it, or the site cleared its storage.
    expect(outbox.pending()).to.have.length(0);
    clock.now += 3_600_000;
    expect(await outbox.flush({ force: true })).to.have.length(0);
    expect(endpoint.requests).to.deep.equal(['Ana']);
  });

  it('keeps unreadable storage aside instead of overwriting it', async () => {
    storage.setItem(OUTBOX_KEY, '{not json');
    const outbox = makePage(storage, endpoint, clock);
    await outbox.submit({ client_name: 'Ana' }, dest);
    expect(storage.getItem(`${OUTBOX_KEY}:unreadable`)).to.equal('{not json');
  });

  it('two tabs flushing at once send a queued lead once (Web Locks)', async () => {
    endpoint.answers = ['retry'];
    const locks = navigator.locks as unknown as LockManagerLike;
    await makePage(storage, endpoint, clock, locks).submit({ client_name: 'Ana' }, dest);
    clock.now += 3_600_000;
    const [tabA, tabB] = [makePage(storage, endpoint, clock, locks), makePage(storage, endpoint, clock, locks)];
    await Promise.all([tabA.flush(), tabB.flush(), tabA.flush(), tabB.flush()]);
    expect(endpoint.delivered.get('Ana')).to.equal(1);
    expect(endpoint.requests).to.deep.equal(['Ana', 'Ana']);
  });

  it('two tabs without Web Locks send a queued lead once (lease fallback)', async () => {
    endpoint.answers = ['retry'];
    await makePage(storage, endpoint, clock, null).submit({ client_name: 'Ana' }, dest);
    clock.now += 3_600_000;
    const [tabA, tabB] = [makePage(storage, endpoint, clock, null), makePage(storage, endpoint, clock, null)];
    await Promise.all([tabA.flush(), tabB.flush()]);
    expect(endpoint.delivered.get('Ana')).to.equal(1);
  });
});

describe('retryDelay', () => {
  it('grows exponentially with jitter between half the ceiling and the ceiling', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.double({ min: 0, max: 0.999999, noNaN: true }), (attempt, r) => {
        const delay = retryDelay(attempt, { random: () => r });
        const ceiling = Math.min(300_000, 2000 * 2 ** (attempt - 1));
        return delay >= Math.floor(ceiling / 2) && delay <= ceiling;
      }),
    );
  });

  it('waits at least Retry-After, capped at the maximum', () => {
    expect(retryDelay(1, { random: () => 0, retryAfterMs: 60_000 })).to.equal(60_000);
    expect(retryDelay(1, { random: () => 0, retryAfterMs: 3_600_000 })).to.equal(300_000);
  });
});

/**
 * Model-based test: random sequences of submits, answers, flushes, reloads and
 * two-tab flushes against a model that only knows which leads are waiting.
 * After every step: the stored leads are exactly the model's, and no lead was
 * ever delivered twice. At the end, a flush with a healthy endpoint delivers
 * every waiting lead: none is lost.
 */
describe('Outbox model', () => {
  interface Model {
    waiting: Set<string>;
    done: Set<string>;
  }
  interface Real {
    storage: MemoryStorage;
    endpoint: FakeEndpoint;
    clock: { now: number };
    page: Outbox;
    locks: TabLocks;
    counter: { n: number };
  }

  const checkReal = (model: Model, real: Real) => {
    const stored = real.page.pending().map((e) => e.lead.client_name).sort();
    expect(stored).to.deep.equal([...model.waiting].sort());
    for (const [name, count] of real.endpoint.delivered) expect(count, `${name} delivered twice`).to.equal(1);
  };

  class Submit implements fc.AsyncCommand<Model, Real> {
    constructor(readonly answer: Answer) {}
    check = () => true;
    async run(model: Model, real: Real) {
      const name = `lead-${real.counter.n++}`;
      real.endpoint.answers = [this.answer];
      await real.page.submit({ client_name: name }, dest);
      (this.answer === 'retry' ? model.waiting : model.done).add(name);
      checkReal(model, real);
    }
    toString = () => `submit(${this.answer})`;
  }

  class Flush implements fc.AsyncCommand<Model, Real> {
    constructor(readonly answers: Answer[], readonly twoTabs: boolean) {}
    check = () => true;
    async run(model: Model, real: Real) {
      real.clock.now += 3_600_000; // Everything is due.
      const before = real.endpoint.requests.length;
      real.endpoint.answers = [...this.answers];
      const other = makePage(real.storage, real.endpoint, real.clock, real.locks);
      await Promise.all(this.twoTabs ? [real.page.flush(), other.flush()] : [real.page.flush()]);
      // Replay in the model what the endpoint answered, in request order.
      const sent = real.endpoint.requests.slice(before);
      const answers = [...this.answers];
      for (const name of sent) {
        const answer = answers.shift() ?? 'delivered';
        expect(model.waiting.has(name), `${name} sent but not waiting`).to.equal(true);
        if (answer !== 'retry') {
          model.waiting.delete(name);
          model.done.add(name);
        }
      }
      expect(sent.length, 'every due lead tried once').to.equal(new Set(sent).size);
      checkReal(model, real);
    }
    toString = () => `flush(${this.answers.join(',')}${this.twoTabs ? ', two tabs' : ''})`;
  }

  class Reload implements fc.AsyncCommand<Model, Real> {
    check = () => true;
    async run(model: Model, real: Real) {
      real.locks = new TabLocks();
      real.page = makePage(real.storage, real.endpoint, real.clock, real.locks);
      checkReal(model, real);
    }
    toString = () => 'reload';
  }

  it('never loses a lead and never delivers one twice', async () => {
    const answer = fc.constantFrom<Answer>('delivered', 'refused', 'retry');
    const commands = [
      answer.map((a) => new Submit(a)),
      fc.tuple(fc.array(answer, { maxLength: 6 }), fc.boolean()).map(([a, two]) => new Flush(a, two)),
      fc.constant(new Reload()),
    ];
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 25 }), async (cmds) => {
        const storage = new MemoryStorage();
        const endpoint = new FakeEndpoint();
        const clock = { now: 1_000_000 };
        const locks = new TabLocks();
        const real: Real = { storage, endpoint, clock, locks, page: makePage(storage, endpoint, clock, locks), counter: { n: 0 } };
        const model: Model = { waiting: new Set(), done: new Set() };
        await fc.asyncModelRun(() => ({ model, real }), cmds);
        // Finally the endpoint recovers: every lead still waiting is delivered.
        real.clock.now += 3_600_000;
        real.endpoint.answers = [];
        await real.page.flush();
        expect(real.page.pending()).to.have.length(0);
        for (const name of model.waiting) expect(real.endpoint.delivered.get(name)).to.equal(1);
      }),
      { numRuns: 60 },
    );
  });
});
