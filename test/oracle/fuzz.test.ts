// The kernel fuzzer (oracle/fuzz/) on both iptables backends: a short fixed-seed run, the regression fixtures of
// test/fixtures/fuzz replayed (the kernel and the model both held to what the kernel showed when they were recorded),
// and proof that a run leaves no namespace, process or root-namespace change behind, also when a case fails.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Backend,
  FuzzSession,
  fuzzListeners,
  listOurNamespaces,
  oracleAvailability,
  type RootSnapshot,
  readFuzzFixtures,
  replayFixture,
  rootSnapshot,
  runFuzz,
  startedProcesses,
} from '../../oracle/index.ts';

const FIXTURES = readFuzzFixtures(join(import.meta.dirname, '..', 'fixtures', 'fuzz'));
const BACKENDS: readonly Backend[] = ['nft', 'legacy'];
const inCI = Boolean(process.env.CI);
const reasons = BACKENDS.flatMap((b) => {
  const a = oracleAvailability(b);
  return a.ok ? [] : [`${b}: ${a.reason}`];
});
const available = BACKENDS.filter((b) => oracleAvailability(b).ok);
if (reasons.length > 0 && !inCI) console.log(`kernel fuzzer skipped: ${reasons.join('; ')}`);
if (reasons.length > 0 && inCI) {
  describe('kernel fuzzer in CI', () => {
    it('is available', () => {
      throw new Error(`kernel fuzzer unavailable in CI: ${reasons.join('; ')}`);
    });
  });
}

const leftovers = () => ({
  namespaces: listOurNamespaces(),
  processes: startedProcesses().filter((p) => p.alive),
});

describe.runIf(available.length > 0)('kernel fuzzer', () => {
  let before: RootSnapshot;
  beforeAll(() => {
    before = rootSnapshot();
  });

  it('has a fixture for each class of issue 17', () => {
    expect(FIXTURES.map((f) => f.name)).toEqual(
      expect.arrayContaining([
        'nat-port-range-v4',
        'nat-port-range-v6',
        'loopback-dnat-off-host',
        'nat-needs-conntrack',
        'nat-needs-conntrack-connmark',
        'interface-in-user-chain',
        'drop-in-nat',
        'supplementary-groups',
      ]),
    );
  });

  describe.each(available)('on %s', (backend) => {
    it('a short fixed-seed run: every load verdict agrees, no connection disagrees', async () => {
      const report = await runFuzz({
        backend,
        seed: 17,
        rulesets: 3,
        connections: 4,
        shrink: { count: 0, budgetMs: 1 },
      });
      expect(report.harnessErrors).toEqual([]);
      expect(report.figures.rulesets).toBe(6);
      expect(report.figures.loadDisagree).toBe(0);
      expect(report.figures.disagree).toBe(0);
      expect(report.figures.agree).toBeGreaterThan(0);
      expect(leftovers()).toEqual({ namespaces: [], processes: [] });
    }, 180_000);

    it.each(['ipv4', 'ipv6'] as const)(
      'replays the %s regression fixtures',
      async (family) => {
        const session = new FuzzSession(backend, family, fuzzListeners());
        try {
          await session.start();
          for (const fx of FIXTURES.filter((f) => f.family === family)) {
            const r = await replayFixture(session, backend, fx);
            expect({ name: fx.name, load: r.load }).toEqual({
              name: fx.name,
              load: { model: fx.load, kernel: fx.load },
            });
            expect(r.connections).toHaveLength(fx.load ? fx.connections.length : 0);
            for (const c of r.connections) {
              expect({ name: fx.name, kernel: c.kernel }).toEqual({ name: fx.name, kernel: c.expected });
              expect({ name: fx.name, model: c.model }).toEqual({ name: fx.name, model: c.expected });
            }
          }
        } finally {
          await session.dispose();
        }
        expect(leftovers()).toEqual({ namespaces: [], processes: [] });
      },
      180_000,
    );

    it('cleans up after a failing case: counted as a harness error, namespaces and processes gone', async () => {
      const report = await runFuzz({
        backend,
        seed: 3,
        rulesets: 2,
        connections: 1,
        families: ['ipv4'],
        shrink: { count: 0, budgetMs: 1 },
        onCase: () => {
          throw new Error('boom in a case');
        },
      });
      expect(report.harnessErrors).toHaveLength(2);
      expect(report.harnessErrors[0]).toContain('boom in a case');
      expect(report.figures.harnessErrors).toBe(2);
      expect(leftovers()).toEqual({ namespaces: [], processes: [] });
    }, 120_000);
  });

  afterAll(() => {
    expect(leftovers()).toEqual({ namespaces: [], processes: [] });
    expect(rootSnapshot()).toEqual(before);
  });
});
