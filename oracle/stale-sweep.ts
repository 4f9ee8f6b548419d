// Namespaces left by oracle runs that died without cleaning up. SIGINT, SIGTERM and SIGHUP clean up (cleanup.ts), but
// SIGKILL (of the run or its process group) cannot be caught, so its `scx-<pid>-<hex>-pod|remote` pair (or the nft
// listing's `scx-<pid>-nft-<hex>`) stays. Every run sweeps them at start: a name `scx-<pid>-<word>` (processPrefix in
// netns.ts) whose <pid> is not a live node process is stale. A live pid
// is another run (a parallel test worker) and is left alone; a pid the system reused for another program is not ours
// any more, so its namespaces are stale. Nothing but names of that form is ever touched.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { listOurNamespaces } from './netns.ts';
import { NETNS_PREFIX } from './topology.ts';

/** The names our namespaces get (processPrefix in netns.ts): the prefix, the creating process's pid, then a suffix. */
const RUN_NAME = new RegExp(`^${NETNS_PREFIX}(\\d+)-[A-Za-z0-9][A-Za-z0-9-]*$`);

export interface SweepReport {
  /** Deleted namespaces, sorted. */
  readonly removed: readonly string[];
  /** Processes still running inside them (stopped with SIGKILL first). */
  readonly stopped: readonly number[];
}

/** Whether pid is a running node process (its argv[0] is node): an oracle run, or one that may still be one. */
function isLiveNode(pid: number): boolean {
  try {
    const argv0 = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] ?? '';
    return /(^|\/)node[0-9.]*$/.test(argv0);
  } catch {
    return false;
  }
}

/** The pid a namespace name of ours carries, or null for any other name. */
export function runPidOf(ns: string): number | null {
  const m = RUN_NAME.exec(ns);
  return m ? Number(m[1]) : null;
}

export function staleNamespaces(names: readonly string[] = listOurNamespaces('all')): string[] {
  return names.filter((ns) => {
    const pid = runPidOf(ns);
    return pid !== null && pid !== process.pid && !isLiveNode(pid);
  });
}

function pidsIn(ns: string): number[] {
  const out = spawnSync('ip', ['netns', 'pids', ns], { encoding: 'utf8' });
  return (out.stdout ?? '')
    .split('\n')
    .filter((l) => /^\d+$/.test(l.trim()))
    .map(Number);
}

/** Deletes the stale namespaces (after stopping what still runs in them) and says what it removed. */
export function sweepStaleNamespaces(): SweepReport {
  const removed: string[] = [];
  const stopped: number[] = [];
  for (const ns of staleNamespaces()) {
    if (runPidOf(ns) === null) continue; // belt and braces: only our names reach `ip netns`
    for (const pid of pidsIn(ns)) {
      try {
        process.kill(pid, 'SIGKILL');
        stopped.push(pid);
      } catch {
        // already gone
      }
    }
    const del = spawnSync('ip', ['netns', 'del', ns], { stdio: 'ignore' });
    if (del.status === 0) removed.push(ns);
  }
  return { removed: removed.sort(), stopped };
}

let swept = false;

/** Once per process, at the start of its first oracle session: sweep, and say on stderr what was removed. */
export function sweepAtStart(): SweepReport | undefined {
  if (swept) return undefined;
  swept = true;
  const report = sweepStaleNamespaces();
  const message = sweepMessage(report);
  if (message !== undefined) process.stderr.write(`${message}\n`);
  return report;
}

/** What a sweep says on stderr: nothing when it removed nothing. */
export function sweepMessage(report: SweepReport): string | undefined {
  if (report.removed.length === 0) return undefined;
  const pids = [...new Set(report.removed.map(runPidOf))].join(', ');
  const procs = report.stopped.length > 0 ? `; stopped ${report.stopped.length} processes still in them` : '';
  return `kernel oracle: removed ${report.removed.length} namespaces left by dead runs (pid ${pids}): ${report.removed.join(' ')}${procs}`;
}
