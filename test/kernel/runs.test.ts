// Which consecutive rules compileRuleset takes as one run of same-target rules (model/kernel/runs.ts): rules that differ
// only in one destination or source CIDR or destination port list, with one target that ends the walk, or a jump
// when the sets are disjoint; and the first rule of a run that holds a value, nested and overlapping sets included.
import { describe, expect, it } from 'vitest';
import { compiledTable, compileRuleset, firstCovering, type RuleRun } from '../../model/kernel/index.ts';
import { addrToBig, parseAddr } from '../../model/net/index.ts';
import { parseDumpOrThrow } from '../../model/rules/index.ts';

function runsOf(lines: string[]): { first: number; last: number; field: string }[] {
  const dump = `*nat\n:OUTPUT ACCEPT [0:0]\n:SUB - [0:0]\n${lines.join('\n')}\n-A SUB -j RETURN\nCOMMIT\n`;
  const chain = compiledTable(compileRuleset(parseDumpOrThrow(dump).rulesets[0]!), 'nat')!.chains.get('OUTPUT')!;
  const runs = [...new Set(chain.rules.map((r) => r.run).filter((r): r is RuleRun => r !== null))];
  return runs.map((r) => ({ first: r.first + 1, last: r.last + 1, field: r.field }));
}

function runOf(lines: string[]): RuleRun {
  const dump = `*nat\n:OUTPUT ACCEPT [0:0]\n${lines.join('\n')}\nCOMMIT\n`;
  return compiledTable(compileRuleset(parseDumpOrThrow(dump).rulesets[0]!), 'nat')!.chains.get('OUTPUT')!.rules[0]!
    .run!;
}

describe('runs of same-target rules', () => {
  it('finds an exclusion list and an inbound port list, between rules that are not part of them', () => {
    expect(
      runsOf([
        '-A OUTPUT -m owner --uid-owner 1337 -j RETURN',
        '-A OUTPUT -d 10.0.0.0/8 -j RETURN',
        '-A OUTPUT -d 192.168.0.0/16 -j RETURN',
        '-A OUTPUT -d 172.16.0.0/12 -j RETURN',
        '-A OUTPUT -p tcp -m tcp --dport 8080 -j SUB',
        '-A OUTPUT -p tcp -m tcp --dport 9090 -j SUB',
        '-A OUTPUT -j SUB',
      ]),
    ).toEqual([
      { first: 2, last: 4, field: 'dst' },
      { first: 5, last: 6, field: 'dport' },
    ]);
  });

  it('does not merge rules that differ in two matches, in their target, or in a negated set', () => {
    expect(runsOf(['-A OUTPUT -d 10.0.0.0/8 -p tcp -j RETURN', '-A OUTPUT -d 11.0.0.0/8 -p udp -j RETURN'])).toEqual(
      [],
    );
    expect(runsOf(['-A OUTPUT -d 10.0.0.0/8 -j RETURN', '-A OUTPUT -d 11.0.0.0/8 -j ACCEPT'])).toEqual([]);
    expect(runsOf(['-A OUTPUT ! -d 10.0.0.0/8 -j RETURN', '-A OUTPUT ! -d 11.0.0.0/8 -j RETURN'])).toEqual([]);
    expect(runsOf(['-A OUTPUT -d 10.0.0.0/8 -j RETURN', '-A OUTPUT -s 11.0.0.0/8 -j RETURN'])).toEqual([]);
  });

  it('merges jumps only when their sets are disjoint (a packet that comes back may match an overlapping rule)', () => {
    expect(runsOf(['-A OUTPUT -d 10.0.0.0/8 -j SUB', '-A OUTPUT -d 10.1.0.0/16 -j SUB'])).toEqual([]);
    expect(runsOf(['-A OUTPUT -d 10.0.0.0/8 -j SUB', '-A OUTPUT -d 11.0.0.0/8 -j SUB'])).toHaveLength(1);
    expect(runsOf(['-A OUTPUT -d 10.0.0.0/8 -j RETURN', '-A OUTPUT -d 10.1.0.0/16 -j RETURN'])).toHaveLength(1);
  });

  it('finds the first rule holding a value, nested and overlapping sets included', () => {
    const run = runOf([
      '-A OUTPUT -d 10.1.0.0/16 -j RETURN',
      '-A OUTPUT -d 10.0.0.0/8 -j RETURN',
      '-A OUTPUT -d 10.1.2.0/24 -j RETURN',
      '-A OUTPUT -d 192.168.0.0/16 -j RETURN',
    ]);
    const at = (a: string) => firstCovering(run, addrToBig(parseAddr(a)));
    expect([at('10.1.2.3'), at('10.2.0.1'), at('192.168.9.9'), at('11.0.0.1'), at('9.255.255.255')]).toEqual([
      0, 1, 3, -1, -1,
    ]);
  });
});
