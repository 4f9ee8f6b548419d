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
  /**
   * check without a configuration: nothing violated and something is captured, but the rules switch part of the
   * capture off against their version's default injection (no outbound or no inbound capture, the tunnel port
   * captured, a proxy uid or gid missing from the owner rules). Read back, that would be taken as the intent; given no
   * configuration, it is doubted instead. Giving the configuration that asks for it (--config, --istio-args, --pod)
   * removes the finding. Violations (1) and not captured (5) take precedence; undetermined (3) gives way to it.
   */
  captureOff: 6,
  /** A bug in sidecar-chains itself (an exception no input should cause); printed with its stack. */
  internal: 70,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

const CODE_LINES: Readonly<Record<string, readonly string[]>> = {
  check: [
    '0   every invariant holds or does not apply',
    '1   at least one invariant is violated (one --baseline does not accept)',
    '2   bad input or usage: unreadable file, malformed rules (file:line:col is shown), rules the kernel would refuse to load, unknown option or value, a limit of the analysis reached',
    '3   no violation, but a verdict is undetermined because of a construct the model does not cover',
    '4   no violation, but the rules differ from what the given configuration (--config, --istio-args, --pod) generates: the drift is listed',
    '5   no violation, but the rules capture nothing (no Istio chain is reached from OUTPUT or PREROUTING, a dump of the filter table only) or not what the given configuration asks for; outranks 4 and 3',
    "6   no violation, no configuration given, and the rules switch capture off against their version's default injection (no outbound or inbound capture, the tunnel port captured, a proxy uid or gid missing): give the configuration that asks for it (--config, --istio-args, --pod) to state it as intent; a baseline cannot accept it; outranks 3",
  ],
  trace: [
    '0   the connection was followed to its end',
    '1   the traced connection loops',
    '2   bad input or usage',
    '3   the connection meets a rule the model does not cover',
  ],
  diff: [
    '0   behaviourally equivalent: no packet class changes fate, proved over every class',
    '1   some classes change fate (or only their deciding rule): the groups are listed',
    '2   bad input or usage',
    '3   no class changes, but some classes are undetermined (a construct the model does not cover) or the class',
    '    analysis stopped at its cap: not proved equivalent',
  ],
  explain: ['0   the rule was explained', '2   bad input or usage'],
  counterexample: [
    '0   no counterexample (the invariant holds or does not apply)',
    '1   counterexample written',
    '2   bad input or usage',
  ],
  generate: ['0   generated', '2   bad input or usage (an invalid configuration names the input)'],
  'sidecar-chains': [
    '0   success: every invariant holds or does not apply (check), the rulesets are equivalent (diff)',
    '1   a violation (check, counterexample), a loop (trace), a change of fate (diff), stale files (docs --check)',
    '2   bad input or usage',
    '3   a verdict is undetermined (check, trace, diff)',
    '4   the rules drift from the given configuration (check)',
    '5   the rules capture nothing, or not what the given configuration asks for (check)',
    "6   without a configuration, the rules switch capture off against their version's default injection (check)",
  ],
};

/** The "Exit codes:" section of one command's help (each command lists only its own; one line per code, wrapped to the terminal by wrapHelpText). */
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
