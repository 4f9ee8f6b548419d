// ::invariants: each invariant, its status per profile, and one counterexample from a mutant, rendered.
import type { BlockContent } from 'mdast';
import { DEAD_RULES_LINT, describeConnection, findInvariant, INVARIANTS } from '../../model/invariants/index.ts';
import { makeWorld } from '../../model/pod/index.ts';
import { findProfile, PROFILES, profileRuleset } from '../../model/profiles/index.ts';
import { deleteRules } from '../../model/rules/index.ts';
import { renderTraceText, traceToMermaid } from '../../model/trace/index.ts';
import { findCounterexample } from '../../properties/index.ts';
import { code, heading, inlineCode, list, paragraph, table } from '../mdast.ts';
import type { PageContext } from '../site/context.ts';
import { profileReport } from './analysis.ts';
import { diagramBlocks } from './diagram-block.ts';
import { describeRenumbering, renumbering } from './renumbering.ts';

function statusTable(): BlockContent {
  const reports = PROFILES.map((p) => ({ p, r: profileReport(p) }));
  return table(
    ['Invariant', ...PROFILES.map((p) => p.name)],
    INVARIANTS.map((inv) => [
      inv.id,
      ...reports.map(({ r }) => r.invariants.find((x) => x.id === inv.id)?.status ?? '-'),
    ]),
  );
}

function catalog(): BlockContent {
  return list([
    ...INVARIANTS.map((inv) => [inlineCode(inv.id), `: ${inv.statement} Scope: ${inv.scope}.`]),
    [inlineCode(DEAD_RULES_LINT.id), `: ${DEAD_RULES_LINT.statement} Scope: ${DEAD_RULES_LINT.scope}.`],
  ]);
}

function violations(): BlockContent[] {
  const rows = PROFILES.flatMap((p) =>
    profileReport(p)
      .invariants.filter((i) => i.status === 'violated' && i.counterexample)
      .map((i) => [p.name, i.id, describeConnection(i.counterexample!.connection), i.counterexample!.why]),
  );
  return [table(['Profile', 'Invariant', 'Simplest counterexample', 'Why'], rows)];
}

function mutantCounterexample(ctx: PageContext): BlockContent[] {
  const profile = findProfile('istio-1.10')!;
  const mutant = deleteRules(profileRuleset(profile), 'nat', 'ISTIO_OUTPUT', [4, 7]);
  const world = makeWorld({ rulesets: { ipv4: mutant }, envoy: profile.envoy });
  const renumbered = renumbering(profileRuleset(profile), mutant, 'nat', 'ISTIO_OUTPUT');
  if (!renumbered) throw new Error('deleting two rules must renumber ISTIO_OUTPUT');
  const result = findCounterexample(world, 'proxy-no-loop');
  if (result.kind !== 'counterexample') throw new Error('the rules-4-and-7 mutant no longer breaks proxy-no-loop');
  const { found } = result;
  const inv = findInvariant('proxy-no-loop')!;
  return [
    heading(2, 'A counterexample from a mutant: istio-1.10 without rules 4 and 7'),
    paragraph(
      'Deleting ISTIO_OUTPUT rules 4 (',
      inlineCode('-m owner --uid-owner 1337 -j RETURN'),
      ') and 7 (',
      inlineCode('-m owner --gid-owner 1337 -j RETURN'),
      `) breaks ${inv.id}. fast-check finds and shrinks the counterexample: ${describeConnection(found.connection)}. ${found.why}. Replay: seed ${found.seed}, path ${found.path}.`,
    ),
    paragraph(
      'Deleting rules renumbers the ones after them. ',
      ...describeRenumbering(renumbered, profile.name, 'the mutant'),
      ' The diagram and the trace below number the rules as the mutant does.',
    ),
    ...diagramBlocks(
      ctx,
      'mutant-proxy-no-loop',
      traceToMermaid(found.trace),
      ['15001'],
      `Sequence diagram: the ${inv.id} counterexample on ${profile.name} without ISTIO_OUTPUT rules 4 and 7`,
    ),
    code('text', renderTraceText(found.trace).trimEnd()),
  ];
}

export function invariantsBlocks(ctx: PageContext): BlockContent[] {
  return [
    heading(2, 'The catalog'),
    catalog(),
    heading(2, 'Status per profile'),
    statusTable(),
    heading(2, 'Where Istio really broke an invariant'),
    ...violations(),
    ...mutantCounterexample(ctx),
  ];
}
