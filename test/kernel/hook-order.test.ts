// The walk of one hook: every base chain registered there for the packet's family, lowest priority first, at equal
// priority the later registration first (net/netfilter/core.c, nf_hook_entries_grow); ACCEPT ends only its chain,
// DROP the hook; nat chains run inside nf_nat's hook at NF_IP_PRI_NAT_DST/SRC, only until a binding is set up
// (net/netfilter/nf_nat_core.c, nf_nat_inet_fn). Rulesets are built in code, as an nft ruleset would give them.
import { describe, expect, it } from 'vitest';
import { compileRuleset } from '../../model/kernel/compile.ts';
import { type Packet, PROTO_TCP, type RuleHit, tableLabel } from '../../model/kernel/packet.ts';
import { localOutput, type PathResult } from '../../model/kernel/path.ts';
import { parseAddr } from '../../model/net/index.ts';
import { makeWorld, podHost } from '../../model/pod/index.ts';
import { findProfile } from '../../model/profiles/index.ts';
import { parseDumpOrThrow } from '../../model/rules/index.ts';
import type {
  BaseHook,
  Chain,
  ChainType,
  Hook,
  Rule,
  Ruleset,
  Table,
  TableFamily,
  Target,
} from '../../model/ruleset/index.ts';

const envoy = findProfile('istio-1.25')!.envoy;
const COUNT: Rule = { matches: [], target: { kind: 'none' } };
const rule = (target: Target): Rule => ({ matches: [], target });

function base(name: string, hook: Hook, priority: number, rules: Rule[], type: ChainType = 'filter'): Chain {
  const at: BaseHook = { hook, priority, type };
  return { name, base: at, policy: 'ACCEPT', rules };
}
const table = (family: TableFamily, name: string, ...chains: Chain[]): Table => ({ family, name, chains });

function walk(tables: Table[], dst = '10.250.0.3'): PathResult {
  const rs: Ruleset = { family: 'ipv4', tables };
  const host = podHost(makeWorld({ rulesets: { ipv4: rs }, envoy }));
  const packet: Packet = {
    family: 'ipv4',
    protocol: PROTO_TCP,
    src: parseAddr('10.250.0.2'),
    dst: parseAddr(dst),
    sport: 40000,
    dport: 8080,
    inIface: null,
    outIface: null,
    owner: { uid: 1000, gid: 1000 },
    mark: 0,
    ctmark: 0,
    ctstate: 'NEW',
    firstPacket: true,
  };
  return localOutput(host, packet);
}

/** `table/chain#index` (or `:policy`) for each hit, in order. */
const steps = (hits: readonly RuleHit[]) =>
  hits.map((h) => `${tableLabel(h.table)}/${h.chain}${h.kind === 'rule' ? `#${h.index}` : `:${h.kind}`}`);
const tablesAt = (r: PathResult, hook: Hook) => r.hooks.find((v) => v.hook === hook)?.tables.map(tableLabel);

describe('base chains at one hook', () => {
  it('run in priority order, whatever their tables, for the tables of the packet family only', () => {
    const r = walk([
      table('inet', 'late', base('out', 'OUTPUT', 10, [COUNT])),
      table('ip', 'early', base('out', 'OUTPUT', -10, [COUNT])),
      table('ip6', 'v6only', base('out', 'OUTPUT', -20, [COUNT])),
      table('inet', 'mid', base('out', 'OUTPUT', 0, [COUNT])),
      table('netdev', 'ingress', base('out', 'OUTPUT', -30, [COUNT])),
    ]);
    expect(tablesAt(r, 'OUTPUT')).toEqual(['early', 'inet mid', 'inet late']);
    expect(steps(r.hits).filter((s) => s.endsWith('#1'))).toEqual(['early/out#1', 'inet mid/out#1', 'inet late/out#1']);
    expect(r.verdict).toBe('sent');
  });

  it('an ACCEPT ends only its own chain: the next base chain at the hook still runs', () => {
    const r = walk([
      table('inet', 'first', base('out', 'OUTPUT', -10, [rule({ kind: 'accept' }), COUNT])),
      table('inet', 'second', base('out', 'OUTPUT', 5, [COUNT])),
    ]);
    expect(steps(r.hits).slice(0, 3)).toEqual(['inet first/out#1', 'inet second/out#1', 'inet second/out:policy']);
    expect(r.verdict).toBe('sent');
  });

  it('a DROP ends the hook: later base chains never see the packet', () => {
    const r = walk([
      table('inet', 'second', base('out', 'OUTPUT', 5, [COUNT])),
      table('inet', 'first', base('out', 'OUTPUT', -10, [rule({ kind: 'drop' })])),
    ]);
    expect(steps(r.hits)).toEqual(['inet first/out#1']);
    expect(r.verdict).toBe('dropped');
    expect(r.reason).toBe('inet first out rule 1 DROP');
  });

  it('a DROP policy ends the hook too', () => {
    const dropAll: Chain = {
      name: 'out',
      base: { hook: 'OUTPUT', priority: 0, type: 'filter' },
      policy: 'DROP',
      rules: [],
    };
    const r = walk([table('inet', 'a', dropAll), table('inet', 'b', base('out', 'OUTPUT', 1, [COUNT]))]);
    expect(steps(r.hits)).toEqual(['inet a/out:policy']);
    expect(r.reason).toBe('inet a out policy DROP');
  });

  it('at equal priority, the chain registered later runs first', () => {
    const r = walk([
      table('inet', 'loaded-first', base('out', 'OUTPUT', 0, [COUNT])),
      table('inet', 'loaded-second', base('out', 'OUTPUT', 0, [COUNT])),
    ]);
    expect(tablesAt(r, 'OUTPUT')).toEqual(['inet loaded-second', 'inet loaded-first']);
  });
});

/**
 * A table whose only rule takes conntrack's reference (CONNMARK, xt_connmark.c) without being reached: nat sees
 * packets only when conntrack is on (model/kernel/conntrack-users.ts).
 */
const conntrackOn = (): Table => ({
  family: 'inet',
  name: 'ct-on',
  chains: [{ name: 'unused', base: null, policy: null, rules: [rule({ kind: 'connmark-set', value: 0, mask: 0 })] }],
});

describe('nat chains', () => {
  const redirect = rule({ kind: 'redirect', toPorts: { from: 15001, to: 15001 } });

  it('run inside nf_nat hook at NF_IP_PRI_NAT_DST (-100), ordered among themselves by their own priority', () => {
    const r = walk([
      conntrackOn(),
      table('inet', 'f0', base('out', 'OUTPUT', 0, [COUNT])),
      table('inet', 'n50', base('out', 'OUTPUT', 50, [COUNT], 'nat')),
      table('inet', 'n-200', base('out', 'OUTPUT', -200, [COUNT], 'nat')),
      table('inet', 'f-120', base('out', 'OUTPUT', -120, [COUNT])),
    ]);
    expect(tablesAt(r, 'OUTPUT')).toEqual(['inet f-120', 'inet n-200', 'inet n50', 'inet f0']);
  });

  it('are not consulted at all while no rule switches conntrack on', () => {
    const r = walk([
      table('inet', 'n', base('out', 'OUTPUT', -100, [COUNT], 'nat')),
      table('inet', 'f', base('out', 'OUTPUT', 0, [COUNT])),
    ]);
    expect(tablesAt(r, 'OUTPUT')).toEqual(['inet f']);
  });

  it('stop at the first chain that sets up the binding, and are consulted once per binding', () => {
    const r = walk([
      table('inet', 'a', base('out', 'OUTPUT', -100, [COUNT], 'nat')),
      table('inet', 'b', base('out', 'OUTPUT', -90, [redirect], 'nat')),
      table('inet', 'c', base('out', 'OUTPUT', -80, [COUNT], 'nat')),
      table('inet', 'pre', base('pre', 'PREROUTING', -100, [COUNT], 'nat')),
      table('inet', 'in', base('in', 'INPUT', 100, [COUNT], 'nat')),
    ]);
    // c never runs: b set up the destination binding (REDIRECT to 127.0.0.1:15001).
    expect(tablesAt(r, 'OUTPUT')).toEqual(['inet a', 'inet b']);
    // Back in through lo, the destination binding exists: nat PREROUTING is skipped; INPUT sets up the source one.
    expect(tablesAt(r, 'PREROUTING')).toEqual([]);
    expect(tablesAt(r, 'INPUT')).toEqual(['inet in']);
    expect(r.packet.dport).toBe(15001);
    expect(r.verdict).toBe('local');
  });

  it('are not shown packets after the first one of a connection', () => {
    const rs: Ruleset = {
      family: 'ipv4',
      tables: [table('inet', 'n', base('out', 'OUTPUT', -100, [redirect], 'nat'))],
    };
    const host = podHost(makeWorld({ rulesets: { ipv4: rs }, envoy }));
    const first = walk(rs.tables as Table[]);
    expect(first.packet.dport).toBe(15001);
    const later = localOutput(host, { ...pkt(), firstPacket: false });
    expect(tablesAt(later, 'OUTPUT')).toEqual([]);
    expect(later.packet.dport).toBe(8080);
  });

  it('cannot sit at FORWARD (nft refuses it), and the kernel stage says so rather than skip it', () => {
    const rs: Ruleset = { family: 'ipv4', tables: [table('inet', 'n', base('fwd', 'FORWARD', 0, [], 'nat'))] };
    expect(() => compileRuleset(rs)).toThrow(/cannot be at FORWARD/);
  });
});

function pkt(): Packet {
  return {
    family: 'ipv4',
    protocol: PROTO_TCP,
    src: parseAddr('10.250.0.2'),
    dst: parseAddr('10.250.0.3'),
    sport: 40000,
    dport: 8080,
    inIface: null,
    outIface: null,
    owner: { uid: 1000, gid: 1000 },
    mark: 0,
    ctmark: 0,
    ctstate: 'NEW',
    firstPacket: true,
  };
}

describe("conntrack's hook", () => {
  /** Counts the packet when conntrack has given it the state NEW. */
  const seesNew: Rule = { matches: [{ kind: 'conntrack', negated: false, states: ['NEW'] }], target: { kind: 'none' } };
  const chainsAt = (...priorities: number[]) =>
    priorities.map((n) => table('inet', `p${n}`, base('out', 'OUTPUT', n, [seesNew])));

  it('gives the first packet its entry at -200: chains before it see no entry, chains after it see NEW', () => {
    const r = walk([conntrackOn(), ...chainsAt(-250, -150)]);
    expect(steps(r.hits)).toEqual(['inet p-250/out:policy', 'inet p-150/out#1', 'inet p-150/out:policy']);
  });

  it('runs before a chain registered earlier at the same priority -200', () => {
    const r = walk([conntrackOn(), ...chainsAt(-200)]);
    expect(steps(r.hits)).toEqual(['inet p-200/out#1', 'inet p-200/out:policy']);
  });

  it('is registered only while some rule switches conntrack on (every ctstate test is such a rule)', () => {
    const kinds = (tables: Table[]) =>
      compileRuleset({ family: 'ipv4', tables }).hooks.OUTPUT.map((e) => (e.kind === 'chain' ? e.priority : e.kind));
    const counting = table('inet', 'f', base('out', 'OUTPUT', 0, [COUNT]));
    expect(kinds([counting])).toEqual([0]);
    expect(kinds([counting, conntrackOn()])).toEqual(['conntrack', 0]);
    expect(kinds(chainsAt(-250))).toEqual([-250, 'conntrack']);
  });
});

describe("iptables' tables", () => {
  it('are ip (or ip6) tables whose built-in chains sit at the fixed NF_IP_PRI_* priorities', () => {
    const text = [
      '*raw',
      ':PREROUTING ACCEPT [0:0]',
      ':OUTPUT ACCEPT [0:0]',
      'COMMIT',
      '*mangle',
      ':PREROUTING ACCEPT [0:0]',
      ':INPUT ACCEPT [0:0]',
      ':FORWARD ACCEPT [0:0]',
      ':OUTPUT ACCEPT [0:0]',
      ':POSTROUTING ACCEPT [0:0]',
      'COMMIT',
      '*nat',
      ':PREROUTING ACCEPT [0:0]',
      ':INPUT ACCEPT [0:0]',
      ':OUTPUT ACCEPT [0:0]',
      ':POSTROUTING ACCEPT [0:0]',
      ':ISTIO_OUTPUT - [0:0]',
      'COMMIT',
      '*filter',
      ':INPUT DROP [0:0]',
      ':FORWARD ACCEPT [0:0]',
      ':OUTPUT ACCEPT [0:0]',
      'COMMIT',
      '',
    ].join('\n');
    for (const [family, tableFamily] of [
      ['ipv4', 'ip'],
      ['ipv6', 'ip6'],
    ] as const) {
      const rs = parseDumpOrThrow(text, { family }).rulesets[0]!;
      const got = rs.tables.flatMap((t) =>
        t.chains.map((c) => [
          t.family,
          t.name,
          c.name,
          c.base ? `${c.base.type} ${c.base.priority}` : 'user',
          c.policy,
        ]),
      );
      expect(got).toEqual([
        [tableFamily, 'raw', 'PREROUTING', 'filter -300', 'ACCEPT'],
        [tableFamily, 'raw', 'OUTPUT', 'filter -300', 'ACCEPT'],
        [tableFamily, 'mangle', 'PREROUTING', 'filter -150', 'ACCEPT'],
        [tableFamily, 'mangle', 'INPUT', 'filter -150', 'ACCEPT'],
        [tableFamily, 'mangle', 'FORWARD', 'filter -150', 'ACCEPT'],
        [tableFamily, 'mangle', 'OUTPUT', 'route -150', 'ACCEPT'],
        [tableFamily, 'mangle', 'POSTROUTING', 'filter -150', 'ACCEPT'],
        [tableFamily, 'nat', 'PREROUTING', 'nat -100', 'ACCEPT'],
        [tableFamily, 'nat', 'INPUT', 'nat 100', 'ACCEPT'],
        [tableFamily, 'nat', 'OUTPUT', 'nat -100', 'ACCEPT'],
        [tableFamily, 'nat', 'POSTROUTING', 'nat 100', 'ACCEPT'],
        [tableFamily, 'nat', 'ISTIO_OUTPUT', 'user', null],
        [tableFamily, 'filter', 'INPUT', 'filter 0', 'DROP'],
        [tableFamily, 'filter', 'FORWARD', 'filter 0', 'ACCEPT'],
        [tableFamily, 'filter', 'OUTPUT', 'filter 0', 'ACCEPT'],
      ]);
      // INPUT runs filter (0) before nat's source hook (100).
      expect(compileRuleset(rs).hooks.INPUT.map((e) => (e.kind === 'chain' ? e.chain.table.name : e.kind))).toEqual([
        'mangle',
        'filter',
        'nat',
      ]);
    }
  });
});
