// Which tables run at each hook, in the kernel's priority order (include/uapi/linux/netfilter_ipv4.h):
// raw -300, conntrack -200, mangle -150, nat DST -100, filter 0, nat SRC +100.
// Note INPUT: filter (0) runs BEFORE nat's SNAT hook (+100), although many diagrams draw nat first.
import type { BuiltinChainName, TableName } from '../rules/index.ts';

export const HOOK_TABLES: Readonly<Record<BuiltinChainName, readonly TableName[]>> = {
  PREROUTING: ['raw', 'mangle', 'nat'],
  INPUT: ['mangle', 'filter', 'nat'],
  FORWARD: ['mangle', 'filter'],
  OUTPUT: ['raw', 'mangle', 'nat', 'filter'],
  POSTROUTING: ['mangle', 'nat'],
};

/** The nat hooks that set up the destination binding; INPUT and POSTROUTING set up the source binding. */
export const NAT_MANIP: Readonly<Record<BuiltinChainName, 'dst' | 'src' | null>> = {
  PREROUTING: 'dst',
  OUTPUT: 'dst',
  INPUT: 'src',
  POSTROUTING: 'src',
  FORWARD: null,
};
