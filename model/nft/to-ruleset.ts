// The nft syntax tree as the format-independent ruleset the kernel stage walks (model/ruleset): one Ruleset per
// address family, holding the `ip`/`ip6` tables of that family and every `inet` table (an inet table's base chains
// are registered for both, net/netfilter/nf_tables_api.c, nft_register_basechain_hooks with NFPROTO_INET). Tables
// of the arp, bridge and netdev families never see the pod's IP packets at the inet hooks and are left out.
// Each rule's matches become match kinds (to-match.ts) and its actions one target (to-target.ts); anything else is
// kept as an unsupported match or target with a warning, so a verdict that depends on it is undetermined.
import type { Issue } from '../rules/index.ts';
import {
  type Chain,
  familyServes,
  type Hook,
  type Match,
  type Rule,
  type Ruleset,
  type Table,
  type TableFamily,
  type Target,
} from '../ruleset/index.ts';
import type { Family } from './addresses.ts';
import { printRule, printStatement } from './print-rule.ts';
import { collector, type Report } from './report.ts';
import { convertMatch } from './to-match.ts';
import { type Action, convertActions } from './to-target.ts';
import type { NftChain, NftHook, NftRule, NftRuleset, NftStatement, NftTable } from './types.ts';

export interface NftRulesets {
  readonly ipv4: Ruleset;
  readonly ipv6: Ruleset;
  /** Warnings for what is kept as unsupported, errors for what the kernel would refuse to load. */
  readonly issues: readonly Issue[];
}

const HOOKS: Readonly<Partial<Record<NftHook, Hook>>> = {
  prerouting: 'PREROUTING',
  input: 'INPUT',
  forward: 'FORWARD',
  output: 'OUTPUT',
  postrouting: 'POSTROUTING',
};

const IP_FAMILIES: ReadonlySet<TableFamily> = new Set(['ip', 'ip6', 'inet']);

function convertRule(rule: NftRule, chains: ReadonlySet<string>, report: Report): Rule {
  const matches: Match[] = [];
  const actions: NftStatement[] = [];
  for (const s of rule.statements) {
    if (s.kind === 'counter') continue;
    if (s.kind === 'match' && actions.length === 0) {
      const converted = convertMatch(s);
      if ('match' in converted) matches.push(converted.match);
      else {
        const text = printStatement(s);
        // The module names the expression family, which says whether it holds conntrack (its kind module, model/kinds/matches/verbatim).
        matches.push({ kind: 'unsupported', module: `nft ${s.left.kind}`, text });
        report('unsupported-match', s.at, `\`${text}\` is kept unmodelled (${converted.unsupported})`, 'warning');
      }
      continue;
    }
    actions.push(s);
  }
  // A match after an action tests the packet the action changed, which one rule of the ruleset cannot say.
  const converted = actions.some((a) => a.kind === 'match')
    ? {
        target: { kind: 'unsupported', name: 'nft', text: actions.map(printStatement).join(' ') } as Target,
        why: 'a match after an action',
      }
    : convertActions(actions as Action[]);
  let target = converted.target;
  const why = converted.why;
  if ((target.kind === 'jump' || target.kind === 'goto') && !chains.has(target.chain)) {
    report('undefined-chain', rule.at, `${target.kind} to chain ${target.chain}, which this table does not have`);
    target = { kind: 'unsupported', name: 'nft', text: `${target.kind} ${target.chain}` };
  }
  if (why)
    report(
      'unsupported-target',
      rule.at,
      `\`${target.kind === 'unsupported' ? target.text : ''}\` is kept unmodelled (${why})`,
      'warning',
    );
  return { matches, target, pos: { line: rule.at.line, column: rule.at.column }, text: printRule(rule) };
}

/**
 * A base chain at a hook this model walks; ingress/egress chains (which run on the device, before prerouting or
 * after postrouting) become a PREROUTING/POSTROUTING chain that runs first or last and whose one rule cannot be
 * evaluated, so that a packet passing them is undetermined.
 */
function convertChain(table: NftTable, chain: NftChain, report: Report): Chain | null {
  const names = new Set(table.chains.map((c) => c.name));
  const rules = chain.rules.map((r) => convertRule(r, names, report));
  if (!chain.base) return { name: chain.name, rules, base: null, policy: null };
  const { type, hook, priority, policy } = chain.base;
  const mapped = HOOKS[hook];
  if (!mapped) {
    report(
      'unsupported-object',
      chain.at,
      `the ${hook} hook is not modelled: packets through it are undetermined`,
      'warning',
    );
    const unknown: Rule = {
      matches: [{ kind: 'unsupported', module: 'nft', text: `${hook} chain ${chain.name}` }],
      target: { kind: 'none' },
    };
    const at = hook === 'egress' ? 'POSTROUTING' : 'PREROUTING';
    const edge = hook === 'egress' ? Number.MAX_SAFE_INTEGER : Number.MIN_SAFE_INTEGER;
    return { name: chain.name, rules: [unknown], base: { hook: at, priority: edge, type: 'filter' }, policy: 'ACCEPT' };
  }
  if (type === 'nat' && mapped === 'FORWARD') {
    report('bad-value', chain.at, 'nft refuses a nat chain at the forward hook (nft_chain_nat.c)');
    return null;
  }
  const base = { hook: mapped, priority, type };
  // nft lists a base chain's policy as `policy accept;` (a chain given none has accept), and its trace names the
  // policy hit `policy accept` (net/netfilter/nf_tables_trace.c, NFT_TRACETYPE_POLICY).
  const verdict = policy === 'drop' ? 'drop' : 'accept';
  return {
    name: chain.name,
    rules,
    base,
    policy: verdict === 'drop' ? 'DROP' : 'ACCEPT',
    policyText: `policy ${verdict}`,
  };
}

function convertTable(table: NftTable, report: Report): Table {
  const chains = table.chains.flatMap((c) => convertChain(table, c, report) ?? []);
  // Base chains first, each group in the order nft lists them (the order they were created in).
  return {
    family: table.family,
    name: table.name,
    chains: [...chains.filter((c) => c.base), ...chains.filter((c) => !c.base)],
  };
}

export function nftRulesets(tree: NftRuleset): NftRulesets {
  const { issues, report } = collector();
  const tables = tree.tables.filter((t) => IP_FAMILIES.has(t.family)).map((t) => convertTable(t, report));
  const of = (family: Family): Ruleset => ({ family, tables: tables.filter((t) => familyServes(t.family, family)) });
  issues.sort((a, b) => a.line - b.line || a.column - b.column);
  return { ipv4: of('ipv4'), ipv6: of('ipv6'), issues };
}
