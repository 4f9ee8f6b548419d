// dual-stack-parity (model/invariants/parity.ts): on every shared golden whose configuration enables IPv6, Istio's
// rules (iptables and native nftables) give each connection its twin's fate, so the invariant holds; deleting one
// IPv6 capture rule breaks it with a counterexample naming both families; it does not apply where IPv6 is off,
// where one family is checked alone, or to an inet table no configuration speaks for; and what the configuration
// names per family (-x and -i CIDRs) is out of its scope.
import { describe, expect, it } from 'vitest';
import { configuredWorldOptions, intentOf, NO_NAMES } from '../../model/configured/index.ts';
import { checkWorld, findInvariant, invariantContext } from '../../model/invariants/index.ts';
import { NEWEST_VERSION } from '../../model/istio/index.ts';
import { parseAddr } from '../../model/net/index.ts';
import { nftRulesets, parseNftOrThrow } from '../../model/nft/index.ts';
import { makeWorld } from '../../model/pod/index.ts';
import { NFT_PROFILE } from '../../model/profiles/index.ts';
import { deleteRules, parseDumpOrThrow, type Ruleset } from '../../model/rules/index.ts';
import { worldFor } from '../helpers/world.ts';
import { goldenConfig, readGolden } from '../istio/helpers.ts';
import { type DUAL_STACK_GOLDENS, type DualStackPod, dualStackPod, parity } from './dual-stack.ts';

type Family = 'ipv4' | 'ipv6';
const other = (f: Family): Family => (f === 'ipv4' ? 'ipv6' : 'ipv4');

/** The pod with one family's rules replaced (the world keeps the other family's). */
function withRules(pod: DualStackPod, family: Family, rs: Ruleset): DualStackPod {
  const rulesets = { ...pod.rulesets, [family]: rs };
  return { ...pod, rulesets, world: { ...pod.world, pod: { ...pod.world.pod, rulesets } } };
}

// Two goldens per backend here; every dual-stack golden in test/mutation/dual-stack.deep.ts (npm run test:mutation-goldens).
const FAST: Readonly<Record<'iptables' | 'nftables', readonly (typeof DUAL_STACK_GOLDENS)[number][]>> = {
  iptables: ['ipv6-inbound-ports', 'ipv6-ipnets'],
  nftables: ['ipv6-outbound-ports', 'ipv6-ipnets'],
};

describe.each(['iptables', 'nftables'] as const)('dual-stack goldens (%s) with their configuration', (backend) => {
  it.each(FAST[backend])('%s: holds in both families', (name) => {
    const pod = dualStackPod(name, backend);
    for (const family of ['ipv4', 'ipv6'] as const) {
      const r = parity(pod, family);
      expect(r.status, r.counterexample?.why ?? r.reason).toBe('holds');
      expect(r.checked).toBeGreaterThan(1000);
    }
  });
});

describe('its killer: one IPv6 capture rule deleted', () => {
  it('ip6tables: without `ISTIO_INBOUND --dport 4000 -j ISTIO_IN_REDIRECT`, port 4000 is captured in IPv4 only', () => {
    const pod = dualStackPod('ipv6-inbound-ports');
    const mutant = withRules(pod, 'ipv6', deleteRules(pod.rulesets.ipv6, 'nat', 'ISTIO_INBOUND', [2]));
    for (const family of ['ipv4', 'ipv6'] as const) {
      const r = parity(mutant, family);
      expect(r.status).toBe('violated');
      expect(r.counterexample!.connection).toMatchObject({ from: { kind: 'outside' }, dst: { port: 4000 } });
      expect(r.counterexample!.why).toContain('inbound-capture -> app');
    }
  });

  it('nftables: without the inet table`s `ip6 daddr != ::1/128 ... skuid 1337 jump istio-in-redirect`, Envoy reaches its own pod through 15006 in IPv4 only', () => {
    const pod = dualStackPod('ipv6-inbound-ports', 'nftables');
    const output = pod.rulesets.ipv6.tables[0]!.chains.find((c) => c.name === 'istio-output')!;
    const at = output.rules.findIndex((r) =>
      r.matches.some((m) => m.kind === 'destination' && m.negated && m.cidr.addr.family === 'ipv6'),
    );
    expect(at).toBeGreaterThan(0);
    // One inet table serves both families: the edit is the same in both views of it.
    const drop = (rs: Ruleset): Ruleset => ({
      ...rs,
      tables: rs.tables.map((t) => ({
        ...t,
        chains: t.chains.map((c) =>
          c.name === 'istio-output' ? { ...c, rules: c.rules.filter((_, i) => i !== at) } : c,
        ),
      })),
    });
    const mutant = withRules(withRules(pod, 'ipv4', drop(pod.rulesets.ipv4)), 'ipv6', drop(pod.rulesets.ipv6));
    for (const family of ['ipv4', 'ipv6'] as const) {
      const r = parity(mutant, family);
      expect(r.status).toBe('violated');
      expect(r.counterexample!.connection).toMatchObject({ from: { kind: 'pod', actor: 'envoy' } });
    }
  });
});

describe('where it does not apply', () => {
  it('IPv6 off in the configuration (drop-invalid): the reason names ENABLE_INBOUND_IPV6', () => {
    const config = goldenConfig('drop-invalid');
    const rs = parseDumpOrThrow(readGolden('drop-invalid')).rulesets[0]!;
    const { options } = configuredWorldOptions(config, NEWEST_VERSION, NO_NAMES);
    const world = makeWorld({ rulesets: { ipv4: rs }, ...options });
    const intent = intentOf(config, NEWEST_VERSION, 'ipv4', NO_NAMES).intent;
    const [r] = checkWorld(world, { intent, lint: false, only: ['dual-stack-parity'] }).invariants;
    expect(r).toMatchObject({
      status: 'not-applicable',
      reason: expect.stringContaining('ENABLE_INBOUND_IPV6 is false'),
    });
  });

  it('one family checked alone (every iptables profile has IPv4 rules only)', () => {
    const [r] = checkWorld(worldFor('istio-1.25'), { lint: false, only: ['dual-stack-parity'] }).invariants;
    expect(r).toMatchObject({ status: 'not-applicable', reason: expect.stringContaining('only the IPv4 rules') });
  });

  it('an inet table with no configuration saying whether IPv6 is on (the istio-1.31-nft profile read as rules)', () => {
    const { ipv4, ipv6 } = nftRulesets(parseNftOrThrow(NFT_PROFILE.rulesText).ruleset);
    const world = makeWorld({ rulesets: { ipv4, ipv6 }, envoy: NFT_PROFILE.envoy });
    for (const family of ['ipv4', 'ipv6'] as const) {
      const [r] = checkWorld(world, { family, lint: false, only: ['dual-stack-parity'] }).invariants;
      expect(r).toMatchObject({ status: 'not-applicable', reason: expect.stringContaining('inet table') });
    }
  });
});

describe('its scope', () => {
  const pod = dualStackPod('ipv6-ipnets');
  const inv = findInvariant('dual-stack-parity')!;
  const app = { kind: 'pod', actor: 'app', uid: 1000, gid: 1000 } as const;
  const to = (addr: string, port = 8080) => ({
    from: app,
    protocol: 'tcp' as const,
    dst: { addr: parseAddr(addr), port },
  });
  const ctx = (family: Family) => invariantContext(pod.world, family, pod.intents[family], pod.intents[other(family)]);

  it('leaves out what the configuration names for one family (-x and -i 2001:db8::/32 in IPv6)', () => {
    expect(inv.inScope(to('2001:db8::1'), ctx('ipv6'))).toBe(false);
    expect(inv.inScope(to('fd00:250::3'), ctx('ipv6'))).toBe(true);
  });

  it('leaves out addresses IPv6 has no twin for (127.0.0.0/8 beyond 127.0.0.1, broadcast)', () => {
    expect(inv.inScope(to('127.0.0.2'), ctx('ipv4'))).toBe(false);
    expect(inv.inScope(to('255.255.255.255'), ctx('ipv4'))).toBe(false);
    expect(inv.inScope(to('127.0.0.1'), ctx('ipv4'))).toBe(true);
    expect(inv.inScope(to('1.2.3.4'), ctx('ipv4'))).toBe(true);
  });
});
