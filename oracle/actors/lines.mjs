// JSON-lines plumbing shared by the oracle's actor processes (plain JS: they run as uid 1000/1337 under `setpriv`,
// outside the TypeScript toolchain). Every actor exits when its stdin closes, so a harness that dies, even by
// SIGKILL, never leaves actors behind in a namespace.
import { createInterface } from 'node:readline';

/** Writes one JSON object as one line on stdout. */
export function emit(message) {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

/** Calls onCommand for every JSON line on stdin; exits the process when stdin ends. */
export function readCommands(onCommand) {
  const rl = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  rl.on('line', (line) => {
    if (line.trim() === '') return;
    let command;
    try {
      command = JSON.parse(line);
    } catch (e) {
      emit({ type: 'protocol-error', error: String(e), line });
      return;
    }
    onCommand(command);
  });
  rl.on('close', () => process.exit(0));
}
