// The dead-rule lint over runs of same-target rules (model/kernel/runs.ts). A class matches an exclusion list as one
// test, so its representative hits one rule of the list; the lint still counts every rule of the list that some
// connection matches first as reached (partition's runHits), and calls dead exactly the rules every value of which an
// earlier rule of the list holds, shadowed by those. The domain enumeration (check --over domain), which walks rule by
// rule, is the oracle: both find the same dead rules and the same verdicts.
import { describe, expect, it } from 'vitest';
import { checkWorld } from '../../model/invariants/run.ts';
import { makeWorld } from '../../model/pod/index.ts';
import { profileNamed } from '../../model/profiles/index.ts';
import { parseDumpOrThrow, ruleText } from '../../model/rules/index.ts';

const CIDRS = ['10.96.0.0/12', '100.64.0.0/24', '10.100.0.0/16', '100.64.0.0/25', '100.64.0.128/25', '192.168.0.0/24'];
const PORTS = [8080, 9090, 8080];
const FINAL_OUTPUT_RULE = '-A ISTIO_OUTPUT -j ISTIO_REDIRECT';
const INBOUND_CATCH_ALL = '-A ISTIO_INBOUND -p tcp -j ISTIO_IN_REDIRECT';

function world() {
  const profile = profileNamed('istio-1.25');
  const text = profile.rulesText
    .replace(
      FINAL_OUTPUT_RULE,
      [...CIDRS.map((c) => `-A ISTIO_OUTPUT -d ${c} -j RETURN`), FINAL_OUTPUT_RULE].join('\n'),
    )
    .replace(
      INBOUND_CATCH_ALL,
      PORTS.map((p) => `-A ISTIO_INBOUND -p tcp -m tcp --dport ${p} -j ISTIO_IN_REDIRECT`).join('\n'),
    );
  const rs = parseDumpOrThrow(text).rulesets[0]!;
  const index = (chain: string, text: string) =>
    rs.tables
      .find((t) => t.name === 'nat')!
      .chains.find((c) => c.name === chain)!
      .rules.findIndex((r) => ruleText(chain, r) === text) + 1;
  return { world: makeWorld({ rulesets: { ipv4: rs }, envoy: profile.envoy }), index };
}

describe('dead rules inside runs of same-target rules', () => {
  const { world: w, index } = world();
  const classes = checkWorld(w, { family: 'ipv4' });

  it('names the nested CIDRs and the repeated port as dead, shadowed by the rules of the run that hold them', () => {
    const at = (c: string) => index('ISTIO_OUTPUT', `-A ISTIO_OUTPUT -d ${c} -j RETURN`);
    const port = index('ISTIO_INBOUND', '-A ISTIO_INBOUND -p tcp -m tcp --dport 8080 -j ISTIO_IN_REDIRECT');
    const dead = classes.deadRules
      .filter((d) => d.chain === 'ISTIO_OUTPUT' || d.chain === 'ISTIO_INBOUND')
      .map((d) => [d.chain, d.index, d.shadowedBy]);
    expect(at('10.96.0.0/12')).toBeGreaterThan(0);
    expect(dead).toEqual(
      expect.arrayContaining([
        ['ISTIO_OUTPUT', at('10.100.0.0/16'), [at('10.96.0.0/12')]],
        ['ISTIO_OUTPUT', at('100.64.0.0/25'), [at('100.64.0.0/24')]],
        ['ISTIO_OUTPUT', at('100.64.0.128/25'), [at('100.64.0.0/24')]],
        ['ISTIO_INBOUND', port + 2, [port]],
      ]),
    );
    // The other dead rules of these chains are istio-1.25's own (rules 5, 6 and 8 of ISTIO_OUTPUT).
    expect(dead.filter(([, i]) => (i as number) > at('10.96.0.0/12') || i === port + 2)).toHaveLength(4);
  });

  it('agrees with the rule-by-rule domain enumeration: same dead rules, same verdicts', () => {
    const domain = checkWorld(w, { family: 'ipv4', over: 'domain' });
    const verdicts = (r: typeof classes) => r.invariants.map((i) => [i.id, i.status]);
    expect(verdicts(classes)).toEqual(verdicts(domain));
    expect(classes.deadRules).toEqual(domain.deadRules);
  });
});
