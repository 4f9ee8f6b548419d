// ::trace{scenario="…" profile="…" [counterexample="true"]}: a verified trace as a sequence diagram, a hop table and
// the netfilter path in words. The scenario's invariants run first; a violating trace is refused unless the page says
// it is a counterexample page.
import type { BlockContent } from 'mdast';
import {
  INVARIANTS,
  type InvariantContext,
  inferIntent,
  renderCounterexampleText,
} from '../../model/invariants/index.ts';
import { simulate, type World } from '../../model/pod/index.ts';
import { CLASSIC_PROFILE, findProfile, type Profile, profileRuleset } from '../../model/profiles/index.ts';
import { type TableName, whyMatched } from '../../model/rules/index.ts';
import {
  describeDisposition,
  ep,
  hitLabel,
  type Trace,
  traceInWords,
  traceToMermaid,
} from '../../model/trace/index.ts';
import { inlineCode, list, paragraph, table } from '../mdast.ts';
import { type PageContext, profileOrThrow, profileWorld, scenarioOrThrow } from '../site/context.ts';
import { diagramBlocks } from './diagram-block.ts';
import { describeRenumbering, renumbering } from './renumbering.ts';

export class InvariantRefusal extends Error {
  override readonly name = 'InvariantRefusal';
}

/** The invariants the trace violates, each with its counterexample text (none when the pod has no IPv4 rules). */
export function violations(
  world: World,
  profile: string,
  trace: Trace,
  connection: Parameters<typeof simulate>[1],
): { readonly id: string; readonly text: string }[] {
  const rs = world.pod.rulesets.ipv4;
  if (!rs) return [];
  const ctx: InvariantContext = { world, intent: inferIntent(rs), family: 'ipv4' };
  return INVARIANTS.flatMap((inv) => {
    if (inv.notApplicable(ctx) !== null || !inv.inScope(connection, ctx)) return [];
    const r = inv.check(trace, connection, ctx);
    if (r.ok !== false) return [];
    return [
      {
        id: inv.id,
        text: renderCounterexampleText({ invariant: inv, connection, trace, why: r.why, rules: profile }),
      },
    ];
  });
}

export function refuseViolations(
  world: World,
  scenarioId: string,
  profile: string,
  trace: Trace,
  connection: Parameters<typeof simulate>[1],
): void {
  const [first] = violations(world, profile, trace, connection);
  if (first) {
    throw new InvariantRefusal(
      `the trace of ${scenarioId} on ${profile} violates invariant ${first.id}; mark the page counterexample="true" to publish it anyway\n${first.text}`,
    );
  }
}

export function hopTable(world: World, trace: Trace): BlockContent {
  const rs = world.pod.rulesets.ipv4;
  const rows = trace.hops.flatMap((hop) =>
    hop.hits.map((h, i) => {
      const rule = rs?.tables.find((t) => t.name === h.table.name)?.chains.find((c) => c.name === h.chain)?.rules[
        h.index - 1
      ];
      const why =
        h.kind === 'policy'
          ? `no rule decided it, so the built-in chain's policy ${h.target} applies`
          : h.kind === 'return'
            ? 'no rule of the chain matched: back to the calling chain'
            : rule
              ? whyMatched(rule)
              : '';
      return [
        i === 0 ? String(hop.n) : '',
        i === 0 ? `${hop.actor.label} ${ep(hop.src)} -> ${ep(hop.dst)}` : '',
        h.table.name,
        hitLabel(h),
        h.kind === 'rule' ? inlineCode(h.rule) : h.rule,
        why,
      ];
    }),
  );
  return table(['Hop', 'Connection', 'Table', 'Step', 'Rule', 'Why it matched'], rows);
}

export function landings(trace: Trace): BlockContent {
  return table(
    ['Hop', 'Opened by', 'Socket', 'After NAT', 'Landed'],
    trace.hops.map((h) => [
      String(h.n),
      h.actor.owner ? `${h.actor.label} (uid/gid ${h.actor.owner.uid}/${h.actor.owner.gid})` : h.actor.label,
      `${ep(h.src)} -> ${ep(h.dst)}`,
      `${ep(h.srcAfterNat)} -> ${ep(h.dstAfterNat)}`,
      h.landed.kind === 'listener'
        ? `${h.landed.listener} (${ep(h.landed.local)}, original destination ${ep(h.landed.originalDst)})`
        : h.landed.kind === 'left-pod'
          ? `left the pod via ${h.landed.iface} to ${h.landed.to}`
          : h.landed.kind,
    ]),
  );
}

/**
 * Pages explain rules by the classic chain's numbers (istio-1.10, the article's). A trace on another profile numbers
 * rules as that profile does, so say where those numbers differ, for every chain the trace passes.
 */
function numberingNote(profile: Profile, trace: Trace): BlockContent[] {
  const classic = findProfile(CLASSIC_PROFILE)!;
  if (profile.name === classic.name) return [];
  const chains = new Map<string, { table: string; chain: string }>();
  // Profiles are iptables rulesets: a table is known by its name.
  for (const h of trace.hops.flatMap((hop) => hop.hits)) {
    chains.set(`${h.table.name} ${h.chain}`, { table: h.table.name, chain: h.chain });
  }
  const notes = [...chains.values()].flatMap(({ table, chain }) => {
    const r = renumbering(profileRuleset(classic), profileRuleset(profile), table as TableName, chain);
    return r ? [describeRenumbering(r, classic.name, profile.name)] : [];
  });
  if (notes.length === 0) {
    return [
      paragraph(`Every rule this trace passes has the same number and text in ${profile.name} as in ${classic.name}.`),
    ];
  }
  return [
    paragraph(`Rule numbers below are ${profile.name}'s own. Where they differ from ${classic.name}'s:`),
    list(notes),
  ];
}

export function traceBlocks(ctx: PageContext, attrs: Readonly<Record<string, string>>): BlockContent[] {
  const profile = profileOrThrow(attrs.profile);
  const scenario = scenarioOrThrow(attrs.scenario);
  const world = profileWorld(profile);
  const connection = scenario.connection(world);
  const trace = simulate(world, connection);
  if (attrs.counterexample !== 'true') refuseViolations(world, scenario.id, profile.name, trace, connection);
  ctx.traces.push({ scenario: scenario.id, profile: profile.name });
  const labels = [
    ...new Set(trace.hops.flatMap((h) => (h.landed.kind === 'listener' ? [String(h.landed.listenerPort)] : []))),
  ];
  return [
    paragraph(`Profile ${profile.name}: ${scenario.description} Outcome: ${describeDisposition(trace.disposition)}.`),
    ...numberingNote(profile, trace),
    ...diagramBlocks(
      ctx,
      `${scenario.id}-${profile.name}`,
      traceToMermaid(trace),
      labels,
      `Sequence diagram: ${scenario.id} on ${profile.name}, hop by hop`,
    ),
    landings(trace),
    hopTable(world, trace),
    list(traceInWords(trace)),
  ];
}
