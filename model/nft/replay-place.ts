// Where `add rule` and `insert rule` put a rule: at the end or the head, or after or before the Nth rule (`index N`).
// Next to the rule with a handle (`handle H`, older `position H`) is refused within a script, as the kernel does.
import type { NftCommand } from './commands.ts';
import type { Report } from './report.ts';
import type { NftRule } from './types.ts';

type PlacedCommand = Extract<NftCommand, { what: 'rule'; op: 'add' | 'insert' }>;

/** The index to splice the new rule in at, or undefined after reporting why nft would refuse it. */
export function insertionPoint(rules: readonly NftRule[], c: PlacedCommand, report: Report): number | undefined {
  let at: number = c.op === 'add' ? rules.length : 0;
  if (c.place?.by === 'index') {
    // nft refuses an index that names no rule, also on an empty chain (Istio #58135: `insert rule … index 1`).
    if (c.place.value >= rules.length) {
      report(
        'bad-insert-position',
        c.place.at,
        `index ${c.place.value} names no rule: chain ${c.chain} has ${rules.length} rule(s)`,
      );
      return;
    }
    at = c.op === 'add' ? c.place.value + 1 : c.place.value;
  } else if (c.place?.by === 'position') {
    // A script is one transaction on an empty ruleset, so any rule it could name was added by it; the kernel does not
    // place a new rule next to one added in the same transaction (nf_tables answers ENOENT: seen with nft 1.0.6 on
    // Linux 6.18), while `index N` works because nft resolves it from its own cache.
    const known = rules.some((r) => r.handle === c.place!.value);
    report(
      'unknown-handle',
      c.place.at,
      known
        ? `rule ${c.place.value} was added in this same transaction, and nft cannot place a rule by its handle (use index N)`
        : `no rule with handle ${c.place.value} in chain ${c.chain}`,
    );
    return;
  }
  return at;
}
