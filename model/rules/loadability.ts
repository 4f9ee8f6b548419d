// Would the kernel (through iptables-restore) load these rules at all? A dump the kernel refuses cannot be a pod's
// live state, so analysing it as if it were gives verdicts about nothing. Each refusal names the backends that refuse
// it and the line, so the CLI can report it and the differential fuzzer can call the same checks.

import type { Family } from '../net/index.ts';
import { lineIndex, nameWord } from '../syntax/index.ts';
import type { Ruleset, SourcePos, Table } from './types.ts';

export type Backend = 'iptables-legacy' | 'iptables-nft';
export const BACKENDS: readonly Backend[] = ['iptables-legacy', 'iptables-nft'];

// DROP in the nat table (and the other placements iptables refuses) is the parser's own error (illegal-target in
// placement.ts), so it never reaches these checks.
export type RefusalCode = 'crlf' | 'unknown-match' | 'unknown-target' | 'wrong-family' | 'jump-depth';

export interface LoadRefusal extends SourcePos {
  readonly code: RefusalCode;
  readonly backends: readonly Backend[];
  readonly message: string;
}

/**
 * Match and target extensions iptables 1.8 ships (its extensions/ directory: libxt_*.c, libipt_*.c, libip6t_*.c).
 * A name outside these lists makes iptables-restore fail with "Couldn't load match/target".
 */
const KNOWN_MATCHES = new Set(
  'addrtype ah bpf cgroup cluster comment connbytes connlabel connlimit connmark conntrack cpu dccp devgroup dscp dst ecn esp eui64 frag hashlimit hbh helper hl icmp icmp6 iprange ipv6header ipvs length limit mac mark mh multiport nfacct osf owner physdev pkttype policy quota rateest realm recent rpfilter rt sctp set socket srh state statistic string tcp tcpmss time tos ttl u32 udp udplite'.split(
    ' ',
  ),
);
const KNOWN_TARGETS = new Set(
  'ACCEPT DROP RETURN QUEUE AUDIT CHECKSUM CLASSIFY CLUSTERIP CONNMARK CONNSECMARK CT DNAT DNPT DSCP ECN HL HMARK IDLETIMER LED LOG MARK MASQUERADE NETMAP NFLOG NFQUEUE NOTRACK RATEEST REDIRECT REJECT SECMARK SET SNAT SNPT SYNPROXY TCPMSS TCPOPTSTRIP TEE TOS TPROXY TRACE TTL ULOG'.split(
    ' ',
  ),
);

/**
 * Extensions of one family only (libipt_*.c for IPv4, libip6t_*.c for IPv6; libxt_realm.c registers NFPROTO_IPV4
 * only): the other family's iptables does not find them ("Couldn't load match `ttl'" from ip6tables-restore, measured
 * with iptables 1.8.9, both backends, in a throw-away network namespace).
 */
const FAMILY_ONLY: Readonly<
  Record<Family, { readonly matches: ReadonlySet<string>; readonly targets: ReadonlySet<string> }>
> = {
  ipv4: { matches: new Set(['icmp', 'ttl', 'realm']), targets: new Set(['TTL', 'ECN', 'CLUSTERIP', 'ULOG']) },
  ipv6: {
    matches: new Set(['icmp6', 'hl', 'frag', 'hbh', 'dst', 'rt', 'mh', 'ipv6header', 'eui64', 'srh']),
    targets: new Set(['HL', 'DNPT', 'SNPT']),
  },
};
const FAMILY_NAME: Readonly<Record<Family, { readonly name: string; readonly tool: string }>> = {
  ipv4: { name: 'IPv4', tool: 'iptables-restore' },
  ipv6: { name: 'IPv6', tool: 'ip6tables-restore' },
};

/** Why the family's iptables has no such extension, or null when it has it. */
function otherFamilyOnly(kind: 'match' | 'target', name: string, family: Family): string | null {
  const other: Family = family === 'ipv4' ? 'ipv6' : 'ipv4';
  const only = FAMILY_ONLY[other];
  if (!(kind === 'match' ? only.matches : only.targets).has(name)) return null;
  const written = kind === 'match' ? `-m ${nameWord(name)}` : `-j ${nameWord(name)}`;
  return `${written} is an ${FAMILY_NAME[other].name} ${kind}: ${FAMILY_NAME[family].tool} has no such extension and refuses the rule (${kind === 'match' ? `"Couldn't load match \`${name}'"` : "the target's options are unknown to it"})`;
}

/**
 * iptables-nft refuses a ruleset whose jumps nest 16 or more chains deep: nf_tables limits the jump stack
 * (NFT_JUMP_STACK_SIZE in include/net/netfilter/nf_tables.h) and the restore fails with "Too many links".
 * iptables-legacy's limit (the verdict stack of ip_tables) is far above what a sidecar's dump can reach.
 */
export const NFT_MAX_JUMP_DEPTH = 15;

function crlf(text: string): LoadRefusal[] {
  const at = text.indexOf('\r\n');
  if (at === -1) return [];
  const line = text.slice(0, at).split('\n').length;
  const column = at - text.lastIndexOf('\n', at - 1);
  return [
    {
      code: 'crlf',
      backends: BACKENDS,
      line,
      column,
      message:
        'the input has Windows (CRLF) line endings: iptables-restore reads the \\r as part of each word ("table name \'nat\\r\' invalid"); convert the file with dos2unix',
    },
  ];
}

/** The deepest chain of jumps from any built-in chain of the table, and the rule that reaches it. */
function jumpDepth(table: Table): { depth: number; at?: SourcePos } {
  const byName = new Map(table.chains.map((c) => [c.name, c]));
  const memo = new Map<string, number>();
  const depthOf = (name: string, seen: Set<string>): number => {
    const known = memo.get(name);
    if (known !== undefined) return known;
    if (seen.has(name)) return 0; // a cycle is the parser's error (chain-cycle), not ours
    seen.add(name);
    let deepest = 0;
    for (const r of byName.get(name)?.rules ?? []) {
      if (r.target.kind === 'jump' || r.target.kind === 'goto')
        deepest = Math.max(deepest, 1 + depthOf(r.target.chain, seen));
    }
    seen.delete(name);
    memo.set(name, deepest);
    return deepest;
  };
  let best: { depth: number; at?: SourcePos } = { depth: 0 };
  for (const chain of table.chains) {
    if (chain.policy === null) continue;
    for (const r of chain.rules) {
      if (r.target.kind !== 'jump' && r.target.kind !== 'goto') continue;
      const d = 1 + depthOf(r.target.chain, new Set());
      if (d > best.depth) best = { depth: d, ...(r.pos ? { at: r.pos } : {}) };
    }
  }
  return best;
}

/** Everything in the rules that a backend would refuse to load, in input order. */
export function loadRefusals(text: string, rulesets: readonly Ruleset[]): LoadRefusal[] {
  const out: LoadRefusal[] = [...crlf(text)];
  const lines = lineIndex(text);
  const columnOf = (pos: SourcePos, word: string) => {
    const i = lines.line(pos.line).indexOf(word);
    return i === -1 ? pos.column : i + 1;
  };
  for (const rs of rulesets) {
    for (const table of rs.tables) {
      for (const chain of table.chains) {
        for (const rule of chain.rules) {
          const pos = rule.pos ?? { line: 0, column: 0 };
          for (const m of rule.matches) {
            if (m.kind !== 'unsupported') continue;
            const wrongFamily = otherFamilyOnly('match', m.module, rs.family);
            if (wrongFamily) {
              out.push({
                code: 'wrong-family',
                backends: BACKENDS,
                line: pos.line,
                column: columnOf(pos, `-m ${nameWord(m.module)}`),
                message: wrongFamily,
              });
              continue;
            }
            if (KNOWN_MATCHES.has(m.module)) continue;
            out.push({
              code: 'unknown-match',
              backends: BACKENDS,
              line: pos.line,
              column: columnOf(pos, `-m ${nameWord(m.module)}`),
              message: `-m ${nameWord(m.module)} is not an iptables match: iptables-restore fails with "Couldn't load match \`${m.module}'"`,
            });
          }
          const t = rule.target;
          const wrongFamily = t.kind === 'unsupported' ? otherFamilyOnly('target', t.name, rs.family) : null;
          if (wrongFamily) {
            out.push({
              code: 'wrong-family',
              backends: BACKENDS,
              line: pos.line,
              column: columnOf(pos, nameWord(t.kind === 'unsupported' ? t.name : '')),
              message: wrongFamily,
            });
          } else if (t.kind === 'unsupported' && !KNOWN_TARGETS.has(t.name)) {
            out.push({
              code: 'unknown-target',
              backends: BACKENDS,
              line: pos.line,
              column: columnOf(pos, nameWord(t.name)),
              message: `${nameWord(t.name)} is not an iptables target: iptables-restore fails with "Couldn't load target \`${t.name}'"`,
            });
          }
        }
      }
      const { depth, at } = jumpDepth(table);
      if (depth > NFT_MAX_JUMP_DEPTH) {
        out.push({
          code: 'jump-depth',
          backends: ['iptables-nft'],
          line: at?.line ?? 0,
          column: at?.column ?? 0,
          message: `jumps from here nest ${depth} chains deep in the ${rs.family} ${table.name} table; iptables-nft refuses 16 or more ("Too many links"), iptables-legacy loads it`,
        });
      }
    }
  }
  return out.sort((a, b) => a.line - b.line || a.column - b.column);
}
