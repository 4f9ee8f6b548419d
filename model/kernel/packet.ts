// One step of a traversal, as the kernel's TRACE target reports it. The packet itself is the ruleset stage's.
import type { TableRef } from '../ruleset/index.ts';

export {
  type Packet,
  PROTO_ICMP,
  PROTO_ICMPV6,
  PROTO_TCP,
  PROTO_UDP,
  type SocketOwner,
  sameTable,
  type TableRef,
} from '../ruleset/index.ts';

export type HitKind = 'rule' | 'policy' | 'return';

/**
 * One step of a traversal, as the kernel's TRACE target reports it: a rule that matched (index is 1-based),
 * falling off the end of a user chain ('return', index = rules + 1), or a built-in chain's policy
 * ('policy', index = rules + 1, as in `TRACE: nat:OUTPUT:policy:2`).
 */
export interface RuleHit {
  /** The table by family and name: `{family: 'ip', name: 'nat'}` for iptables' nat table of IPv4. */
  readonly table: TableRef;
  readonly chain: string;
  readonly index: number;
  readonly kind: HitKind;
  /** The canonical rule text (`-A CHAIN ...`), or `:CHAIN POLICY` for a policy, or `(end of CHAIN)`. */
  readonly rule: string;
  /** The target's name as iptables prints it (RETURN, REDIRECT, ISTIO_OUTPUT, ACCEPT...); empty for none. */
  readonly target: string;
}

/**
 * How output names a table: iptables' (ip and ip6) tables by their name alone (`nat`), as iptables' TRACE does and
 * every trace so far has; tables of other families with their family (`inet istio-proxy-nat`), as nft lists them.
 */
export function tableLabel(table: TableRef): string {
  return table.family === 'ip' || table.family === 'ip6' ? table.name : `${table.family} ${table.name}`;
}
