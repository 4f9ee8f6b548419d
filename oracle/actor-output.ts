// How the oracle reads an actor process: one JSON message per stdout line, and the tail of its stderr for the message
// when it dies. Shared by the TCP actors (actors.ts) and the DNS actors (dns/actor.ts).
import type { ChildProcess } from 'node:child_process';

/** Calls `onMessage` with each non-blank stdout line parsed as JSON, as whole lines arrive. */
export function onJsonLines(child: ChildProcess, onMessage: (message: unknown) => void): void {
  let buffer = '';
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => {
    buffer += chunk;
    for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      if (line.trim() !== '') onMessage(JSON.parse(line));
    }
  });
}

/** Keeps the last 2,000 characters of stderr (what an exit message quotes); a closed stdin is not an error. */
export function keepStderrTail(child: ChildProcess, set: (tail: (previous: string) => string) => void): void {
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (text: string) => set((previous) => (previous + text).slice(-2000)));
  child.stdin?.on('error', () => {});
}
