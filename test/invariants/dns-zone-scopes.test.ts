// dns-zone-consistency beyond a query and its answer (model/invariants/dns-zones.ts): pilot-agent's upstream query is
// kept out of the zone of the application's query (the UDP conntrack race Istio #33572 split them for), and a UDP flow
// that is not DNS is not put in a zone its answer does not come back in. Each scope has a killer mutant, on rules
// where the rest of the invariant cannot tell (a stub resolver's answers are undetermined) or holds.
import { describe, expect, it } from 'vitest';
import { checkWorld } from '../../model/invariants/index.ts';
import { generate, injectedConfig, planRulesets } from '../../model/istio/index.ts';
import { generateMutants } from '../../model/mutate/index.ts';
import { parseAddr } from '../../model/net/index.ts';
import { makeWorld } from '../../model/pod/index.ts';
import { dnsWorld, findProfile, profileNamed } from '../../model/profiles/index.ts';
import type { Ruleset } from '../../model/ruleset/index.ts';

function rules(server: string): Ruleset {
  const base = injectedConfig('1.25').config!;
  const result = generate({ ...base, redirectDns: true, dnsServersV4: [server] }, '1.25');
  if (!result.ok) throw new Error(result.reasons.join('; '));
  return planRulesets(result.plan)[0]!;
}

function zones(ruleset: Ruleset, server: string) {
  const world = makeWorld({
    rulesets: { ipv4: ruleset },
    envoy: findProfile('istio-1.25')!.envoy,
    dnsServers: [parseAddr(server)],
  });
  return checkWorld(world, { lint: false, only: ['dns-zone-consistency'] }).invariants[0]!;
}

const mutant = (ruleset: Ruleset, id: string) => {
  const m = generateMutants(ruleset).find((x) => x.id === id);
  if (!m) throw new Error(`no mutant ${id}`);
  return m.ruleset;
};

describe('dns-zone-consistency: upstream zone apart from the application query', () => {
  // raw ISTIO_OUTPUT_DNS#1 is `--dport 53 -m owner --uid-owner 1337 -j CT --zone 1`: without it a process with the
  // proxy uid and another gid (which nat's uid RETURN still exempts from capture) falls to the server's zone-2 rule.
  it("is killed by deleting the proxy uid's zone-1 rule, though the stub resolver leaves the answers undetermined", () => {
    const original = rules('127.0.0.53');
    expect(zones(original, '127.0.0.53').status).toBe('undetermined');
    const r = zones(mutant(original, 'delete raw ISTIO_OUTPUT_DNS#1'), '127.0.0.53');
    expect(r.status).toBe('violated');
    expect(r.counterexample?.why).toMatch(
      /^the upstream query of uid\/gid 1337\/\d+ to 127\.0\.0\.53:53 is tracked in zone 2, the zone of the application's query to it/,
    );
  });

  it('flags Istio 1.10, which had no zones: the race Istio #33572 fixed in 1.11', () => {
    const world = dnsWorld(profileNamed('istio-1.10'), { captureAllDns: false, server: 'kube-dns' });
    const r = checkWorld(world, { lint: false, only: ['dns-zone-consistency'] }).invariants[0]!;
    expect(r.status).toBe('violated');
    expect(r.counterexample?.why).toMatch(/tracked in zone 0, the zone of the application's query .*#33572/);
  });
});

describe('dns-zone-consistency: no other UDP in a DNS zone', () => {
  // raw ISTIO_OUTPUT_DNS#2 is `--sport 15053 -m owner --uid-owner 1337 -j CT --zone 2` (the proxy's answers); with
  // `! --sport 15053` every other UDP flow of the proxy uid goes to zone 2, and its peer's answer is looked up in 0.
  it('holds on Istio 1.25, and is killed by widening the zone-2 rule to non-DNS UDP', () => {
    const original = rules('10.251.0.53');
    expect(zones(original, '10.251.0.53').status).toBe('holds');
    const r = zones(mutant(original, 'negation raw ISTIO_OUTPUT_DNS#2: add ! on ports'), '10.251.0.53');
    expect(r.status).toBe('violated');
    expect(r.counterexample?.why).toBe(
      "hop 1 (Envoy) 10.250.0.2:40001 -> 10.250.0.3:8080 in zone 2; its answer 10.250.0.3:8080 -> 10.250.0.2:40001 in zone 0 (new), answered: the answer is not tracked in its query's zone",
    );
  });
});
