// The kernel results in generated/backends.json survive a recompute only for a difference that is still the same
// (oracle/backends-data.ts mergeKernel), and the schema refuses a damaged document.
import { describe, expect, it } from 'vitest';
import {
  type BackendsDifference,
  type BackendsResults,
  backendsProblems,
  differenceKey,
  mergeKernel,
  modelPart,
} from '../../oracle/index.ts';

const diff = (change: string): BackendsDifference => ({
  change,
  classes: 3,
  example: 'app (10.250.0.2) -> [fd00:250::3]:8080/tcp',
  iptablesTrace: 'a\n',
  nftTrace: 'b\n',
});
const doc = (differences: BackendsDifference[]): BackendsResults => ({
  producer: 'npm run backends',
  version: 1,
  inputs: { rules: 'a'.repeat(64), code: 'b'.repeat(64) },
  configurations: [
    {
      name: 'kube-virt-interfaces',
      iptablesFamilies: ['ipv4'],
      families: [
        { family: 'ipv4', classes: 10, sampled: null, undetermined: 0, differences: [] },
        { family: 'ipv6', classes: 10, sampled: null, undetermined: 0, differences },
      ],
    },
  ],
});
const kernel = { confirmed: true, iptables: ['#1 left the pod'], nft: ['#1 envoy outbound'] };

describe('backends.json kernel results', () => {
  it('are kept for the same difference and dropped when its trace changed', () => {
    const previous = doc([
      { ...diff('x -> y'), kernel },
      { ...diff('p -> q'), kernel },
    ]);
    const merged = mergeKernel(doc([diff('x -> y'), { ...diff('p -> q'), nftTrace: 'c\n' }]), previous);
    const [kept, dropped] = merged.configurations[0]!.families[1]!.differences;
    expect(kept!.kernel).toEqual(kernel);
    expect(dropped!.kernel).toBeUndefined();
  });

  it('new replays are added by difference key; modelPart removes every kernel result', () => {
    const fresh = doc([diff('x -> y')]);
    const key = differenceKey('kube-virt-interfaces', 'ipv6', diff('x -> y'));
    const merged = mergeKernel(fresh, null, new Map([[key, kernel]]));
    expect(merged.configurations[0]!.families[1]!.differences[0]!.kernel).toEqual(kernel);
    expect(modelPart(merged)).toEqual(fresh);
  });

  it('the schema accepts a well-formed document and names the field of a damaged one', () => {
    expect(backendsProblems(mergeKernel(doc([diff('x -> y')]), null))).toEqual([]);
    const bad = { ...doc([]), inputs: { rules: 'nope', code: 'b'.repeat(64) } };
    expect(backendsProblems(bad).join('\n')).toContain('/inputs/rules');
    expect(backendsProblems({ ...doc([]), producer: 'someone else' }).join('\n')).toContain('/producer');
  });
});
