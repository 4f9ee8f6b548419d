// Renumbering is what a reader trips over when a page shows another ruleset's rule numbers: which rule is which.
import { toString as textOf } from 'mdast-util-to-string';
import { describe, expect, it } from 'vitest';
import { paragraph } from '../../docs-gen/mdast.ts';
import { describeMoves, describeRenumbering, renumbering } from '../../docs-gen/pages/renumbering.ts';
import { findProfile, profileRuleset } from '../../model/profiles/index.ts';
import { deleteRules } from '../../model/rules/index.ts';

const rules = (name: string) => profileRuleset(findProfile(name)!);

describe('renumbering', () => {
  it('follows each rule of a mutant that lost ISTIO_OUTPUT rules 4 and 7', () => {
    const mutant = deleteRules(rules('istio-1.10'), 'nat', 'ISTIO_OUTPUT', [4, 7]);
    const r = renumbering(rules('istio-1.10'), mutant, 'nat', 'ISTIO_OUTPUT');
    expect(r).toEqual({
      table: 'nat',
      chain: 'ISTIO_OUTPUT',
      moved: [
        { from: 5, to: 4 },
        { from: 6, to: 5 },
        { from: 8, to: 6 },
        { from: 9, to: 7 },
      ],
      changed: [],
      removed: [
        { index: 4, rule: '-m owner --uid-owner 1337 -j RETURN' },
        { index: 7, rule: '-m owner --gid-owner 1337 -j RETURN' },
      ],
      added: [],
    });
    expect(textOf(paragraph(...describeRenumbering(r!, 'istio-1.10', 'the mutant')))).toBe(
      'In the mutant, nat ISTIO_OUTPUT: rules 5, 6, 8 and 9 of istio-1.10 are rules 4, 5, 6 and 7; rule 4 of istio-1.10 (-m owner --uid-owner 1337 -j RETURN) is not there; rule 7 of istio-1.10 (-m owner --gid-owner 1337 -j RETURN) is not there.',
    );
  });

  it('explains ISTIO_INBOUND after the port 22 exclusion went away (1.13)', () => {
    const r = renumbering(rules('istio-1.11'), rules('istio-1.14'), 'nat', 'ISTIO_INBOUND');
    expect(r?.moved).toEqual([
      { from: 3, to: 2 },
      { from: 4, to: 3 },
      { from: 5, to: 4 },
      { from: 6, to: 5 },
    ]);
    expect(r?.removed).toEqual([{ index: 2, rule: '-p tcp -m tcp --dport 22 -j RETURN' }]);
    expect(describeMoves(r!, 'istio-1.11', 'istio-1.14')).toBe(
      'nat ISTIO_INBOUND: rules 3, 4, 5 and 6 of istio-1.11 are rules 2, 3, 4 and 5 in istio-1.14',
    );
  });

  it('reports a rule rewritten in place as changed, not as moved, and nothing for an unchanged chain', () => {
    const r = renumbering(rules('istio-1.14'), rules('istio-1.18'), 'nat', 'ISTIO_OUTPUT');
    expect(r?.moved).toEqual([]);
    expect(r?.changed.map((c) => c.index)).toEqual([2, 5]);
    expect(r?.changed[0]?.after).toContain('! --dport 15008');
    expect(describeMoves(r!, 'istio-1.14', 'istio-1.18')).toBeNull();
    expect(renumbering(rules('istio-1.10'), rules('istio-1.11'), 'nat', 'ISTIO_OUTPUT')).toBeNull();
  });
});
