// Symbolic chain priorities (`raw`, `mangle`, `dstnat`, `filter`, `security`, `srcnat`, with `+ N` / `- N`), read and
// printed as nft does: std_prios, std_prio_family_hook_compat and prio2str in nftables' src/rule.c. The bridge family
// has its own names and values.
import type { NftFamily, NftHook } from './types.ts';

interface PrioTag {
  readonly name: string;
  readonly value: number;
}

/** NF_IP_PRI_* (include/uapi/linux/netfilter_ipv4.h). */
const STD: readonly PrioTag[] = [
  { name: 'raw', value: -300 },
  { name: 'mangle', value: -150 },
  { name: 'dstnat', value: -100 },
  { name: 'filter', value: 0 },
  { name: 'security', value: 50 },
  { name: 'srcnat', value: 100 },
];

/** NF_BR_PRI_* (include/uapi/linux/netfilter_bridge.h). */
const BRIDGE: readonly PrioTag[] = [
  { name: 'dstnat', value: -300 },
  { name: 'filter', value: -200 },
  { name: 'out', value: 100 },
  { name: 'srcnat', value: 300 },
];

export interface PriorityNames {
  /**
   * nft up to 1.0.8 accepts and prints `dstnat` only at prerouting and `srcnat` only at postrouting, so a nat chain
   * at output lists as `priority -100`; later releases also use the names at output and input (nftables commit
   * "rule: allow to use dstnat/srcnat priorities at output/input", bugzilla 1694). Reading accepts both; printing
   * follows this flag (false, as the nft 1.0.6 that made this project's fixtures prints).
   */
  readonly natNamesAtLocalHooks: boolean;
}

export const NFT_1_0_6: PriorityNames = { natNamesAtLocalHooks: false };

function compatible(tag: PrioTag, family: NftFamily, hook: NftHook, names: PriorityNames): boolean {
  if (family === 'bridge') {
    if (tag.name === 'dstnat') return hook === 'prerouting';
    if (tag.name === 'out') return hook === 'output';
    if (tag.name === 'srcnat') return hook === 'postrouting';
    return true;
  }
  const ipFamily = family === 'inet' || family === 'ip' || family === 'ip6';
  switch (tag.name) {
    case 'filter':
      return ipFamily || family === 'arp' || family === 'netdev';
    case 'raw':
    case 'mangle':
    case 'security':
      return ipFamily;
    case 'dstnat':
      return ipFamily && (hook === 'prerouting' || (names.natNamesAtLocalHooks && hook === 'output'));
    case 'srcnat':
      return ipFamily && (hook === 'postrouting' || (names.natNamesAtLocalHooks && hook === 'input'));
    default:
      return false;
  }
}

const tagsOf = (family: NftFamily) => (family === 'bridge' ? BRIDGE : STD);

/** The value of a standard priority name at this family and hook, or undefined when nft would refuse it there. */
export function priorityByName(name: string, family: NftFamily, hook: NftHook): number | undefined {
  const tag = tagsOf(family).find((t) => t.name === name);
  const lenient: PriorityNames = { natNamesAtLocalHooks: true };
  return tag && compatible(tag, family, hook, lenient) ? tag.value : undefined;
}

/** How nft lists a priority: the standard name within 10 of the value (`mangle`, `dstnat + 5`), else the number. */
export function priorityText(
  value: number,
  family: NftFamily,
  hook: NftHook,
  names: PriorityNames = NFT_1_0_6,
): string {
  for (const tag of tagsOf(family)) {
    const offset = value - tag.value;
    if (Math.abs(offset) > 10) continue;
    // prio2str stops at the first tag within reach, even when that tag is not allowed at this hook.
    if (!compatible(tag, family, hook, names)) break;
    if (offset > 0) return `${tag.name} + ${offset}`;
    if (offset < 0) return `${tag.name} - ${-offset}`;
    return tag.name;
  }
  return String(value);
}

/**
 * Reads the words of a priority: a number, a name, or `name + N` / `name - N` (also `name+N`). Returns an error
 * message when nft would refuse it.
 */
export function readPriority(words: readonly string[], family: NftFamily, hook: NftHook): number | string {
  const joined = words.join(' ');
  const m = /^(-?\d+)$|^([a-z]+)\s*(?:([+-])\s*(\d+))?$/.exec(joined);
  if (!m) return `${JSON.stringify(joined)} is not a chain priority (a number, or a name such as mangle or dstnat - 5)`;
  if (m[1] !== undefined) return Number(m[1]);
  const base = priorityByName(m[2]!, family, hook);
  if (base === undefined) return `priority ${m[2]} is not valid for a ${family} chain at hook ${hook}`;
  const offset = m[4] === undefined ? 0 : Number(m[4]) * (m[3] === '-' ? -1 : 1);
  return base + offset;
}
