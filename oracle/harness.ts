// The kernel as an oracle for the model: replay connections through real netfilter in throw-away namespaces and
// report, per hop, which rules' counters rose and which socket accepted the connection (oracle/OBSERVATIONS.md).
import { oracleAvailability } from './availability.ts';
import { registerSession, unregisterSession } from './cleanup.ts';
import { Session } from './session.ts';
import { sweepAtStart } from './stale-sweep.ts';
import type { Oracle, OracleOptions } from './types.ts';

export { oracleAvailability } from './availability.ts';
export type * from './types.ts';

/**
 * Runs fn against a fresh namespace pair loaded with opts.rules, and always cleans up: processes by PID, then the
 * namespaces, on success, on a throw, and (via cleanup.ts) on SIGINT/SIGTERM or exit. The first session of a process
 * first removes the namespaces of runs that were killed with SIGKILL (stale-sweep.ts).
 */
export async function withOracle<T>(options: OracleOptions, fn: (oracle: Oracle) => Promise<T>): Promise<T> {
  const available = oracleAvailability(options.backend);
  if (!available.ok) throw new Error(`kernel oracle unavailable: ${available.reason}`);
  sweepAtStart();
  const session = new Session(options);
  registerSession(session);
  let outcome: { ok: true; value: T } | { ok: false; error: unknown };
  try {
    await session.start();
    outcome = { ok: true, value: await fn(session.api()) };
  } catch (error) {
    outcome = { ok: false, error };
  }
  try {
    await session.dispose();
  } catch (cleanupError) {
    // Whatever the graceful path left behind, the synchronous path still kills by PID and deletes the namespaces.
    session.disposeSync();
    if (outcome.ok) throw cleanupError;
    throw new AggregateError([outcome.error, cleanupError], 'kernel oracle failed, and so did its cleanup');
  } finally {
    unregisterSession(session);
  }
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}
