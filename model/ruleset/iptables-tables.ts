// iptables' tables: fixed names, each registered at fixed hooks with a fixed priority
// (include/uapi/linux/netfilter_ipv4.h enum nf_ip_hook_priorities, the same values in netfilter_ipv6.h):
// NF_IP_PRI_RAW -300, NF_IP_PRI_MANGLE -150, NF_IP_PRI_NAT_DST -100, NF_IP_PRI_FILTER 0, NF_IP_PRI_NAT_SRC 100.
// iptable_nat registers its PREROUTING/OUTPUT chains at NAT_DST and INPUT/POSTROUTING at NAT_SRC
// (net/ipv4/netfilter/iptable_nat.c, nf_nat_ipv4_ops). iptable_mangle's OUTPUT re-routes when a rule changed the
// mark or the address (ipt_mangle_out, ip_route_me_harder), which is what nft calls a `route` chain.
import type { Family } from '../net/index.ts';
import type { BaseHook, ChainType, Hook, TableFamily } from './tables.ts';

export type IptablesTableName = 'raw' | 'mangle' | 'nat' | 'filter';
export const IPTABLES_TABLE_NAMES: readonly IptablesTableName[] = ['raw', 'mangle', 'nat', 'filter'];

export const NF_IP_PRI = { RAW: -300, CONNTRACK: -200, MANGLE: -150, NAT_DST: -100, FILTER: 0, NAT_SRC: 100 } as const;

/** The built-in chains each table has, in the order iptables-save prints them. */
export const IPTABLES_BUILTIN_CHAINS: Readonly<Record<IptablesTableName, readonly Hook[]>> = {
  raw: ['PREROUTING', 'OUTPUT'],
  mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
};

function priority(table: IptablesTableName, hook: Hook): number {
  switch (table) {
    case 'raw':
      return NF_IP_PRI.RAW;
    case 'mangle':
      return NF_IP_PRI.MANGLE;
    case 'nat':
      return hook === 'PREROUTING' || hook === 'OUTPUT' ? NF_IP_PRI.NAT_DST : NF_IP_PRI.NAT_SRC;
    case 'filter':
      return NF_IP_PRI.FILTER;
    default: {
      const never: never = table;
      throw new Error(`not an iptables table: ${String(never)}`);
    }
  }
}

function chainType(table: IptablesTableName, hook: Hook): ChainType {
  if (table === 'nat') return 'nat';
  return table === 'mangle' && hook === 'OUTPUT' ? 'route' : 'filter';
}

/** Where iptables registers a table's built-in chain for a hook. */
export function iptablesBaseHook(table: IptablesTableName, hook: Hook): BaseHook {
  return { hook, priority: priority(table, hook), type: chainType(table, hook) };
}

/** iptables writes `ip` tables, ip6tables `ip6` tables. */
export const iptablesFamily = (family: Family): TableFamily => (family === 'ipv4' ? 'ip' : 'ip6');
