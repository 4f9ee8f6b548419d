// ::oracle-status: what the kernel oracle found for the traces shown above it on the page, read from
// generated/kernel-oracle.json. A trace the oracle does not replay (another profile) says so, rather than borrowing
// the other traces' verdict.
import type { BlockContent } from 'mdast';
import type { IptablesBackend, KernelOracleResults, OracleFiles } from '../../oracle/index.ts';
import { link, list, paragraph } from '../mdast.ts';
import type { PageContext } from '../site/context.ts';
import { BACKEND_NAMES, backendList } from './oracle-words.ts';

const hops = (n: number): string => `${n} ${n === 1 ? 'hop' : 'hops'}`;

function traceStatus(r: KernelOracleResults, scenario: string, profile: string): string {
  const subject = `${scenario} on ${profile}`;
  if (!r.plan.profiles.includes(profile)) {
    const replayed = r.plan.profiles.join(', ');
    return `${subject}: not replayed (the kernel oracle replays the scenarios of ${replayed}).`;
  }
  const rows = r.scenarios.filter((row) => row.scenario === scenario && row.profile === profile);
  if (rows.length === 0) {
    return `${subject}: no replayed hops in the results (skipped, or added after the last npm run oracle).`;
  }
  // A profile's iptables rules run on the iptables backends; native nftables runs other rules (its own rows).
  const backends = r.plan.backends.filter((b): b is IptablesBackend => b !== 'native-nft');
  const agreeing = (b: IptablesBackend) => rows.filter((row) => row.agree[b] === true).length;
  if (backends.every((b) => agreeing(b) === rows.length)) {
    const all = rows.length === 1 ? 'its one hop agrees' : `all ${rows.length} hops agree`;
    return `${subject}: ${all} with the kernel on ${backendList(backends)}.`;
  }
  const parts = backends.map((b) => {
    const n = agreeing(b);
    return n === rows.length
      ? `all agree on ${BACKEND_NAMES[b]}`
      : `${rows.length - n} DISAGREE on ${BACKEND_NAMES[b]}`;
  });
  return `${subject}: of ${hops(rows.length)}, ${parts.join('; ')}.`;
}

export function oracleStatusBlocks(ctx: PageContext, files: OracleFiles): BlockContent[] {
  if (ctx.traces.length === 0) {
    throw new Error("::oracle-status reports on the traces above it: put it after the page's ::trace directives");
  }
  const report = link(ctx.href('kernel-oracle.md'), 'the kernel oracle report');
  const r = files.results;
  if (!r) {
    return [
      paragraph(
        'Not yet checked against the kernel on this checkout: run npm run oracle as root, then npm run docs (see ',
        report,
        ').',
      ),
    ];
  }
  const seen = new Set<string>();
  const traces = ctx.traces.filter(
    (t) => !seen.has(`${t.scenario} ${t.profile}`) && seen.add(`${t.scenario} ${t.profile}`),
  );
  return [
    paragraph('Checked against the Linux kernel, hop for hop (see ', report, '):'),
    list(traces.map((t) => traceStatus(r, t.scenario, t.profile))),
  ];
}
