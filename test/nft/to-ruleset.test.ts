// nft syntax tree -> format-independent ruleset: each expression Istio's nftables rules use, as the match kind or
// target the kernel stage evaluates, with the expected values written out by hand from nft(8) and the kernel.
import { describe, expect, it } from 'vitest';
import { parseAddr } from '../../model/net/index.ts';
import { nftRulesets, parseNftOrThrow } from '../../model/nft/index.ts';
import type { Rule, Ruleset } from '../../model/ruleset/index.ts';

const convert = (script: string) => nftRulesets(parseNftOrThrow(script).ruleset);

/** One rule in `inet t c`, converted. */
function rule(statements: string): { rule: Rule; warnings: string[] } {
  const r = convert(`add table inet t\nadd chain inet t c\nadd chain inet t x\nadd rule inet t c ${statements}\n`);
  const chain = r.ipv4.tables[0]!.chains.find((c) => c.name === 'c')!;
  return { rule: chain.rules[0]!, warnings: r.issues.map((i) => `${i.code} ${i.line}:${i.column}`) };
}

const cidr = (text: string, prefix: number) => ({ addr: parseAddr(text), prefix });

describe('nft matches as match kinds', () => {
  it('meta l4proto, addresses (masked as nft masks them), ports with sets and !=', () => {
    const { rule: r } = rule(
      'meta l4proto tcp ip daddr != 127.0.0.1/8 tcp dport != { 53, 15008 } udp sport 1000-2000 counter return',
    );
    expect(r.matches).toEqual([
      { kind: 'protocol', negated: false, protocol: 6, name: 'tcp' },
      { kind: 'destination', negated: true, cidr: cidr('127.0.0.0', 8) },
      {
        kind: 'port',
        module: 'tcp',
        direction: 'destination',
        negated: true,
        ranges: [
          { from: 53, to: 53 },
          { from: 15008, to: 15008 },
        ],
      },
      { kind: 'port', module: 'udp', direction: 'source', negated: false, ranges: [{ from: 1000, to: 2000 }] },
    ]);
    expect(r.target).toEqual({ kind: 'return' });
    expect(r.text).toBe(
      'meta l4proto tcp ip daddr != 127.0.0.1/8 tcp dport != { 53, 15008 } udp sport 1000-2000 counter return',
    );
  });

  it('interfaces (nft writes the wildcard as *, the ruleset as +), skuid/skgid with nft semantics, marks, ct', () => {
    const { rule: r } = rule(
      'iifname "eth*" oifname lo skuid != 1337 skgid 7 mark 1337 ct mark != 5 ct state related,established ip6 saddr ::6 jump x',
    );
    expect(r.matches).toEqual([
      { kind: 'in-interface', negated: false, name: 'eth+' },
      { kind: 'out-interface', negated: false, name: 'lo' },
      { kind: 'owner', uid: { range: { from: 1337, to: 1337 }, negated: true }, nft: true },
      { kind: 'owner', gid: { range: { from: 7, to: 7 }, negated: false }, nft: true },
      { kind: 'mark', negated: false, value: 1337, mask: 0xffffffff },
      { kind: 'connmark', negated: true, value: 5, mask: 0xffffffff },
      { kind: 'conntrack', negated: false, states: ['RELATED', 'ESTABLISHED'] },
      { kind: 'source', negated: false, cidr: cidr('::6', 128) },
    ]);
    expect(r.target).toEqual({ kind: 'jump', chain: 'x' });
  });

  it('keeps what it cannot model as an unsupported match, with a warning at the statement', () => {
    const { rule: r, warnings } = rule('meta skgid != java ct zone 3 th dport 53 counter accept');
    expect(r.matches.map((m) => m.kind)).toEqual(['unsupported', 'unsupported', 'unsupported']);
    expect(r.matches[0]).toEqual({ kind: 'unsupported', module: 'nft meta', text: 'meta skgid != java' });
    expect(warnings).toEqual(['unsupported-match 4:19', 'unsupported-match 4:38', 'unsupported-match 4:48']);
  });
});

describe('nft statements as targets', () => {
  const target = (s: string) => rule(s).rule.target;
  it('verdicts, jumps, redirect, marks and conntrack marks', () => {
    expect(target('counter')).toEqual({ kind: 'none' });
    expect(target('counter accept')).toEqual({ kind: 'accept' });
    expect(target('drop')).toEqual({ kind: 'drop' });
    expect(target('goto x')).toEqual({ kind: 'goto', chain: 'x' });
    expect(target('continue')).toEqual({ kind: 'none' });
    expect(target('meta l4proto tcp redirect to :15001')).toEqual({
      kind: 'redirect',
      toPorts: { from: 15001, to: 15001 },
    });
    expect(target('meta l4proto tcp redirect')).toEqual({ kind: 'redirect' });
    expect(target('counter meta mark set 1337')).toEqual({ kind: 'mark', value: 1337, mask: 0xffffffff });
    expect(target('meta mark set ct mark')).toEqual({
      kind: 'connmark-restore',
      nfmask: 0xffffffff,
      ctmask: 0xffffffff,
    });
    expect(target('ct mark set mark')).toEqual({ kind: 'connmark-save', nfmask: 0xffffffff, ctmask: 0xffffffff });
    expect(target('ct mark set 9')).toEqual({ kind: 'connmark-set', value: 9, mask: 0xffffffff });
    expect(target('ct zone set 2')).toEqual({ kind: 'ct', options: '--zone 2', zone: 2 });
  });

  it("Istio's tproxy rule is a TPROXY with its mark and nft's no-socket semantics", () => {
    expect(
      target('meta l4proto tcp ip daddr != 127.0.0.1/32 tproxy ip to :15006 meta mark set 1337 counter accept'),
    ).toEqual({
      kind: 'tproxy',
      onPort: 15006,
      mark: { value: 1337, mask: 0xffffffff },
      nft: true,
    });
  });

  it('a rule with two effects, or a tproxy that does not accept, is an unsupported target with a warning', () => {
    const two = rule('meta mark set 1 ct mark set 2');
    expect(two.rule.target).toEqual({
      kind: 'unsupported',
      name: 'nft',
      text: 'meta mark set 0x00000001 ct mark set 0x00000002',
    });
    expect(two.warnings).toEqual(['unsupported-target 4:19']);
    expect(rule('meta l4proto tcp tproxy ip to :15006').rule.target.kind).toBe('unsupported');
  });
});

describe('tables and chains', () => {
  const script = [
    'add table inet a',
    'add chain inet a out { type nat hook output priority -100 ; }',
    'add chain inet a user',
    'add table ip b',
    'add chain ip b pre { type filter hook prerouting priority mangle ; policy drop ; }',
    'add table ip6 c',
    'add chain ip6 c in { type filter hook input priority 10 ; }',
    'add table bridge d',
    'add chain bridge d f { type filter hook forward priority 0 ; }',
    'add table netdev e',
    'add chain netdev e ing { type filter hook ingress device lo priority 0 ; }',
    '',
  ].join('\n');
  const r = convert(script);
  const names = (rs: Ruleset) => rs.tables.map((t) => `${t.family} ${t.name}`);

  it('an inet table serves both families; ip and ip6 tables one each; other families none', () => {
    expect(names(r.ipv4)).toEqual(['inet a', 'ip b']);
    expect(names(r.ipv6)).toEqual(['inet a', 'ip6 c']);
  });

  it('base chains keep hook, priority (symbolic ones resolved), type and policy; user chains have none', () => {
    const [out, user] = r.ipv4.tables[0]!.chains;
    expect(out).toMatchObject({ name: 'out', base: { hook: 'OUTPUT', priority: -100, type: 'nat' }, policy: 'ACCEPT' });
    expect(user).toMatchObject({ name: 'user', base: null, policy: null });
    expect(r.ipv4.tables[1]!.chains[0]).toMatchObject({
      base: { hook: 'PREROUTING', priority: -150, type: 'filter' },
      policy: 'DROP',
    });
  });

  it('a jump to a chain the table lacks is an error, not a silent drop', () => {
    // nft itself refuses to load such a rule; a listing edited by hand can still hold one.
    const table = parseNftOrThrow('table inet t {\n  chain c {\n    jump x\n  }\n  chain x {\n  }\n}\n').ruleset
      .tables[0]!;
    const bad = nftRulesets({ tables: [{ ...table, chains: table.chains.filter((c) => c.name === 'c') }] });
    expect(bad.issues.map((i) => [i.code, i.severity, i.line])).toEqual([['undefined-chain', 'error', 3]]);
  });
});
