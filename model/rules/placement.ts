// Options that are illegal where they stand. The kernel checks each match and target against the table it is in
// (for every rule) and against the hooks that reach the rule (xt_check_match / xt_check_target with the hook mask
// from mark_source_chains; unreachable rules have an empty mask and pass). iptables itself refuses `-i` in OUTPUT and
// POSTROUTING and `-o` in PREROUTING and INPUT ("Can't use -i with OUTPUT", iptables/xshared.c), by the chain's name
// only: in a user chain reached from those hooks both backends load the option and the kernel compares it with an
// empty interface name (measured). iptables also refuses `-j DROP` anywhere in the nat table (iptables/xshared.c:
// "The nat table is not intended for filtering"), while a nat policy of DROP loads.
import type { Loc, Report } from '../syntax/index.ts';
import { reachingHooks, reportCycles } from './reach.ts';
import type { TableState } from './table-state.ts';
import type { BuiltinChainName, Match, TableName, Target } from './types.ts';

interface TargetRule {
  readonly name: string;
  readonly table: TableName;
  /** The hooks the target works in; absent when any hook of its table will do. */
  readonly hooks?: readonly BuiltinChainName[];
}

/** From each target's struct xt_target (.table, .hooks) in net/netfilter and net/ipv4/netfilter. */
function targetRule(target: Target): TargetRule | undefined {
  switch (target.kind) {
    case 'redirect':
      return { name: 'REDIRECT', table: 'nat', hooks: ['PREROUTING', 'OUTPUT'] };
    case 'dnat':
      return { name: 'DNAT', table: 'nat', hooks: ['PREROUTING', 'OUTPUT'] };
    case 'snat':
      return { name: 'SNAT', table: 'nat', hooks: ['POSTROUTING', 'INPUT'] };
    case 'masquerade':
      return { name: 'MASQUERADE', table: 'nat', hooks: ['POSTROUTING'] };
    case 'tproxy':
      return { name: 'TPROXY', table: 'mangle', hooks: ['PREROUTING'] };
    case 'reject':
      return { name: 'REJECT', table: 'filter', hooks: ['INPUT', 'FORWARD', 'OUTPUT'] };
    case 'ct':
      return { name: 'CT', table: 'raw' };
    case 'log':
      return target.module === 'TRACE' ? { name: 'TRACE', table: 'raw' } : undefined;
    default:
      return undefined;
  }
}

interface MatchRule {
  readonly option: string;
  /** Hooks where the match is refused, and why. */
  readonly refused: Partial<Record<BuiltinChainName, string>>;
  /** iptables checks the built-in chain's name, not the hooks that reach a user chain. */
  readonly byChainName?: boolean;
}

const NOT_LOCAL_OUT = 'only packets sent by a local socket have an owner';
const OWNER_REFUSED = { PREROUTING: NOT_LOCAL_OUT, INPUT: NOT_LOCAL_OUT, FORWARD: NOT_LOCAL_OUT };

function matchRule(match: Match): MatchRule | undefined {
  if (match.kind === 'in-interface') {
    const why = 'packets have no input interface yet';
    return { option: '-i', refused: { OUTPUT: why, POSTROUTING: 'iptables refuses -i there' }, byChainName: true };
  }
  if (match.kind === 'out-interface') {
    const why = 'routing has not chosen an output interface yet';
    return { option: '-o', refused: { PREROUTING: why, INPUT: 'packets have no output interface' }, byChainName: true };
  }
  // xt_owner.c: .hooks = LOCAL_OUT | POST_ROUTING.
  if (match.kind === 'owner' || (match.kind === 'unsupported' && match.module === 'owner')) {
    return { option: '-m owner', refused: OWNER_REFUSED };
  }
  return undefined;
}

const reached = (chain: string, hooks: readonly string[]) =>
  hooks.length === 1 && hooks[0] === chain ? chain : `${chain}: it is reached from ${hooks.join(' and ')}`;

export function checkPlacement(table: TableState, report: Report): void {
  reportCycles(table, report);
  const hooksOf = reachingHooks(table);
  for (const [name, chain] of table.chains) {
    const hooks = [...(hooksOf.get(name) ?? [])];
    for (const { rule, ok, matchAt, targetAt } of chain.rules) {
      if (!ok) continue;
      rule.matches.forEach((match, i) => {
        const check = matchRule(match);
        const where = check?.byChainName ? hooks.filter((h) => h === name) : hooks;
        const bad = check ? where.filter((h) => check.refused[h] !== undefined) : [];
        if (!check || bad.length === 0) return;
        const why = check.refused[bad[0]!];
        report('illegal-option', matchAt[i]!, `${check.option} cannot be used in ${reached(name, bad)}, where ${why}`);
      });
      const at: Loc = targetAt ?? { ...rule.pos!, length: 1 };
      if (table.name === 'nat' && rule.target.kind === 'drop') {
        report('illegal-target', at, 'iptables refuses DROP in the nat table, which is not intended for filtering');
        continue;
      }
      const check = targetRule(rule.target);
      if (!check) continue;
      if (check.table !== table.name) {
        report('illegal-target', at, `${check.name} is only valid in the ${check.table} table, not in ${table.name}`);
        continue;
      }
      const bad = check.hooks ? hooks.filter((h) => !check.hooks!.includes(h)) : [];
      if (bad.length > 0) {
        const where = check.hooks!.join(' and ');
        report(
          'illegal-target',
          at,
          `${check.name} cannot be used in ${reached(name, bad)}; it only works in ${where}`,
        );
      }
    }
  }
}
