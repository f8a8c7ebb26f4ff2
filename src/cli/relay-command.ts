import { relayOptionsFromEnv } from '../relay/config.js';
import { batchedJsonLog } from '../relay/log.js';
import { listen, nodeFetch } from '../relay/node.js';
import { RelayConfigError, createRelay } from '../relay/relay.js';
import { ExitCode, fail } from './exit.js';

/** Flags of `zappy-lead-form relay`; the rest comes from the environment. */
export interface RelayCommandOptions {
  port?: number | string;
  host?: string;
}

/**
 * `zappy-lead-form relay`: serves the relay on Node until SIGTERM or SIGINT,
 * then lets the requests under way finish and exits 0. A second signal exits
 * at once. Configuration errors exit 2 with one line naming the variable.
 */
export async function relayCommand(flags: RelayCommandOptions, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const logLines = batchedJsonLog((text) => process.stdout.write(text));
  process.once('exit', logLines.flush);
  let handler;
  let meta = false;
  try {
    const options = relayOptionsFromEnv(env);
    meta = options.meta !== undefined;
    handler = createRelay({ ...options, fetch: nodeFetch, log: logLines.log });
  } catch (error) {
    if (error instanceof RelayConfigError) return fail(ExitCode.Usage, error.message);
    throw error;
  }
  const portText = String(flags.port ?? env['PORT'] ?? '8787');
  if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65_535) {
    return fail(ExitCode.Usage, `PORT="${portText}" is not a port number (0 to 65535).`);
  }
  const host = flags.host ?? env['HOST'] ?? '0.0.0.0';

  let running;
  try {
    running = await listen(handler, { port: Number(portText), host });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') return fail(ExitCode.Failure, `port ${portText} on ${host} is in use: set PORT to a free one.`);
    if (code === 'EACCES') return fail(ExitCode.Failure, `not allowed to listen on port ${portText}: use a port above 1023, or set PORT.`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') return fail(ExitCode.Failure, `HOST="${host}" is not an address of this machine.`);
    throw error;
  }

  const origins = env['ZAPPY_ALLOWED_ORIGINS']?.trim();
  process.stderr.write(`zappy-lead-form relay: listening on ${running.url} (POST /leads, GET /health${meta ? ', GET and POST /meta' : ''})\n`);
  if (!origins || origins === '*') {
    process.stderr.write('zappy-lead-form relay: ZAPPY_ALLOWED_ORIGINS is not set, so pages of any site may post leads; set it to your site\'s origins.\n');
  }

  let signals = 0;
  const stop = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1) process.exit(signal === 'SIGINT' ? 130 : 143);
    process.stderr.write(`zappy-lead-form relay: ${signal}, finishing the requests under way\n`);
    running.close().then(() => process.exit(ExitCode.Ok));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
