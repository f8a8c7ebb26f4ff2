/**
 * The relay as each runtime serves it, behind one interface, so the same
 * behavioural table runs against both: the `zappy-lead-form relay` command on
 * Node (dist/server/cli.js, as `npx` runs it) and the Worker build
 * (dist/zappy-lead-relay.worker.js) inside workerd, through miniflare.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { Miniflare } from 'miniflare';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const CLI = `${ROOT}dist/server/cli.js`;
export const WORKER = `${ROOT}dist/zappy-lead-relay.worker.js`;
/** The compatibility date README's wrangler.toml gives. */
export const COMPATIBILITY_DATE = '2026-04-01';

/** A relay started with some configuration. */
export interface RelayInstance {
  /** Sends a request to the relay; `path` like `/leads`. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** Every line it logged so far (stdout and stderr, or the Worker's console). */
  readonly logs: string[];
  stop(): Promise<void>;
}

/** One runtime the relay runs on. */
export interface RelayRuntime {
  readonly name: string;
  start(env: Record<string, string>, bindings?: WorkerBindings): Promise<RelayInstance>;
}

/** Worker-only bindings (ignored on Node). */
export interface WorkerBindings {
  rateLimit?: { limit: number; period: 10 | 60 };
  kv?: boolean;
}

function collectLines(stream: NodeJS.ReadableStream, into: string[]): void {
  let rest = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop() ?? '';
    into.push(...lines.filter(Boolean));
  });
}

/** Starts `node dist/server/cli.js relay` on a free port and waits for its "listening" line. */
export async function startNodeRelay(env: Record<string, string>): Promise<RelayInstance & { child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [CLI, 'relay'], {
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  collectLines(child.stdout!, logs);
  collectLines(child.stderr!, logs);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`relay did not start: ${logs.join('\n')}`)), 10_000);
    const look = () => {
      const line = logs.find((l) => l.includes('listening on'));
      const match = line && /listening on (http:\/\/\S+)/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      } else if (child.exitCode !== null) {
        clearTimeout(timer);
        reject(new Error(`relay exited ${child.exitCode}: ${logs.join('\n')}`));
      } else setTimeout(look, 20);
    };
    look();
  });
  return {
    child,
    url,
    logs,
    fetch: (path, init) => fetch(new URL(path, url), init),
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

export const nodeRuntime: RelayRuntime = { name: 'Node (npx zappy-lead-form relay)', start: (env) => startNodeRelay(env) };

export const workerdRuntime: RelayRuntime = {
  name: 'Cloudflare Workers (workerd)',
  async start(env, bindings = {}) {
    const logs: string[] = [];
    const mf = new Miniflare({
      modules: true,
      scriptPath: WORKER,
      compatibilityDate: COMPATIBILITY_DATE,
      bindings: env,
      ...(bindings.rateLimit ? { ratelimits: { ZAPPY_RATE_LIMITER: { simple: bindings.rateLimit } } } : {}),
      ...(bindings.kv ? { kvNamespaces: ['ZAPPY_DELIVERED'] } : {}),
      structuredWorkerdLogs: true,
      handleStructuredLogs: ({ message }: { message: string }) => {
        logs.push(...message.split('\n').filter(Boolean));
      },
    });
    await mf.ready;
    return {
      logs,
      fetch: async (path, init) => (await mf.dispatchFetch(new URL(path, 'https://relay.test').href, init as never)) as unknown as Response,
      stop: () => mf.dispose(),
    };
  },
};

export const RUNTIMES: readonly RelayRuntime[] = [nodeRuntime, workerdRuntime];

/**
 * The first JSON log line of `instance` that passes `test`, waiting up to 2 s
 * for it: lines arrive after the answer (Node writes once per turn; workerd's
 * console comes through a pipe, later still on a loaded machine).
 */
export async function loggedLine(instance: Pick<RelayInstance, 'logs'>, test: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
  for (let i = 0; i < 100; i++) {
    for (const line of instance.logs) {
      if (!line.startsWith('{')) continue;
      const record = JSON.parse(line) as Record<string, unknown>;
      if (test(record)) return record;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no such log line in:\n${instance.logs.join('\n')}`);
}
