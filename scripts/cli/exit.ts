// Exit codes and the one error type the commands throw for bad input: its message is already written for a person
// (file:line:col and a caret where there is a position), so main() prints it as it is, never with a stack.

export const EXIT = {
  /** Every invariant holds (or does not apply); the command did what it was asked. */
  ok: 0,
  /** At least one invariant is violated (check, counterexample), or the trace loops (trace). */
  violated: 1,
  /** Bad input or usage: unreadable or malformed rules, unknown options or values. */
  usage: 2,
  /** Nothing violated, but some verdict is undetermined because the rules use constructs the model does not cover. */
  undetermined: 3,
  /** A bug in sidecar-chains itself (an exception no input should cause); printed with its stack. */
  internal: 70,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

const CODE_LINES: Readonly<Record<string, readonly string[]>> = {
  check: [
    '0   every invariant holds or does not apply',
    '1   at least one invariant is violated (one --baseline does not accept)',
    '2   bad input or usage: unreadable file, malformed rules (file:line:col is shown), rules the kernel would',
    '    refuse to load, unknown option or value, a limit of the analysis reached',
    '3   no violation, but a verdict is undetermined because of a construct the model does not cover',
  ],
  trace: [
    '0   the connection was followed to its end',
    '1   the traced connection loops',
    '2   bad input or usage',
    '3   the connection meets a rule the model does not cover',
  ],
  explain: ['0   the rule was explained', '2   bad input or usage'],
  counterexample: [
    '0   no counterexample (the invariant holds or does not apply)',
    '1   counterexample written',
    '2   bad input or usage',
  ],
  'sidecar-chains': [
    '0   success: every invariant holds or does not apply (check)',
    '1   a violation (check, counterexample), a loop (trace), stale files (docs --check)',
    '2   bad input or usage',
    '3   a verdict is undetermined (check, trace)',
  ],
};

/** The "Exit codes:" section of one command's help (each command lists only its own). */
export function exitCodesHelp(command: keyof typeof CODE_LINES): string {
  const lines = [
    ...(CODE_LINES[command] ?? []),
    '70  internal error: a bug in sidecar-chains (please report it with the input)',
  ];
  return `Exit codes:\n${lines.map((l) => `  ${l}`).join('\n')}`;
}

export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    /** Print the command's usage after the message (for mistakes in how the command was called). */
    readonly showUsage = false,
    /** The message is complete as it is (parser issues start with `file:line:col: error[code]`). */
    readonly positioned = false,
  ) {
    super(message);
  }
}
