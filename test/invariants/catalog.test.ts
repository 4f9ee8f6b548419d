// The catalog against every profile, exhaustively over the domain: exactly the expected (profile, invariant) pairs
// fail, and the dead rules of the classic chain are 5, 6 and 8 with the shadowing the reference derives.
import { describe, expect, it } from 'vitest';
import { INVARIANTS } from '../../model/invariants/catalog.ts';
import { renderCounterexampleText } from '../../model/invariants/counterexample.ts';
import { checkWorld } from '../../model/invariants/run.ts';
import { parseAddr } from '../../model/net/index.ts';
import { PROFILES } from '../../model/profiles/index.ts';
import { deleteRules } from '../../model/rules/index.ts';
import { findCounterexample } from '../../properties/index.ts';
import { worldFor } from '../helpers/world.ts';

describe('exhaustive check over the domain', () => {
  for (const p of PROFILES) {
    it(`${p.name}: exactly the expected invariants fail or do not apply`, () => {
      const report = checkWorld(worldFor(p.name));
      const by = (s: string) =>
        report.invariants
          .filter((i) => i.status === s)
          .map((i) => i.id)
          .sort();
      expect(by('violated')).toEqual(Object.keys(p.violates).sort());
      expect(by('not-applicable')).toEqual(Object.keys(p.notApplicable).sort());
      expect(by('undetermined')).toEqual([]);
      for (const i of report.invariants.filter((x) => x.status === 'holds')) expect(i.checked).toBeGreaterThan(0);
      for (const i of report.invariants.filter((x) => x.status === 'violated')) expect(i.counterexample).toBeDefined();
    });
  }

  it('every invariant has a stable id, a statement and a scope', () => {
    expect(INVARIANTS.map((i) => i.id)).toEqual([
      'proxy-no-loop',
      'terminates',
      'metrics-bypass',
      'local-to-local',
      'istiod-exit',
      'inbound-once',
      'outbound-once',
      'tunnel-bypass',
      'inbound-exclusions',
      'loopback-bypass',
      'app-self-bypass',
      'proxy-egress-direct',
      'outbound-exclusions',
      'outbound-inclusions',
      'inbound-ports',
      'dns-captured',
      'dns-proxy-no-loop',
      'dns-zone-consistency',
      'dns-exclusions',
      'excluded-interfaces',
      'virtual-interfaces',
      'proxy-self-inbound',
      'tproxy-gid-self-inbound',
      'uid-self-bypass',
      'owner-groups',
      'loopback-cidr',
      'dual-stack-parity',
      'capture-off',
      'drop-invalid',
    ]);
    for (const i of INVARIANTS) {
      expect(i.statement.endsWith('.')).toBe(true);
      expect(i.scope.length).toBeGreaterThan(10);
    }
  });
});

describe('dead rules', () => {
  it('on istio-1.10 they are ISTIO_OUTPUT rules 5, 6 and 8, each with what shadows it', () => {
    const dead = checkWorld(worldFor('istio-1.10')).deadRules;
    expect(dead.map((d) => [d.table, d.chain, d.index, d.shadowedBy])).toEqual([
      // 5 (gid 1337 on lo): uid 1337 is caught by rule 2, any other uid by rule 3, a 127.0.0.6 source by rule 1.
      ['nat', 'ISTIO_OUTPUT', 5, [1, 2, 3]],
      // 6 (lo, not gid 1337): rules 2 and 4 catch uid 1337, rule 3 every other uid.
      ['nat', 'ISTIO_OUTPUT', 6, [1, 2, 3, 4]],
      // 8 (127.0.0.1): always leaves on lo, so rule 3 (other uids) or rule 4 (uid 1337) decides first.
      ['nat', 'ISTIO_OUTPUT', 8, [1, 3, 4]],
    ]);
    expect(dead[2]!.explanation).toBe(
      'Rule 8 of nat ISTIO_OUTPUT is dead: every packet it would match (its destination is in 127.0.0.1/32) is decided earlier by rule 1, rule 3 or rule 4.',
    );
  });

  it('with rules 4 and 7 deleted, rule 8 is reachable again (observation M6)', () => {
    const dead = checkWorld(worldFor('istio-1.10', (rs) => deleteRules(rs, 'nat', 'ISTIO_OUTPUT', [4, 7]))).deadRules;
    expect(dead.map((d) => d.rule)).not.toContain('-A ISTIO_OUTPUT -d 127.0.0.1/32 -j RETURN');
  });

  it('istio-1.4 has none', () => {
    expect(checkWorld(worldFor('istio-1.4')).deadRules).toEqual([]);
  });
});

describe('istio-1.10 without rules 4 and 7', () => {
  const world = worldFor('istio-1.10', (rs) => deleteRules(rs, 'nat', 'ISTIO_OUTPUT', [4, 7]));

  it('proxy-no-loop fails; the shrunk counterexample is Envoy (1337/1337) to a remote address, and the trace shows the cycle', () => {
    const result = findCounterexample(world, 'proxy-no-loop');
    expect(result.kind).toBe('counterexample');
    if (result.kind !== 'counterexample') return;
    const { connection, trace, why } = result.found;
    expect(connection).toEqual({
      from: { kind: 'pod', actor: 'envoy', uid: 1337, gid: 1337 },
      protocol: 'tcp',
      dst: { addr: parseAddr('10.250.0.3'), port: 8080 },
    });
    expect(trace.disposition).toMatchObject({ kind: 'loop', cycle: [1, 2] });
    const text = renderCounterexampleText({
      invariant: INVARIANTS[0]!,
      connection,
      trace,
      why,
      rules: 'istio-1.10 without rules 4 and 7',
      replay: { seed: result.found.seed, path: result.found.path, command: 'sidecar-chains counterexample … --seed 7' },
    });
    // The hint names the command the caller gave, nothing that no program reads (there is no FC_PATH).
    expect(text).toContain('\nreplay: sidecar-chains counterexample … --seed 7\n');
    expect(text).not.toContain('FC_');
    expect(text).toContain('loop: hop 2 repeats hop 1');
    expect(text).toContain('landed     envoy outbound (127.0.0.1:15001) (original destination 10.250.0.3:8080)');
    expect(text).toContain('Note over Envoy: LOOP');
  });

  it('replaying the recorded seed and path gives the same counterexample', () => {
    const first = findCounterexample(world, 'proxy-no-loop');
    if (first.kind !== 'counterexample') throw new Error('expected a counterexample');
    const again = findCounterexample(world, 'proxy-no-loop', { seed: first.found.seed, path: first.found.path });
    expect(again.kind === 'counterexample' && again.found.connection).toEqual(first.found.connection);
  });
});
