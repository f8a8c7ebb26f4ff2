#!/usr/bin/env node
// `npx zappy-lead-form <command>`: the package's command-line tools, a thin
// shell around library functions (the relay, the doctor, the import).
import { cac } from 'cac';
import { DEFAULT_CONCURRENCY, DEFAULT_RETRIES } from '../import/import-leads.js';
import { DEFAULT_ENDPOINT, DEFAULT_TIMEOUT_MS } from '../lead/send-lead.js';
import { DEFAULT_DOCTOR_TIMEOUT_MS, doctorCommand } from './doctor.js';
import { ExitCode, fail } from './exit.js';
import { importCommand } from './import-command.js';
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
      '  ZAPPY_TRUST_PROXY          true or a number of proxies: client address from X-Forwarded-For;\n' +
      '                             cloudflare: from CF-Connecting-IP\n' +
      '  ZAPPY_UPSTREAM_TIMEOUT_MS  how long Zappy may take (default: 8000)\n' +
      '  PORT, HOST                 where to listen (default: 8787 on 0.0.0.0)\n\n' +
      'Exit codes: 0 stopped by SIGTERM/SIGINT after finishing requests, 1 could not listen, 2 bad configuration.',
  )
  .action((flags) => relayCommand(flags));

cli
  .command('doctor', 'Check whether pages on your site can post leads (to Zappy directly, or through your relay), and what to do if not')
  .option('--origin <origin>', 'Origin of the pages that show the form, as https://www.salao.pt (required)')
  .option('--endpoint <url>', 'createLead URL for direct mode; a ?accountHash= is sent but never printed', { default: DEFAULT_ENDPOINT })
  .option('--relay <url>', 'The relay\'s leads URL, as the widget\'s endpoint gets it (https://www.salao.pt/api/leads); its /health is found beside it (default: none, direct mode only)')
  .option('--timeout <ms>', 'Milliseconds each request may take', { default: DEFAULT_DOCTOR_TIMEOUT_MS })
  .usage(
    'doctor --origin https://www.salao.pt [--relay https://www.salao.pt/api/leads]\n\n' +
      'Sends CORS pre-flights (OPTIONS) as a browser on --origin would, and GET /health to the relay; never a POST, so no lead is created.\n\n' +
      'Exit codes: 0 a working path exists (the relay, or direct mode), 1 none does, 2 bad usage.',
  )
  .action((flags) => doctorCommand(flags));

cli
  .command('import [file]', 'Send a client list (CSV or .xlsx) to Zappy as leads, checked as the widget checks them; a re-run sends only what was not delivered')
  .option('--map <key=header>', 'Column for a key, overriding the recognised headers; comma-separate or repeat (client_name=Nome do cliente,custom_1=Observações)')
  .option('--set <key=value>', 'A value for every row that has none; repeat for several (form_id=import-2026)')
  .option('--country <code>', 'Country of mobile numbers without +code, and of postal codes', { default: 'PT' })
  .option('--date-order <order>', 'Dates whose year comes last: dmy (31/01/1990) or mdy (01/31/1990)', { default: 'dmy' })
  .option('--encoding <label>', 'CSV encoding: utf-8, windows-1252, latin1… (default: detected)')
  .option('--delimiter <char>', 'CSV separator: ";", ",", tab or "|" (default: detected)')
  .option('--sheet <name>', '.xlsx sheet, by name or position from 1 (default: the first)')
  .option('--concurrency <n>', 'Requests under way at once', { default: DEFAULT_CONCURRENCY })
  .option('--rate <n/s>', 'At most this many requests per second (5/s), minute (100/m) or other window (default: no limit)')
  .option('--retries <n>', 'Retries of a row after a network error, timeout, 429 or 5xx (never after another 4xx)', { default: DEFAULT_RETRIES })
  .option('--timeout <ms>', 'Milliseconds one request may take', { default: DEFAULT_TIMEOUT_MS })
  .option('--journal <file>', 'Journal of delivered rows, read and appended to by every run (default: <file>.journal)')
  // An empty default: cac gives a negatable flag the default `true`, which its own check then takes for `--journal` without a value.
  .option('--no-journal', 'Keep no journal: a re-run sends every row again', { default: '' })
  .option('--report <file>', 'Write a CSV with every row\'s line, outcome, status and reasons (default: none)')
  .option('--endpoint <url>', 'createLead URL: your relay, or a test stand-in (or ZAPPY_ENDPOINT; default: Zappy\'s)')
  .option('--dry-run', 'Check and report every row; send nothing, write no journal')
  .option('--verbose', 'Print every row with its values (personal data: not for shared logs)')
  .usage(
    'import clientes.csv [--set form_id=import-2026] [--report relatorio.csv]\n\n' +
      'The account hash comes from ZAPPY_ACCOUNT_HASH (never an argument, which lands in shell history); it is never printed.\n' +
      'Headers in Portuguese, English or Spanish are recognised (Nome, Email, Telemóvel, NIF, Data de nascimento, Morada,\n' +
      'Código Postal, Localidade…), and the API\'s own keys (client_name, client_mobile…).\n' +
      'Ctrl-C (or SIGTERM) stops reading; requests under way finish and are journaled.\n\n' +
      'Exit codes: 0 every valid row delivered and no row invalid, 1 some rows invalid, refused or not delivered (see --report),\n' +
      '2 bad usage (no hash, unreadable file, unknown option) or a journal that cannot be written.',
  )
  .action((file: string | undefined, flags) => importCommand(file, flags));

// `--no-journal`'s empty default (above) is not worth a "(default: )" in the help.
cli.help((sections) => sections.map((section) => ({ ...section, body: section.body.replaceAll(' (default: )', '') })));
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
