// Where the loaded ruleset drops a packet for good, read from the kernel's own iptables-save output (not the model):
// a rule whose target is DROP, or a built-in chain whose policy is DROP. A SYN whose trace ends at one of these is
// lost, and with no retransmission before the dial timeout (TCP_TIMEOUT_INIT, 1 s, include/net/tcp.h) the dial can
// only time out; the harness ends the connection there instead of waiting.
import { hitText, type TraceHit } from './trace-events.ts';

export function dropPoints(saveText: string): ReadonlySet<string> {
  const out = new Set<string>();
  const positions = new Map<string, number>();
  let table = '';
  for (const raw of saveText.split('\n')) {
    const line = raw.trim().replace(/^\[\d+:\d+\]\s+/, '');
    if (line.startsWith('*')) table = line.slice(1);
    const policy = /^:(\S+) DROP\b/.exec(line);
    if (policy) out.add(hitText({ table, chain: policy[1]!, index: 0, kind: 'policy' }));
    if (!line.startsWith('-A ')) continue;
    const chain = line.split(/\s+/)[1] ?? '';
    const index = (positions.get(`${table}:${chain}`) ?? 0) + 1;
    positions.set(`${table}:${chain}`, index);
    if (/ -j DROP$/.test(line)) out.add(hitText({ table, chain, index, kind: 'rule' }));
  }
  return out;
}

/** True when the trace so far ends where the ruleset drops the packet. */
export function endsInDrop(hits: readonly TraceHit[], drops: ReadonlySet<string>): boolean {
  const last = hits.at(-1);
  return last !== undefined && drops.has(hitText(last));
}
