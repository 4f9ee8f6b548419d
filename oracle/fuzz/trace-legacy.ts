// iptables-legacy: the TRACE log read over nfnetlink_log by actors/nflog-trace.pl in the pod namespace (nf_log does not
// log from a non-initial namespace by default, net/netfilter/nf_log.c; oracle/OBSERVATIONS.md, pitfall "TRACE").
// Prefixes carry rule numbers directly: `TRACE: nat:OUTPUT:rule:4`, `...:return:3`, `...:policy:2`.
import { join } from 'node:path';
import { inNetns } from '../netns.ts';
import type { ProcessGroup } from '../proc.ts';
import { parseSave } from '../save-format.ts';
import { EventQueue } from './event-queue.ts';
import { SYNC_PORT, SYNC_PORT_FIRST } from './topology.ts';
import type { TraceEvent, TraceReader } from './trace-events.ts';

const PREFIX = /^TRACE: ([^:]+):([^:]+):(rule|return|policy):(\d+)/;
const TCP_SYN = 0x02;
const TCP_ACK = 0x10;

export class LegacyTraceReader implements TraceReader {
  private buffer = '';
  private stderr = '';
  private readonly queue = new EventQueue();
  private ruleCounts = new Map<string, number>();
  private readyWaiter: { resolve: () => void; reject: (e: Error) => void } | undefined;

  constructor(
    private readonly procs: ProcessGroup,
    private readonly ns: string,
    private readonly scriptDir: string,
  ) {}

  start(): Promise<void> {
    const [cmd, args] = inNetns(this.ns, 'perl', [join(this.scriptDir, 'nflog-trace.pl')]);
    const child = this.procs.spawn(cmd, args);
    const ready = new Promise<void>((resolve, reject) => {
      this.readyWaiter = { resolve, reject };
    });
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      this.buffer += chunk;
      for (let nl = this.buffer.indexOf('\n'); nl >= 0; nl = this.buffer.indexOf('\n')) {
        this.line(this.buffer.slice(0, nl));
        this.buffer = this.buffer.slice(nl + 1);
      }
    });
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (t: string) => {
      this.stderr = (this.stderr + t).slice(-2000);
    });
    child.on('exit', (code) => this.readyWaiter?.reject(new Error(`nflog-trace.pl exited (${code}): ${this.stderr}`)));
    child.stdin?.on('error', () => {});
    return ready;
  }

  async prepare(saveText: string): Promise<void> {
    const counts = new Map<string, number>();
    for (const r of parseSave(saveText).rules) counts.set(`${r.table}:${r.chain}`, r.index);
    this.ruleCounts = counts;
  }

  private line(text: string): void {
    const f = text.split('\t');
    if (f[0] === 'R') {
      this.readyWaiter?.resolve();
      this.readyWaiter = undefined;
      return;
    }
    if (f[0] === 'E') {
      this.readyWaiter?.reject(new Error(`nflog-trace.pl: ${f[1]}`));
      this.stderr += `\n${f[1]}`;
      return;
    }
    if (f[0] !== 'T' || f.length < 9) return;
    const [, , proto, , , sport, dport, flags, prefix] = f as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    if (prefix.startsWith('scx-sync') && Number(dport) === SYNC_PORT) {
      this.queue.push({ kind: 'sync', n: Number(sport) - SYNC_PORT_FIRST });
      return;
    }
    if (Number(proto) !== 6 || (Number(flags) & (TCP_SYN | TCP_ACK)) !== TCP_SYN) return;
    const m = PREFIX.exec(prefix);
    if (!m) return;
    const [, table, chain, kind, n] = m as unknown as [string, string, string, 'rule' | 'return' | 'policy', string];
    // ip_tables.c (get_chainname_rulenum) calls any unconditional rule with a standard verdict (`-j ACCEPT`, `-j DROP`,
    // `-j RETURN` and no match) "return" or "policy", like a chain's tail: within the chain's rules it is that rule.
    const rules = this.ruleCounts.get(`${table}:${chain}`) ?? 0;
    const hit = kind !== 'rule' && Number(n) <= rules ? 'rule' : kind;
    this.queue.push({ kind: 'hit', hit: { table, chain, index: Number(n), kind: hit } });
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
}
