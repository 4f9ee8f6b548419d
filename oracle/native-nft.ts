// Native nftables in the oracle's pod namespace: the script loaded with the real `nft -f`, after `flush ruleset` in
// the same transaction so a reload means "the ruleset is now exactly this". nft resolves group and user names
// (`skgid java`) when it loads a rule, so the load runs with a private /etc/group holding the session's names,
// bind-mounted in a private mount namespace of that nft process only (as oracle/nft-listing.ts does): the
// machine's own /etc/group is never changed. Rules are named as the model names them: table label (`inet
// istio-proxy-nat`), chain, 1-based position and the script's own rule text with owner names as ids; the kernel's
// listing must hold the same rules at the same positions (what canonicalRule predicts nft lists back), or the load
// fails rather than compare rules that do not line up.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tableLabel } from '../model/kernel/index.ts';
import {
  canonicalRule,
  type ListingOptions,
  type NftFamily,
  type NftRule,
  type NftRuleset,
  parseNft,
  parseNftOrThrow,
  printRule,
  withOwnerIds,
} from '../model/nft/index.ts';
import type { NftListingScope } from './counters.ts';
import { inNetns } from './netns.ts';
import type { ProcessGroup } from './proc.ts';
import type { SavedRule } from './save-format.ts';

export const NATIVE_NFT_SCOPE: NftListingScope = {
  command: 'list ruleset',
  tableOf: (family, table) => tableLabel({ family: family as NftFamily, name: table }),
  against: 'the nft script',
};

/**
 * Whether a rule sits in a table other than a nat one (the tables Istio names `…-nat`): Istio's raw and mangle base
 * chains see every packet of a connection, so their counters cannot tell the SYN from the rest of the handshake.
 */
export function seesEveryPacket(tree: NftRuleset): boolean {
  return tree.tables.some((t) => !t.name.endsWith('-nat') && t.chains.some((c) => c.rules.length > 0));
}

/** The script as the kernel will hold it on this machine: owner names that `groups` knows are their ids. */
export function nativeTree(script: string, groups: Readonly<Record<string, number>>): NftRuleset {
  return withOwnerIds(parseNftOrThrow(script).ruleset, { groups });
}

/** Every rule of the tree, named as the model's rule hits name it. */
export function nativeRules(tree: NftRuleset): SavedRule[] {
  return tree.tables.flatMap((t) =>
    t.chains.flatMap((c) =>
      c.rules.map((r, i) => ({
        table: tableLabel({ family: t.family, name: t.name }),
        chain: c.name,
        index: i + 1,
        rule: printRule(r),
      })),
    ),
  );
}

const withoutCounts = (r: NftRule): string =>
  printRule({
    ...r,
    handle: undefined,
    statements: r.statements.map((s) => (s.kind === 'counter' ? { at: s.at, kind: 'counter' } : s)),
  } as NftRule);

/** Positions where the kernel's JSON listing does not hold what the tree predicts (empty when they line up). */
export function listingMismatches(tree: NftRuleset, listingJson: string, names: ListingOptions = {}): string[] {
  const listed = parseNft(listingJson);
  if (!listed.value) return [`the kernel's listing does not parse: ${listed.issues[0]?.message ?? 'unknown'}`];
  const kernel = new Map<string, string[]>();
  for (const t of listed.value.ruleset.tables) {
    for (const c of t.chains) kernel.set(`${t.family} ${t.name} ${c.name}`, c.rules.map(withoutCounts));
  }
  const out: string[] = [];
  for (const t of tree.tables) {
    for (const c of t.chains) {
      const where = `${t.family} ${t.name} ${c.name}`;
      const got = kernel.get(where) ?? [];
      const want = c.rules.map((r) => withoutCounts(canonicalRule(r, t.family, names)));
      if (got.length !== want.length)
        out.push(`${where}: the kernel holds ${got.length} rules, the script ${want.length}`);
      for (const [i, w] of want.entries()) {
        if (got[i] !== undefined && got[i] !== w)
          out.push(`${where} #${i + 1}: kernel \`${got[i]}\`, predicted \`${w}\``);
      }
    }
  }
  return out;
}

function groupFile(groups: Readonly<Record<string, number>>): string {
  const own = readFileSync('/etc/group', 'utf8');
  const extra = Object.entries(groups).map(([name, gid]) => `${name}:x:${gid}:`);
  return `${own.trimEnd()}\n${extra.join('\n')}\n`;
}

/** `flush ruleset` and the script in one `nft -f` transaction in the namespace, with the session's group names. */
export async function loadNativeScript(
  procs: ProcessGroup,
  ns: string,
  scratch: string,
  script: string,
  groups: Readonly<Record<string, number>>,
): Promise<void> {
  const scriptPath = join(scratch, 'rules.nft');
  const groupPath = join(scratch, 'group');
  writeFileSync(scriptPath, `flush ruleset\n${script}`);
  writeFileSync(groupPath, groupFile(groups));
  const load = 'mount --bind "$1" /etc/group && exec nft -f "$2"';
  const unshare = ['--mount', '--propagation', 'private', 'sh', '-c', load, 'load', groupPath, scriptPath];
  const [cmd, args] = inNetns(ns, 'unshare', unshare);
  await procs.run(cmd, args);
}
