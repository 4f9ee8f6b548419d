// What runs at one hook, and in which order. netfilter keeps one sorted array of hook functions per family and hook;
// a new one is inserted before the first registered one whose priority is greater or equal
// (net/netfilter/core.c, nf_hook_entries_grow), so lower priorities run first and, at equal priority, the one
// registered later runs first. nf_hook_slow runs them in turn: NF_ACCEPT goes on to the next one, NF_DROP ends the
// hook. So an ACCEPT ends only its own base chain.
//
// Chains of type nat are not hook functions of their own: nf_nat registers one function per hook at the fixed
// priority NF_IP_PRI_NAT_DST (-100, PREROUTING and OUTPUT) or NF_IP_PRI_NAT_SRC (100, INPUT and POSTROUTING), and
// keeps the nat chains in a second sorted array it consults only while the connection has no binding of that
// manip type (net/netfilter/nf_nat_core.c, nf_nat_register_fn and nf_nat_inet_fn).
//
// conntrack is a hook function too: it gives a packet its entry at NF_IP_PRI_CONNTRACK (-200, after raw and before
// mangle) in PREROUTING and OUTPUT (net/netfilter/nf_conntrack_proto.c, ipv4_conntrack_ops / ipv6_conntrack_ops), and
// it is registered only while some rule holds a reference to it (nf_ct_netns_get; model/kernel/conntrack-users.ts).
import type { Family } from '../net/index.ts';
import { type BaseHook, familyServes, type Hook, NF_IP_PRI, type TableRef } from '../ruleset/index.ts';

export type NatManip = 'dst' | 'src';

/** The NAT binding a hook sets up (nf_nat_inet_fn: HOOK2MANIP); FORWARD has none. */
export const NAT_MANIP: Readonly<Record<Hook, NatManip | null>> = {
  PREROUTING: 'dst',
  OUTPUT: 'dst',
  INPUT: 'src',
  POSTROUTING: 'src',
  FORWARD: null,
};

const NAT_PRIORITY: Readonly<Record<NatManip, number>> = { dst: NF_IP_PRI.NAT_DST, src: NF_IP_PRI.NAT_SRC };

interface ChainLike {
  readonly name: string;
  readonly table: TableRef;
  readonly base: BaseHook | null;
}

interface TableLike<C extends ChainLike> {
  readonly ref: TableRef;
  readonly chains: ReadonlyMap<string, C>;
}

export type HookEntry<C extends ChainLike = ChainLike> =
  | { readonly kind: 'chain'; readonly priority: number; readonly chain: C }
  /** nf_nat's hook function: its nat chains in their own priority order. */
  | { readonly kind: 'nat'; readonly priority: number; readonly manip: NatManip; readonly chains: readonly C[] }
  /** conntrack's hook function, where a packet gets its entry. */
  | { readonly kind: 'conntrack'; readonly priority: number };

/** The hooks where conntrack attaches an entry to a packet (the confirm functions at INPUT/POSTROUTING do not matter). */
const CONNTRACK_HOOKS: ReadonlySet<Hook> = new Set<Hook>(['PREROUTING', 'OUTPUT']);

/** Lower priority first; at equal priority the later registration first (nf_hook_entries_grow). */
function kernelOrder<T extends { readonly priority: number; readonly registered: number }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => a.priority - b.priority || b.registered - a.registered);
}

/**
 * The hook functions at `hook` for packets of `family`, in the order the kernel runs them. Tables count as
 * registered in the order given, each table's chains in their order (the order `nft list ruleset` and iptables-save
 * list them, which is the order they were created). nf_nat registers its hook functions for every hook of the family
 * at once, when the family's first nat chain is registered (nf_nat_register_fn), so that is its registration time.
 * conntrack (when `conntrack` says its hooks are registered) counts as registered last: the rule that takes its
 * reference loads after the chains that exist then (nft's batch adds a chain before its rules; iptables registers a
 * table's hooks before it replaces its rules), so at a tie with one of those chains conntrack runs first.
 */
export function hookEntries<C extends ChainLike>(
  family: Family,
  tables: readonly TableLike<C>[],
  hook: Hook,
  conntrack: boolean,
): HookEntry<C>[] {
  const bases = tables
    .filter((t) => familyServes(t.ref.family, family))
    .flatMap((t) => [...t.chains.values()].filter((c) => c.base !== null))
    .map((chain, registered) => ({ chain, base: chain.base!, registered, priority: chain.base!.priority }));
  const here = bases.filter((b) => b.base.hook === hook);
  const entries: (HookEntry<C> & { registered: number })[] = here
    .filter((b) => b.base.type !== 'nat')
    .map((b) => ({ kind: 'chain', priority: b.priority, chain: b.chain, registered: b.registered }));
  const nat = here.filter((b) => b.base.type === 'nat');
  if (nat.length > 0) {
    const manip = NAT_MANIP[hook];
    if (manip === null) {
      // nft refuses to load it (net/netfilter/nft_chain_nat.c has no FORWARD hook); never walk it silently.
      throw new Error(`nat chain ${nat[0]!.chain.name} of table ${nat[0]!.chain.table.name} cannot be at FORWARD`);
    }
    const registered = bases.find((b) => b.base.type === 'nat')!.registered;
    const chains = kernelOrder(nat).map((b) => b.chain);
    entries.push({ kind: 'nat', priority: NAT_PRIORITY[manip], manip, chains, registered });
  }
  if (conntrack && CONNTRACK_HOOKS.has(hook)) {
    entries.push({ kind: 'conntrack', priority: NF_IP_PRI.CONNTRACK, registered: bases.length });
  }
  return kernelOrder(entries).map(({ registered: _, ...entry }) => entry as HookEntry<C>);
}
