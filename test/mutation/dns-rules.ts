// Which rules of a ruleset are DNS capture's (issue 13), for a mutation suite focused on them: every rule of the raw
// table (istio-iptables writes only its DNS conntrack zones there), and in nat the rules of ISTIO_OUTPUT_DNS, the jumps
// to it, and every rule that selects port 53 or 15053 (the DNS redirects before 1.25, the UDP RETURNs). The lo rules'
// carve-outs (`! --dport 53`, `! --dports 53,15008`) are loopback rules, not DNS ones: the golden suites cover them.
// A mutant is about DNS when it edits, deletes or swaps such a rule.
import type { Mutant } from '../../model/mutate/index.ts';
import { ruleText } from '../../model/rules/index.ts';
import type { Ruleset } from '../../model/ruleset/index.ts';

/** A port match that selects DNS (not negated: `! --dport 53` is the lo rules' carve-out, not a DNS rule). */
const PORT_53 = /(?<!! )--(?:d|s)ports? (?:[\d,]*,)?(?:53|15053)(?:,|\s|$)|--to-ports? 15053\b/;

/** The DNS rules as "table chain#n" (1-based), the form mutant ids use. */
export function dnsRulePositions(rs: Ruleset): Set<string> {
  const out = new Set<string>();
  for (const table of rs.tables) {
    for (const chain of table.chains) {
      chain.rules.forEach((rule, i) => {
        const text = ruleText(chain.name, rule);
        const dns =
          table.name === 'raw' ||
          chain.name === 'ISTIO_OUTPUT_DNS' ||
          / -j ISTIO_OUTPUT_DNS\b/.test(text) ||
          PORT_53.test(text);
        if (dns) out.add(`${table.name} ${chain.name}#${i + 1}`);
      });
    }
  }
  return out;
}

const MUTANT_AT = /^\S+ (\S+ \S+)#(\d+)(?:-(\d+))?/;

/** Whether the mutant changes a DNS rule (a swap counts when either rule is one). */
export function isDnsMutant(m: Mutant, positions: ReadonlySet<string>): boolean {
  const at = MUTANT_AT.exec(m.id);
  if (!at) throw new Error(`unexpected mutant id ${m.id}`);
  const [, chain, first, second] = at;
  return positions.has(`${chain}#${first}`) || (second !== undefined && positions.has(`${chain}#${second}`));
}
