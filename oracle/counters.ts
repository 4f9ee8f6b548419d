// Per-rule packet counters, read before and after each hop; the rules whose counters rose are the hop's hits. Nothing
// is zeroed: deltas need no write access to the ruleset between hops. In the nat table only a connection's first
// packet is evaluated (oracle/OBSERVATIONS.md, "nat sees only the first packet"), so there a delta is exactly "the
// rules the SYN matched".
import type { ChildProcess } from 'node:child_process';
import { inNetns } from './netns.ts';
import type { NetnsShell } from './netns-shell.ts';
import type { ProcessGroup } from './proc.ts';
import { parseSave, ruleKey, type SavedRule } from './save-format.ts';
import type { OracleHit } from './types.ts';

export type Counters = ReadonlyMap<string, number>;

export interface CounterReader {
  /** Re-learns rule identities after a (re)load; `loaded` is the backend's own iptables-save of the pod. */
  prepare(loaded: readonly SavedRule[]): Promise<void>;
  read(): Promise<Counters>;
}

export function diffHits(before: Counters, after: Counters, rules: ReadonlyMap<string, SavedRule>): OracleHit[] {
  const hits: OracleHit[] = [];
  for (const [key, packets] of after) {
    if (packets <= (before.get(key) ?? 0)) continue;
    const saved = rules.get(key);
    if (saved) hits.push({ table: saved.table, chain: saved.chain, index: saved.index, rule: saved.rule });
  }
  return hits.sort(
    (a, b) => a.table.localeCompare(b.table, 'en') || a.chain.localeCompare(b.chain, 'en') || a.index - b.index,
  );
}

/** iptables-legacy has no reader to keep open: one `iptables-legacy-save -c` per read (about 15 ms). */
export class LegacyCounterReader implements CounterReader {
  constructor(
    private readonly podShell: NetnsShell,
    private readonly save: string,
  ) {}

  async prepare(): Promise<void> {}

  async read(): Promise<Counters> {
    const { stdout } = await this.podShell.run([this.save, '-c']);
    const counters = new Map<string, number>();
    for (const r of parseSave(stdout).rules) counters.set(ruleKey(r.table, r.chain, r.index), r.packets ?? 0);
    return counters;
  }
}

interface NftRule {
  readonly family: string;
  readonly table: string;
  readonly chain: string;
  readonly handle: number;
  readonly expr: ReadonlyArray<Record<string, unknown>>;
}

function nftRules(json: string): NftRule[] {
  const doc = JSON.parse(json) as { nftables?: Array<Record<string, unknown>> };
  return (doc.nftables ?? []).flatMap((item) => ('rule' in item ? [item.rule as NftRule] : []));
}

function nftPackets(rule: NftRule): number | undefined {
  const counter = rule.expr.find((e) => 'counter' in e)?.counter as { packets?: number } | undefined;
  return counter?.packets;
}

/** What the reader lists and how it names a table: iptables-nft's `ip` tables by name, native tables by label. */
export interface NftListingScope {
  /** The nft command answered with one JSON line. */
  readonly command: string;
  readonly tableOf: (family: string, table: string) => string;
  /** The rules' other source, named in the error when the two disagree. */
  readonly against: string;
}

export const IPTABLES_NFT_SCOPE: NftListingScope = {
  command: 'list ruleset ip',
  tableOf: (_family, table) => table,
  against: 'iptables-save',
};

/** ip6tables-nft's tables (family ip6), for an IPv6 session. */
export const IP6TABLES_NFT_SCOPE: NftListingScope = {
  command: 'list ruleset ip6',
  tableOf: (_family, table) => table,
  against: 'ip6tables-save',
};

/**
 * iptables-nft gives every rule a `counter` expression, and so does every rule of Istio's native nftables. One
 * `nft -j -a -i` stays open in the pod namespace and answers the scope's listing with one JSON line (about 1 ms), so
 * a hop costs no process start. Handles are mapped to 1-based positions once per load, by their order within each
 * chain (handles are unique per table only).
 */
export class NftCounterReader implements CounterReader {
  private child: ChildProcess | undefined;
  private buffer = '';
  private readonly waiters: Array<{ resolve: (line: string) => void; reject: (e: Error) => void }> = [];
  private handles = new Map<string, string>();

  constructor(
    private readonly procs: ProcessGroup,
    private readonly ns: string,
    private readonly scope: NftListingScope = IPTABLES_NFT_SCOPE,
  ) {}

  private start(): ChildProcess {
    const [cmd, args] = inNetns(this.ns, 'nft', ['-j', '-a', '-i']);
    const child = this.procs.spawn(cmd, args);
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      this.buffer += chunk;
      for (let nl = this.buffer.indexOf('\n'); nl >= 0; nl = this.buffer.indexOf('\n')) {
        const line = this.buffer.slice(0, nl);
        this.buffer = this.buffer.slice(nl + 1);
        if (line.trim() !== '') this.waiters.shift()?.resolve(line);
      }
    });
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (text: string) => this.waiters.shift()?.reject(new Error(`nft: ${text.trim()}`)));
    child.on('exit', (code) => {
      for (const w of this.waiters.splice(0)) w.reject(new Error(`nft -i exited with ${code}`));
      this.child = undefined;
    });
    child.stdin?.on('error', () => {});
    this.child = child;
    return child;
  }

  private listing(): Promise<string> {
    const child = this.child ?? this.start();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('nft -i did not answer within 10 s')), 10_000);
      this.waiters.push({
        resolve: (line) => {
          clearTimeout(timer);
          resolve(line);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      child.stdin?.write(`${this.scope.command}\n`);
    });
  }

  async prepare(loaded: readonly SavedRule[]): Promise<void> {
    const rules = nftRules(await this.listing());
    const positions = new Map<string, number>();
    const handles = new Map<string, string>();
    for (const r of rules) {
      const table = this.scope.tableOf(r.family, r.table);
      const index = (positions.get(`${table}\u0000${r.chain}`) ?? 0) + 1;
      positions.set(`${table}\u0000${r.chain}`, index);
      handles.set(`${r.family} ${r.table}/${r.handle}`, ruleKey(table, r.chain, index));
      if (nftPackets(r) === undefined) {
        throw new Error(`nft rule ${table}/${r.chain}#${index} has no counter expression: cannot observe it`);
      }
    }
    // The nft listing and the rules' other source must agree rule for rule, or text and position would not line up.
    const fromSave = new Set(loaded.map((r) => ruleKey(r.table, r.chain, r.index)));
    const fromNft = new Set(handles.values());
    const missing = [...fromSave].filter((k) => !fromNft.has(k)).concat([...fromNft].filter((k) => !fromSave.has(k)));
    if (missing.length > 0) {
      throw new Error(
        `nft listing and ${this.scope.against} disagree on ${missing.map((k) => k.replaceAll('\u0000', '/'))}`,
      );
    }
    this.handles = handles;
  }

  async read(): Promise<Counters> {
    const counters = new Map<string, number>();
    for (const r of nftRules(await this.listing())) {
      const key = this.handles.get(`${r.family} ${r.table}/${r.handle}`);
      if (key === undefined)
        throw new Error(`nft rule ${r.table} handle ${r.handle} appeared after loading: ruleset changed`);
      counters.set(key, nftPackets(r) ?? 0);
    }
    return counters;
  }
}
