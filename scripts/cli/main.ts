// The CLI as a function, like eemeli/yaml's src/cli.ts: main(argv, io) runs one command and resolves to its exit
// code, so tests call it in-process and bin/sidecar-chains.js only sets process.exitCode. Nothing here exits.
import { CommanderError } from 'commander';
import { CliError, EXIT } from './exit.ts';
import { type CliIo, painter, processIo } from './io.ts';
import { buildProgram, type Outcome } from './program.ts';
import { helpPointer } from './usage.ts';
import { packageVersion } from './version.ts';

export { EXIT } from './exit.ts';
export type { CliIo } from './io.ts';

export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const outcome: Outcome = { code: EXIT.ok };
  const program = buildProgram(io, outcome).version(packageVersion(), '-V, --version');
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return outcome.code;
  } catch (e) {
    return report(e, io, outcome);
  }
}

function report(e: unknown, io: CliIo, outcome: Outcome): number {
  if (e instanceof CommanderError) {
    // commander has already printed the message (and, for usage errors, the help).
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return EXIT.ok;
    if (e.code === 'commander.help') return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    return EXIT.usage;
  }
  if (e instanceof CliError) {
    const paint = painter(io, io.stderr);
    io.stderr.write(e.positioned ? `${e.message}\n` : `${paint('red', 'error')}: ${e.message}\n`);
    if (e.showUsage && outcome.command) io.stderr.write(`${helpPointer(outcome.command)}\n`);
    return EXIT.usage;
  }
  const detail = e instanceof Error ? (e.stack ?? e.message) : String(e);
  io.stderr.write(
    `sidecar-chains: internal error (a bug; please report it with the input that caused it)\n${detail}\n`,
  );
  return EXIT.internal;
}
