// Replays every DNS case on each backend: one session per (backend, pilot-agent identity, server), the cases' rules
// reloaded into it in turn, a UDP and a TCP query of the application to the server per case, each compared with the
// model's trace of the same query.
import { parseAddr } from '../../model/net/index.ts';
import { simulate } from '../../model/pod/index.ts';
// DNS flows are replayed on the iptables backends (the rules come from istio-iptables' generator).
import type { IptablesBackend as Backend } from '../types.ts';
import type { DnsProto } from './actor.ts';
import type { DnsCase } from './cases.ts';
import { compareDnsFlow, type DnsFlowComparison } from './compare.ts';
import { withDnsOracle } from './session.ts';

export interface DnsCaseResult extends DnsFlowComparison {
  readonly backend: Backend;
  readonly case: string;
  readonly proto: DnsProto;
}

export async function runDnsCases(backends: readonly Backend[], cases: readonly DnsCase[]): Promise<DnsCaseResult[]> {
  const groups = new Map<string, DnsCase[]>();
  for (const c of cases) {
    const stub = c.stub ? ` stub ${c.stub.uid}/${c.stub.gid}@${c.stub.addr}->${c.stub.upstream}` : '';
    const key = `${c.agent.uid}/${c.agent.gid}@${c.server}${stub}`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  const results: DnsCaseResult[] = [];
  for (const backend of backends) {
    for (const group of groups.values()) {
      const first = group[0]!;
      const others = [...new Set(group.map((c) => c.query).filter((q) => q !== first.server))];
      const options = {
        backend,
        rules: first.rules,
        ...(first.rules6 === undefined ? {} : { rules6: first.rules6 }),
        agent: first.agent,
        upstream: first.server,
        others,
        ...(first.stub ? { stub: first.stub } : {}),
      };
      await withDnsOracle(options, async (session) => {
        for (const c of group) {
          if (c !== first) await session.load(c.rules, c.rules6);
          const app = c.world.pod.app;
          for (const proto of c.protocols) {
            const id = `${backend}:${c.id}:${proto}`;
            const trace = simulate(c.world, {
              from: { kind: 'pod', actor: 'app', uid: app.uid, gid: app.gid },
              protocol: proto,
              dst: { addr: parseAddr(c.query), port: 53 },
            });
            const observed = await session.flow({ id, client: app, proto, dst: c.query, dport: 53 });
            results.push({ backend, case: c.id, proto, ...compareDnsFlow(id, trace, observed) });
          }
        }
      });
    }
  }
  return results;
}
