// A run of same-target rules tested as one (model/kernel/runs.ts, the interpreter's onRun path that the packet classes
// use) walks exactly like the rules one by one: same outcome, same hits (the actual first matching rule), same NAT
// effects, same packet afterwards; and the position it reports is that rule's. The chains are exclusion lists with
// overlapping and nested CIDRs and port lists with ranges, ending the walk (RETURN, ACCEPT, DROP, goto) or jumping to
// a chain that may come back (merged only when the sets are disjoint), between rules that break the runs.
import fc from 'fast-check';
import { expect, it } from 'vitest';
import {
  compileRuleset,
  interpretChain,
  type NatEffect,
  type RuleHit,
  type WorkingPacket,
} from '../model/kernel/index.ts';
import { parseAddr } from '../model/net/index.ts';
import { makeWorld, podHost } from '../model/pod/index.ts';
import { findProfile } from '../model/profiles/index.ts';
import { parseDumpOrThrow } from '../model/rules/index.ts';

const host = podHost(makeWorld({ rulesets: {}, envoy: findProfile('istio-1.25')!.envoy }));
const CIDRS = ['10.0.0.0/8', '10.1.0.0/16', '10.1.2.0/24', '10.1.2.3/32', '10.2.0.0/15', '192.168.0.0/16', '0.0.0.0/1'];
const PORTS = ['80', '443', '8000:8100', '8080', '15001', '1:1024'];
const TARGETS = ['RETURN', 'ACCEPT', 'DROP', 'SUB', 'SUB2', 'GOTO'];

const runArb = fc.record({
  field: fc.constantFrom('-d', '-s', '--dport', '-m multiport --dports'),
  common: fc.constantFrom('', '-p tcp', '-p udp', '-o eth0'),
  target: fc.constantFrom(...TARGETS),
  items: fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 6 }),
});

interface RunSpec {
  readonly field: string;
  readonly common: string;
  readonly target: string;
  readonly items: readonly number[];
}

function runLines(r: RunSpec): string[] {
  const jump = r.target === 'GOTO' ? '-g SUB' : `-j ${r.target}`;
  return r.items.map((i) => {
    if (r.field === '-d' || r.field === '-s') return `-A OUTPUT ${r.common} ${r.field} ${CIDRS[i]} ${jump}`;
    // A port match needs its protocol: -p udp for the udp lists, else -p tcp (and -o eth0 kept as the shared match).
    const proto = r.common === '-p udp' ? 'udp' : 'tcp';
    const module = r.field === '--dport' ? `-m ${proto} --dport` : r.field;
    const iface = r.common === '-o eth0' ? '-o eth0 ' : '';
    return `-A OUTPUT ${iface}-p ${proto} ${module} ${PORTS[i % PORTS.length]} ${jump}`;
  });
}

const dumpArb = fc
  .array(
    fc.oneof(
      { weight: 4, arbitrary: runArb.map(runLines) },
      { weight: 1, arbitrary: fc.constant(['-A OUTPUT -j MARK --set-xmark 0x1/0xffffffff']) },
    ),
    {
      minLength: 1,
      maxLength: 5,
    },
  )
  .map(
    (parts) => `*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:SUB - [0:0]
:SUB2 - [0:0]
${parts
  .flat()
  .map((l) => l.replace(/ +/g, ' '))
  .join('\n')}
-A SUB -d 10.1.0.0/16 -j ACCEPT
-A SUB2 -p udp -j DROP
COMMIT
`,
  );

const word = fc.oneof(
  fc.constantFrom(0x0a010203, 0x0a010204, 0x0a0102ff, 0x0a01ffff, 0x0a020001, 0x0a030001, 0xc0a80101, 0x0b000001),
  fc.integer({ min: 0, max: 0xffffffff }),
);
const packetArb = fc.record({
  protocol: fc.constantFrom(6, 17),
  src: word,
  dst: word,
  dport: fc.constantFrom(80, 443, 8000, 8050, 8080, 8100, 8101, 15001, 1, 1024, 1025, 60000),
  outIface: fc.constantFrom('lo', 'eth0'),
});

it('a run tested as one walks like its rules one by one', () => {
  fc.assert(
    fc.property(dumpArb, fc.array(packetArb, { minLength: 1, maxLength: 8 }), (dump, packets) => {
      const compiled = compileRuleset(parseDumpOrThrow(dump).rulesets[0]!);
      const base = compiled.tables[0]!.chains.get('OUTPUT')!;
      for (const raw of packets) {
        const p: WorkingPacket = {
          family: 'ipv4',
          protocol: raw.protocol,
          src: { family: 'ipv4', words: [raw.src >>> 0] },
          dst: { family: 'ipv4', words: [raw.dst >>> 0] },
          sport: 40000,
          dport: raw.dport,
          inIface: null,
          outIface: raw.outIface,
          owner: null,
          mark: 0,
          ctmark: 0,
          ctstate: 'NEW',
          firstPacket: true,
        };
        const a = { ...p };
        const b = { ...p };
        const hitsA: RuleHit[] = [];
        const hitsB: RuleHit[] = [];
        const effA: NatEffect[] = [];
        const effB: NatEffect[] = [];
        const reported: number[] = [];
        const outA = interpretChain(base, a, host, hitsA, effA);
        const byRun = {
          ...host,
          onRule: () => {},
          onRun: (_run: unknown, _p: unknown, position: number) => reported.push(position),
        };
        const outB = interpretChain(base, b, byRun, hitsB, effB);
        expect(outB).toEqual(outA);
        expect(hitsB).toEqual(hitsA);
        expect(effB).toEqual(effA);
        expect(b).toEqual(a);
        // Every run that matched reported the rule the walk then hit.
        for (const position of reported.filter((x) => x >= 0)) {
          expect(hitsB.some((h) => h.chain === 'OUTPUT' && h.index === position + 1)).toBe(true);
        }
      }
    }),
    { numRuns: 300 },
  );
  expect(parseAddr('10.1.2.3').words).toEqual([0x0a010203]);
});
