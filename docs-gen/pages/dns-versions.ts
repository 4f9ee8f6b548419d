// ::dns-versions: what each profile's release does with DNS, computed from the model rather than written by hand:
// the conntrack zone of the application's query, of pilot-agent's upstream query, and the zone its answer is found
// in with a server list and with --capture-all-dns, and which invariants the DNS scenarios violate there.
import type { BlockContent } from 'mdast';
import { simulate } from '../../model/pod/index.ts';
import type { Profile } from '../../model/profiles/index.ts';
import { dnsCapable, dnsWorld, PROFILES } from '../../model/profiles/index.ts';
import { DNS_SCENARIOS, type DnsScenario, findDnsScenario } from '../../model/scenarios/index.ts';
import type { HopConntrack, Trace } from '../../model/trace/index.ts';
import { paragraph, table } from '../mdast.ts';
import { violations } from './trace.ts';

function run(p: Profile, s: DnsScenario): { trace: Trace; violated: string[] } {
  const w = dnsWorld(p, s.setup);
  const c = s.connection(w);
  const trace = simulate(w, c);
  return { trace, violated: violations(w, p.name, trace, c).map((v) => v.id) };
}

const zone = (c: HopConntrack | null | undefined): string => (c == null ? 'untracked' : `zone ${c.zone}`);

/** An answer should be found as its query's reply; a new entry means it missed the query's zone. */
const answerZone = (c: HopConntrack | null | undefined): string =>
  c == null
    ? 'untracked'
    : c.lookup === 'new'
      ? `zone ${c.zone}, a new entry (the query's stays UNREPLIED)`
      : `zone ${c.zone}, found as ${c.lookup}`;

function scenario(id: string): DnsScenario {
  const s = findDnsScenario(id);
  if (!s) throw new Error(`::dns-versions needs the DNS scenario ${id}`);
  return s;
}

function row(p: Profile): string[] {
  if (!dnsCapable(p)) return [p.name, 'not modelled (environment-driven before 1.9)', '', '', '', ''];
  const listed = run(p, scenario('dns-query')).trace;
  const all = run(p, scenario('dns-capture-all')).trace;
  const upstream = (t: Trace) => t.hops.find((h) => h.actor.id === 'pilot-agent');
  const violated = [...new Set(DNS_SCENARIOS.flatMap((s) => run(p, s).violated.map((id) => `${id} (${s.id})`)))];
  return [
    p.name,
    zone(listed.hops[0]?.conntrack),
    zone(upstream(listed)?.conntrack),
    answerZone(upstream(listed)?.reply?.conntrack),
    answerZone(upstream(all)?.reply?.conntrack),
    violated.length === 0 ? 'none' : violated.join(', '),
  ];
}

export function dnsVersionBlocks(): BlockContent[] {
  return [
    paragraph(
      'Per profile, with DNS capture switched on (--redirect-dns), the conntrack zone each DNS packet is looked up in ',
      "(UDP; 0 is the default zone) and the invariants the page's DNS scenarios violate:",
    ),
    table(
      [
        'Profile',
        "Application's query",
        "pilot-agent's upstream query",
        'Its answer, server list',
        'Its answer, --capture-all-dns',
        'Invariants violated',
      ],
      PROFILES.map(row),
    ),
  ];
}
