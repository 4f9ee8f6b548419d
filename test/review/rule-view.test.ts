// The rule view: rules added, removed or moved between two rulesets, and which changed groups each one affects (hit by
// the group's connection, alone enough to change it, or only together with the other changes).
import { describe, expect, it } from 'vitest';
import { diffWorlds } from '../../model/classes/index.ts';
import { ruleChanges, ruleView } from '../../model/review/index.ts';
import { deleteRules, getChain, type Ruleset } from '../../model/rules/index.ts';
import { worldFor } from '../helpers/world.ts';

/** Moves rule `from` of a chain to position `to` (1-based). */
function move(rs: Ruleset, chain: string, from: number, to: number): Ruleset {
  return {
    ...rs,
    tables: rs.tables.map((t) => ({
      ...t,
      chains: t.chains.map((c) => {
        if (t.name !== 'nat' || c.name !== chain) return c;
        const rules = [...c.rules];
        const [r] = rules.splice(from - 1, 1);
        rules.splice(to - 1, 0, r!);
        return { ...c, rules };
      }),
    })),
  };
}

describe('rule view', () => {
  it('istio-1.10 without ISTIO_OUTPUT 4 and 7: two removals; #4 is hit by every group, #7 explains the loops only with #4', () => {
    const before = worldFor('istio-1.10');
    const after = worldFor('istio-1.10', (rs) => deleteRules(rs, 'nat', 'ISTIO_OUTPUT', [4, 7]));
    const d = diffWorlds(before, after, 'ipv4');
    const view = ruleView(before, after, d);
    expect(
      view.map((e) => [e.change.kind, e.change.kind === 'removed' ? e.change.oldIndex : 0, e.change.text]),
    ).toEqual([
      ['removed', 4, '-A ISTIO_OUTPUT -m owner --uid-owner 1337 -j RETURN'],
      ['removed', 7, '-A ISTIO_OUTPUT -m owner --gid-owner 1337 -j RETURN'],
    ]);
    // Every group's old trace (Envoy's connections, decided by #4) hits #4.
    expect(view[0]!.groups.map((g) => g.how)).toEqual(d.groups.map(() => 'hit'));
    // #7 was never reached (4 decided first) and removing it alone changes nothing; it matters only for the groups
    // that now loop or reach 15001, because putting it back would catch Envoy again.
    const loops = d.groups.flatMap((g, i) => (g.exitRuleOnly ? [] : [i + 1]));
    expect(loops.length).toBeGreaterThan(0);
    expect(view[1]!.groups).toEqual(loops.map((group) => ({ group, how: 'with-others' })));
  });

  it('istio-1.10 without only #4: Envoy (gid 1337) is still caught by #7; a uid-1337 process with another gid now is captured', () => {
    const before = worldFor('istio-1.10');
    const after = worldFor('istio-1.10', (rs) => deleteRules(rs, 'nat', 'ISTIO_OUTPUT', [4]));
    const d = diffWorlds(before, after, 'ipv4');
    const fate = d.groups.filter((g) => !g.exitRuleOnly);
    expect(fate.length).toBeGreaterThan(0);
    for (const g of fate) {
      expect(g.example.from).toMatchObject({ kind: 'pod', uid: 1337 });
      expect(g.example.from).not.toMatchObject({ gid: 1337 });
    }
    expect(fate.map((g) => g.change)).toContain('leaves the pod -> via 15001, leaves the pod');
    const view = ruleView(before, after, d);
    expect(view).toHaveLength(1);
    expect(view[0]!.groups.every((g) => g.how === 'hit')).toBe(true);
  });

  it('a moved rule is one "moved" entry with both numbers; a harmless move affects no group', () => {
    const before = worldFor('istio-1.10');
    // ISTIO_INBOUND's RETURN rules for 22 and 15090 (rules 2 and 3) swapped: order does not matter between them.
    const after = worldFor('istio-1.10', (rs) => move(rs, 'ISTIO_INBOUND', 3, 2));
    const changes = ruleChanges(before.pod.rulesets.ipv4, after.pod.rulesets.ipv4, 'ipv4');
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ kind: 'moved', table: 'nat', chain: 'ISTIO_INBOUND' });
    const c = changes[0]!;
    expect(c.kind === 'moved' && [c.oldIndex, c.newIndex].sort()).toEqual([2, 3]);
    const d = diffWorlds(before, after, 'ipv4');
    expect(d.groups).toEqual([]);
    expect(ruleView(before, after, d)[0]!.groups).toEqual([]);
    expect(getChain(after.pod.rulesets.ipv4!, 'nat', 'ISTIO_INBOUND')!.rules).toHaveLength(6);
  });
});
