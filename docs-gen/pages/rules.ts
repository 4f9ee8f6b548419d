// ::rules{chain="ISTIO_OUTPUT" profile="istio-1.10" [table="nat"]}: each rule, what it matches, what it is for,
// which traffic types hit it, and whether it is dead and what shadows it.
import type { BlockContent } from 'mdast';
import { rulePurpose } from '../../model/explain/index.ts';
import { profileRuleset } from '../../model/profiles/index.ts';
import { getChain, ruleText, type TableName, whyMatched } from '../../model/rules/index.ts';
import { inlineCode, paragraph, table } from '../mdast.ts';
import { profileOrThrow } from '../site/context.ts';
import { profileReport, scenariosHitting } from './analysis.ts';

export function rulesBlocks(attrs: Readonly<Record<string, string>>): BlockContent[] {
  const profile = profileOrThrow(attrs.profile);
  const tableName = (attrs.table ?? 'nat') as TableName;
  const chainName = attrs.chain;
  if (!chainName) throw new Error('::rules needs chain="..."');
  const chain = getChain(profileRuleset(profile), tableName, chainName);
  if (!chain) throw new Error(`profile ${profile.name} has no chain ${tableName} ${chainName}`);
  const dead = profileReport(profile).deadRules.filter((d) => d.table === tableName && d.chain === chainName);
  const rows = chain.rules.map((rule, i) => {
    const text = ruleText(chain.name, rule);
    const deadRule = dead.find((d) => d.index === i + 1);
    const hitBy = scenariosHitting(profile, tableName, chain.name, i + 1);
    return [
      String(i + 1),
      inlineCode(text),
      whyMatched(rule),
      rulePurpose(text, rule),
      hitBy.length > 0 ? hitBy.join(', ') : '-',
      deadRule ? `dead: ${deadRule.explanation}` : 'live',
    ];
  });
  return [
    paragraph(`${tableName} ${chainName} in ${profile.name} (${chain.rules.length} rules):`),
    table(['#', 'Rule', 'Matches when', 'What it is for', 'Scenario hops that hit it', 'Dead or live'], rows),
  ];
}
