// The coverage runner against a scripted stand-in for the oracle (no kernel): reloads only when the rules change, a
// ruleset the kernel refuses becomes a "load-refused" skip, and an accepted-in-the-pod hop without an original
// destination is replayed once more instead of being reported.
import { describe, expect, it } from 'vitest';
import { type CoverageSession, newStats, runCases } from '../../oracle/coverage.ts';
import { requireProfile, scenarioCases, shipped, withoutOutputRules } from '../../oracle/coverage-cases.ts';
import type { ObservedHop, Oracle, OracleHop } from '../../oracle/index.ts';
import { oracleListeners, type PlannedHop } from '../../oracle/replay-trace.ts';

const classic = shipped(requireProfile('istio-1.10'));
const cases = scenarioCases(classic).filter((c) => c.meta.label === 'local-to-remote');
const planned = new Map<string, PlannedHop>(cases.flatMap((c) => (c.plan.ok ? c.plan.hops.map((h) => [h.id, h]) : [])));

/** Observes what the model expects, except that the first sighting of `forget` has no original destination. */
function scripted(forget: string, refuse: string | null) {
  const calls: string[] = [];
  let forgotten = false;
  const observe = (hop: OracleHop): ObservedHop => {
    const h = planned.get(hop.id.replace(/~again$/, ''))!;
    const hits = h.model.hits
      .filter((x) => x.kind === 'rule')
      .map(({ table, chain, index, rule }) => ({ table: table.name, chain, index, rule }));
    const e = h.expect;
    if (e.kind !== 'accepted') throw new Error('scripted oracle only accepts');
    const lose = hop.id === forget && !forgotten;
    forgotten ||= lose;
    const orig = e.origDst && !lose ? { origDst: e.origDst.addr, origDport: e.origDst.port } : {};
    const outcome = {
      kind: 'accepted',
      listener: e.listener,
      localAddr: e.local.addr,
      localPort: e.local.port,
      ...orig,
    };
    return { id: hop.id, hits, outcome } as ObservedHop;
  };
  const oracle: Oracle = {
    replay: async (hops) => {
      calls.push(`replay ${hops.map((h) => h.id).join(',')}`);
      return hops.map(observe);
    },
    reload: async (rules) => {
      calls.push('reload');
      if (rules === refuse) throw new Error('iptables-restore: line 3 failed\nmore');
    },
    kernelVersion: 'test',
    namespaces: { pod: 'p', remote: 'r' },
  };
  return { oracle, calls };
}

describe('runCases', () => {
  it('replays an incomplete observation once more and reports the second one', async () => {
    const first = [...planned.keys()][0]!;
    const { oracle, calls } = scripted(first, null);
    const stats = newStats();
    const session: CoverageSession = { oracle, listeners: oracleListeners(classic.world), loaded: classic.rules };
    const [result] = await runCases(session, cases, stats);
    expect(calls).toEqual([`replay ${[...planned.keys()].join(',')}`, `replay ${first}~again`]);
    expect(stats.retries).toBe(1);
    expect(result?.hops.map((h) => [h.id, h.agree])).toEqual([...planned.keys()].map((id) => [id, true]));
  });

  it('reloads only for other rules (and after a failed load), and turns a refused ruleset into a skip', async () => {
    const edited = withoutOutputRules(requireProfile('istio-1.10'), [4]);
    const other = scenarioCases(edited).filter((c) => c.meta.label === 'local-to-remote');
    const { oracle, calls } = scripted('', edited.rules);
    const session: CoverageSession = { oracle, listeners: oracleListeners(classic.world), loaded: classic.rules };
    const results = await runCases(session, [...cases, ...other, ...cases]);
    expect(calls.filter((c) => c === 'reload')).toHaveLength(2);
    expect(results.map((r) => r.skip?.code ?? r.status)).toEqual(['compared', 'load-refused', 'compared']);
    expect(results[1]?.skip?.reason).toBe('iptables-restore refused the ruleset: iptables-restore: line 3 failed');
  });
});
