// The class count grows linearly with an exclusion list, never as a product of its constants (issue 14, "Speed and
// scale"). Each `-d C -j RETURN` that istio-iptables -x writes into ISTIO_OUTPUT cuts the destinations of the
// connections that reach it: the pod processes' boxes (2 protocols x 2 bound sources) times the identity cells that
// are not the proxy's (the proxy's uid and gid RETURN before the list). So each CIDR adds at most
// 2 x 2 x 9 (uid x gid cells: proxy, application, anyone else) = 36 classes, and exactly the same number for every
// CIDR: equal steps in the count. A product blow-up (CIDRs x ports, or CIDRs x CIDRs) fails both bounds at once.
// Not timed: the counts are the test.
import { describe, expect, it } from 'vitest';
import { partition } from '../../model/classes/index.ts';
import { makeWorld } from '../../model/pod/index.ts';
import { profileNamed } from '../../model/profiles/index.ts';
import { parseDumpOrThrow } from '../../model/rules/index.ts';

const FINAL_OUTPUT_RULE = '-A ISTIO_OUTPUT -j ISTIO_REDIRECT';

function classesWith(cidrs: number): number {
  const profile = profileNamed('istio-1.25');
  const lines = Array.from({ length: cidrs }, (_, i) => `-A ISTIO_OUTPUT -d 100.64.${i}.0/24 -j RETURN`);
  const text = profile.rulesText.replace(FINAL_OUTPUT_RULE, [...lines, FINAL_OUTPUT_RULE].join('\n'));
  const world = makeWorld({ rulesets: { ipv4: parseDumpOrThrow(text).rulesets[0]! }, envoy: profile.envoy });
  const analysis = partition(world, 'ipv4');
  expect(analysis.sampled).toBeNull();
  return analysis.classes.length;
}

describe('class count against the length of an exclusion list', () => {
  it('grows by the same step per CIDR, at most 36 classes each', () => {
    const [none, some, more] = [0, 10, 20].map(classesWith) as [number, number, number];
    const step = (some - none) / 10;
    expect(step).toBeGreaterThan(0);
    expect(step).toBeLessThanOrEqual(36);
    expect(more - some).toBe(some - none);
  });
});
