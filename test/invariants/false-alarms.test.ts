// Two false alarms on correct rules, each checked in-process as `check --istio-args` and `check --app-port` check:
// - DNS capture with -i listing CIDRs (or -x covering the resolv.conf server): the application's TCP query to the
//   server goes to pilot-agent's 15053 (capture/run.go appends the DNS jump before the CIDR rules), which the
//   outbound CIDR invariants used to read as a broken inclusion or exclusion;
// - an application on another port than 8080: the pod's own Service used to target 8080, where nothing listens.
import { describe, expect, it } from 'vitest';
import { configuredWorldOptions, intentOf, NO_NAMES } from '../../model/configured/index.ts';
import { checkWorld, type InvariantId } from '../../model/invariants/index.ts';
import { configFromArgs, generate, planRulesets } from '../../model/istio/index.ts';
import { makeWorld } from '../../model/pod/index.ts';
import { findProfile } from '../../model/profiles/index.ts';
import { parseDumpOrThrow } from '../../model/rules/index.ts';

function checkArgs(args: string, dnsServers: readonly string[], id: InvariantId) {
  const { config } = configFromArgs(args, {
    env: { ISTIO_META_DNS_CAPTURE: 'true' },
    dnsServers,
    version: '1.25',
  });
  if (!config?.redirectDns) throw new Error(`no DNS capture from: ${args}`);
  const result = generate(config, '1.25');
  if (!result.ok) throw new Error(result.reasons.join('; '));
  const ruleset = planRulesets(result.plan).find((r) => r.family === 'ipv4')!;
  const world = makeWorld({ rulesets: { ipv4: ruleset }, ...configuredWorldOptions(config, '1.25', NO_NAMES).options });
  const intent = intentOf(config, '1.25', 'ipv4', NO_NAMES).intent;
  const [report] = checkWorld(world, { family: 'ipv4', intent, lint: false, only: [id] }).invariants;
  return report!;
}

const BASE = '-p 15001 -z 15006 -u 1337 -m REDIRECT -b "*" -d 15090,15021,15020';

describe('DNS capture claims the TCP query before the outbound CIDR rules', () => {
  it('outbound-inclusions holds with -i 10.96.0.0/12 and a resolv.conf server outside it', () => {
    const r = checkArgs(`${BASE} -i 10.96.0.0/12`, ['8.8.8.8'], 'outbound-inclusions');
    expect(r.counterexample?.why).toBeUndefined();
    expect(r.status).toBe('holds');
    expect(r.checked).toBeGreaterThan(0);
  });

  it('outbound-exclusions holds with -x covering the resolv.conf server', () => {
    const r = checkArgs(`${BASE} -i "*" -x 8.8.8.0/24`, ['8.8.8.8'], 'outbound-exclusions');
    expect(r.counterexample?.why).toBeUndefined();
    expect(r.status).toBe('holds');
    expect(r.checked).toBeGreaterThan(0);
  });
});

function istio125World(appPorts: readonly number[]) {
  const profile = findProfile('istio-1.25')!;
  const ipv4 = parseDumpOrThrow(profile.rulesText).rulesets[0]!;
  return makeWorld({ rulesets: { ipv4 }, envoy: profile.envoy, appPorts });
}

describe('the pod world follows the application port', () => {
  it.each([22, 9000])('local-to-local holds on istio-1.25 with the application on port %i', (port) => {
    const world = istio125World([port]);
    const [r] = checkWorld(world, { family: 'ipv4', lint: false, only: ['local-to-local'] }).invariants;
    expect(r?.counterexample?.why).toBeUndefined();
    expect(r?.status).toBe('holds');
    expect(r?.checked).toBeGreaterThan(0);
  });

  it("the pod's own Service targets each application port", () => {
    const world = istio125World([22, 9000]);
    const self = world.services.filter((s) => s.name === 'self').map((s) => [s.vip.port, s.endpoints[0]?.port]);
    expect(self).toEqual([
      [22, 22],
      [9000, 9000],
      [22, 22],
      [9000, 9000],
    ]);
  });
});
