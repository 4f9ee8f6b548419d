// A connection's fate, as the classes promise it: the same for every connection of a class. It is the path of every
// hop (who opens it, every rule hit in every table, where it lands) and how the story ends, without the addresses
// and ports that differ inside a class. diff compares a coarser view of it (fate-change.ts).
import { type RuleHit, runOfHit, tableLabel } from '../kernel/index.ts';
import type { Landing, Trace } from '../trace/index.ts';

export function landingKey(l: Landing): string {
  switch (l.kind) {
    case 'listener':
      return `listener ${l.listener}`;
    case 'left-pod':
      // The name of a Service or outside actor is part of the fate; an unnamed address outside the pod is not.
      return `left-pod ${l.iface} ${l.to.startsWith('outside the pod') ? 'outside' : l.to}`;
    case 'refused':
      return 'refused';
    case 'dropped':
      return 'dropped';
    case 'undetermined':
      return `undetermined at ${l.at ? `${tableLabel(l.at.table)} ${l.at.chain} ${l.at.index}` : '-'}`;
  }
}

/**
 * A hit's rule, or the run of same-target rules it is part of (model/kernel/runs.ts): the connections of one class
 * may exit by different rules of a run, all with one target.
 */
function ruleOrRun(hit: RuleHit): string {
  const run = runOfHit(hit);
  return run === undefined ? String(hit.index) : `${run.first + 1}..${run.last + 1}`;
}

/** The fate of a traced connection as one comparable string. */
export function fateKey(trace: Trace): string {
  const hops = trace.hops.map((h) => {
    const hits = h.hits.map((x) => `${tableLabel(x.table)}/${x.chain}/${ruleOrRun(x)}/${x.kind}`).join(',');
    return `${h.parent}<${h.relation} ${h.actor.id} ${h.protocol} [${hits}] ${landingKey(h.landed)}`;
  });
  const d = trace.disposition;
  const end = d.kind === 'loop' ? `loop ${d.cycle.join(',')}` : d.kind;
  return `${hops.join(' | ')} => ${end}`;
}
