export {
  IPTABLES_BUILTIN_CHAINS,
  IPTABLES_TABLE_NAMES,
  type IptablesTableName,
  iptablesBaseHook,
  iptablesFamily,
  NF_IP_PRI,
} from './iptables-tables.ts';
export { type Packet, PROTO_ICMP, PROTO_ICMPV6, PROTO_TCP, PROTO_UDP, type SocketOwner } from './packet.ts';
export type { CtState, Match, MatchKind, OwnerCriterion, Range, SourcePos, Target, TargetKind } from './rule-parts.ts';
export { isSidecarChain, isSidecarNatTable, type SidecarChain } from './sidecar.ts';
export {
  type BaseChain,
  type BaseHook,
  type Chain,
  type ChainType,
  familyServes,
  HOOKS,
  type Hook,
  type Policy,
  type Rule,
  type Ruleset,
  sameTable,
  type Table,
  type TableFamily,
  type TableRef,
  tableRef,
} from './tables.ts';
