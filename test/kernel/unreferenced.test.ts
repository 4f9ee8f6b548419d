// A chain that is neither a base chain nor the target of any jump or goto is never walked (issue 14: "unreferenced
// chains cost nothing"): compileRuleset leaves its rules' predicates uncompiled until something tests one, and gives
// them no inlined expression, while the chains a walk can enter are compiled as before.
import { describe, expect, it } from 'vitest';
import { compiledTable, compileRuleset, type Packet, PROTO_TCP } from '../../model/kernel/index.ts';
import { parseAddr } from '../../model/net/index.ts';
import { parseDumpOrThrow } from '../../model/rules/index.ts';

const DUMP = `*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:USED - [0:0]
:UNUSED - [0:0]
-A OUTPUT -j USED
-A USED -d 10.0.0.0/8 -j RETURN
-A UNUSED -d 10.1.0.0/16 -p tcp -j DROP
COMMIT
`;

const packet = (dst: string): Packet => ({
  family: 'ipv4',
  protocol: PROTO_TCP,
  src: parseAddr('10.250.0.3'),
  dst: parseAddr(dst),
  sport: 40000,
  dport: 80,
  inIface: null,
  outIface: 'eth0',
  mark: 0,
  ctmark: 0,
  ctstate: 'NEW',
  owner: null,
  firstPacket: true,
});

describe('compiling a chain nothing jumps to', () => {
  const filter = compiledTable(compileRuleset(parseDumpOrThrow(DUMP).rulesets[0]!), 'filter')!;

  it('gives its rules no inlined expression, unlike the rules of a chain that is jumped to', () => {
    expect(filter.chains.get('UNUSED')!.rules[0]!.expression).toBeNull();
    expect(filter.chains.get('USED')!.rules[0]!.expression).not.toBeNull();
  });

  it('still evaluates its rules when asked (compiled on first use)', () => {
    const rule = filter.chains.get('UNUSED')!.rules[0]!;
    expect(rule.test(packet('10.1.2.3'))).toBe(1);
    expect(rule.test(packet('10.2.2.3'))).toBe(0);
    expect(rule.test({ ...packet('10.1.2.3'), protocol: 17 })).toBe(0);
  });
});
