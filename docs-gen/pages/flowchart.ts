// ::nat-flowchart{profile="…"}: the nat chains as a Mermaid flowchart: hooks, ISTIO_* chains, jumps and REDIRECT
// targets, each edge labelled with its rule number. A pure function of the ruleset.
import type { BlockContent } from 'mdast';
import { profileRuleset } from '../../model/profiles/index.ts';
import { type Ruleset, ruleText } from '../../model/rules/index.ts';
import { flowchartLabel } from '../../model/trace/index.ts';
import type { PageContext } from '../site/context.ts';
import { profileOrThrow } from '../site/context.ts';
import { diagramBlocks } from './diagram-block.ts';

const node = (name: string) => name.replace(/[^A-Za-z0-9_]/g, '_');

/** The rule's conditions, as written, without the chain and the target. */
function conditions(chain: string, text: string): string {
  const body = ` ${text.slice(`-A ${chain} `.length)}`;
  const cut = Math.max(body.lastIndexOf(' -j '), body.lastIndexOf(' -g '));
  return (cut >= 0 ? body.slice(0, cut) : body).replaceAll('"', "'").replace(/[<>&]/g, ' ').trim();
}

export function natFlowchart(rs: Ruleset): string {
  const nat = rs.tables.find((t) => t.name === 'nat');
  const lines = ['flowchart LR'];
  if (!nat) return `${lines.join('\n')}\n  none["no nat table"]\n`;
  for (const chain of nat.chains) {
    const label = chain.policy !== null ? `${chain.name} hook, policy ${chain.policy}` : chain.name;
    lines.push(`  ${node(chain.name)}[${flowchartLabel(label)}]`);
  }
  const returns = new Map<string, number[]>();
  for (const chain of nat.chains) {
    chain.rules.forEach((rule, i) => {
      const t = rule.target;
      const cond = conditions(chain.name, ruleText(chain.name, rule));
      const label = flowchartLabel(`#${i + 1}${cond ? ` ${cond}` : ''}`);
      if (t.kind === 'jump' || t.kind === 'goto') lines.push(`  ${node(chain.name)} -->|${label}| ${node(t.chain)}`);
      else if (t.kind === 'redirect') {
        const port = t.toPorts?.from;
        const target = `redirect_${port ?? 'same'}`;
        lines.push(`  ${target}([${flowchartLabel(port ? `Envoy :${port}` : 'same port')}])`);
        lines.push(`  ${node(chain.name)} -->|${label}| ${target}`);
      } else if (t.kind === 'return') returns.set(chain.name, [...(returns.get(chain.name) ?? []), i + 1]);
    });
  }
  for (const [chain, indices] of returns) {
    const target = `return_${node(chain)}`;
    lines.push(`  ${target}((${flowchartLabel('RETURN')}))`);
    lines.push(`  ${node(chain)} -.->|${flowchartLabel(`rules ${indices.join(', ')}`)}| ${target}`);
  }
  return `${lines.join('\n')}\n`;
}

export function flowchartBlocks(ctx: PageContext, attrs: Readonly<Record<string, string>>): BlockContent[] {
  const profile = profileOrThrow(attrs.profile);
  return diagramBlocks(
    ctx,
    `nat-${profile.name}`,
    natFlowchart(profileRuleset(profile)),
    ['ISTIO_OUTPUT', '15001', '15006'],
    `The nat chains of ${profile.name}: hooks, ISTIO_* chains and the rules that link them`,
  );
}
