// Tables at the trace's JSON boundary: a hit's table (a TableRef: family and name) is written as its label, `nat`
// for iptables' tables and `inet t` for others, as traces have always named them, and traceFromJson gives the same
// references back, including the rule an undetermined landing stopped at.
import { describe, expect, it } from 'vitest';
import { parseAddr } from '../../model/net/index.ts';
import { makeWorld, simulate } from '../../model/pod/index.ts';
import { findProfile } from '../../model/profiles/index.ts';
import type { Chain, Rule, Ruleset, Target } from '../../model/ruleset/index.ts';
import { type Trace, type TraceJson, traceFromJson, traceToJson } from '../../model/trace/index.ts';

const envoy = findProfile('istio-1.25')!.envoy;
const rule = (target: Target): Rule => ({ matches: [], target });
const out = (priority: number, rules: Rule[]): Chain => ({
  name: 'out',
  base: { hook: 'OUTPUT', priority, type: 'filter' },
  policy: 'ACCEPT',
  rules,
});

function traceThrough(rs: Ruleset): Trace {
  return simulate(makeWorld({ rulesets: { ipv4: rs }, envoy }), {
    from: { kind: 'pod', actor: 'app', uid: 1000, gid: 1000 },
    protocol: 'tcp',
    dst: { addr: parseAddr('10.250.0.3'), port: 8080 },
  });
}
const reread = (t: Trace): Trace => traceFromJson(JSON.parse(JSON.stringify(traceToJson(t))) as TraceJson);

describe('tables in trace JSON', () => {
  it('an ip table is written by its name, an inet table with its family, and both read back', () => {
    const trace = traceThrough({
      family: 'ipv4',
      tables: [
        { family: 'ip', name: 'filter', chains: [out(0, [rule({ kind: 'none' })])] },
        { family: 'inet', name: 'extra', chains: [out(10, [rule({ kind: 'none' })])] },
      ],
    });
    const hop = traceToJson(trace).hops[0]!;
    expect(hop.hits.filter((h) => h.kind === 'rule').map((h) => h.table)).toEqual(['filter', 'inet extra']);
    expect(hop.hooks.find((v) => v.hook === 'OUTPUT')?.tables).toEqual(['filter', 'inet extra']);
    expect(trace.hops[0]!.hits[2]!.table).toEqual({ family: 'inet', name: 'extra' });
    expect(reread(trace)).toEqual(trace);
  });

  it('the hit an undetermined landing and disposition stopped at keeps its table reference', () => {
    // statistic is not modelled (its result is unknown) and does not use conntrack (so that is known).
    const statistic: Rule = {
      matches: [{ kind: 'unsupported', module: 'statistic', text: '-m statistic --mode random --probability 0.5' }],
      target: { kind: 'drop' },
    };
    const trace = traceThrough({
      family: 'ipv4',
      tables: [{ family: 'inet', name: 'odd', chains: [out(0, [statistic])] }],
    });
    expect(trace.disposition).toMatchObject({ kind: 'undetermined', at: { table: { family: 'inet', name: 'odd' } } });
    expect(traceToJson(trace).disposition).toMatchObject({ kind: 'undetermined', at: { table: 'inet odd' } });
    expect(reread(trace)).toEqual(trace);
  });
});
