/** Exit codes of every `zappy-lead-form` command (README, "Commands"). */
export const ExitCode = {
  /** Done; for `doctor`, a working path for leads exists. */
  Ok: 0,
  /** The command ran and failed (the port is taken; `doctor` found no working path; `import` left rows invalid, refused or not delivered). */
  Failure: 1,
  /** Bad usage or configuration: an unknown option, a missing or malformed variable, a file `import` cannot read or a journal it cannot write. */
  Usage: 2,
} as const;

/** Prints one line to stderr, `zappy-lead-form: <message>`, and exits with `code`. */
export function fail(code: (typeof ExitCode)[keyof typeof ExitCode], message: string): never {
  process.stderr.write(`zappy-lead-form: ${message}\n`);
  process.exit(code);
}
