// The class count does not grow with the length of an exclusion list (issue 14, "Speed and scale"). Each
// `-d C -j RETURN` that istio-iptables -x writes into ISTIO_OUTPUT shares its target and every other match with its
// neighbours, so the list is one run of same-target rules (model/kernel/runs.ts), tested as one: a class's destinations
// are inside the list's union (it RETURNs, by one of the list's rules) or outside it. One CIDR adds at most
// 2 protocols x 2 bound sources x 9 (uid x gid cells: proxy, application, anyone else) = 36 classes (the pod
// processes' boxes that reach the list, cut in two), and a list of any length adds exactly what one CIDR adds.
// Rule by rule (diff's partition, `runs: false`) the list still costs the same step per CIDR: each rule cuts the
// destinations once more. That every connection behaves like its class with merged runs is the property test's job
// (properties/classes.test.ts, the world with exclusion lists). Not timed: the counts are the test.
import { describe, expect, it } from 'vitest';
import { partition } from '../../model/classes/index.ts';
import { makeWorld } from '../../model/pod/index.ts';
import { profileNamed } from '../../model/profiles/index.ts';
import { parseDumpOrThrow } from '../../model/rules/index.ts';

const FINAL_OUTPUT_RULE = '-A ISTIO_OUTPUT -j ISTIO_REDIRECT';

function classesWith(cidrs: number, runs = true): number {
  const profile = profileNamed('istio-1.25');
  const lines = Array.from({ length: cidrs }, (_, i) => `-A ISTIO_OUTPUT -d 100.64.${i}.0/24 -j RETURN`);
  const text = profile.rulesText.replace(FINAL_OUTPUT_RULE, [...lines, FINAL_OUTPUT_RULE].join('\n'));
  const world = makeWorld({ rulesets: { ipv4: parseDumpOrThrow(text).rulesets[0]! }, envoy: profile.envoy });
  const analysis = partition(world, 'ipv4', { runs });
  expect(analysis.sampled).toBeNull();
  return analysis.classes.length;
}

describe('class count against the length of an exclusion list', () => {
  it('a list of any length adds what one CIDR adds, at most 36 classes', () => {
    const [none, one, two, twenty] = [0, 1, 2, 20].map((n) => classesWith(n)) as [number, number, number, number];
    expect(one - none).toBeGreaterThan(0);
    expect(one - none).toBeLessThanOrEqual(36);
    expect(two).toBe(one);
    expect(twenty).toBe(one);
  });

  it('rule by rule, grows by the same step per CIDR (what the run saves)', () => {
    const [none, some, more] = [0, 10, 20].map((n) => classesWith(n, false)) as [number, number, number];
    const step = (some - none) / 10;
    expect(step).toBeGreaterThan(0);
    expect(step).toBeLessThanOrEqual(36);
    expect(more - some).toBe(some - none);
  });
});
