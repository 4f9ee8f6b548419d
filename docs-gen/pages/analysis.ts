// Per-profile analysis the reference pages share, computed once: which scenario hops hit which rule, dead rules.
import { type CheckReport, checkWorld } from '../../model/invariants/index.ts';
import { simulate } from '../../model/pod/index.ts';
import type { Profile } from '../../model/profiles/index.ts';
import { SCENARIOS } from '../../model/scenarios/index.ts';
import type { Trace } from '../../model/trace/index.ts';
import { profileWorld } from '../site/context.ts';

const reports = new Map<string, CheckReport>();
const traces = new Map<string, Map<string, Trace>>();

export function profileReport(profile: Profile): CheckReport {
  let r = reports.get(profile.name);
  if (!r) {
    r = checkWorld(profileWorld(profile));
    reports.set(profile.name, r);
  }
  return r;
}

export function scenarioTraces(profile: Profile): Map<string, Trace> {
  let m = traces.get(profile.name);
  if (!m) {
    const world = profileWorld(profile);
    m = new Map(SCENARIOS.map((s) => [s.id, simulate(world, s.connection(world))]));
    traces.set(profile.name, m);
  }
  return m;
}

/** "local-to-local (hop 2)" for every scenario hop that hit the rule. */
export function scenariosHitting(profile: Profile, table: string, chain: string, index: number): string[] {
  const out: string[] = [];
  for (const [id, trace] of scenarioTraces(profile)) {
    const hops = trace.hops.filter((h) =>
      h.hits.some((x) => x.kind === 'rule' && x.table.name === table && x.chain === chain && x.index === index),
    );
    if (hops.length > 0) out.push(`${id} (hop ${hops.map((h) => h.n).join(', ')})`);
  }
  return out;
}
