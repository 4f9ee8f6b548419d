// ::kernel-oracle-report: what the kernel oracle compared and found, rendered from generated/kernel-oracle.json
// (written by `npm run oracle`), with the machine of the last run in a region the freshness check skips.
import type { BlockContent } from 'mdast';
import {
  type KernelOracleResults,
  MACHINE_FILE,
  type MachineFacts,
  type OracleFiles,
  RESULTS_FILE,
  type SummaryRow,
} from '../../oracle/index.ts';
import { heading, inlineCode, link, list, paragraph, table } from '../mdast.ts';
import type { PageContext } from '../site/context.ts';
import { machineRegion } from '../site/machine-facts.ts';
import { dnsSection } from './kernel-oracle-dns.ts';
import { loopSection, mutantTable, scenarioTables } from './kernel-oracle-tables.ts';
import { BACKEND_NAMES, backendList, countCells, disagreementBlocks } from './oracle-words.ts';

function machineBlocks(ctx: PageContext, m: MachineFacts | null): BlockContent[] {
  if (!m) return machineRegion([paragraph(`The machine of the last run is not recorded (no ${MACHINE_FILE}).`)]);
  const timings = m.backends.map((b) =>
    b.available
      ? `${BACKEND_NAMES[b.backend]}: ${b.hops} hops in ${b.seconds} s (${b.hopsPerSecond} hops/s)`
      : `${BACKEND_NAMES[b.backend]}: not available (${b.reason ?? 'no reason recorded'})`,
  );
  return machineRegion([
    paragraph(
      `Last verified on Linux ${m.kernel} with Node ${m.node}; ${timings.join('; ')} (from `,
      link(ctx.href(MACHINE_FILE), MACHINE_FILE),
      ').',
    ),
  ]);
}

function summaryLabel(row: SummaryRow): string {
  switch (row.set) {
    case 'scenario':
      return `scenarios, ${row.profile}`;
    case 'arbitrary':
      return `arbitrary connections, ${row.profile}`;
    case 'mutant':
      return `edited and mutated ${row.profile} rulesets`;
    case 'loop':
      return `loop, ${row.profile}`;
    default: {
      const never: never = row.set;
      throw new Error(`unknown case set ${JSON.stringify(never)}`);
    }
  }
}

function summary(r: KernelOracleResults): BlockContent[] {
  const rows = r.summary.map((row) => [summaryLabel(row), row.backend, ...countCells(row)]);
  const header = ['cases', 'backend', 'connections', 'compared', 'skipped', 'hops', 'agree', 'disagree'];
  return [heading(2, 'Summary'), table(header, [...rows, ['total', '', ...countCells(r.total)]])];
}

function findings(r: KernelOracleResults): BlockContent[] {
  if (r.findings.length === 0) return [];
  return [
    heading(2, 'Findings'),
    paragraph('Connections skipped for a reason that is a finding, not a limit of the oracle: never allowed.'),
    list(r.findings.map((f) => `${f.backend} ${f.caseId}: ${f.code}: ${f.reason}`)),
  ];
}

function skipped(r: KernelOracleResults): BlockContent[] {
  if (r.skipped.length === 0) return [heading(2, 'Skipped connections'), paragraph('None.')];
  return [
    heading(2, 'Skipped connections'),
    paragraph(
      'Never counted as agreements. A connection is skipped when any of its hops cannot be replayed faithfully.',
    ),
    table(
      ['code', 'reason', 'connections'],
      r.skipped.map((s) => [inlineCode(s.code), s.description, String(s.connections)]),
    ),
  ];
}

function substitutions(r: KernelOracleResults): BlockContent[] {
  if (r.substitutions.length === 0) return [];
  return [heading(2, 'Replay substitutions'), list(r.substitutions.map((s) => `${s.substitution} (${s.hops} hops)`))];
}

function source(ctx: PageContext, r: KernelOracleResults): BlockContent {
  const p = r.plan;
  return paragraph(
    'The figures below are read from ',
    link(ctx.href(RESULTS_FILE), RESULTS_FILE),
    ', which ',
    inlineCode(r.producer),
    ` writes (as root): seed ${p.seed}, ${p.arbitraryPerProfile} arbitrary connections per `,
    `profile, ${p.mutants} random mutants of ${p.mutantProfile} with ${p.arbitraryPerMutant} arbitrary connections `,
    `each, loop depth ${p.loopDepth}; on ${backendList(p.backends)}.`,
  );
}

export function kernelOracleBlocks(ctx: PageContext, files: OracleFiles): BlockContent[] {
  const r = files.results;
  if (!r) {
    return [
      ...machineBlocks(ctx, files.machine),
      paragraph(`No results on this checkout (no ${RESULTS_FILE}): run npm run oracle as root, then npm run docs.`),
    ];
  }
  return [
    ...machineBlocks(ctx, files.machine),
    source(ctx, r),
    ...summary(r),
    ...disagreementBlocks(r.disagreements),
    ...findings(r),
    ...skipped(r),
    ...substitutions(r),
    ...scenarioTables(r),
    ...mutantTable(r),
    ...loopSection(r.loop),
    ...dnsSection(r.dns),
  ];
}
