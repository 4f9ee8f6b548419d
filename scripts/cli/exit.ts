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
  /**
   * check with a configuration given: nothing violated, but the rules differ from what the configuration generates
   * (drift: rules missing, extra, changed or moved). Violations (1) take precedence; undetermined (3) gives way to it.
   */
  drift: 4,
  /**
   * check: the rules capture nothing (no Istio chain reached from OUTPUT or PREROUTING: capture failed, a dump of the
   * filter table only) or not what the given configuration asks for. Never "holds": there is nothing to hold.
   * Violations (1) take precedence; drift (4) and undetermined (3) give way to it.
   */
  notCaptured: 5,
  /** A bug in sidecar-chains itself (an exception no input should cause); printed with its stack. */
  internal: 70,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export const EXIT_CODES_HELP = `Exit codes:
  0   every invariant holds or does not apply (check); the command succeeded
  1   at least one invariant is violated (check, counterexample); the traced connection loops (trace);
      docs --check found stale files
  2   bad input or usage: unreadable file, malformed rules (file:line:col is shown), unknown option or value
  3   no violation, but a verdict is undetermined because of a construct the model does not cover
      (check; trace: the connection meets such a rule)
  4   no violation, but the rules differ from what the given configuration (--config, --istio-args, --pod)
      generates: the drift is listed (check)
  5   no violation, but the rules capture nothing (no Istio chain is reached from OUTPUT or PREROUTING, a dump
      of the filter table only) or not what the given configuration asks for (check)
  70  internal error: a bug in sidecar-chains (please report it with the input)`;

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
