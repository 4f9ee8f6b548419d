// An oracle run killed with SIGKILL (its whole process group) cannot clean up, so its namespaces stay; the next run
// removes them at start and says so. Only names of the form scx-<pid>-<suffix> whose pid is dead are touched.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { listOurNamespaces, oracleAvailability, runPidOf, staleNamespaces } from '../../oracle/index.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const RUN = join(ROOT, 'test', 'oracle', 'fixtures', 'oracle-run.ts');
const availability = oracleAvailability('nft');
const inCI = Boolean(process.env.CI);
if (!availability.ok && !inCI) console.log(`stale namespace sweep skipped: ${availability.reason}`);

function start(mode: 'hold' | 'once'): ChildProcess {
  // detached: the run leads its own process group, so the test can kill the group as a user's kill -9 -PGID would.
  return spawn(process.execPath, ['--import', 'tsx', RUN, mode], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

async function firstLine(child: ChildProcess): Promise<string> {
  let text = '';
  for await (const chunk of child.stdout!) {
    text += String(chunk);
    if (text.includes('\n')) return text.slice(0, text.indexOf('\n'));
  }
  throw new Error('the oracle run ended before it printed its namespaces');
}

describe.runIf(availability.ok || inCI)('the oracle sweeps the namespaces of runs killed with SIGKILL', () => {
  let leftBehind: string[] = [];
  afterAll(() => {
    // Whatever happened above, none of the killed run's namespaces outlives the test (and only those are touched).
    for (const ns of leftBehind.filter((n) => listOurNamespaces('all').includes(n) && runPidOf(n) !== null)) {
      spawnSync('ip', ['netns', 'del', ns]);
    }
  });

  it('a killed run leaves its pair; the next run removes it and reports it; live runs are untouched', async () => {
    if (!availability.ok) throw new Error(`kernel oracle unavailable in CI: ${availability.reason}`);
    type Held = { pid: number; namespaces: { pod: string; remote: string } };
    // A run that stays alive throughout (started first, so its own sweep is over before anything dies).
    const live = start('hold');
    const liveRun = JSON.parse(await firstLine(live)) as Held;
    const liveNames = [liveRun.namespaces.pod, liveRun.namespaces.remote];

    const killed = start('hold');
    const held = JSON.parse(await firstLine(killed)) as Held;
    leftBehind = [held.namespaces.pod, held.namespaces.remote].sort();
    const inside = spawnSync('ip', ['netns', 'pids', held.namespaces.pod], { encoding: 'utf8' }).stdout.trim();
    expect(inside).not.toBe(''); // the run's listeners live in its pod namespace
    process.kill(-killed.pid!, 'SIGKILL');
    await once(killed, 'exit');
    expect(listOurNamespaces('all')).toEqual(expect.arrayContaining(leftBehind));
    expect(staleNamespaces()).toEqual(expect.arrayContaining(leftBehind));
    expect(staleNamespaces()).not.toEqual(expect.arrayContaining([liveNames[0]]));

    const next = start('once');
    let stderr = '';
    next.stderr!.on('data', (c) => {
      stderr += String(c);
    });
    const [code] = await once(next, 'exit');
    expect(code).toBe(0);
    expect(stderr).toMatch(/^kernel oracle: removed \d+ namespaces left by dead runs \(pid [\d, ]+\): .+$/m);
    for (const ns of leftBehind) expect(stderr).toContain(ns);
    const afterNext = listOurNamespaces('all');
    for (const ns of leftBehind) expect(afterNext).not.toContain(ns);
    for (const ns of liveNames) expect(afterNext).toContain(ns);

    live.kill('SIGTERM'); // cleans up after itself (cleanup.ts)
    await once(live, 'exit');
    for (const ns of liveNames) expect(listOurNamespaces('all')).not.toContain(ns);
  }, 120_000);

  it('only names of our exact form carry a pid', () => {
    expect(runPidOf('scx-123-ab12cd-pod')).toBe(123);
    expect(runPidOf('scx-123-ab12cd-remote')).toBe(123);
    expect(runPidOf('scx-123-nft-ab12cd')).toBe(123);
    for (const other of ['scx-123', 'scx-123-', 'scx-abc-ab12cd-pod', 'xscx-123-ab12cd-pod', 'scx-123-a b', 'cni-123'])
      expect(runPidOf(other)).toBeNull();
    expect(staleNamespaces(['scx-1-ab-pod', `scx-${process.pid}-ab-pod`, 'other-1-ab-pod'])).toEqual(
      // pid 1 is init (not node): its name would be stale; our own pid and other names never are
      ['scx-1-ab-pod'],
    );
  });
});
