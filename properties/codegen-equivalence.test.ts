// The generated table programs (model/kernel/codegen.ts) must behave exactly like the reference interpreter: same
// outcome, same hits in the same order, same NAT effects, same packet afterwards, on random legal rulesets and packets.
import fc from 'fast-check';
import { expect, it } from 'vitest';
import {
  compileRuleset,
  interpretChain,
  type NatEffect,
  type RuleHit,
  traverseChain,
  type WorkingPacket,
} from '../model/kernel/index.ts';
import { parseAddr } from '../model/net/index.ts';
import { makeWorld, podHost } from '../model/pod/index.ts';
import { findProfile } from '../model/profiles/index.ts';
import { ruleset } from './arbitraries/ruleset.ts';

const host = podHost(makeWorld({ rulesets: {}, envoy: findProfile('istio-1.25')!.envoy }));
const word = fc.oneof(
  fc.constantFrom(0x0afa0002, 0x0afa0003, 0x7f000001, 0x7f000006),
  fc.integer({ min: 0, max: 0xffffffff }),
);
const packetArb = fc.record({
  protocol: fc.constantFrom(6, 17, 1),
  src: word,
  dst: word,
  sport: fc.oneof(fc.constantFrom(53, 8080, 15008, 40000), fc.integer({ min: 1, max: 65535 })),
  dport: fc.oneof(fc.constantFrom(53, 8080, 15001, 15006, 15008, 15090), fc.integer({ min: 1, max: 65535 })),
  inIface: fc.constantFrom(null, 'lo', 'eth0'),
  outIface: fc.constantFrom(null, 'lo', 'eth0'),
  owner: fc.option(
    fc.record({ uid: fc.constantFrom(0, 1000, 1337, 1338), gid: fc.constantFrom(0, 1000, 1337, 1338) }),
    { nil: null },
  ),
  mark: fc.constantFrom(0, 1337, 1338, 0x539),
  ctmark: fc.constantFrom(0, 1337),
  ctstate: fc.constantFrom('NEW' as const, 'ESTABLISHED' as const, 'INVALID' as const),
});

it('generated programs agree with the interpreter', () => {
  fc.assert(
    fc.property(ruleset('ipv4'), fc.array(packetArb, { minLength: 1, maxLength: 8 }), (rs, packets) => {
      const compiled = compileRuleset(rs);
      const bases = compiled.tables.flatMap((t) => [...t.chains.values()].filter((c) => c.base !== null));
      expect(bases.length).toBeGreaterThan(0);
      for (const base of bases) {
        for (const raw of packets) {
          const p: WorkingPacket = {
            ...raw,
            family: 'ipv4',
            src: { family: 'ipv4', words: [raw.src >>> 0] },
            dst: { family: 'ipv4', words: [raw.dst >>> 0] },
            firstPacket: true,
          };
          const a = { ...p };
          const b = { ...p };
          const hitsA: RuleHit[] = [];
          const hitsB: RuleHit[] = [];
          const effA: NatEffect[] = [];
          const effB: NatEffect[] = [];
          const outA = interpretChain(base, a, host, hitsA, effA);
          const outB = traverseChain(base, b, host, hitsB, effB);
          expect(outB).toEqual(outA);
          expect(hitsB).toEqual(hitsA);
          expect(effB).toEqual(effA);
          expect(b).toEqual(a);
        }
      }
    }),
    { numRuns: 300 },
  );
  expect(parseAddr('10.250.0.2').words).toEqual([0x0afa0002]);
});
