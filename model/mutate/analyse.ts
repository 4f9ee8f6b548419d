// Mutation analysis: for each mutant, run every connection of the domain on the original and on the mutant. If no
// connection behaves differently, the model has shown the mutant equivalent; otherwise it is killed when an invariant
// that holds on the original fails on the mutant, and a survivor is reported with the first behaviour it changes.

import { buildDomain, domainConnections, INVARIANTS, type Intent, invariantContext } from '../invariants/index.ts';
import type { Addr, Family } from '../net/index.ts';
import { type Connection, simulate, type World } from '../pod/index.ts';
import { addrText, connectionKey, type Trace } from '../trace/index.ts';
import type { Mutant } from './mutants.ts';

export interface MutantResult {
  readonly mutant: Mutant;
  readonly equivalent: boolean;
  /** Invariants that hold on the original and fail on the mutant. */
  readonly killedBy: readonly string[];
  /** For a non-equivalent mutant: the first connection whose story changes. */
  readonly difference?: { readonly connection: Connection; readonly original: string; readonly mutant: string };
}

/** What a trace does, independent of which rules decided it: who opened each hop, where it went, where it ended. */
export function behaviour(trace: Trace): string {
  return signature(trace, addrText);
}

/** behaviour() with addresses as their words: as discriminating, and cheap enough to compute for every connection. */
function behaviourKey(trace: Trace): string {
  return signature(trace, (a) => (a === null ? '-' : a.words.join('.')));
}

function signature(trace: Trace, addr: (a: Addr | null) => string): string {
  const hops = trace.hops.map((h) => {
    const l = h.landed;
    const where =
      l.kind === 'listener'
        ? `${l.role}@${addr(l.local.addr)}:${l.local.port}`
        : l.kind === 'left-pod'
          ? `out:${addr(l.dst.addr)}:${l.dst.port}`
          : l.kind;
    // Traces that follow replies (UDP, DNS) carry conntrack: a mutant that only moves a packet to another zone, or
    // loses or strands an answer, behaves differently (issue 13's zone consistency), not equivalently.
    const ct = h.conntrack ? ` z${h.conntrack.zone}` : '';
    const r = h.reply;
    const reply = r ? ` <${r.conntrack ? `z${r.conntrack.zone}:${r.conntrack.lookup}` : 'untracked'}:${r.outcome}` : '';
    return `${h.actor.id}:${addr(h.src.addr)}>${addr(h.dst.addr)}:${h.dst.port}=${where}${ct}${reply}`;
  });
  return `${hops.join(' | ')} => ${trace.disposition.kind}`;
}

export interface AnalysisInput {
  readonly original: World;
  readonly family: Family;
  readonly intent: Intent;
  /** On a dual-stack world, the other family's intent (default: what its rules declare), for parity. */
  readonly twinIntent?: Intent;
}

function unionDomain(a: World, b: World, family: Family): Connection[] {
  const seen = new Map<string, Connection>();
  for (const w of [a, b]) for (const c of domainConnections(w, buildDomain(w, family))) seen.set(connectionKey(c), c);
  return [...seen.values()];
}

export function analyseMutant(
  input: AnalysisInput,
  mutant: Mutant,
  withRules: (w: World, m: Mutant) => World,
  originalBehaviour: Map<string, string>,
  originallyViolated: ReadonlySet<string>,
): MutantResult {
  const mutated = withRules(input.original, mutant);
  const ctx = invariantContext(mutated, input.family, input.intent, input.twinIntent);
  const active = INVARIANTS.filter((i) => !originallyViolated.has(i.id) && i.notApplicable(ctx) === null);
  const killedBy = new Set<string>();
  let difference: MutantResult['difference'];
  for (const c of unionDomain(input.original, mutated, input.family)) {
    const key = connectionKey(c);
    let before = originalBehaviour.get(key);
    if (before === undefined) {
      before = behaviourKey(simulate(input.original, c));
      originalBehaviour.set(key, before);
    }
    const trace = simulate(mutated, c);
    if (difference === undefined && behaviourKey(trace) !== before) {
      // Words for the reader, only for the first difference: the keys above compare without formatting.
      difference = { connection: c, original: behaviour(simulate(input.original, c)), mutant: behaviour(trace) };
    }
    // Every in-scope connection is checked, not only the changed ones: some invariants are about which rule decides
    // (istiod-exit), which the behaviour signature does not show.
    for (const inv of active) {
      if (!killedBy.has(inv.id) && inv.inScope(c, ctx) && inv.check(trace, c, ctx).ok === false) killedBy.add(inv.id);
    }
  }
  return {
    mutant,
    // A mutant an invariant kills is not equivalent, even when no first packet of the domain shows it: the invariant
    // saw what the signature does not (which rule decides, a later packet conntrack marks INVALID: drop-invalid).
    equivalent: difference === undefined && killedBy.size === 0,
    killedBy: [...killedBy].sort(),
    ...(difference ? { difference } : {}),
  };
}
