// ::version-diff: for each pair of consecutive profiles, which rules changed and which scenario traces changed.
import type { BlockContent } from 'mdast';
import { PROFILES, type Profile, profileRuleset } from '../../model/profiles/index.ts';
import { type Ruleset, ruleText, type TableName } from '../../model/rules/index.ts';
import type { Trace } from '../../model/trace/index.ts';
import { heading, inlineCode, list, paragraph, table } from '../mdast.ts';
import { scenarioTraces } from './analysis.ts';
import { describeMoves, renumbering } from './renumbering.ts';

function ruleLines(rs: Ruleset): string[] {
  return rs.tables.flatMap((t) => t.chains.flatMap((c) => c.rules.map((r) => `${t.name}: ${ruleText(c.name, r)}`)));
}

/** The trace's story in one line: who opened each hop, which ISTIO_* rules decided it, where it landed. */
export function storyLine(trace: Trace): string {
  return trace.hops
    .map((h) => {
      const rules = h.hits
        .filter((x) => x.kind === 'rule' && x.chain.startsWith('ISTIO_'))
        .map((x) => `${x.chain}#${x.index}`);
      const lands = h.landed.kind === 'listener' ? `${h.landed.role}:${h.landed.listenerPort}` : h.landed.kind;
      return `${h.actor.id} ${rules.join(',') || '-'} > ${lands}`;
    })
    .join(' | ');
}

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

function pairBlocks(a: Profile, b: Profile): BlockContent[] {
  const before = ruleLines(profileRuleset(a));
  const after = ruleLines(profileRuleset(b));
  const removed = before.filter((l) => !after.includes(l));
  const added = after.filter((l) => !before.includes(l));
  const ta = scenarioTraces(a);
  const tb = scenarioTraces(b);
  const changed = [...ta.keys()].filter((id) => storyLine(ta.get(id)!) !== storyLine(tb.get(id)!));
  return [
    heading(2, `${a.name} to ${b.name}`),
    paragraph(b.summary),
    removed.length + added.length === 0
      ? paragraph('No rule changed.')
      : list([...removed.map((l) => ['removed: ', inlineCode(l)]), ...added.map((l) => ['added: ', inlineCode(l)])]),
    ...moves(a, b),
    changed.length === 0
      ? paragraph('No scenario trace changed.')
      : table(
          ['Scenario', a.name, b.name],
          changed.map((id) => [id, storyLine(ta.get(id)!), storyLine(tb.get(id)!)]),
        ),
  ];
}

export function versionBlocks(): BlockContent[] {
  return PROFILES.slice(1).flatMap((p, i) => pairBlocks(PROFILES[i]!, p));
}
