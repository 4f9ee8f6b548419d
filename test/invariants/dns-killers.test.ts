// A killer mutant for each DNS invariant, on Istio 1.25's rules generated with DNS capture to a kube-dns server (the
// profiles have DNS capture off, so their killer tables list no DNS invariant). Each mutant is one of the mutation
// stage's single-point mutants; the invariant it names must turn from "holds" (test/invariants/dns.test.ts) to
// "violated" on it. Mutant ids and what they break:
// - nat ISTIO_OUTPUT_DNS#1 is the REDIRECT of TCP queries to 15053: sending them to 15054 leaves them unanswered;
// - nat ISTIO_OUTPUT#4 is the proxy uid's RETURN: jumping to the DNS chain instead recaptures pilot-agent's queries;
// - raw ISTIO_INBOUND#1 puts the server's answers in zone 1: missing them (its -s moved) is Istio #46935's symptom.
import { describe, expect, it } from 'vitest';
import { checkWorld, type InvariantId } from '../../model/invariants/index.ts';
import { generate, injectedConfig, planRulesets } from '../../model/istio/index.ts';
import { generateMutants } from '../../model/mutate/index.ts';
import { parseAddr } from '../../model/net/index.ts';
import { makeWorld } from '../../model/pod/index.ts';
import { findProfile } from '../../model/profiles/index.ts';
import type { Ruleset } from '../../model/ruleset/index.ts';

const KILLERS: Record<string, string> = {
  'dns-captured': 'port nat ISTIO_OUTPUT_DNS#1: --to-ports 15053 -> 15054',
  'dns-proxy-no-loop': 'jump-target nat ISTIO_OUTPUT#4: RETURN -> jump ISTIO_OUTPUT_DNS',
  'dns-zone-consistency': 'address raw ISTIO_INBOUND#1: source address +1',
};

function rules(): Ruleset {
  const base = injectedConfig('1.25').config!;
  const result = generate({ ...base, redirectDns: true, dnsServersV4: ['10.251.0.53'] }, '1.25');
  if (!result.ok) throw new Error(result.reasons.join('; '));
  return planRulesets(result.plan)[0]!;
}

function status(ruleset: Ruleset, id: string) {
  const world = makeWorld({
    rulesets: { ipv4: ruleset },
    envoy: findProfile('istio-1.25')!.envoy,
    dnsServers: [parseAddr('10.251.0.53')],
  });
  const [inv] = checkWorld(world, { lint: false, only: [id as InvariantId] }).invariants;
  return inv!;
}

describe('DNS invariants have killer mutants', () => {
  const original = rules();
  const mutants = generateMutants(original);
  for (const [id, mutantId] of Object.entries(KILLERS)) {
    it(`${id} is killed by "${mutantId}"`, () => {
      const m = mutants.find((x) => x.id === mutantId);
      expect(m, `no mutant ${mutantId}`).toBeDefined();
      const r = status(m!.ruleset, id);
      expect(r.status).toBe('violated');
      expect(r.counterexample?.why).toBeTruthy();
    });
  }
});
