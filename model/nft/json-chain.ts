// Reading a listed object's family and names, and a base chain's type, hook, priority, policy and devices
// (libnftables-json(5): {"chain": {"family", "table", "name", "type", "hook", "prio", "policy", "dev"}}).
import { type Json, member, stringMember } from './json-tree.ts';
import { readPriority } from './priority.ts';
import type { Report } from './report.ts';
import {
  NFT_CHAIN_TYPES,
  NFT_FAMILIES,
  NFT_HOOKS,
  type NftBaseChain,
  type NftChainType,
  type NftFamily,
  type NftHook,
} from './types.ts';

export function family(j: Json, report: Report): NftFamily | undefined {
  const f = stringMember(j, 'family');
  if (f !== undefined && (NFT_FAMILIES as readonly string[]).includes(f)) return f as NftFamily;
  report('bad-json', member(j, 'family')?.at ?? j.at, `"family" must be one of ${NFT_FAMILIES.join(', ')}`);
  return undefined;
}

export function required(j: Json, name: string, report: Report): string | undefined {
  const v = stringMember(j, name);
  if (v === undefined) report('bad-json', j.at, `"${name}" (a string) is missing`);
  return v;
}

export function baseChain(j: Json, fam: NftFamily, report: Report): NftBaseChain | undefined | null {
  const type = stringMember(j, 'type');
  if (type === undefined) return undefined;
  const hook = stringMember(j, 'hook');
  const prio = member(j, 'prio');
  if (
    !(NFT_CHAIN_TYPES as readonly string[]).includes(type) ||
    !(NFT_HOOKS as readonly string[]).includes(hook ?? '')
  ) {
    report(
      'bad-json',
      j.at,
      `a base chain needs a type (${NFT_CHAIN_TYPES.join(', ')}) and a hook (${NFT_HOOKS.join(', ')})`,
    );
    return null;
  }
  const priority =
    prio?.kind === 'number'
      ? prio.value
      : prio?.kind === 'string'
        ? readPriority([prio.value], fam, hook as NftHook)
        : undefined;
  if (typeof priority !== 'number') {
    report('bad-json', prio?.at ?? j.at, typeof priority === 'string' ? priority : '"prio" is missing');
    return null;
  }
  const policy = stringMember(j, 'policy');
  const dev = member(j, 'dev');
  const devices =
    dev?.kind === 'string'
      ? [dev.value]
      : dev?.kind === 'array'
        ? dev.items.flatMap((d) => (d.kind === 'string' ? [d.value] : []))
        : [];
  return {
    type: type as NftChainType,
    hook: hook as NftHook,
    priority,
    ...(policy === 'accept' || policy === 'drop' ? { policy } : {}),
    ...(devices.length > 0 ? { devices } : {}),
  };
}
