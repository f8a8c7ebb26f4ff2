#!/usr/bin/env node
// `npx zappy-lead-form <command>`: the package's command-line tools, a thin
// shell around library functions (the relay, the doctor).
import { cac } from 'cac';
import { ExitCode, fail } from './exit.js';
import { relayCommand } from './relay-command.js';

declare const __VERSION__: string;
const version = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';

const cli = cac('zappy-lead-form');

cli
  .command('relay', 'Serve the relay: the widget posts to it, it forwards to Zappy with the account hash')
  .option('--port <port>', 'Port to listen on (or PORT)', { default: undefined })
  .option('--host <host>', 'Address to listen on (or HOST)', { default: undefined })
  .usage(
    'relay\n\n' +
      'Configuration comes from the environment (never from arguments, which land in shell history):\n' +
      '  ZAPPY_ACCOUNT_HASH         required: the account hash Zappy support activated\n' +
      '  ZAPPY_ALLOWED_ORIGINS      origins whose pages may post, comma-separated (default: any)\n' +
      '  ZAPPY_ENDPOINT             upstream createLead URL (default: Zappy\'s)\n' +
      '  ZAPPY_RATE_LIMIT           per client address (default: 10/60s; "off" for none)\n' +
      '  ZAPPY_TRUST_PROXY          true or a number of proxies: client address from X-Forwarded-For\n' +
      '  ZAPPY_UPSTREAM_TIMEOUT_MS  how long Zappy may take (default: 8000)\n' +
      '  PORT, HOST                 where to listen (default: 8787 on 0.0.0.0)\n\n' +
      'Exit codes: 0 stopped by SIGTERM/SIGINT after finishing requests, 1 could not listen, 2 bad configuration.',
  )
  .action((flags) => relayCommand(flags));

cli.help();
cli.version(version);

try {
  cli.parse(process.argv, { run: false });
  if (!cli.matchedCommand && cli.args.length > 0) {
    fail(ExitCode.Usage, `unknown command "${cli.args[0]}". Run zappy-lead-form --help for the list.`);
  }
  if (!cli.matchedCommand && !cli.options['help'] && !cli.options['version']) cli.outputHelp();
  else await cli.runMatchedCommand();
} catch (error) {
  // cac's own errors (an unknown option, a missing value) are usage errors.
  if (error instanceof Error && error.name === 'CACError') fail(ExitCode.Usage, `${error.message}. Run zappy-lead-form --help.`);
  throw error;
}
