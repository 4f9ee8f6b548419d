// ::backends-table: iptables vs native nftables for every shared golden configuration that has both an iptables
// golden and an nftables golden, rendered from generated/backends.json (written by `npm run backends`,
// oracle/backends-data.ts), so the docs never recompute the comparison. Each difference is shown as its simplest
// connection traced under both backends, and says "kernel-confirmed" only where the kernel's replay of that connection
// on both backends matched both traces; anything else says what is missing.
import type { BlockContent } from 'mdast';
import {
  BACKENDS_FILE,
  type BackendsConfiguration,
  type BackendsDifference,
  type BackendsFamily,
  type BackendsResults,
} from '../../oracle/index.ts';
import { code, heading, inlineCode, link, paragraph, table } from '../mdast.ts';
import type { PageContext } from '../site/context.ts';

const count = (n: number, what: string) =>
  `${n.toLocaleString('en-US')} ${what}${n === 1 ? '' : what.endsWith('s') ? 'es' : 's'}`;

/** One table cell: the verdict for one family. */
function verdict(d: BackendsFamily): string {
  const why: string[] = [];
  if (d.sampled !== null) why.push(`sampled: ${d.sampled}`);
  if (d.undetermined > 0) why.push(`${count(d.undetermined, 'class')} undetermined`);
  if (d.differences.length === 0) {
    const head = why.length === 0 ? 'equivalent' : 'no difference found';
    return `${head} over ${count(d.classes, 'class')}${why.length > 0 ? ` (${why.join('; ')})` : ''}`;
  }
  const changed = d.differences.reduce((n, g) => n + g.classes, 0);
  const confirmed = d.differences.filter((g) => g.kernel?.confirmed === true).length;
  const kernel = confirmed === 0 ? '' : `; ${confirmed} of ${d.differences.length} kernel-confirmed`;
  return `${count(d.differences.length, 'difference')} (${count(changed, 'class')} of ${d.classes.toLocaleString('en-US')}${kernel})`;
}

function kernelBlocks(g: BackendsDifference): BlockContent[] {
  const k = g.kernel;
  if (!k) {
    return [
      paragraph(`Kernel: not confirmed yet (no kernel replay of this connection is recorded in ${BACKENDS_FILE}).`),
    ];
  }
  const lines = [...k.iptables.map((l) => `iptables-nft  ${l}`), ...k.nft.map((l) => `nft -f        ${l}`)];
  const head = k.confirmed
    ? 'Kernel-confirmed: the connection replayed in network namespaces, once with the iptables rules ' +
      '(iptables-nft-restore and ip6tables-nft-restore, nothing for a family the backend writes no rules for) and ' +
      'once with the nft script (nft -f), landed hop by hop where each trace says. "counted" lists the rules whose ' +
      'counters rose; "untracked by conntrack" means the pod tracks no connection of that family, so nothing ' +
      'rewrote its destination.'
    : `Kernel: not confirmed (${k.reason ?? 'the replays did not match the traces'}).`;
  return [paragraph(head), ...(lines.length > 0 ? [code('text', lines.join('\n'))] : [])];
}

function differenceBlocks(c: BackendsConfiguration): BlockContent[] {
  return c.families.flatMap((d) =>
    d.differences.flatMap((g, i) => [
      heading(3, `${c.name}, ${d.family}, difference ${i + 1}: ${g.change}`),
      paragraph(`${count(g.classes, 'class')}; simplest connection: `, inlineCode(g.example), '.'),
      ...kernelBlocks(g),
      paragraph('With the iptables backend:'),
      code('text', g.iptablesTrace),
      paragraph('With the native nftables backend:'),
      code('text', g.nftTrace),
    ]),
  );
}

export function backendsBlocks(ctx: PageContext, data: BackendsResults | null): BlockContent[] {
  if (!data) {
    return [
      paragraph(
        `No comparison recorded: generated/${BACKENDS_FILE} is missing (`,
        inlineCode('npm run backends'),
        ' writes it).',
      ),
    ];
  }
  const comparisons = data.configurations;
  const rows = comparisons.map((c) => [c.name, c.iptablesFamilies.join(', '), ...c.families.map(verdict)]);
  const differing = comparisons.filter((c) => c.families.some((d) => d.differences.length > 0)).length;
  return [
    paragraph(
      `${count(comparisons.length, 'configuration')} compared, ${differing} with differences (from `,
      link(ctx.href(BACKENDS_FILE), BACKENDS_FILE),
      '). The column "iptables rules" lists the families the iptables backend writes rules for; a family it does not ',
      "write has no ip6tables rules at all in its pod, while the native backend's tables of family ",
      inlineCode('inet'),
      ' see both families.',
    ),
    table(['configuration', 'iptables rules', 'IPv4', 'IPv6'], rows),
    paragraph(
      'What "kernel-confirmed" covers: the replays place the pod\'s listeners where the model does, on both families, ',
      'so the kernel confirms the capture (which rules the connection matched, where the redirect sends it), not ',
      "Envoy's answer. A family the iptables backend writes no rules for is IPv6 off: istio-iptables saw an IPv4 pod ",
      'address (',
      inlineCode('tools/common/config/config.go'),
      ', istio/istio 86c9f01fd73). Without ',
      inlineCode('ISTIO_DUAL_STACK'),
      " such a pod's Envoy binds its virtual outbound listener to 0.0.0.0 alone (",
      inlineCode('pilot/pkg/networking/core/listener_builder.go'),
      ', same commit), so an IPv6 connection the nftables rules capture may be refused at the redirect target ',
      'rather than proxied, which the model does not yet say.',
    ),
    heading(2, 'Each difference as a trace pair'),
    ...(differing === 0 ? [paragraph('No configuration differs.')] : comparisons.flatMap(differenceBlocks)),
  ];
}
