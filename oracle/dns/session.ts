// A DNS session of the kernel oracle: a namespace pair for one backend, the pod's rules, pilot-agent's stand-in on
// 127.0.0.1:15053 (UDP and TCP, as the agent's uid/gid) forwarding each query to the upstream server, that server in
// the remote namespace (owning the resolv.conf address on its lo, UDP and TCP 53), and the pod's querying clients.
// Each flow starts from an empty conntrack table (pod namespace only) and reports the counter deltas of request and
// reply packets together, the pod's conntrack entries in every zone, and what the client received.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { actorScriptDir } from '../actors.ts';
import { type CounterReader, type Counters, LegacyCounterReader, NftCounterReader } from '../counters.ts';
import { createNamespacePair, destroyNamespacePairSync, inNetns, listOurNamespaces, newPairNames } from '../netns.ts';
import { NetnsShell } from '../netns-shell.ts';
import { delay, ProcessGroup } from '../proc.ts';
import { parseSave, ruleKey, type SavedRule, withEmptiedTables } from '../save-format.ts';
import { backendTools } from '../tools.ts';
// DNS flows are replayed on the iptables backends (the rules come from istio-iptables' generator).
import type { IptablesBackend as Backend } from '../types.ts';
import { type DnsActor, type DnsProto, type QueryResult, spawnDnsActor } from './actor.ts';
import type { StubResolver } from './cases.ts';
import { readZonedConntrack, type ZonedEntry } from './conntrack-zones.ts';

export const DNS_PROXY = { addr: '127.0.0.1', port: 15053 } as const;

export interface DnsSessionOptions {
  readonly backend: Backend;
  readonly rules: string;
  /** pilot-agent's identity (Istio's proxy uid/gid, or the configuration's). */
  readonly agent: { readonly uid: number; readonly gid: number };
  /** The resolv.conf server the agent forwards to; the remote namespace owns it. */
  readonly upstream: string;
  /** Other DNS servers outside the pod the application may query directly (the remote namespace owns them). */
  readonly others?: readonly string[];
  /** The pod's stub resolver, when the upstream is one (the goldens' 127.0.0.53): run as the model says. */
  readonly stub?: StubResolver;
}

export interface CountedHit {
  readonly table: string;
  readonly chain: string;
  readonly index: number;
  readonly rule: string;
  /** Packets counted during the flow. */
  readonly packets: number;
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
  private readonly counters: CounterReader;
  private readonly tools;
  private scripts: { dir: string; dispose: () => void } | undefined;
  private rules = new Map<string, SavedRule>();
  private loaded: string[] = [];
  private agent: DnsActor | undefined;
  private readonly clients = new Map<string, DnsActor>();
  private nextPort = 41000;

  constructor(private readonly options: DnsSessionOptions) {
    const tools = backendTools(options.backend);
    if (!tools) throw new Error(`no iptables tools for backend ${options.backend}`);
    this.tools = tools;
    this.podShell = new NetnsShell(this.procs, this.pair.pod, join(this.scratch, 'pod.stderr'));
    this.counters =
      options.backend === 'nft'
        ? new NftCounterReader(this.procs, this.pair.pod)
        : new LegacyCounterReader(this.podShell, tools.save);
  }

  async start(): Promise<void> {
    this.scripts = actorScriptDir();
    await createNamespacePair(this.procs, this.pair);
    await this.load(this.options.rules);
    const upstream = { addr: this.options.upstream, port: 53 };
    const actors: DnsActor[] = [];
    // A loopback server (the goldens' 127.0.0.53) is the pod's own stub resolver, as the model's world has it: it
    // listens on that address in the pod, as its own uid/gid, and forwards to the cluster's DNS, which the remote
    // namespace owns. Any other server is outside the pod: the remote namespace owns it.
    const stub = this.options.stub;
    if (upstream.addr.startsWith('127.') && stub?.addr !== upstream.addr) {
      throw new Error(`DNS server ${upstream.addr} is on the pod's loopback but the model's world has no stub there`);
    }
    const remote = stub ? { addr: stub.upstream, port: 53 } : upstream;
    await this.procs.run('ip', ['-n', this.pair.remote, 'addr', 'add', `${remote.addr}/32`, 'dev', 'lo']);
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
      await this.procs.run('ip', ['-n', this.pair.remote, 'addr', 'add', `${addr}/32`, 'dev', 'lo']);
      actors.push(
        spawnDnsActor(this.procs, this.scripts.dir, { ns: this.pair.remote, uid: 0, gid: 0 }, [
          { name: `${addr}-udp`, proto: 'udp', addr, port: 53 },
          { name: `${addr}-tcp`, proto: 'tcp', addr, port: 53 },
        ]),
      );
    }
    const { uid, gid } = this.options.agent;
    this.agent = spawnDnsActor(this.procs, this.scripts.dir, { ns: this.pair.pod, uid, gid }, [
      { name: 'agent-udp', proto: 'udp', ...DNS_PROXY, upstream },
      { name: 'agent-tcp', proto: 'tcp', ...DNS_PROXY, upstream },
    ]);
    await Promise.all([...actors, this.agent].map((a) => a.ready));
  }

  /** Replaces the pod's rules (tables no longer named are emptied) and re-learns rule positions. */
  async load(rules: string): Promise<void> {
    const restore = this.options.backend === 'legacy' ? [this.tools.restore, '--wait=10'] : [this.tools.restore];
    const [cmd, args] = inNetns(this.pair.pod, restore[0]!, restore.slice(1));
    await this.procs.run(cmd, args, { input: withEmptiedTables(rules, this.loaded) });
    const saved = parseSave((await this.podShell.run([this.tools.save])).stdout);
    this.rules = new Map(saved.rules.map((r) => [ruleKey(r.table, r.chain, r.index), r]));
    this.loaded = [...new Set([...this.loaded, ...saved.tables])];
    await this.counters.prepare(saved.rules);
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
    const before = await this.counters.read();
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
    const after = await this.counters.read();
    return {
      result,
      hits: this.delta(before, after),
      conntrack: await readZonedConntrack(this.podShell),
      proxied: this.agent!.served.length - proxiedBefore,
      upstreamAnswered: this.agent!.forwarded.slice(forwardedBefore),
    };
  }

  private port(): number {
    this.nextPort = this.nextPort >= 60000 ? 41000 : this.nextPort + 1;
    return this.nextPort;
  }

  private delta(before: Counters, after: Counters): CountedHit[] {
    const hits: CountedHit[] = [];
    for (const [key, n] of after) {
      const packets = n - (before.get(key) ?? 0);
      const saved = this.rules.get(key);
      if (packets > 0 && saved)
        hits.push({ table: saved.table, chain: saved.chain, index: saved.index, rule: saved.rule, packets });
    }
    return hits.sort(
      (a, b) => a.table.localeCompare(b.table, 'en') || a.chain.localeCompare(b.chain, 'en') || a.index - b.index,
    );
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
