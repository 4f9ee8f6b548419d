// Per-packet hits for native nftables rules in tables whose base chains see every packet (Istio's
// `inet istio-proxy-raw` and `…-mangle`): their counters also count the handshake's SYN-ACK and ACK, while a model
// hop describes the SYN alone (nat chains see a connection's first packet only, net/netfilter/nf_nat_core.c, so
// there counters suffice). Here the SYN itself is followed: a table at priority -350 sets nftrace on every SYN
// (oracle/fuzz/trace-nft.ts nftTraceTable), `nft monitor trace` reports each rule the SYN matched, in every table
// (net/netfilter/nf_tables_trace.c), and a sync marker after each hop says every event of that hop has arrived.
// The hop's hits are the rules the SYN matched, once each, named and ordered as the counter reader names them.
import { tableLabel } from '../model/kernel/index.ts';
import type { NftFamily } from '../model/nft/index.ts';
import type { Actor } from './actors.ts';
import { SYNC_PORT, SYNC_PORT_COUNT, SYNC_PORT_FIRST } from './fuzz/topology.ts';
import { NftTraceReader } from './fuzz/trace-nft.ts';
import type { NetnsShell } from './netns-shell.ts';
import type { ProcessGroup } from './proc.ts';
import { ruleKey, type SavedRule } from './save-format.ts';
import type { OracleHit } from './types.ts';

/** How long a sync marker may take through the trace on a loaded machine. */
const SYNC_DEADLINE_MS = 10_000;

export class NativeTraceHits {
  private readonly reader: NftTraceReader;
  private rules: ReadonlyMap<string, SavedRule> = new Map();
  private started = false;
  private syncs = 0;

  constructor(procs: ProcessGroup, ns: string, shell: NetnsShell) {
    const label = (family: string, table: string) => tableLabel({ family: family as NftFamily, name: table });
    this.reader = new NftTraceReader(procs, ns, shell, 'all', undefined, label);
  }

  /** After each (re)load: rule positions from the kernel's listing, rule text from the script (`rules`). */
  async prepare(rules: ReadonlyMap<string, SavedRule>): Promise<void> {
    if (!this.started) {
      await this.reader.start();
      this.started = true;
    }
    await this.reader.prepare('');
    this.rules = rules;
  }

  /** Forgets whatever was traced before the hop. */
  begin(): void {
    this.reader.drain();
  }

  /** The rules the hop's SYN matched: every trace event up to a sync marker that `sender` (root in the pod) sends. */
  async end(sender: Actor): Promise<OracleHit[]> {
    const n = this.syncs++ % SYNC_PORT_COUNT;
    // The trace table drops the marker once traced, so the send fails with EPERM: its arrival in the trace is the proof.
    await sender.udp({ id: `s${n}`, dst: '127.0.0.1', dport: SYNC_PORT, sport: SYNC_PORT_FIRST + n });
    const hits = new Map<string, OracleHit>();
    const deadline = Date.now() + SYNC_DEADLINE_MS;
    for (;;) {
      const events = this.reader.drain();
      for (const [i, e] of events.entries()) {
        if (e.kind === 'sync' && e.n === n) {
          this.reader.unshift(events.slice(i + 1));
          return [...hits.values()].sort(
            (a, b) => a.table.localeCompare(b.table, 'en') || a.chain.localeCompare(b.chain, 'en') || a.index - b.index,
          );
        }
        if (e.kind !== 'hit' || e.hit.kind !== 'rule') continue;
        const key = ruleKey(e.hit.table, e.hit.chain, e.hit.index);
        const saved = this.rules.get(key);
        if (saved) hits.set(key, { table: saved.table, chain: saved.chain, index: saved.index, rule: saved.rule });
      }
      if (Date.now() > deadline) throw new Error(`sync marker ${n} never came back through nft monitor trace`);
      await this.reader.wait(100);
    }
  }
}
