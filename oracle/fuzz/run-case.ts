// Runs one fuzz case on a session: load the rules (compared with the model's parse), then every connection.
import type { Backend } from '../types.ts';
import { judge, type Verdict } from './compare.ts';
import type { FuzzCase, FuzzConnection } from './generate.ts';
import { laterPacketsMayDrop, modelWorld, predict } from './predict.ts';
import type { FuzzSession } from './session.ts';

export interface ConnectionResult {
  readonly connection: FuzzConnection;
  readonly sport: number;
  readonly verdict: Verdict;
}

export interface CaseResult {
  readonly load: { readonly model: boolean; readonly kernel: boolean; readonly detail: string };
  readonly connections: readonly ConnectionResult[];
}

export function caseDisagrees(r: CaseResult): string | null {
  if (r.load.model !== r.load.kernel) {
    return `load: model ${r.load.model ? 'loads' : 'refuses'}, kernel ${r.load.kernel ? 'loads' : 'refuses'} (${r.load.detail})`;
  }
  const bad = r.connections.find((c) => c.verdict.kind === 'disagree');
  return bad && bad.verdict.kind === 'disagree' ? `${describeConnection(bad.connection)}: ${bad.verdict.what}` : null;
}

export function describeConnection(c: FuzzConnection): string {
  const who =
    c.from.kind === 'pod'
      ? `pod ${c.from.uid}/${c.from.gid}${c.from.groups ? ` groups ${c.from.groups.join(',')}` : ''}`
      : `remote ${c.from.addr}`;
  return `${who}${c.src ? ` from ${c.src}` : ''} -> ${c.dst.includes(':') ? `[${c.dst}]` : c.dst}:${c.dport}`;
}

export async function runCase(session: FuzzSession, backend: Backend, c: FuzzCase): Promise<CaseResult> {
  const model = modelWorld(c, backend);
  const kernel = await session.load(c.rules);
  const load = {
    model: 'world' in model,
    kernel: kernel.ok,
    detail: 'refused' in model ? model.refused : kernel.stderr,
  };
  if (!('world' in model) || !kernel.ok) return { load, connections: [] };
  const connections: ConnectionResult[] = [];
  const laterMayDrop = laterPacketsMayDrop(c.rules);
  for (const connection of c.connections) {
    const sport = session.nextPort();
    const prediction = predict(model.world, c.family, connection, sport, laterMayDrop);
    const observed = await session.observe(connection, sport);
    connections.push({ connection, sport, verdict: judge(backend, prediction, observed) });
  }
  return { load, connections };
}
