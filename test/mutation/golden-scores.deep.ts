// Mutation adequacy on non-default golden configurations, scoped by their configurations (golden-mutation.ts).
// Too slow for `npm test` (20 to 60 s each on 2 cores): run with `npm run test:mutation-goldens`; npm test runs the
// former survivors of three of them (golden-killers.test.ts). Issue 12 asks for at least 90% on at least three; the
// survivors are printed with the behaviour each changes.
import { describe, expect, it } from 'vitest';
import { renderMutationSummary } from '../../model/mutate/index.ts';
import { goldenMutationAnalysis } from './golden-mutation.ts';

const GOLDENS = [
  'inbound-ports-tproxy',
  'inbound-ports-wildcard',
  'kube-virt-interfaces',
  'ipnets',
  'outbound-ports-include',
] as const;

describe.each(GOLDENS)('%s (ipv4)', (name) => {
  it('kills at least 90% of the non-equivalent mutants', () => {
    const summary = goldenMutationAnalysis(name, 'ipv4');
    console.log(renderMutationSummary(name, summary));
    expect(summary.total).toBeGreaterThan(50);
    expect(summary.score).toBeGreaterThanOrEqual(0.9);
  });
});
