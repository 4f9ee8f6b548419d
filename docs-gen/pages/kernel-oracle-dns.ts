// The DNS section of the kernel oracle report (::kernel-oracle-report): per DNS case a UDP and a TCP query of the
// application to port 53 on each backend, whether model and kernel agree (rule packet counts of request and reply,
// conntrack zones with NAT and replied state, the answer), the kernel's conntrack entries, and every difference.
import type { BlockContent } from 'mdast';
import type { Backend, DnsFlowRow, DnsSection } from '../../oracle/index.ts';
import { heading, list, paragraph, table } from '../mdast.ts';
import { BACKEND_NAMES } from './oracle-words.ts';

const yes = (agree: boolean): string => (agree ? 'yes' : 'NO');

function backendsOf(section: DnsSection): Backend[] {
  return [...new Set(section.flows.map((f) => f.backend))];
}

function flowTable(section: DnsSection): BlockContent {
  const backends = backendsOf(section);
  const nftOrFirst = (f: DnsFlowRow) => f.backend === backends[0];
  const rows = section.flows.filter(nftOrFirst).map((f) => {
    const on = (b: Backend) => section.flows.find((x) => x.backend === b && x.case === f.case && x.proto === f.proto);
    return [
      f.case,
      f.proto.toUpperCase(),
      f.kernel.conntrack.join('; ') || '(none)',
      f.kernel.answer,
      ...backends.map((b) => {
        const row = on(b);
        return row ? yes(row.agree) : '-';
      }),
    ];
  });
  const header = [
    'case',
    'query',
    `conntrack after the flow (${BACKEND_NAMES[backends[0] ?? 'nft']})`,
    'answer (kernel)',
    ...backends.map((b) => `agree (${b})`),
  ];
  return table(header, rows);
}

export function dnsSection(section: DnsSection | undefined): BlockContent[] {
  if (!section) {
    return [heading(2, 'DNS flows'), paragraph('Not in these results: they predate the DNS oracle.')];
  }
  const t = section.total;
  const differing = section.flows.filter((f) => !f.agree);
  return [
    heading(2, 'DNS flows'),
    paragraph(
      `${t.flows} flows (the application's UDP and TCP queries to port 53 in ${section.cases.length} cases, on `,
      `${backendsOf(section)
        .map((b) => BACKEND_NAMES[b])
        .join(' and ')}): ${t.agree} agree, ${t.disagree} disagree. Compared: the packets of the query, `,
      "pilot-agent's upstream exchange and their replies on every rule (UDP exactly; TCP: nat counts exactly, other ",
      "rules hit or not, as the handshake adds packets), the pod's conntrack entries with zone, original and reply ",
      'tuples and replied state (UDP; ports the kernel chose shown as *), and the answer the client received.',
    ),
    flowTable(section),
    ...(differing.length === 0
      ? []
      : [
          heading(3, 'DNS differences'),
          list(differing.map((f) => `${f.backend} ${f.case} ${f.proto}: ${f.differences.join('; ')}`)),
        ]),
  ];
}
