// What changed for one connection between two rulesets, in the terms a reviewer groups by (issue 14: "deleting rule
// 4 of istio-1.10: Envoy's outbound connections now loop, as one group"). The change starts at the first hop whose
// story differs (who opened it, its protocol, where it landed): an application's connection that Envoy forwards and
// Envoy's own connection both change at Envoy's hop, so they are one change, opened by Envoy. A loop is told by the
// listeners it cycles through, not by how many hops it took before a hop repeated an earlier one (model/pod/simulate.ts
// calls that a loop; the count depends on where the connection entered the cycle).
import type { Hop, Trace } from '../trace/index.ts';
import { landingKey } from './fate.ts';
import { outcomeSummary } from './outcome.ts';

export interface StoryChange {
  /** Who opens the first hop whose story differs: the actor's id (part of what groups) and its label (for words). */
  readonly opener: string;
  readonly openerLabel: string;
  /** The story from that hop on, before and after, in a reader's words (a loop as the listeners it cycles through). */
  readonly before: string;
  readonly after: string;
}

function hopStory(h: Hop | undefined): string {
  return h === undefined ? '(none)' : `${h.actor.id} ${h.protocol} ${landingKey(h.landed)}`;
}

/** The story from hop index `from` on, a loop without its length. */
function storyFrom(trace: Trace, from: number): string {
  const rest: Trace = { ...trace, hops: trace.hops.slice(from) };
  if (trace.disposition.kind !== 'loop') return outcomeSummary(rest);
  const cycle = [
    ...new Set(rest.hops.flatMap((h) => (h.landed.kind === 'listener' ? [String(h.dstAfterNat.port)] : []))),
  ];
  return cycle.length > 0 ? `loops through ${cycle.join(' -> ')}` : 'loops';
}

/** The change of story, or null when both traces live the same story (at most a deciding rule differs). */
export function storyChange(before: Trace, after: Trace): StoryChange | null {
  const n = Math.max(before.hops.length, after.hops.length);
  for (let i = 0; i < n; i++) {
    const b = before.hops[i];
    const a = after.hops[i];
    if (hopStory(b) === hopStory(a)) continue;
    const actor = (b ?? a)!.actor;
    return { opener: actor.id, openerLabel: actor.label, before: storyFrom(before, i), after: storyFrom(after, i) };
  }
  if (outcomeSummary(before) === outcomeSummary(after)) return null;
  // Same hops, another end (a loop the hop limit cut at the same place, or a drop after the last landing).
  const last = Math.max(0, n - 1);
  const actor = (before.hops[last] ?? after.hops[last])?.actor;
  return {
    opener: actor?.id ?? '-',
    openerLabel: actor?.label ?? '-',
    before: storyFrom(before, last),
    after: storyFrom(after, last),
  };
}
