// iptables-nft: `nft -a monitor trace` in the pod namespace, line-buffered through stdbuf (a pipe would otherwise
// hold the events back in nft's stdio buffer; oracle/OBSERVATIONS.md, pitfall "TRACE"). A rule is named by its
// handle, mapped to its position with `nft -a -j list table` after each load; a base chain's policy line becomes a
// 'policy' hit numbered rules + 1. nft reports no event when a user chain simply runs out of rules (the model's
// 'return' hits), so the comparison leaves those out for this backend.
import type { ChildProcess } from 'node:child_process';
import { inNetns } from '../netns.ts';
import type { NetnsShell } from '../netns-shell.ts';
import type { ProcessGroup } from '../proc.ts';
import { EventQueue } from './event-queue.ts';
import { SYNC_PORT, SYNC_PORT_FIRST } from './topology.ts';
import type { TraceEvent, TraceReader } from './trace-events.ts';

export const TRACE_TABLE = 'scx_trace';

/**
 * The table that marks SYNs for tracing and traces the sync marker (a datagram to 127.0.0.1:SYNC_PORT), then drops
 * the marker: at priority -350 it comes before conntrack and every other table, so no ruleset under test ever sees
 * it (a ruleset that drops UDP cannot swallow it, and it leaves no conntrack entry). The sender gets EPERM.
 */
export function nftTraceTable(): string {
  return [
    `table inet ${TRACE_TABLE} {`,
    '  chain out { type filter hook output priority -350; tcp flags & (syn | ack) == syn meta nftrace set 1; ' +
      `udp dport ${SYNC_PORT} ip daddr 127.0.0.1 meta nftrace set 1 drop; }`,
    '  chain pre { type filter hook prerouting priority -350; tcp flags & (syn | ack) == syn meta nftrace set 1; }',
    '}',
    '',
  ].join('\n');
}

const LINE = /^trace id (\S+) (ip6?|inet) (\S+) (\S+) (.*)$/;

interface ChainInfo {
  readonly handles: ReadonlyMap<number, number>;
  readonly rules: number;
}

export class NftTraceReader implements TraceReader {
  private child: ChildProcess | undefined;
  private buffer = '';
  private readonly queue = new EventQueue();
  private readonly ignored = new Set<string>();
  private chains = new Map<string, ChainInfo>();

  constructor(
    private readonly procs: ProcessGroup,
    private readonly ns: string,
    private readonly shell: NetnsShell,
    /** The tables whose rules are reported: iptables-nft's of one family, or every table ('all', native rules). */
    private readonly family: 'ip' | 'ip6' | 'all',
    /** Sees every raw monitor line (npm run fuzz -- --debug). */
    private readonly debug?: (line: string) => void,
    /** How a hit names its table: iptables-nft's by name (`nat`), native ones by label (`inet istio-proxy-nat`). */
    private readonly tableOf: (family: string, table: string) => string = (_family, table) => table,
  ) {}

  async start(): Promise<void> {
    const [cmd, args] = inNetns(this.ns, 'stdbuf', ['-oL', 'nft', '-a', 'monitor', 'trace']);
    const child = this.procs.spawn(cmd, args);
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      this.buffer += chunk;
      for (let nl = this.buffer.indexOf('\n'); nl >= 0; nl = this.buffer.indexOf('\n')) {
        this.line(this.buffer.slice(0, nl));
        this.buffer = this.buffer.slice(nl + 1);
      }
    });
    child.stdin?.on('error', () => {});
    this.child = child;
    // The monitor prints nothing until an event arrives; give it a moment to subscribe.
    await new Promise((resolve) => setTimeout(resolve, 300));
  }

  async prepare(_saveText: string): Promise<void> {
    const only = this.family === 'all' ? [] : [this.family];
    const { stdout } = await this.shell.run(['nft', '-a', '-j', 'list', 'ruleset', ...only]);
    const doc = JSON.parse(stdout) as {
      nftables?: Array<Record<string, { family: string; table: string; chain: string; handle: number; name?: string }>>;
    };
    const chains = new Map<string, { handles: Map<number, number>; rules: number }>();
    for (const item of doc.nftables ?? []) {
      if (item.rule) {
        const key = `${this.tableOf(item.rule.family, item.rule.table)}\u0000${item.rule.chain}`;
        const c = chains.get(key) ?? { handles: new Map(), rules: 0 };
        c.rules += 1;
        c.handles.set(item.rule.handle, c.rules);
        chains.set(key, c);
      } else if (item.chain) {
        const key = `${this.tableOf(item.chain.family, item.chain.table)}\u0000${item.chain.name}`;
        if (!chains.has(key)) chains.set(key, { handles: new Map(), rules: 0 });
      }
    }
    this.chains = chains;
    this.ignored.clear();
  }

  private line(text: string): void {
    this.debug?.(text);
    const m = LINE.exec(text.trim());
    if (!m) return;
    const [, id, family, name, chain, rest] = m as unknown as [string, string, string, string, string, string];
    const table = name === TRACE_TABLE ? TRACE_TABLE : this.tableOf(family, name);
    // Every base chain's events start with a packet line (nf_tables_trace.c dumps the headers once per chain walk), so
    // whether an id is a SYN is decided afresh each time: ids are derived from the skb's address and come back for
    // later, unrelated packets.
    if (rest.startsWith('packet:')) {
      const sync = / udp sport (\d+) udp dport (\d+)/.exec(rest);
      if (sync && Number(sync[2]) === SYNC_PORT) {
        this.ignored.add(id);
        if (table === TRACE_TABLE) this.queue.push({ kind: 'sync', n: Number(sync[1]) - SYNC_PORT_FIRST });
      } else if (/ tcp flags == syn /.test(rest)) this.ignored.delete(id);
      else this.ignored.add(id);
      return;
    }
    if (table === TRACE_TABLE || this.ignored.has(id)) return;
    const info = this.chains.get(`${table}\u0000${chain}`);
    if (!info) return;
    if (rest.startsWith('policy ')) {
      this.queue.push({ kind: 'hit', hit: { table, chain, index: info.rules + 1, kind: 'policy' } });
      return;
    }
    // "rule <text> # handle N (verdict ...)", or "unknown rule handle N (...)" when the monitor's cache predates the load.
    const handle = /(?:# |unknown rule )handle (\d+) \(verdict /.exec(rest);
    if ((rest.startsWith('rule ') || rest.startsWith('unknown rule ')) && handle) {
      const index = info.handles.get(Number(handle[1]));
      if (index !== undefined) this.queue.push({ kind: 'hit', hit: { table, chain, index, kind: 'rule' } });
    }
  }

  drain(): TraceEvent[] {
    return this.queue.drain();
  }

  unshift(events: readonly TraceEvent[]): void {
    this.queue.unshift(events);
  }

  wait(ms: number): Promise<void> {
    return this.queue.wait(ms);
  }

  running(): boolean {
    return this.child !== undefined && this.child.exitCode === null;
  }
}
