// The pod's rules of one DNS session in both families: the iptables-save text of each family loaded with its own
// restore tool (iptables-*-restore for IPv4, ip6tables-*-restore for IPv6, the same backend for both), rule positions
// re-learnt after each load, and per-rule packet counters read per family. The two families are separate tables in
// the kernel (x_tables keeps one set per NFPROTO_IPV4 / NFPROTO_IPV6; iptables-nft writes `ip` and `ip6` tables), so
// identical rule text in both (`-A OUTPUT -j ISTIO_OUTPUT_DNS`) is two rules, told apart here by the family.
import type { Family } from '../../model/net/index.ts';
import { type CounterReader, type Counters, LegacyCounterReader, NftCounterReader } from '../counters.ts';
import { inNetns } from '../netns.ts';
import type { NetnsShell } from '../netns-shell.ts';
import type { ProcessGroup } from '../proc.ts';
import { parseSave, ruleKey, type SavedRule, withEmptiedTables } from '../save-format.ts';
import { backendTools } from '../tools.ts';
import type { IptablesBackend as Backend } from '../types.ts';

export interface CountedHit {
  readonly family: Family;
  readonly table: string;
  readonly chain: string;
  readonly index: number;
  readonly rule: string;
  /** Packets counted during the flow. */
  readonly packets: number;
}

/** The rules text per family; a family left out has no rules (its tables emptied if they were loaded before). */
export type FamilyRules = Partial<Record<Family, string>>;

/** The restore and save tools of a backend for one family; IPv4's are found as the TCP oracle finds them. */
export function familyTools(backend: Backend, family: Family): { restore: string; save: string } {
  if (family === 'ipv4') {
    const tools = backendTools(backend);
    if (!tools) throw new Error(`no iptables tools for backend ${backend}`);
    return tools;
  }
  return { restore: `ip6tables-${backend}-restore`, save: `ip6tables-${backend}-save` };
}

/** The nft listing of iptables-nft's IPv6 tables (family ip6), as IPTABLES_NFT_SCOPE lists the IPv4 ones. */
const IP6TABLES_NFT_SCOPE = {
  command: 'list ruleset ip6',
  tableOf: (_family: string, table: string) => table,
  against: 'ip6tables-save',
};

interface Loaded {
  readonly tables: readonly string[];
  readonly rules: ReadonlyMap<string, SavedRule>;
  readonly counters: CounterReader;
}

export class FamilyRuleSet {
  private readonly loaded = new Map<Family, Loaded>();

  constructor(
    private readonly backend: Backend,
    private readonly procs: ProcessGroup,
    private readonly podShell: NetnsShell,
    private readonly pod: string,
  ) {}

  /**
   * Replaces the pod's rules: each family given is restored (tables no longer named are emptied); a family not given
   * but loaded before has its tables emptied; a family never loaded is not touched (an IPv4-only session creates no
   * ip6tables tables at all).
   */
  async load(rules: FamilyRules): Promise<void> {
    for (const family of ['ipv4', 'ipv6'] as const) {
      const text = rules[family];
      const before = this.loaded.get(family);
      if (text === undefined && !before) continue;
      const tools = familyTools(this.backend, family);
      const restore = this.backend === 'legacy' ? [tools.restore, '--wait=10'] : [tools.restore];
      const [cmd, args] = inNetns(this.pod, restore[0]!, restore.slice(1));
      await this.procs.run(cmd, args, { input: withEmptiedTables(text ?? '', before?.tables ?? []) });
      const saved = parseSave((await this.podShell.run([tools.save])).stdout);
      const counters = before?.counters ?? this.reader(family, tools.save);
      await counters.prepare(saved.rules);
      this.loaded.set(family, {
        tables: [...new Set([...(before?.tables ?? []), ...saved.tables])],
        rules: new Map(saved.rules.map((r) => [ruleKey(r.table, r.chain, r.index), r])),
        counters,
      });
    }
  }

  private reader(family: Family, save: string): CounterReader {
    if (this.backend === 'legacy') return new LegacyCounterReader(this.podShell, save);
    return family === 'ipv4'
      ? new NftCounterReader(this.procs, this.pod)
      : new NftCounterReader(this.procs, this.pod, IP6TABLES_NFT_SCOPE);
  }

  async read(): Promise<ReadonlyMap<Family, Counters>> {
    const out = new Map<Family, Counters>();
    for (const [family, l] of this.loaded) out.set(family, await l.counters.read());
    return out;
  }

  /** The rules whose counters rose between two reads, with how many packets, sorted by family, table, chain, index. */
  delta(before: ReadonlyMap<Family, Counters>, after: ReadonlyMap<Family, Counters>): CountedHit[] {
    const hits: CountedHit[] = [];
    for (const [family, counts] of after) {
      const rules = this.loaded.get(family)?.rules;
      for (const [key, n] of counts) {
        const packets = n - (before.get(family)?.get(key) ?? 0);
        const saved = rules?.get(key);
        if (packets > 0 && saved)
          hits.push({ family, table: saved.table, chain: saved.chain, index: saved.index, rule: saved.rule, packets });
      }
    }
    return hits.sort(
      (a, b) =>
        a.family.localeCompare(b.family, 'en') ||
        a.table.localeCompare(b.table, 'en') ||
        a.chain.localeCompare(b.chain, 'en') ||
        a.index - b.index,
    );
  }
}
