// IPv6 end to end: Istio's IPv6 rules are the IPv4 ones with ::6/128 for 127.0.0.6 and ::1/128 for 127.0.0.1
// (tools/istio-iptables/pkg/capture/run.go at istio/istio 86c9f01, and the ipv6-* goldens). On such a ruleset every scenario must take the same path, with
// IPv6 addresses all the way (REDIRECT to ::1 in OUTPUT, to the pod's address in PREROUTING, Envoy binding ::6).
import { describe, expect, it } from 'vitest';
import { checkWorld } from '../../model/invariants/index.ts';
import { parseAddr } from '../../model/net/index.ts';
import { makeWorld } from '../../model/pod/make-world.ts';
import { simulate } from '../../model/pod/simulate.ts';
import { findProfile } from '../../model/profiles/index.ts';
import { parseDumpOrThrow } from '../../model/rules/index.ts';
import { SCENARIOS } from '../../model/scenarios/index.ts';
import type { Trace } from '../../model/trace/index.ts';

const profile = findProfile('istio-1.25')!;
const v6text = profile.rulesText.replaceAll('127.0.0.6/32', '::6/128').replaceAll('127.0.0.1/32', '::1/128');
const v6 = makeWorld({
  rulesets: { ipv6: parseDumpOrThrow(v6text, { family: 'ipv6' }).rulesets[0]! },
  envoy: profile.envoy,
});
const v4 = makeWorld({ rulesets: { ipv4: parseDumpOrThrow(profile.rulesText).rulesets[0]! }, envoy: profile.envoy });

function story(t: Trace): string[] {
  return t.hops.map((h) => {
    const rules = h.hits.filter((x) => x.kind === 'rule').map((x) => `${x.chain}#${x.index}`);
    return `${h.actor.id} ${rules.join(',')} > ${h.landed.kind === 'listener' ? h.landed.role : h.landed.kind}`;
  });
}

describe('an IPv6 pod on istio-1.25', () => {
  it('parses as IPv6', () => {
    expect(v6.pod.rulesets.ipv6?.family).toBe('ipv6');
  });
  for (const s of SCENARIOS) {
    it(`${s.id} takes the IPv4 path, in IPv6`, () => {
      const t6 = simulate(v6, s.connection(v6));
      expect(story(t6)).toEqual(story(simulate(v4, s.connection(v4))));
      for (const h of t6.hops) expect(h.family).toBe('ipv6');
    });
  }
  it('REDIRECT goes to ::1 in OUTPUT and to the pod address in PREROUTING; Envoy reaches the app from ::6', () => {
    const out = simulate(v6, SCENARIOS.find((s) => s.id === 'local-to-remote')!.connection(v6));
    expect(out.hops[0]!.dstAfterNat).toEqual({ addr: parseAddr('::1'), port: 15001 });
    const inbound = simulate(v6, SCENARIOS.find((s) => s.id === 'remote-to-local')!.connection(v6));
    expect(inbound.hops[0]!.dstAfterNat).toEqual({ addr: parseAddr('fd00:250::2'), port: 15006 });
    expect(inbound.hops[1]!.src.addr).toEqual(parseAddr('::6'));
  });
  it('the invariants hold as on IPv4, and the same rules are dead', () => {
    const r6 = checkWorld(v6, { family: 'ipv6' });
    const r4 = checkWorld(v4);
    expect(r6.invariants.map((i) => [i.id, i.status])).toEqual(r4.invariants.map((i) => [i.id, i.status]));
    expect(r6.deadRules.map((d) => d.index)).toEqual(r4.deadRules.map((d) => d.index));
  });
});
