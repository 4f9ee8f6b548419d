// ::version-diff: for each pair of consecutive profiles, the rules added, removed or moved (model/review) and the
// traffic whose fate changes, from the diff over packet classes (model/classes): each group with its class count and
// one simplest connection, so a version's change is described by the traffic it affects.
import type { BlockContent } from 'mdast';
import { diffWorlds, outcomeSummary, type WorldDiff, whoseConnections } from '../../model/classes/index.ts';
import { describeConnection } from '../../model/invariants/index.ts';
import { PROFILES, type Profile, profileRuleset } from '../../model/profiles/index.ts';
import { type RuleChange, ruleChanges, ruleWhere } from '../../model/review/index.ts';
import type { TableName } from '../../model/rules/index.ts';
import { heading, type Inline, inlineCode, list, paragraph, table } from '../mdast.ts';
import { profileWorld } from '../site/context.ts';
import { describeMoves, renumbering } from './renumbering.ts';

/** Rules that kept their text but not their number, so a reader comparing traces across versions is not misled. */
function moves(a: Profile, b: Profile): BlockContent[] {
  const ra = profileRuleset(a);
  const rb = profileRuleset(b);
  const chains = new Map<string, { table: TableName; chain: string }>();
  for (const t of [...ra.tables, ...rb.tables]) {
    // Profiles are iptables rulesets, whose tables have iptables' fixed names.
    for (const c of t.chains) chains.set(`${t.name} ${c.name}`, { table: t.name as TableName, chain: c.name });
  }
  const lines = [...chains.values()].flatMap(({ table, chain }) => {
    const r = renumbering(ra, rb, table, chain);
    const line = r && describeMoves(r, a.name, b.name);
    return line ? [line] : [];
  });
  return lines.length === 0 ? [] : [paragraph('Renumbered (same rule, new number):'), list(lines)];
}

function ruleItem(c: RuleChange): Inline {
  return [`${c.kind} (${ruleWhere(c)}): `, inlineCode(c.text)];
}

/** The traffic whose fate changes, group by group, with one simplest connection each (model/classes' diff). */
function trafficBlocks(d: WorldDiff): BlockContent[] {
  const fate = d.groups.filter((g) => !g.exitRuleOnly);
  const exitOnly = d.groups.filter((g) => g.exitRuleOnly);
  const proof =
    d.sampled === null && d.undetermined === 0
      ? `proved over all ${d.classes} classes`
      : `not proved: ${d.sampled ?? `${d.undetermined} classes undetermined`}`;
  const out: BlockContent[] = [];
  if (fate.length === 0) out.push(paragraph(`No traffic changes fate (${proof}).`));
  else {
    const changed = fate.reduce((n, g) => n + g.classes, 0);
    out.push(
      paragraph(
        `Traffic that changes fate: ${changed} of ${d.classes} classes in ${fate.length} group${fate.length === 1 ? '' : 's'} (${proof}).`,
      ),
      table(
        ['Whose connections', 'Before', 'After', 'Classes', 'Simplest connection'],
        // Each group's change told from the first hop whose story differs (model/classes/change.ts).
        fate.map((g) => [
          whoseConnections(g),
          g.story?.before ?? outcomeSummary(g.oldTrace),
          g.story?.after ?? outcomeSummary(g.newTrace),
          String(g.classes),
          describeConnection(g.example),
        ]),
        [null, null, null, 'right', null],
      ),
    );
  }
  if (exitOnly.length > 0) {
    const n = exitOnly.reduce((s, g) => s + g.classes, 0);
    out.push(
      paragraph(
        `${n} more classes (${exitOnly.length} group${exitOnly.length === 1 ? '' : 's'}) keep their fate: the same listeners and the same end, decided by another rule.`,
      ),
    );
  }
  return out;
}

export function pairBlocks(a: Profile, b: Profile): BlockContent[] {
  const before = profileWorld(a);
  const after = profileWorld(b);
  const changes = ruleChanges(before.pod.rulesets.ipv4, after.pod.rulesets.ipv4, 'ipv4');
  return [
    heading(2, `${a.name} to ${b.name}`),
    paragraph(b.summary),
    changes.length === 0 ? paragraph('No rule changed.') : list(changes.map(ruleItem)),
    ...moves(a, b),
    ...trafficBlocks(diffWorlds(before, after, 'ipv4')),
  ];
}

export function versionBlocks(): BlockContent[] {
  return PROFILES.slice(1).flatMap((p, i) => pairBlocks(PROFILES[i]!, p));
}
