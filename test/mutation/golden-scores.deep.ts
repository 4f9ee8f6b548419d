// Mutation adequacy on three non-default golden configurations, scoped by their configurations (golden-mutation.ts).
// Too slow for `npm test` (18 to 50 s each on 2 cores): run with `npm run test:mutation-goldens`. Issue 12 asks for at
// least 90% on each; the survivors are printed with the behaviour each changes.
import { describe, expect, it } from 'vitest';
import { renderMutationSummary } from '../../model/mutate/index.ts';
import { goldenMutationAnalysis } from './golden-mutation.ts';

const GOLDENS = ['inbound-ports-tproxy', 'inbound-ports-wildcard', 'kube-virt-interfaces'] as const;

describe.each(GOLDENS)('%s (ipv4)', (name) => {
  it('kills at least 90% of the non-equivalent mutants', () => {
    const summary = goldenMutationAnalysis(name, 'ipv4');
    console.log(renderMutationSummary(name, summary));
    expect(summary.total).toBeGreaterThan(50);
    expect(summary.score).toBeGreaterThanOrEqual(0.9);
  });
});
