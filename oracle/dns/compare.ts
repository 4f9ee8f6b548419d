// One DNS flow, model against kernel: (1) the rules hit by the request AND reply packets of the query and of
// pilot-agent's upstream exchange, with packet counts (raw/mangle/filter counters count every packet, nat only a
// connection's first: for UDP one datagram each way, so counts are comparable exactly; for TCP the handshake and FIN
// add packets, so only the nat counts and the set of other rules are compared); (2) the pod's conntrack entries after
// the flow: zone, original and reply tuples (the NAT binding), replied or not; ports the kernel chose (ephemeral source
// ports) are written `*` on both sides; (3) what the client received: an answer from the address it asked, or none.
// An IPv6 rule is named `ip6 table chain: rule` on both sides: the ip6tables tables are not the iptables ones, and a
// rule text such as `-A OUTPUT -j ISTIO_OUTPUT_DNS` is in both.
import { tupleText } from '../../model/kernel/index.ts';
import { type Family, formatAddr, parseAddr } from '../../model/net/index.ts';
import { endpointText, type Hop, type Trace } from '../../model/trace/index.ts';
import type { ZonedEntry } from './conntrack-zones.ts';
import type { FlowObservation } from './session.ts';

export interface DnsFlowComparison {
  readonly id: string;
  readonly agree: boolean;
  readonly differences: readonly string[];
  /** `table chain: rule ×packets` (`… hit` where only the hit is compared), sorted; the model's and the kernel's. */
  readonly model: { readonly rules: readonly string[]; readonly conntrack: readonly string[]; readonly answer: string };
  readonly kernel: {
    readonly rules: readonly string[];
    readonly conntrack: readonly string[];
    readonly answer: string;
  };
}

const WELL_KNOWN = new Set(['53', '15053']);
const maskPorts = (tuple: string) => tuple.replace(/:(\d+)(?=$| )/g, (m, p: string) => (WELL_KNOWN.has(p) ? m : ':*'));

export function entryText(e: {
  protocol: string;
  zone: number;
  original: string;
  reply: string;
  status: string;
}): string {
  return `${e.protocol} zone ${e.zone} ${maskPorts(e.original)} / ${maskPorts(e.reply)} ${e.status}`;
}

const ruleName = (family: Family, table: string, chain: string, rule: string) =>
  `${family === 'ipv6' ? 'ip6 ' : ''}${table} ${chain}: ${rule}`;

/** The packets of a hop and of its reply. */
const packetsOf = (h: Hop) => [h.hits, ...(h.reply ? [h.reply.hits] : [])];

function modelRuleCounts(trace: Trace): Map<string, number> {
  const counts = new Map<string, number>();
  for (const hop of trace.hops) {
    for (const hit of packetsOf(hop).flat()) {
      if (hit.kind !== 'rule') continue;
      const key = ruleName(hop.family, hit.table.name, hit.chain, hit.rule);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return counts;
}

/** Every entry the model's table holds after the flow, at its last state. */
function modelEntries(trace: Trace): string[] {
  const byId = new Map<number, string>();
  const protocol = (h: Hop) => h.protocol;
  for (const h of trace.hops) {
    for (const c of [h.conntrack, h.reply?.conntrack]) {
      const e = c?.entry;
      if (!e) continue;
      const text = { protocol: protocol(h), zone: e.zone, status: e.status };
      const entry = { ...text, original: tupleText(e.original), reply: tupleText(e.reply) };
      // An entry only goes from UNREPLIED to REPLIED, so the replied view wins whatever the order of hops.
      if (!byId.get(e.id)?.endsWith('REPLIED') || e.status === 'REPLIED') byId.set(e.id, entryText(entry));
    }
  }
  return [...byId.values()].sort();
}

function modelAnswer(trace: Trace): string {
  const first = trace.hops[0];
  const r = first?.reply;
  if (!first || !r) return 'none';
  if (r.outcome !== 'answered') return 'none';
  return `answered from ${endpointText(r.srcAfterNat)}`;
}

function kernelAnswer(o: FlowObservation): string {
  if (o.result.result !== 'answered') return 'none';
  // The model's canonical text of the address (Node prints ::127.0.0.53 where the model writes ::7f00:35).
  const from = formatAddr(parseAddr(o.result.fromAddr));
  return `answered from ${from.includes(':') ? `[${from}]` : from}:${o.result.fromPort}`;
}

/**
 * Whether a rule's packet count is compared exactly: every rule for UDP, only nat rules (a connection's first packet)
 * for TCP, where how many segments the handshake, data and FIN take varies from run to run.
 */
const countCompared = (proto: string, key: string) => proto === 'udp' || /^(ip6 )?nat /.test(key);

/** The rules with their counts where counts are compared, and `hit` where only the hit is (so a rerun of the oracle
 * writes the same bytes). */
const listed = (m: ReadonlyMap<string, number>, proto: string) =>
  [...m].map(([k, n]) => (countCompared(proto, k) ? `${k} ×${n}` : `${k} hit`)).sort();

export function compareDnsFlow(id: string, trace: Trace, kernel: FlowObservation): DnsFlowComparison {
  const proto = trace.hops[0]?.protocol ?? 'udp';
  const model = modelRuleCounts(trace);
  const seen = new Map(kernel.hits.map((h) => [ruleName(h.family, h.table, h.chain, h.rule), h.packets]));
  const differences: string[] = [];
  for (const key of new Set([...model.keys(), ...seen.keys()])) {
    const m = model.get(key) ?? 0;
    const k = seen.get(key) ?? 0;
    if (countCompared(proto, key) ? m !== k : (m === 0) !== (k === 0))
      differences.push(`rule ${key}: model ${m} packets, kernel ${k}`);
  }
  const kernelEntries = kernel.conntrack
    .filter((e: ZonedEntry) => e.protocol === proto)
    .map(entryText)
    .sort();
  const modelCt = modelEntries(trace);
  if (proto === 'udp' && modelCt.join('\n') !== kernelEntries.join('\n')) {
    differences.push(`conntrack: model [${modelCt.join('; ')}]; kernel [${kernelEntries.join('; ')}]`);
  }
  const answers = { model: modelAnswer(trace), kernel: kernelAnswer(kernel) };
  if (answers.model !== answers.kernel) differences.push(`answer: model ${answers.model}; kernel ${answers.kernel}`);
  return {
    id,
    agree: differences.length === 0,
    differences,
    model: { rules: listed(model, proto), conntrack: modelCt, answer: answers.model },
    kernel: { rules: listed(seen, proto), conntrack: kernelEntries, answer: answers.kernel },
  };
}
