// A DNS session of the kernel oracle: a namespace pair for one backend, the pod's rules, pilot-agent's stand-in on
// 127.0.0.1:15053 (UDP and TCP, as the agent's uid/gid) forwarding each query to the upstream server, that server in
// the remote namespace (owning the resolv.conf address on its lo, UDP and TCP 53), and the pod's querying clients.
// Each flow starts from an empty conntrack table (pod namespace only) and reports the counter deltas of request and
// reply packets together, the pod's conntrack entries in every zone, and what the client received. A session whose
// resolv.conf server is an IPv6 address runs in both families: the pair gets the model's IPv6 addresses
// (./ipv6-link.ts), the ip6tables rules are loaded beside the iptables ones (./family-rules.ts), and pilot-agent's
// stand-in listens on ::1:15053, where REDIRECT sends a locally generated IPv6 packet (nf_nat_redirect_ipv6 in
// net/netfilter/nf_nat_redirect.c uses the loopback address for packets from this host).
import { mkdtempSync, rmSync } from 'node:fs';
import { isIPv6 } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Family } from '../../model/net/index.ts';
import { actorScriptDir } from '../actors.ts';
import { createNamespacePair, destroyNamespacePairSync, listOurNamespaces, newPairNames } from '../netns.ts';
import { NetnsShell } from '../netns-shell.ts';
import { delay, ProcessGroup } from '../proc.ts';
// DNS flows are replayed on the iptables backends (the rules come from istio-iptables' generator).
import type { IptablesBackend as Backend } from '../types.ts';
import { type DnsActor, type DnsProto, type QueryResult, spawnDnsActor } from './actor.ts';
import type { StubResolver } from './cases.ts';
import { readZonedConntrack, type ZonedEntry } from './conntrack-zones.ts';
import { type CountedHit, FamilyRuleSet, type FamilyRules } from './family-rules.ts';
import { addIpv6, IPV6 } from './ipv6-link.ts';

export type { CountedHit } from './family-rules.ts';

/** pilot-agent's DNS proxy, per family: its loopback address and port 15053. */
export const DNS_PROXY: Readonly<Record<Family, { readonly addr: string; readonly port: number }>> = {
  ipv4: { addr: '127.0.0.1', port: 15053 },
  ipv6: { addr: '::1', port: 15053 },
};

const familyOf = (addr: string): Family => (isIPv6(addr) ? 'ipv6' : 'ipv4');

export interface DnsSessionOptions {
  readonly backend: Backend;
  /** The iptables-save text of the pod's IPv4 rules. */
  readonly rules: string;
  /** The ip6tables-save text of its IPv6 rules, when the configuration has IPv6 on. */
  readonly rules6?: string;
  /** pilot-agent's identity (Istio's proxy uid/gid, or the configuration's). */
  readonly agent: { readonly uid: number; readonly gid: number };
  /** The resolv.conf server the agent forwards to; the remote namespace owns it. An IPv6 one makes the pair dual-stack. */
  readonly upstream: string;
  /** Other DNS servers outside the pod the application may query directly (the remote namespace owns them). */
  readonly others?: readonly string[];
  /** The pod's stub resolver, when the upstream is one (the goldens' 127.0.0.53): run as the model says. */
  readonly stub?: StubResolver;
}

export interface FlowObservation {
  readonly result: QueryResult;
  readonly hits: readonly CountedHit[];
  readonly conntrack: readonly ZonedEntry[];
  /** Queries pilot-agent's stand-in received during the flow. */
  readonly proxied: number;
  /** For each query the stand-in forwarded during the flow: whether the upstream server answered it. */
  readonly upstreamAnswered: readonly boolean[];
}

export interface FlowRequest {
  readonly id: string;
  readonly client: { readonly uid: number; readonly gid: number };
  readonly proto: DnsProto;
  readonly dst: string;
  readonly dport: number;
}

/** Leaves time for the agent's upstream exchange and its answer after the client gave up (a lost answer). */
const SETTLE_MS = 50;

export class DnsSession {
  readonly pair = newPairNames();
  private readonly procs = new ProcessGroup();
  private readonly scratch = mkdtempSync(join(tmpdir(), 'scx-dns-'));
  private readonly podShell: NetnsShell;
  private readonly ruleSet: FamilyRuleSet;
  private readonly family: Family;
  private scripts: { dir: string; dispose: () => void } | undefined;
  private agent: DnsActor | undefined;
  private readonly clients = new Map<string, DnsActor>();
  private nextPort = 41000;

  constructor(private readonly options: DnsSessionOptions) {
    this.family = familyOf(options.upstream);
    this.podShell = new NetnsShell(this.procs, this.pair.pod, join(this.scratch, 'pod.stderr'));
    this.ruleSet = new FamilyRuleSet(options.backend, this.procs, this.podShell, this.pair.pod);
  }

  /**
   * Addresses the remote namespace owns on its lo, per family. An IPv6 one is routed to the remote by its own /128
   * route: a server may be outside the Service range (the dns-uid-gid golden's ::127.0.0.53, which is not the pod's
   * loopback: IPv6 has only ::1).
   */
  private async ownRemote(addrs: readonly string[]): Promise<void> {
    for (const addr of addrs) {
      const v6 = familyOf(addr) === 'ipv6';
      await this.procs.run('ip', ['-n', this.pair.remote, 'addr', 'add', `${addr}/${v6 ? 128 : 32}`, 'dev', 'lo']);
      if (v6) await this.procs.run('ip', ['-n', this.pair.pod, 'route', 'replace', `${addr}/128`, 'via', IPV6.remote]);
    }
  }

  async start(): Promise<void> {
    this.scripts = actorScriptDir();
    await createNamespacePair(this.procs, this.pair);
    if (this.family === 'ipv6') await addIpv6(this.procs, this.pair);
    await this.load(this.options.rules, this.options.rules6);
    const upstream = { addr: this.options.upstream, port: 53 };
    const actors: DnsActor[] = [];
    // A loopback server (the goldens' 127.0.0.53) is the pod's own stub resolver, as the model's world has it: it
    // listens on that address in the pod, as its own uid/gid, and forwards to the cluster's DNS, which the remote
    // namespace owns. Any other server is outside the pod: the remote namespace owns it.
    const stub = this.options.stub;
    if (stub && this.family === 'ipv6')
      throw new Error(`a stub resolver is modelled on IPv4 only, not ${upstream.addr}`);
    if (upstream.addr.startsWith('127.') && stub?.addr !== upstream.addr) {
      throw new Error(`DNS server ${upstream.addr} is on the pod's loopback but the model's world has no stub there`);
    }
    const remote = stub ? { addr: stub.upstream, port: 53 } : upstream;
    await this.ownRemote([remote.addr]);
    actors.push(
      spawnDnsActor(this.procs, this.scripts.dir, { ns: this.pair.remote, uid: 0, gid: 0 }, [
        // Bound to the server's address: an unbound UDP socket would answer from the link's (10.250.0.3).
        { name: 'upstream-udp', proto: 'udp', ...remote },
        { name: 'upstream-tcp', proto: 'tcp', ...remote },
      ]),
    );
    if (stub) {
      actors.push(
        spawnDnsActor(this.procs, this.scripts.dir, { ns: this.pair.pod, uid: stub.uid, gid: stub.gid }, [
          { name: 'stub-udp', proto: 'udp', ...upstream, upstream: remote },
          { name: 'stub-tcp', proto: 'tcp', ...upstream, upstream: remote },
        ]),
      );
    }
    for (const addr of this.options.others ?? []) {
      if (addr.startsWith('127.'))
        throw new Error(`DNS server ${addr}: only the upstream may be on the pod's loopback`);
      await this.ownRemote([addr]);
      actors.push(
        spawnDnsActor(this.procs, this.scripts.dir, { ns: this.pair.remote, uid: 0, gid: 0 }, [
          { name: `${addr}-udp`, proto: 'udp', addr, port: 53 },
          { name: `${addr}-tcp`, proto: 'tcp', addr, port: 53 },
        ]),
      );
    }
    const { uid, gid } = this.options.agent;
    this.agent = spawnDnsActor(this.procs, this.scripts.dir, { ns: this.pair.pod, uid, gid }, [
      { name: 'agent-udp', proto: 'udp', ...DNS_PROXY[this.family], upstream },
      { name: 'agent-tcp', proto: 'tcp', ...DNS_PROXY[this.family], upstream },
    ]);
    await Promise.all([...actors, this.agent].map((a) => a.ready));
  }

  /**
   * Replaces the pod's rules of both families (tables no longer named are emptied; IPv6 rules loaded before and not
   * given now are emptied too) and re-learns rule positions.
   */
  async load(rules: string, rules6?: string): Promise<void> {
    const both: FamilyRules = { ipv4: rules, ...(rules6 === undefined ? {} : { ipv6: rules6 }) };
    await this.ruleSet.load(both);
  }

  private async client(who: { uid: number; gid: number }): Promise<DnsActor> {
    const key = `${who.uid}:${who.gid}`;
    let c = this.clients.get(key);
    if (!c) {
      c = spawnDnsActor(this.procs, this.scripts!.dir, { ns: this.pair.pod, ...who });
      this.clients.set(key, c);
    }
    await c.ready;
    return c;
  }

  async flow(req: FlowRequest): Promise<FlowObservation> {
    const client = await this.client(req.client);
    await this.podShell.run(['conntrack', '-F']);
    const before = await this.ruleSet.read();
    const proxiedBefore = this.agent!.served.length;
    const forwardedBefore = this.agent!.forwarded.length;
    const result = await client.query({
      id: req.id,
      proto: req.proto,
      dst: req.dst,
      dport: req.dport,
      sport: this.port(),
    });
    await delay(SETTLE_MS);
    const after = await this.ruleSet.read();
    return {
      result,
      hits: this.ruleSet.delta(before, after),
      conntrack: await readZonedConntrack(this.podShell),
      proxied: this.agent!.served.length - proxiedBefore,
      upstreamAnswered: this.agent!.forwarded.slice(forwardedBefore),
    };
  }

  private port(): number {
    this.nextPort = this.nextPort >= 60000 ? 41000 : this.nextPort + 1;
    return this.nextPort;
  }

  async dispose(): Promise<void> {
    await this.procs.stopAll();
    destroyNamespacePairSync(this.pair);
    this.scripts?.dispose();
    rmSync(this.scratch, { recursive: true, force: true });
    const left = listOurNamespaces().filter((ns) => ns === this.pair.pod || ns === this.pair.remote);
    const alive = this.procs.livePids();
    if (left.length > 0 || alive.length > 0) {
      throw new Error(`dns oracle cleanup incomplete: namespaces ${left.join(', ')} processes ${alive.join(', ')}`);
    }
  }
}

/** Runs work in a fresh DNS session and always cleans up, also when work throws. */
export async function withDnsOracle<R>(options: DnsSessionOptions, work: (s: DnsSession) => Promise<R>): Promise<R> {
  const session = new DnsSession(options);
  try {
    await session.start();
    return await work(session);
  } finally {
    await session.dispose();
  }
}
