// The model against the kernel's own observations on Istio 1.10's rules, measured with iptables-nft and -legacy
// counters and TRACE (oracle/OBSERVATIONS.md says how). Each expectation below is copied by hand from those
// measurements; the path notation is TRACE's: CHAIN#n for a rule, CHAIN:policy for a built-in policy.
import { describe, expect, it } from 'vitest';
import { formatAddr, parseAddr } from '../../model/net/index.ts';
import { type Connection, simulate } from '../../model/pod/index.ts';
import { deleteRules, getChain, ruleText } from '../../model/rules/index.ts';
import { type Hop, hitLabel } from '../../model/trace/index.ts';
import { worldFor } from '../helpers/world.ts';

const POD = '10.250.0.2';
const REMOTE = '10.250.0.3';
const ISTIOD_VIP = '10.251.0.20';
const SERVICE_VIP = '10.251.0.10';

type Who = { uid: number; gid: number } | 'remote';

function conn(who: Who, dst: string, port: number, src?: string): Connection {
  const from =
    who === 'remote'
      ? ({ kind: 'outside', actor: 'remote' } as const)
      : ({ kind: 'pod', actor: who.uid === 1337 && who.gid === 1337 ? 'envoy' : 'process', ...who } as const);
  return { from, protocol: 'tcp', dst: { addr: parseAddr(dst), port }, ...(src ? { src: parseAddr(src) } : {}) };
}

function firstHop(world: ReturnType<typeof worldFor>, c: Connection): Hop {
  return simulate(world, c).hops[0]!;
}

/** The TRACE path of the nat table, in the notation of oracle/OBSERVATIONS.md. */
function natPath(hop: Hop): string {
  return hop.hits
    .filter((h) => h.table.name === 'nat')
    .map(hitLabel)
    .join(' > ');
}

const ENVOY = { uid: 1337, gid: 1337 };
const APP = { uid: 1000, gid: 1000 };
const ROOT = { uid: 0, gid: 0 };
const MIXED = { uid: 1000, gid: 1337 };
const UID_ONLY = { uid: 1337, gid: 1000 };

interface Observation {
  readonly id: string;
  readonly who: Who;
  readonly src?: string;
  readonly dst: string;
  readonly port: number;
  readonly path: string;
  /** accepting listener's local address, or a failure */
  readonly landed: string;
  readonly originalDst?: string;
}

// oracle/OBSERVATIONS.md, "Single hops" and "Trace paths".
const SINGLE_HOPS: readonly Observation[] = [
  {
    id: 'T1a',
    who: 'remote',
    dst: POD,
    port: 8080,
    path: 'PREROUTING#1 > ISTIO_INBOUND#6 > ISTIO_IN_REDIRECT#1 > INPUT:policy',
    landed: '10.250.0.2:15006',
    originalDst: '10.250.0.2:8080',
  },
  {
    id: 'T1b',
    who: ENVOY,
    src: '127.0.0.6',
    dst: POD,
    port: 8080,
    path: 'OUTPUT#1 > ISTIO_OUTPUT#1 > OUTPUT:policy > POSTROUTING:policy',
    landed: '10.250.0.2:8080',
    originalDst: '10.250.0.2:8080',
  },
  {
    id: 'T2a',
    who: APP,
    dst: REMOTE,
    port: 8080,
    path: 'OUTPUT#1 > ISTIO_OUTPUT#9 > ISTIO_REDIRECT#1 > POSTROUTING:policy',
    landed: '127.0.0.1:15001',
    originalDst: '10.250.0.3:8080',
  },
  {
    id: 'T2b',
    who: ENVOY,
    dst: REMOTE,
    port: 8080,
    path: 'OUTPUT#1 > ISTIO_OUTPUT#4 > OUTPUT:policy > POSTROUTING:policy',
    landed: 'left-pod 10.250.0.3:8080',
  },
  {
    id: 'T3',
    who: 'remote',
    dst: POD,
    port: 15090,
    path: 'PREROUTING#1 > ISTIO_INBOUND#3 > PREROUTING:policy > INPUT:policy',
    landed: '10.250.0.2:15090',
    originalDst: '10.250.0.2:15090',
  },
  {
    id: 'T4a',
    who: APP,
    dst: SERVICE_VIP,
    port: 8080,
    path: 'OUTPUT#1 > ISTIO_OUTPUT#9 > ISTIO_REDIRECT#1 > POSTROUTING:policy',
    landed: '127.0.0.1:15001',
    originalDst: '10.251.0.10:8080',
  },
  {
    id: 'T4b',
    who: ENVOY,
    dst: POD,
    port: 8080,
    path: 'OUTPUT#1 > ISTIO_OUTPUT#2 > ISTIO_IN_REDIRECT#1 > POSTROUTING:policy',
    landed: '127.0.0.1:15006',
    originalDst: '10.250.0.2:8080',
  },
  {
    id: 'T4c',
    who: ENVOY,
    src: '127.0.0.6',
    dst: POD,
    port: 8080,
    path: 'OUTPUT#1 > ISTIO_OUTPUT#1 > OUTPUT:policy > POSTROUTING:policy',
    landed: '10.250.0.2:8080',
    originalDst: '10.250.0.2:8080',
  },
  {
    id: 'T5a',
    who: ENVOY,
    dst: '127.0.0.1',
    port: 15000,
    path: 'OUTPUT#1 > ISTIO_OUTPUT#4 > OUTPUT:policy > POSTROUTING:policy',
    landed: '127.0.0.1:15000',
    originalDst: '127.0.0.1:15000',
  },
  {
    id: 'T5b',
    who: APP,
    dst: '127.0.0.1',
    port: 15000,
    path: 'OUTPUT#1 > ISTIO_OUTPUT#3 > OUTPUT:policy > POSTROUTING:policy',
    landed: '127.0.0.1:15000',
    originalDst: '127.0.0.1:15000',
  },
  {
    id: 'T5c',
    who: ROOT,
    dst: '127.0.0.1',
    port: 15000,
    path: 'OUTPUT#1 > ISTIO_OUTPUT#3 > OUTPUT:policy > POSTROUTING:policy',
    landed: '127.0.0.1:15000',
    originalDst: '127.0.0.1:15000',
  },
  {
    id: 'T5d',
    who: MIXED,
    dst: '127.0.0.1',
    port: 15000,
    path: 'OUTPUT#1 > ISTIO_OUTPUT#3 > OUTPUT:policy > POSTROUTING:policy',
    landed: '127.0.0.1:15000',
    originalDst: '127.0.0.1:15000',
  },
  {
    id: 'T5e',
    who: APP,
    dst: '127.0.0.1',
    port: 8080,
    path: 'OUTPUT#1 > ISTIO_OUTPUT#3 > OUTPUT:policy > POSTROUTING:policy',
    landed: '127.0.0.1:8080',
    originalDst: '127.0.0.1:8080',
  },
  {
    id: 'T6a',
    who: ENVOY,
    dst: ISTIOD_VIP,
    port: 15012,
    path: 'OUTPUT#1 > ISTIO_OUTPUT#4 > OUTPUT:policy > POSTROUTING:policy',
    landed: 'left-pod 10.251.0.20:15012',
  },
  {
    id: 'T6b',
    who: APP,
    dst: ISTIOD_VIP,
    port: 15012,
    path: 'OUTPUT#1 > ISTIO_OUTPUT#9 > ISTIO_REDIRECT#1 > POSTROUTING:policy',
    landed: '127.0.0.1:15001',
    originalDst: '10.251.0.20:15012',
  },
  {
    id: 'T6c',
    who: ENVOY,
    dst: ISTIOD_VIP,
    port: 15012,
    path: 'OUTPUT#1 > ISTIO_OUTPUT#4 > OUTPUT:policy > POSTROUTING:policy',
    landed: 'left-pod 10.251.0.20:15012',
  },
  {
    id: 'X1',
    who: APP,
    dst: POD,
    port: 8080,
    path: 'OUTPUT#1 > ISTIO_OUTPUT#3 > OUTPUT:policy > POSTROUTING:policy',
    landed: '10.250.0.2:8080',
    originalDst: '10.250.0.2:8080',
  },
  {
    id: 'X2',
    who: MIXED,
    dst: REMOTE,
    port: 8080,
    path: 'OUTPUT#1 > ISTIO_OUTPUT#7 > OUTPUT:policy > POSTROUTING:policy',
    landed: 'left-pod 10.250.0.3:8080',
  },
  {
    id: 'X3',
    who: MIXED,
    dst: POD,
    port: 8080,
    path: 'OUTPUT#1 > ISTIO_OUTPUT#3 > OUTPUT:policy > POSTROUTING:policy',
    landed: '10.250.0.2:8080',
    originalDst: '10.250.0.2:8080',
  },
  {
    id: 'X4',
    who: UID_ONLY,
    dst: REMOTE,
    port: 8080,
    path: 'OUTPUT#1 > ISTIO_OUTPUT#4 > OUTPUT:policy > POSTROUTING:policy',
    landed: 'left-pod 10.250.0.3:8080',
  },
  { id: 'X5', who: ENVOY, src: '127.0.0.6', dst: REMOTE, port: 8080, path: '', landed: 'dropped EINVAL' },
  // X6 hit these rules; the probe had no listener on 15021, the model's pod does (Envoy's health port).
  {
    id: 'X6',
    who: 'remote',
    dst: POD,
    port: 15021,
    path: 'PREROUTING#1 > ISTIO_INBOUND#4 > PREROUTING:policy > INPUT:policy',
    landed: '10.250.0.2:15021',
    originalDst: '10.250.0.2:15021',
  },
];

function landedText(hop: Hop): string {
  const l = hop.landed;
  if (l.kind === 'listener') return `${formatAddr(l.local.addr)}:${l.local.port}`;
  if (l.kind === 'left-pod') return `left-pod ${formatAddr(l.dst.addr)}:${l.dst.port}`;
  if (l.kind === 'dropped' && l.reason.includes('EINVAL')) return 'dropped EINVAL';
  return l.kind;
}

describe('single hops on istio-1.10 agree with the kernel (oracle/OBSERVATIONS.md)', () => {
  const world = worldFor('istio-1.10');
  for (const o of SINGLE_HOPS) {
    it(`${o.id}: ${o.path || '(no packet)'}`, () => {
      const hop = firstHop(world, conn(o.who, o.dst, o.port, o.src));
      expect(natPath(hop)).toBe(o.path);
      expect(landedText(hop)).toBe(o.landed);
      if (o.originalDst && hop.landed.kind === 'listener') {
        expect(`${formatAddr(hop.landed.originalDst.addr)}:${hop.landed.originalDst.port}`).toBe(o.originalDst);
      }
    });
  }
});

// oracle/OBSERVATIONS.md, "Edited rulesets" (rule 4 deleted; rules 4 and 7 deleted). Rules are named by ORIGINAL number there,
// so the expectations are matched by rule text.
describe('rule deletions agree with the kernel', () => {
  const base = worldFor('istio-1.10');
  const original = getChain(base.pod.rulesets.ipv4!, 'nat', 'ISTIO_OUTPUT')!;
  const text = (n: number) => ruleText('ISTIO_OUTPUT', original.rules[n - 1]!);
  const outputRuleTexts = (hop: Hop) =>
    hop.hits.filter((h) => h.chain === 'ISTIO_OUTPUT' && h.kind === 'rule').map((h) => h.rule);

  const without4 = worldFor('istio-1.10', (rs) => deleteRules(rs, 'nat', 'ISTIO_OUTPUT', [4]));
  const without47 = worldFor('istio-1.10', (rs) => deleteRules(rs, 'nat', 'ISTIO_OUTPUT', [4, 7]));
  const cases = [
    { id: 'M1', world: without4, who: ENVOY, dst: REMOTE, port: 8080, rule: 7, landed: 'left-pod 10.250.0.3:8080' },
    { id: 'M2', world: without4, who: UID_ONLY, dst: REMOTE, port: 8080, rule: 9, landed: '127.0.0.1:15001' },
    { id: 'M5', world: without4, who: ENVOY, dst: '127.0.0.1', port: 15000, rule: 7, landed: '127.0.0.1:15000' },
    { id: 'M3', world: without47, who: ENVOY, dst: REMOTE, port: 8080, rule: 9, landed: '127.0.0.1:15001' },
    { id: 'M6', world: without47, who: ENVOY, dst: '127.0.0.1', port: 15000, rule: 8, landed: '127.0.0.1:15000' },
  ] as const;
  for (const c of cases) {
    it(`${c.id}: ISTIO_OUTPUT rule ${c.rule} (original numbering) decides`, () => {
      const hop = firstHop(c.world, conn(c.who, c.dst, c.port));
      expect(outputRuleTexts(hop)).toEqual([text(c.rule)]);
      expect(landedText(hop)).toBe(c.landed);
    });
  }

  it('M4: with rules 4 and 7 deleted, Envoy re-dialling the original destination cycles through 15001', () => {
    const trace = simulate(without47, conn(ENVOY, REMOTE, 8080));
    expect(trace.disposition.kind).toBe('loop');
    expect(trace.hops.length).toBe(2);
    for (const hop of trace.hops) {
      expect(outputRuleTexts(hop)).toEqual([text(9)]);
      expect(landedText(hop)).toBe('127.0.0.1:15001');
    }
    if (trace.disposition.kind === 'loop') expect(trace.disposition.cycle).toEqual([1, 2]);
  });
});

// oracle/OBSERVATIONS.md, "End-to-end flows" with a forwarding stand-in for Envoy: cumulative nat counters over the whole flow,
// and the listeners the flow passed through.
describe('end-to-end flows on istio-1.10 agree with the kernel (C1, C2, C6, C6b)', () => {
  const world = worldFor('istio-1.10');
  const counted = (trace: ReturnType<typeof simulate>) =>
    trace.hops.flatMap((h) => h.hits.filter((x) => x.table.name === 'nat' && x.kind === 'rule').map(hitLabel)).sort();
  const path = (trace: ReturnType<typeof simulate>) =>
    trace.hops.map((h) =>
      h.landed.kind === 'listener' ? h.landed.listener : h.landed.kind === 'left-pod' ? h.landed.to : h.landed.kind,
    );
  const flows = [
    {
      id: 'C1',
      c: conn('remote', POD, 8080),
      counters: ['ISTIO_INBOUND#6', 'ISTIO_IN_REDIRECT#1', 'ISTIO_OUTPUT#1', 'OUTPUT#1', 'PREROUTING#1'],
      path: ['envoy inbound', 'app :8080'],
    },
    {
      id: 'C2',
      c: conn(APP, REMOTE, 8080),
      counters: ['ISTIO_OUTPUT#4', 'ISTIO_OUTPUT#9', 'ISTIO_REDIRECT#1', 'OUTPUT#1', 'OUTPUT#1'],
      path: ['envoy outbound', 'remote pod'],
    },
    {
      id: 'C6',
      c: {
        ...conn(APP, ISTIOD_VIP, 15012),
        from: { kind: 'pod', actor: 'pilot-agent', uid: 1000, gid: 1000 },
      } as Connection,
      counters: ['ISTIO_OUTPUT#4', 'ISTIO_OUTPUT#9', 'ISTIO_REDIRECT#1', 'OUTPUT#1', 'OUTPUT#1'],
      path: ['envoy outbound', 'istiod'],
    },
    {
      id: 'C6b',
      c: {
        ...conn(ENVOY, ISTIOD_VIP, 15012),
        from: { kind: 'pod', actor: 'pilot-agent', uid: 1337, gid: 1337 },
      } as Connection,
      counters: ['ISTIO_OUTPUT#4', 'OUTPUT#1'],
      path: ['Service istiod (10.251.0.20:15012)'],
    },
  ];
  for (const f of flows) {
    it(`${f.id}: ${f.counters.join(', ')}`, () => {
      const trace = simulate(world, f.c);
      expect(counted(trace)).toEqual(f.counters);
      expect(path(trace)).toEqual(f.path);
    });
  }
});
