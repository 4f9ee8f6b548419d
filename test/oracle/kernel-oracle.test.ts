// The kernel oracle against the measured observations of oracle/OBSERVATIONS.md, on both iptables backends, plus proof
// that every run leaves the root namespace, the namespace list and the process table as it found them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { profileNamed } from '../../model/profiles/index.ts';
import {
  type Backend,
  listOurNamespaces,
  type ObservedHop,
  type OracleHop,
  oracleAvailability,
  type RootSnapshot,
  rootSnapshot,
  startedProcesses,
  withOracle,
} from '../../oracle/index.ts';
import { comparable, deleteRules, expected, expectedHits } from './compare.ts';
import { C6B, DOC_LISTENERS, FLOWS, M4, RULE4_DELETED_HOPS, RULES47_DELETED_HOPS, SINGLE_HOPS } from './expected.ts';
import { useOracle } from './session-fixture.ts';

const RULES = profileNamed('istio-1.10').rulesText;
const RULE4_DELETED = deleteRules(RULES, 'ISTIO_OUTPUT#4');
const RULES47_DELETED = deleteRules(RULES, 'ISTIO_OUTPUT#4', 'ISTIO_OUTPUT#7');
const BACKENDS: readonly Backend[] = ['nft', 'legacy'];
/** A filter table next to Istio's nat table: drop anything to :9999, count NEW connections leaving the pod. */
const FILTER_RULES = [
  '*filter',
  ':INPUT ACCEPT [0:0]',
  ':FORWARD ACCEPT [0:0]',
  ':OUTPUT ACCEPT [0:0]',
  '-A OUTPUT -p tcp -m tcp --dport 9999 -j DROP',
  '-A OUTPUT -p tcp -m conntrack --ctstate NEW -j ACCEPT',
  'COMMIT',
];
const WITH_FILTER = `${RULES}${FILTER_RULES.join('\n')}\n`;
const filterHit = (index: number) => ({ table: 'filter', chain: 'OUTPUT', index, rule: FILTER_RULES[3 + index]! });

// A skip in CI is a failure; elsewhere one clear line says why nothing ran.
const inCI = Boolean(process.env.CI);
const availability = oracleAvailability();
const unavailable = (b: Backend) => {
  const a = oracleAvailability(b);
  return a.ok ? undefined : a.reason;
};
const skipped = [
  ...(availability.ok ? [] : [availability.reason]),
  ...(availability.ok ? BACKENDS.flatMap((b) => (unavailable(b) ? [`${b}: ${unavailable(b)}`] : [])) : []),
];
if (skipped.length > 0 && !inCI) console.log(`kernel oracle skipped: ${skipped.join('; ')}`);

if (skipped.length > 0 && inCI) {
  describe('kernel oracle in CI', () => {
    it('is available', () => {
      throw new Error(`kernel oracle unavailable in CI: ${skipped.join('; ')}`);
    });
  });
}

function assertHops(observed: readonly ObservedHop[], docs: typeof SINGLE_HOPS, loaded: string): void {
  expect(observed.map(comparable)).toEqual(docs.map((d) => expected(d, RULES, loaded)));
}

describe.skipIf(!availability.ok)('kernel oracle', () => {
  let before: RootSnapshot;
  beforeAll(() => {
    before = rootSnapshot();
  });

  describe.each(BACKENDS.filter((b) => !unavailable(b)))('%s backend', (backend) => {
    describe('istio-1.10 sidecar, mock listeners as in the probe', () => {
      const oracle = useOracle({ backend, rules: RULES, listeners: DOC_LISTENERS });

      it('reports the kernel release', () => {
        expect(oracle().kernelVersion).toMatch(/^\d+\.\d+/);
      });

      it('replays T1a..X6 with the hits, listener and original destination that were measured', async () => {
        assertHops(await oracle().replay(SINGLE_HOPS.map((d) => d.hop)), SINGLE_HOPS, RULES);
      });

      it('rule 4 deleted: M1, M2, M5 (hits matched by rule text, positions as loaded)', async () => {
        await oracle().reload(RULE4_DELETED);
        const observed = await oracle().replay(RULE4_DELETED_HOPS.map((d) => d.hop));
        assertHops(observed, RULE4_DELETED_HOPS, RULE4_DELETED);
        // The gid rule was ISTIO_OUTPUT#7 in the original and is #6 once rule 4 is gone.
        expect(observed[0]?.hits.find((h) => h.chain === 'ISTIO_OUTPUT')?.index).toBe(6);
      });

      it('rules 4 and 7 deleted: M3, M6 (only now does rule 8 fire)', async () => {
        await oracle().reload(RULES47_DELETED);
        assertHops(
          await oracle().replay(RULES47_DELETED_HOPS.map((d) => d.hop)),
          RULES47_DELETED_HOPS,
          RULES47_DELETED,
        );
      });

      it('throughput: 220 hops (T1a..X6 ten times), each identical to its single-hop observation', async () => {
        await oracle().reload(RULES);
        const hops: OracleHop[] = [];
        for (let round = 0; round < 10; round++) {
          for (const d of SINGLE_HOPS) hops.push({ ...d.hop, id: `${d.hop.id}.${round}` });
        }
        const started = performance.now();
        const observed = await oracle().replay(hops);
        const seconds = (performance.now() - started) / 1000;
        console.log(
          `kernel oracle ${backend}: ${hops.length} hops in ${seconds.toFixed(2)} s = ${(hops.length / seconds).toFixed(0)} hops/s`,
        );
        const want = SINGLE_HOPS.map((d) => expected(d, RULES, RULES));
        expect(observed.map((o, i) => ({ ...comparable(o), id: want[i % want.length]?.id }))).toEqual(
          hops.map((_, i) => want[i % want.length]),
        );
        const ports = observed.flatMap((o) => (o.source ? [o.source.port] : []));
        expect(new Set(ports).size).toBe(ports.length);
      });
      it('reports hits in other tables, a dropped SYN as a timeout, and empties a table a reload leaves out', async () => {
        await oracle().reload(WITH_FILTER);
        const envoy = { where: 'pod', uid: 1337, gid: 1337 } as const;
        const t2a = SINGLE_HOPS.find((d) => d.hop.id === 'T2a')!;
        const drop: OracleHop = { id: 'drop', actor: envoy, dst: '10.250.0.3', dport: 9999, timeoutMs: 300 };
        const [captured, dropped] = await oracle().replay([t2a.hop, drop]);
        const natT2a = expectedHits(t2a.hits, RULES, RULES);
        expect(comparable(captured!)).toEqual({ ...expected(t2a, RULES, RULES), hits: [filterHit(2), ...natT2a] });
        const natRule4 = expectedHits(['OUTPUT#1', 'ISTIO_OUTPUT#4'], RULES, RULES);
        expect(comparable(dropped!)).toMatchObject({ hits: [filterHit(1), ...natRule4], outcome: { kind: 'timeout' } });
        await oracle().reload(RULES);
        const [refused] = await oracle().replay([{ ...drop, id: 'after-reload' }]);
        expect(comparable(refused!)).toMatchObject({ hits: natRule4, outcome: { kind: 'refused' } });
      });
    });

    describe('forwarding Envoy stand-in on 15001', () => {
      const oracle = useOracle({
        backend,
        rules: RULES,
        listeners: DOC_LISTENERS,
        forwardingOutbound: { maxDepth: M4.depth },
      });

      it('C2, C6: the client hop is captured, Envoy re-dials as 1337 and leaves via rule 4; C6b goes direct', async () => {
        const observed = await oracle().replay([...FLOWS.map((f) => f.hop), C6B.hop]);
        FLOWS.forEach((flow, i) => {
          const first = SINGLE_HOPS.find((d) => d.hop.id === flow.first)!;
          const redial = SINGLE_HOPS.find((d) => d.hop.id === flow.redial)!;
          const o = observed[i]!;
          expect(comparable(o)).toEqual({ ...expected(first, RULES, RULES), id: flow.hop.id });
          expect(o.followOn?.map(comparable)).toEqual([
            { ...expected(redial, RULES, RULES), id: `${flow.hop.id}>fwd1` },
          ]);
          expect(o.forwardStop).toBeUndefined();
        });
        expect(comparable(observed[2]!)).toEqual(expected(C6B, RULES, RULES));
        expect(observed[2]?.followOn).toBeUndefined();
      });

      it('M4: rules 4 and 7 deleted, Envoy redirects to itself until the depth limit', async () => {
        await oracle().reload(RULES47_DELETED);
        const [m4] = await oracle().replay([M4.hop]);
        const chain = [m4!, ...(m4?.followOn ?? [])];
        expect(chain).toHaveLength(M4.depth + 1);
        const loopHits = expectedHits(['OUTPUT#1', 'ISTIO_OUTPUT#9', 'ISTIO_REDIRECT#1'], RULES, RULES47_DELETED);
        for (const hop of chain) {
          expect(comparable(hop)).toMatchObject({
            hits: loopHits,
            outcome: {
              kind: 'accepted',
              listener: 'envoy-outbound',
              local: '127.0.0.1:15001',
              orig: '10.250.0.3:8080',
            },
          });
        }
        // ISTIO_REDIRECT#1 counted depth+1 = 5 times for one client connection, as in the doc.
        const redirects = chain.flatMap((h) => h.hits).filter((h) => h.chain === 'ISTIO_REDIRECT' && h.index === 1);
        expect(redirects).toHaveLength(M4.depth + 1);
        expect(chain.map((h) => h.forwardStop)).toEqual([...Array(M4.depth).fill(undefined), 'depth-limit']);
      });
    });
  });

  describe('cleanup', () => {
    it('a throw inside withOracle (default listeners) still removes the namespaces and ends every process', async () => {
      let names: string[] = [];
      const failure = withOracle({ backend: unavailable('nft') ? 'legacy' : 'nft', rules: RULES }, async (o) => {
        names = [o.namespaces.pod, o.namespaces.remote];
        expect(listOurNamespaces()).toEqual(expect.arrayContaining(names));
        // The default listener set has envoy-health on 15021, so X6 is accepted here rather than refused.
        const [x6] = await o.replay([SINGLE_HOPS.find((d) => d.hop.id === 'X6')!.hop]);
        expect(x6?.outcome).toEqual({
          kind: 'accepted',
          listener: 'envoy-health',
          localAddr: '10.250.0.2',
          localPort: 15021,
          origDst: '10.250.0.2',
          origDport: 15021,
        });
        throw new Error('boom inside the oracle');
      });
      await expect(failure).rejects.toThrow('boom inside the oracle');
      expect(names).toHaveLength(2);
      expect(listOurNamespaces().filter((n) => names.includes(n))).toEqual([]);
      expect(startedProcesses().filter((p) => p.alive)).toEqual([]);
    });
  });

  afterAll(() => {
    expect(listOurNamespaces()).toEqual([]);
    expect(startedProcesses().filter((p) => p.alive)).toEqual([]);
    expect(rootSnapshot()).toEqual(before);
  });
});
