// One oracle session: a fresh namespace pair for one backend, the rules, the listener and client actors, the counter
// reader, and the per-hop observation loop. withOracle (harness.ts) owns its lifetime.
import { mkdtempSync, rmSync } from 'node:fs';
import { release, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Family } from '../model/net/index.ts';
import { AcceptInbox } from './accept-inbox.ts';
import { type Actor, actorScriptDir, spawnActor } from './actors.ts';
import type { SyncDisposable } from './cleanup.ts';
import { flushConntrack, indexByClient, originalDestination, readConntrack } from './conntrack.ts';
import {
  type CounterReader,
  type Counters,
  diffHits,
  IP6TABLES_NFT_SCOPE,
  IPTABLES_NFT_SCOPE,
  LegacyCounterReader,
  NftCounterReader,
} from './counters.ts';
import { createFuzzPair } from './fuzz/namespaces.ts';
import { nftTraceTable } from './fuzz/trace-nft.ts';
import {
  listingMismatches,
  loadNativeScript,
  NATIVE_NFT_SCOPE,
  nativeRules,
  nativeTree,
  seesEveryPacket,
} from './native-nft.ts';
import { NativeTraceHits } from './native-trace-hits.ts';
import {
  createNamespacePair,
  destroyNamespacePairSync,
  inNetns,
  listOurNamespaces,
  type NamespacePair,
  newPairNames,
} from './netns.ts';
import { NetnsShell } from './netns-shell.ts';
import { SourcePorts } from './ports.ts';
import { delay, ProcessGroup } from './proc.ts';
import { parseSave, ruleKey, type SavedRule, withEmptiedTables } from './save-format.ts';
import { backendTools } from './tools.ts';
import { APP, DEFAULT_LISTENERS, INBOUND_PASSTHROUGH_SRC6, OWNER_GROUPS, PORTS, PROXY, ROOT } from './topology.ts';
import type {
  IptablesBackend,
  ListenerSpec,
  ObservedHop,
  ObservedOutcome,
  Oracle,
  OracleActor,
  OracleHit,
  OracleHop,
  OracleOptions,
  Where,
} from './types.ts';

const DEFAULT_FORWARD_DEPTH = 4;

type MutableHop = { -readonly [K in keyof ObservedHop]: ObservedHop[K] };
type Accepted = Extract<ObservedOutcome, { kind: 'accepted' }>;

/** `uname -r` without a build date some distributions append (e.g. `-20240101`). */
export function kernelRelease(): string {
  return release().replace(/[-_+.](?:19|20)\d{2}-?[01]\d-?[0-3]\d(?:\D.*)?$/, '');
}

function restoreCommand(backend: IptablesBackend, restore: string): string[] {
  return backend === 'legacy' ? [restore, '--wait=10'] : [restore];
}

export class Session implements SyncDisposable {
  readonly pair: NamespacePair = newPairNames();
  private readonly procs = new ProcessGroup();
  private readonly ports = new SourcePorts();
  /** Private scratch directory (the shells' stderr files), removed with the session. */
  private readonly scratch = mkdtempSync(join(tmpdir(), 'scx-session-'));
  private readonly podShell = new NetnsShell(this.procs, this.pair.pod, join(this.scratch, 'pod.stderr'));
  private readonly remoteShell = new NetnsShell(this.procs, this.pair.remote, join(this.scratch, 'remote.stderr'));
  private readonly listeners: readonly ListenerSpec[];
  private readonly maxDepth: number;
  private readonly counters: CounterReader;
  private readonly restoreArgs: readonly string[];
  private readonly save: string;
  private readonly family: Family;
  private scripts: { dir: string; dispose: () => void } | undefined;
  private rules = new Map<string, SavedRule>();
  private loadedTables: string[] = [];
  private last: Counters = new Map();
  /** Native rules outside the nat tables: hits come from the SYN's trace, not from counters (native-trace-hits.ts). */
  private traced: NativeTraceHits | undefined;
  private tracing = false;
  private readonly listenerActors = new Map<string, Actor>();
  private readonly clients = new Map<string, Promise<Actor>>();
  private readonly inbox = new AcceptInbox();
  private pendingOrigDst: Array<{ hop: MutableHop; clientAddr: string; clientPort: number }> = [];
  private queue: Promise<unknown> = Promise.resolve();
  private disposed = false;

  constructor(private readonly options: OracleOptions) {
    this.family = options.family ?? 'ipv4';
    if (options.backend === 'native-nft') {
      this.restoreArgs = [];
      this.save = '';
      this.counters = new NftCounterReader(this.procs, this.pair.pod, NATIVE_NFT_SCOPE);
    } else {
      const tools = backendTools(options.backend, this.family);
      if (!tools) throw new Error(`no ${this.family} iptables tools for backend ${options.backend}`);
      this.restoreArgs = restoreCommand(options.backend, tools.restore);
      // An IPv6 session observes the ip6 tables only: IPv4 tables never see an IPv6 packet.
      const scope = this.family === 'ipv4' ? IPTABLES_NFT_SCOPE : IP6TABLES_NFT_SCOPE;
      this.counters =
        options.backend === 'nft'
          ? new NftCounterReader(this.procs, this.pair.pod, scope)
          : new LegacyCounterReader(this.podShell, tools.save);
      this.save = tools.save;
    }
    const forwarding = options.forwardingOutbound;
    this.maxDepth = forwarding?.maxDepth ?? DEFAULT_FORWARD_DEPTH;
    this.listeners = (options.listeners ?? DEFAULT_LISTENERS).map((l) =>
      forwarding && l.where === 'pod' && l.port === PORTS.outbound ? { ...l, forwarding: true } : l,
    );
  }

  api(): Oracle {
    return {
      replay: (hops) => this.serialised(() => this.replay(hops)),
      reload: (rules) => this.serialised(() => this.reload(rules)),
      kernelVersion: kernelRelease(),
      namespaces: this.pair,
    };
  }

  private serialised<R>(work: () => Promise<R>): Promise<R> {
    const run = this.queue.then(() => {
      if (this.disposed) throw new Error('kernel oracle session already closed');
      return work();
    });
    this.queue = run.catch(() => {});
    return run;
  }

  async start(): Promise<void> {
    this.scripts = actorScriptDir();
    if (this.family === 'ipv4') await createNamespacePair(this.procs, this.pair);
    else await this.createDualStack();
    await this.load(this.options.rules);
    await this.startListeners();
    // The usual dialers start now so the first hops do not pay for a node start-up.
    await Promise.all([
      this.clientFor({ where: 'pod', ...PROXY }),
      this.clientFor({ where: 'pod', ...APP }),
      this.clientFor({ where: 'remote' }),
    ]);
  }

  /**
   * The fuzzer's dual-stack pair (same IPv4 addresses as createNamespacePair, plus IPv6), ::6 on the pod's lo, and
   * the session's IPv4 rules (an iptables backend), loaded once and never observed.
   */
  private async createDualStack(): Promise<void> {
    await createFuzzPair(this.procs, this.pair);
    await this.procs.run('ip', ['-n', this.pair.pod, 'addr', 'add', `${INBOUND_PASSTHROUGH_SRC6}/128`, 'dev', 'lo']);
    const { ipv4Rules, backend } = this.options;
    if (ipv4Rules === undefined || backend === 'native-nft') return;
    const tools = backendTools(backend, 'ipv4');
    if (!tools) throw new Error(`no ipv4 iptables tools for backend ${backend}`);
    const [restore, ...args] = restoreCommand(backend, tools.restore);
    const [cmd, cmdArgs] = inNetns(this.pair.pod, restore!, args);
    await this.procs.run(cmd, cmdArgs, { input: ipv4Rules });
  }

  private nsOf(where: Where): string {
    return where === 'pod' ? this.pair.pod : this.pair.remote;
  }

  private async load(rules: string): Promise<void> {
    if (this.options.backend === 'native-nft') return this.loadNative(rules);
    const [restore, ...restoreArgs] = this.restoreArgs;
    const [cmd, args] = inNetns(this.pair.pod, restore!, restoreArgs);
    await this.procs.run(cmd, args, { input: withEmptiedTables(rules, this.loadedTables) });
    const saved = parseSave((await this.podShell.run([this.save])).stdout);
    this.rules = new Map(saved.rules.map((r) => [ruleKey(r.table, r.chain, r.index), r]));
    this.loadedTables = [...new Set([...this.loadedTables, ...saved.tables])];
    await this.counters.prepare(saved.rules);
    this.last = await this.counters.read();
  }

  private async loadNative(script: string): Promise<void> {
    const groups = this.options.groups ?? OWNER_GROUPS;
    const tree = nativeTree(script, groups);
    this.tracing = seesEveryPacket(tree);
    const loaded = this.tracing ? `${script}\n${nftTraceTable()}` : script;
    await loadNativeScript(this.procs, this.pair.pod, this.scratch, loaded, groups);
    const listing = (await this.podShell.run(['nft', '-j', 'list', 'ruleset'])).stdout;
    const mismatches = listingMismatches(tree, listing);
    if (mismatches.length > 0) throw new Error(`nft holds other rules than the script says: ${mismatches.join('; ')}`);
    const rules = nativeRules(tree);
    this.rules = new Map(rules.map((r) => [ruleKey(r.table, r.chain, r.index), r]));
    if (this.tracing) {
      this.traced ??= new NativeTraceHits(this.procs, this.pair.pod, this.podShell);
      await this.traced.prepare(this.rules);
      return;
    }
    await this.counters.prepare(rules);
    this.last = await this.counters.read();
  }

  /** The rules the hop matched: counter deltas, or (tracing) the rules its SYN matched. */
  private async hopHits(): Promise<OracleHit[]> {
    if (this.tracing) return this.traced!.end(await this.clientFor({ where: 'pod', ...ROOT }));
    const after = await this.counters.read();
    const hits = diffHits(this.last, after, this.rules);
    this.last = after;
    return hits;
  }

  private async reload(rules: string): Promise<void> {
    await this.load(rules);
    await flushConntrack(this.podShell, this.family);
  }

  private async startListeners(): Promise<void> {
    const groups = new Map<string, ListenerSpec[]>();
    for (const l of this.listeners) {
      const key = `${l.where}:${l.uid}:${l.gid}`;
      groups.set(key, [...(groups.get(key) ?? []), l]);
    }
    const started: Promise<void>[] = [];
    for (const specs of groups.values()) {
      const first = specs[0]!;
      const actor = spawnActor(
        this.procs,
        this.scripts!.dir,
        'listener.mjs',
        { ns: this.nsOf(first.where), uid: first.uid, gid: first.gid },
        (e) => this.inbox.deliver(e),
        { listeners: specs.map(({ name, addr, port }) => ({ name, addr, port })) },
      );
      for (const s of specs) this.listenerActors.set(s.name, actor);
      started.push(actor.ready, ...specs.map((s) => actor.whenListening(s.name)));
    }
    await Promise.all(started);
    // Readiness as the kernel sees it, from `ss`; never by connecting, which would bump counters (oracle/OBSERVATIONS.md).
    await Promise.all((['pod', 'remote'] as const).map((w) => this.waitListening(w)));
  }

  private async waitListening(where: Where): Promise<void> {
    // ss brackets IPv6 addresses: `[::]:15001`.
    const wanted = this.listeners
      .filter((l) => l.where === where)
      .map((l) => `${l.addr.includes(':') ? `[${l.addr}]` : l.addr}:${l.port}`);
    const shell = where === 'pod' ? this.podShell : this.remoteShell;
    for (let attempt = 0; ; attempt++) {
      const { stdout } = await shell.run(['ss', '-Hltn']);
      const listening = new Set(stdout.split('\n').map((line) => line.trim().split(/\s+/)[3]));
      const missing = wanted.filter((w) => !listening.has(w));
      if (missing.length === 0) return;
      if (attempt > 500) throw new Error(`listeners never appeared in ss (${where}): ${missing.join(', ')}`);
      await delay(20);
    }
  }

  private clientFor(actor: OracleActor): Promise<Actor> {
    const identity =
      actor.where === 'pod'
        ? { ns: this.pair.pod, uid: actor.uid, gid: actor.gid, ...(actor.groups ? { groups: actor.groups } : {}) }
        : { ns: this.pair.remote, uid: 0, gid: 0 };
    const key = `${identity.ns}:${identity.uid}:${identity.gid}:${identity.groups?.join(',') ?? ''}`;
    let client = this.clients.get(key);
    if (!client) {
      const a = spawnActor(this.procs, this.scripts!.dir, 'client.mjs', identity, (e) => this.inbox.deliver(e));
      client = a.ready.then(() => a);
      this.clients.set(key, client);
    }
    return client;
  }

  private async replay(hops: readonly OracleHop[]): Promise<ObservedHop[]> {
    // Start every client the batch needs at once: a client is a process start (about 100 ms), and hops run in order.
    await Promise.all(hops.map((hop) => this.clientFor(hop.actor)));
    const observed: ObservedHop[] = [];
    for (const hop of hops) observed.push(await this.observeChain(hop));
    await this.resolveOrigDst();
    return observed;
  }

  /** A hop, then (if a forwarding listener accepted it) the stand-in's re-dials, up to maxDepth. */
  private async observeChain(hop: OracleHop): Promise<ObservedHop> {
    const first = await this.observe(hop, await this.clientFor(hop.actor));
    const followOn: MutableHop[] = [];
    let current = first;
    for (let depth = 1; ; depth++) {
      const spec = current.outcome.kind === 'accepted' ? this.listenerSpec(current.outcome.listener) : undefined;
      if (!spec?.forwarding || spec.where !== 'pod') break;
      if (depth > this.maxDepth) {
        current.forwardStop = 'depth-limit';
        break;
      }
      await this.resolveOrigDst();
      const outcome = current.outcome as Accepted;
      if (outcome.origDst === undefined || outcome.origDport === undefined) {
        current.forwardStop = 'no-original-destination';
        break;
      }
      const redial: OracleHop = {
        id: `${hop.id}>fwd${depth}`,
        actor: { where: 'pod', uid: spec.uid, gid: spec.gid },
        dst: outcome.origDst,
        dport: outcome.origDport,
        ...(hop.timeoutMs === undefined ? {} : { timeoutMs: hop.timeoutMs }),
      };
      // The stand-in dials from its own process, so the re-dial carries the listener's uid/gid like Envoy's would.
      current = await this.observe(redial, this.listenerActors.get(spec.name)!);
      followOn.push(current);
    }
    if (followOn.length > 0) first.followOn = followOn;
    return first;
  }

  private listenerSpec(name: string): ListenerSpec | undefined {
    return this.listeners.find((l) => l.name === name);
  }

  private async observe(hop: OracleHop, dialer: Actor): Promise<MutableHop> {
    let sport = hop.sport;
    if (sport === undefined) {
      const taken = this.ports.take();
      if (taken.wrapped) {
        await this.resolveOrigDst();
        await flushConntrack(this.podShell, this.family);
      }
      sport = taken.port;
    }
    if (this.tracing) this.traced!.begin();
    const result = await dialer.dial({
      id: hop.id,
      dst: hop.dst,
      dport: hop.dport,
      sport,
      ...(hop.src === undefined ? {} : { src: hop.src }),
      ...(hop.timeoutMs === undefined ? {} : { timeoutMs: hop.timeoutMs }),
    });
    // connect() has returned, so the SYN (and, for a remote client, the pod's PREROUTING) has been through nat.
    // Wait for the listener's accept report while the counters are read, not after.
    const accepted =
      result.result === 'connected' ? this.inbox.take(result.localAddr ?? '', result.localPort ?? -1) : undefined;
    const hits = await this.hopHits();
    const observed: MutableHop = { id: hop.id, hits, outcome: { kind: 'error', message: 'not observed' } };
    if (result.localAddr !== undefined && result.localPort !== undefined) {
      observed.source = { addr: result.localAddr, port: result.localPort };
    }
    switch (result.result) {
      case 'connected': {
        const accept = await accepted;
        if (!accept) {
          observed.outcome = {
            kind: 'error',
            message: `connected from ${result.localAddr}:${result.localPort}, but no oracle listener reported it`,
          };
          break;
        }
        observed.outcome = {
          kind: 'accepted',
          listener: accept.listener,
          localAddr: accept.localAddr,
          localPort: accept.localPort,
        };
        // In the remote namespace nothing is NATed, so there is no conntrack entry: "not redirected".
        if (this.listenerSpec(accept.listener)?.where === 'pod') {
          this.pendingOrigDst.push({ hop: observed, clientAddr: accept.peerAddr, clientPort: accept.peerPort });
        }
        break;
      }
      case 'refused':
        observed.outcome = { kind: 'refused' };
        break;
      case 'timeout':
        observed.outcome = { kind: 'timeout' };
        break;
      case 'error':
        observed.outcome = { kind: 'error', message: result.error ?? 'unknown error' };
        break;
      default: {
        const never: never = result.result;
        throw new Error(`unknown dial result ${never}`);
      }
    }
    return observed;
  }

  /** One conntrack read for every accepted-in-the-pod hop still waiting for its original destination. */
  private async resolveOrigDst(): Promise<void> {
    if (this.pendingOrigDst.length === 0) return;
    const pending = this.pendingOrigDst;
    this.pendingOrigDst = [];
    const entries = await readConntrack(this.podShell, this.family);
    const byClient = indexByClient(entries);
    for (const p of pending) {
      const outcome = p.hop.outcome as Accepted;
      const orig = originalDestination(byClient, { addr: p.clientAddr, port: p.clientPort }, outcome);
      if (orig) p.hop.outcome = { ...outcome, origDst: orig.addr, origDport: orig.port };
      // An accepted connection stays in a tracked table for at least 10 s (CLOSE), so an empty one is not tracking.
      else if (entries.length === 0) p.hop.outcome = { ...outcome, untracked: true };
    }
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.queue;
    await this.procs.stopAll();
    destroyNamespacePairSync(this.pair);
    this.scripts?.dispose();
    rmSync(this.scratch, { recursive: true, force: true });
    const left = listOurNamespaces().filter((ns) => ns === this.pair.pod || ns === this.pair.remote);
    const alive = this.procs.livePids();
    if (left.length > 0 || alive.length > 0) {
      throw new Error(`oracle cleanup incomplete: namespaces ${left.join(', ')} processes ${alive.join(', ')}`);
    }
  }

  disposeSync(): void {
    this.disposed = true;
    this.procs.killAllSync();
    destroyNamespacePairSync(this.pair);
    this.scripts?.dispose();
    rmSync(this.scratch, { recursive: true, force: true });
  }
}
