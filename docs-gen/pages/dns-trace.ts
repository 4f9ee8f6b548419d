// ::dns-trace{scenario="dns-…" profile="…" [counterexample="true"]}: a DNS scenario (model/scenarios/dns.ts) in the
// profile's pod with DNS capture on (model/profiles' dnsWorld): the query and its answer as a sequence diagram with the
// conntrack zone of each packet, where each query landed, the zone each answer was looked up in, and the rule hits.
// As ::trace does, it runs the invariants first and refuses a violating trace unless the page calls it a
// counterexample (the #46935 answer in the wrong zone is one, on purpose).
import type { BlockContent } from 'mdast';
import { simulate } from '../../model/pod/index.ts';
import { dnsWorld } from '../../model/profiles/index.ts';
import { type DnsScenario, findDnsScenario } from '../../model/scenarios/index.ts';
import {
  conntrackText,
  describeDisposition,
  ep,
  hitLabel,
  type Trace,
  traceToMermaid,
} from '../../model/trace/index.ts';
import { inlineCode, paragraph, table } from '../mdast.ts';
import { type PageContext, profileOrThrow } from '../site/context.ts';
import { diagramBlocks } from './diagram-block.ts';
import { hopTable, landings, refuseViolations } from './trace.ts';

function dnsScenarioOrThrow(id: string | undefined): DnsScenario {
  const s = id ? findDnsScenario(id) : undefined;
  if (!s) throw new Error(`unknown DNS scenario ${JSON.stringify(id)}`);
  return s;
}

/** What the scenario's pod is configured with, in istio-iptables' flags. */
export function setupWords(s: DnsScenario): string {
  const server = s.setup.server === 'stub' ? 'the stub resolver 127.0.0.53' : 'the kube-dns Service';
  return s.setup.captureAllDns
    ? `--redirect-dns --capture-all-dns (resolv.conf names ${server})`
    : `--redirect-dns, the server list being resolv.conf's server, ${server}`;
}

function queryZone(trace: Trace): BlockContent {
  return table(
    ['Hop', 'Query', 'Query conntrack', 'Answer', 'Answer conntrack', 'Answer outcome'],
    trace.hops.map((h) => [
      String(h.n),
      `${h.protocol.toUpperCase()} ${ep(h.src)} -> ${ep(h.dst)}`,
      h.conntrack ? conntrackText(h.conntrack) : '(not followed)',
      h.reply
        ? `${h.reply.actor.label}: ${ep(h.reply.src)} -> ${ep(h.reply.dst)}, seen as from ${ep(h.reply.srcAfterNat)}`
        : '(none)',
      h.reply ? conntrackText(h.reply.conntrack) : '',
      h.reply ? `${h.reply.outcome}${h.reply.reason ? `: ${h.reply.reason}` : ''}` : '',
    ]),
  );
}

function answerHits(trace: Trace): BlockContent {
  const rows = trace.hops.flatMap((h) =>
    (h.reply?.hits ?? []).map((x, i) => [
      i === 0 ? String(h.n) : '',
      x.table.name,
      hitLabel(x),
      x.kind === 'rule' ? inlineCode(x.rule) : x.rule,
    ]),
  );
  return table(['Answer to hop', 'Table', 'Step', 'Rule'], rows);
}

export function dnsTraceBlocks(ctx: PageContext, attrs: Readonly<Record<string, string>>): BlockContent[] {
  const profile = profileOrThrow(attrs.profile);
  const scenario = dnsScenarioOrThrow(attrs.scenario);
  const world = dnsWorld(profile, scenario.setup);
  const connection = scenario.connection(world);
  const trace = simulate(world, connection);
  if (attrs.counterexample !== 'true') refuseViolations(world, scenario.id, profile.name, trace, connection);
  const labels = [
    ...new Set(trace.hops.flatMap((h) => (h.landed.kind === 'listener' ? [String(h.landed.listenerPort)] : []))),
  ];
  return [
    paragraph(
      `Profile ${profile.name}, DNS capture ${setupWords(scenario)}. ${scenario.description} Outcome: ${describeDisposition(trace.disposition)}.`,
    ),
    ...diagramBlocks(
      ctx,
      `${scenario.id}-${profile.name}`,
      traceToMermaid(trace),
      labels,
      `Sequence diagram: ${scenario.id} on ${profile.name}, each query and its dashed answer with their conntrack zones`,
    ),
    landings(trace),
    paragraph('Conntrack, query and answer: the zone each packet was looked up in, and the entry after it.'),
    queryZone(trace),
    paragraph('The rules the queries pass:'),
    hopTable(world, trace),
    paragraph('The rules the answers pass on their way back:'),
    answerHits(trace),
  ];
}
