// The per-hop tables of the kernel oracle report (::kernel-oracle-report): every scenario hop per profile, the edited
// and mutated rulesets, and the loop end to end.
import type { BlockContent } from 'mdast';
import { type KernelOracleResults, type LoopRecord, outcomeText, type RuleAt, ruleLabel } from '../../oracle/index.ts';
import { heading, paragraph, table } from '../mdast.ts';
import { countCells } from './oracle-words.ts';

const yes = (agree: boolean): string => (agree ? 'yes' : 'NO');
const ordered = (rules: readonly RuleAt[]): string => rules.map(ruleLabel).join(' → ') || '(none)';
const counted = (rules: readonly RuleAt[]): string => rules.map(ruleLabel).join(', ') || '(none)';

export function scenarioTables(r: KernelOracleResults): BlockContent[] {
  const header = [
    'scenario',
    'hop',
    'model rules',
    'kernel rules',
    'landing (kernel)',
    'agree (nft)',
    'agree (legacy)',
  ];
  return r.plan.profiles.flatMap((profile) => {
    const rows = r.scenarios
      .filter((row) => row.profile === profile)
      .map((row) => [
        row.scenario,
        `${row.hop}: ${row.actor} ${row.src} → ${row.dst}`,
        ordered(row.modelRules),
        counted(row.kernelRules),
        outcomeText(row.landing),
        yes(row.agree.nft),
        row.agree.legacy === undefined ? '-' : yes(row.agree.legacy),
      ]);
    return rows.length === 0 ? [] : [heading(2, `Scenarios on ${profile}`), table(header, rows)];
  });
}

export function mutantTable(r: KernelOracleResults): BlockContent[] {
  const rows = r.mutants.map((m) => [m.ruleset, ...countCells(m).slice(1)]);
  const header = ['ruleset', 'compared', 'skipped', 'hops', 'agree', 'disagree'];
  return [heading(2, `Edited and mutated rulesets of ${r.plan.mutantProfile}`), table(header, rows)];
}

export function loopSection(loop: LoopRecord): BlockContent[] {
  const rows = loop.hops.map((h) => [
    h.hopId,
    ordered(h.modelRules),
    counted(h.kernelRules),
    outcomeText(h.landing),
    yes(h.agree),
  ]);
  const { disposition, description } = loop.model;
  return [
    heading(2, `Loop: ${loop.caseId}`),
    paragraph(
      `Model: ${disposition}${description ? ` (${description})` : ''}. Kernel: the forwarding Envoy stand-in on 15001 `,
      `re-dials ${loop.hops.length - 1} times until the depth limit; the REDIRECT in ISTIO_REDIRECT is counted `,
      `${loop.redirects} times for one client connection.`,
    ),
    table(['hop', 'model rules', 'kernel rules', 'landing (kernel)', 'agree'], rows),
  ];
}
