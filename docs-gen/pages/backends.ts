// ::backends-table: iptables vs native nftables for every shared golden configuration that has both an iptables
// golden and an nftables golden (test/fixtures/istio/goldens and nft-goldens, configurations in configs/): each
// backend's generated rules in the pod the configuration describes, compared by story over every packet class of
// each family (oracle/backends.ts). Each difference is shown as its simplest connection traced under both backends.
// Kernel confirmation: the kernel oracle's namespaces are IPv4 only (oracle/replay-trace.ts, skip `not-ipv4`), so a
// difference on IPv6 says it is not confirmed on the kernel yet rather than claim what was never run.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BlockContent } from 'mdast';
import { describeConnection } from '../../model/invariants/index.ts';
import { renderTraceText } from '../../model/trace/index.ts';
import {
  type BackendComparison,
  backendPair,
  compareBackends,
  readConfigFile,
  sharedGoldenNames,
} from '../../oracle/index.ts';
import { code, heading, inlineCode, paragraph, table } from '../mdast.ts';

type WorldDiff = BackendComparison['families'][number];

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../../test/fixtures/istio');

const count = (n: number, what: string) =>
  `${n.toLocaleString('en-US')} ${what}${n === 1 ? '' : what.endsWith('s') ? 'es' : 's'}`;

/** One table cell: the verdict for one family. */
function verdict(d: WorldDiff): string {
  const why: string[] = [];
  if (d.sampled !== null) why.push(`sampled: ${d.sampled}`);
  if (d.undetermined > 0) why.push(`${count(d.undetermined, 'class')} undetermined`);
  if (d.groups.length === 0) {
    const head = why.length === 0 ? 'equivalent' : 'no difference found';
    return `${head} over ${count(d.classes, 'class')}${why.length > 0 ? ` (${why.join('; ')})` : ''}`;
  }
  const changed = d.groups.reduce((n, g) => n + g.classes, 0);
  return `${count(d.groups.length, 'difference')} (${count(changed, 'class')} of ${d.classes.toLocaleString('en-US')})`;
}

function differenceBlocks(c: BackendComparison): BlockContent[] {
  return c.families.flatMap((d) =>
    d.groups.flatMap((g, i) => [
      heading(3, `${c.name}, ${d.family}, difference ${i + 1}: ${g.change}`),
      paragraph(
        `${count(g.classes, 'class')}; simplest connection: `,
        inlineCode(describeConnection(g.example)),
        '. Kernel: not confirmed yet (the kernel oracle replays IPv4 connections only).',
      ),
      paragraph('With the iptables backend:'),
      code('text', renderTraceText(g.oldTrace)),
      paragraph('With the native nftables backend:'),
      code('text', renderTraceText(g.newTrace)),
    ]),
  );
}

export function backendsBlocks(): BlockContent[] {
  const names = sharedGoldenNames(join(FIXTURES, 'goldens'), join(FIXTURES, 'nft-goldens'));
  const comparisons = names.map((n) => compareBackends(backendPair(n, readConfigFile(join(FIXTURES, 'configs'), n))));
  const rows = comparisons.map((c) => [c.name, c.iptablesFamilies.join(', '), ...c.families.map(verdict)]);
  const differing = comparisons.filter((c) => c.families.some((d) => d.groups.length > 0)).length;
  return [
    paragraph(
      `${count(comparisons.length, 'configuration')} compared, ${differing} with differences. `,
      'The column "iptables rules" lists the families the iptables backend writes rules for; a family it does not ',
      "write has no ip6tables rules at all in its pod, while the native backend's tables of family ",
      inlineCode('inet'),
      ' see both families.',
    ),
    table(['configuration', 'iptables rules', 'IPv4', 'IPv6'], rows),
    heading(2, 'Each difference as a trace pair'),
    ...(differing === 0 ? [paragraph('No configuration differs.')] : comparisons.flatMap(differenceBlocks)),
  ];
}
