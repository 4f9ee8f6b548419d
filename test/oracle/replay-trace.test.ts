// The model-to-kernel plumbing without a kernel: which listeners a world needs, how model hops become oracle hops
// (binds, substitutions, skips), and that the comparison reports a wrong model with both sides. Runs everywhere.
import { describe, expect, it } from 'vitest';
import { parseAddr } from '../../model/net/index.ts';
import { addrText } from '../../model/trace/index.ts';
import { compareHop } from '../../oracle/compare.ts';
import { prepareCase } from '../../oracle/coverage-case.ts';
import { requireProfile, scenarioCases, shipped, withoutOutputRules } from '../../oracle/coverage-cases.ts';
import type { ObservedHop } from '../../oracle/index.ts';
import { inboundPathMatchesSource, oracleListeners, type PlannedHop } from '../../oracle/replay-trace.ts';

const classic = shipped(requireProfile('istio-1.10'));
const scenario = (id: string) => scenarioCases(classic).find((c) => c.meta.label === id)!;
const hopsOf = (id: string): readonly PlannedHop[] => {
  const plan = scenario(id).plan;
  if (!plan.ok) throw new Error(`${id} not replayable: ${plan.reason}`);
  return plan.hops;
};

/** What the kernel shows when it does exactly what the model says (nat hits, listener, original destination). */
function faithful(h: PlannedHop): ObservedHop {
  const hits = h.model.hits
    .filter((x) => x.kind === 'rule')
    .map(({ table, chain, index, rule }) => ({ table: table.name, chain, index, rule }));
  const e = h.expect;
  const outcome: ObservedHop['outcome'] =
    e.kind === 'accepted'
      ? {
          kind: 'accepted',
          listener: e.listener,
          localAddr: e.local.addr,
          localPort: e.local.port,
          ...(e.origDst ? { origDst: e.origDst.addr, origDport: e.origDst.port } : {}),
        }
      : e.kind === 'unanswered'
        ? { kind: 'timeout' }
        : e.kind === 'error'
          ? { kind: 'error', message: `${e.code}: connect ${e.code}` }
          : { kind: 'refused' };
  return { id: h.id, hits, outcome, source: { addr: addrText(h.model.src.addr), port: 30000 } };
}

describe('oracle listeners for a model world', () => {
  it('mirror the model: 15021 and 15008 exist for istio-1.10 but not for istio-1.5, remote stand-ins added', () => {
    const names = (p: string) =>
      oracleListeners(shipped(requireProfile(p)).world).specs.map((s) => `${s.name}:${s.port}`);
    expect(names('istio-1.10')).toEqual([
      'envoy-outbound:15001',
      'envoy-inbound:15006',
      'envoy-prom:15090',
      'envoy-admin:15000',
      'agent:15020',
      'envoy-health:15021',
      'envoy-tunnel:15008',
      'app:8080',
      'remote-8080:8080',
      'istiod-15012:15012',
    ]);
    expect(names('istio-1.5')).not.toContain('envoy-health:15021');
    expect(oracleListeners(classic.world).specs.find((s) => s.name === 'envoy-admin')?.addr).toBe('127.0.0.1');
  });
});

describe('planning a replay', () => {
  it('binds 127.0.0.6 exactly where the model connection did, and replays outside actors from their own addresses', () => {
    const [inbound, upstream] = hopsOf('remote-to-local');
    expect(inbound?.replay).toEqual({ id: inbound?.id, actor: { where: 'remote' }, dst: '10.250.0.2', dport: 8080 });
    expect(upstream?.replay).toMatchObject({ actor: { where: 'pod', uid: 1337, gid: 1337 }, src: '127.0.0.6' });
    const [, viaLoopback] = hopsOf('prometheus-to-local');
    expect(viaLoopback?.replay.src).toBeUndefined();
    const [scrape] = hopsOf('prometheus-to-local');
    expect(scrape?.replay).toMatchObject({
      actor: { where: 'remote' },
      src: '10.250.0.5',
      dst: '10.250.0.2',
      dport: 15090,
    });
    expect(scrape?.substitutions).toEqual([]);
  });

  it('expects "left the pod" as what the remote namespace does (istiod\'s endpoint answers there too)', () => {
    expect(hopsOf('local-to-remote')[1]?.expect).toEqual({
      kind: 'accepted',
      listener: 'remote-8080',
      local: { addr: '10.250.0.3', port: 8080 },
    });
    const [, toIstiodPod] = hopsOf('agent-non-proxy-uid');
    expect(toIstiodPod?.expect).toEqual({
      kind: 'accepted',
      listener: 'istiod-15012',
      local: { addr: '10.250.0.4', port: 15012 },
    });
  });

  it('skips what the oracle cannot reach, with a reason code', () => {
    const app = { kind: 'pod', actor: 'app', uid: 1000, gid: 1000 } as const;
    const meta = { id: 'x', profile: 'istio-1.10', set: 'arbitrary', variant: 'as shipped', label: 'x' } as const;
    const far = prepareCase(meta, classic.world, classic.rules, {
      from: app,
      protocol: 'tcp',
      dst: { addr: parseAddr('8.8.8.8'), port: 443 },
    });
    expect(far.plan).toMatchObject({ ok: false, code: 'no-route' });
    const udp = prepareCase(meta, classic.world, classic.rules, {
      from: app,
      protocol: 'udp',
      dst: { addr: parseAddr('10.250.0.3'), port: 53 },
    });
    expect(udp.plan).toMatchObject({ ok: false, code: 'not-tcp' });
    expect(inboundPathMatchesSource(classic.world.pod.rulesets.ipv4)).toBe(false);
  });
});

describe('comparing a hop', () => {
  it('agrees with a faithful observation of every scenario hop', () => {
    for (const c of scenarioCases(classic)) {
      if (!c.plan.ok) throw new Error(c.plan.reason);
      for (const h of c.plan.hops) expect(compareHop(h, faithful(h)).differences).toEqual([]);
    }
  });

  it('reports altered hits, a wrong listener and a wrong source, naming both sides', () => {
    const [first] = hopsOf('local-to-remote');
    const observed = faithful(first!);
    const hits = observed.hits.filter((h) => h.chain !== 'ISTIO_REDIRECT');
    const wrong = compareHop(first!, {
      ...observed,
      hits,
      outcome: { ...(observed.outcome as Extract<ObservedHop['outcome'], { kind: 'accepted' }>), listener: 'app' },
      source: { addr: '10.250.0.9', port: 30000 },
    });
    expect(wrong.agree).toBe(false);
    expect(wrong.differences).toEqual([
      expect.stringContaining(
        'only in the model: [ISTIO_REDIRECT#1 `-A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports 15001`]',
      ),
      'landing (listener): model: accepted by envoy-outbound on 127.0.0.1:15001, original destination 10.250.0.3:8080; ' +
        'kernel: accepted by app on 127.0.0.1:15001, original destination 10.250.0.3:8080',
      'source address: model 10.250.0.2; kernel 10.250.0.9',
    ]);
  });

  it('matches rules by text: a model of rule-4-deleted rules differs from shipped-rules counters', () => {
    const deleted = withoutOutputRules(requireProfile('istio-1.10'), [4]);
    const kernelSaw = faithful(hopsOf('local-to-remote')[1]!);
    const c = prepareCase(
      scenario('local-to-remote').meta,
      deleted.world,
      classic.rules,
      scenario('local-to-remote').connection,
    );
    if (!c.plan.ok) throw new Error(c.plan.reason);
    const result = compareHop(c.plan.hops[1]!, kernelSaw);
    expect(result.differences[0]).toMatch(/only in the model: \[ISTIO_OUTPUT#6 `[^`]*--gid-owner 1337 -j RETURN`\]/);
    expect(result.differences[0]).toMatch(/only in the kernel: \[ISTIO_OUTPUT#4 `[^`]*--uid-owner 1337 -j RETURN`\]/);
  });
});
