// One fuzzing session: a namespace pair in both families for one backend and one family's iptables tools, the trace
// table and reader, listeners in the pod (the model's, on both families) and in the remote, and the clients.
// Rulesets are loaded one after another (tables no longer named are emptied); each connection is dialled, then a
// sync marker is sent, and the trace events up to the marker are that connection's first packet.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Family } from '../../model/net/index.ts';
import { AcceptInbox } from '../accept-inbox.ts';
import { type Actor, type ActorIdentity, actorScriptDir, type DialResult, spawnActor } from '../actors.ts';
import { registerSession, type SyncDisposable, unregisterSession } from '../cleanup.ts';
import { destroyNamespacePairSync, inNetns, listOurNamespaces, newPairNames } from '../netns.ts';
import { NetnsShell } from '../netns-shell.ts';
import { SourcePorts } from '../ports.ts';
import { delay, ProcessGroup } from '../proc.ts';
import { parseSave, withEmptiedTables } from '../save-format.ts';
import { sweepAtStart } from '../stale-sweep.ts';
import type { Backend } from '../types.ts';
import type { FuzzActor, FuzzConnection } from './generate.ts';
import { createFuzzPair } from './namespaces.ts';
import { FUZZ_TOPOLOGY, REMOTE_PORTS, SYNC_PORT, SYNC_PORT_COUNT, SYNC_PORT_FIRST } from './topology.ts';
import type { TraceEvent, TraceHit, TraceReader } from './trace-events.ts';
import { LegacyTraceReader } from './trace-legacy.ts';
import { NftTraceReader, TRACE_TABLE } from './trace-nft.ts';

export interface PodListener {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
  readonly port: number;
  readonly bind: 'any' | 'loopback';
}

export type KernelOutcome =
  | { readonly kind: 'accepted'; readonly where: 'pod' | 'remote'; readonly listener: string; readonly local: string }
  | { readonly kind: 'refused' }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'error'; readonly message: string };

export interface KernelObservation {
  readonly hits: readonly TraceHit[];
  readonly outcome: KernelOutcome;
  readonly sport: number;
}

/** Below the SYN retransmission timeout (1 s): a connection is observed with exactly one SYN. */
const DIAL_TIMEOUT_MS = 700;

function tools(backend: Backend, family: Family) {
  const ip = family === 'ipv4' ? 'iptables' : 'ip6tables';
  return { restore: `${ip}-${backend}-restore`, save: `${ip}-${backend}-save` };
}

/** The native nft table that marks SYNs for tracing and logs (legacy) or traces (nft) the sync marker. */
function traceTable(backend: Backend): string {
  const sync =
    backend === 'nft'
      ? `udp dport ${SYNC_PORT} ip daddr 127.0.0.1 meta nftrace set 1`
      : `udp dport ${SYNC_PORT} ip daddr 127.0.0.1 log group 0 prefix "scx-sync"`;
  return [
    `table inet ${TRACE_TABLE} {`,
    `  chain out { type filter hook output priority -350; tcp flags & (syn | ack) == syn meta nftrace set 1; ${sync}; }`,
    '  chain pre { type filter hook prerouting priority -350; tcp flags & (syn | ack) == syn meta nftrace set 1; }',
    '}',
    '',
  ].join('\n');
}

export class FuzzSession implements SyncDisposable {
  readonly pair = newPairNames();
  private readonly procs = new ProcessGroup();
  private readonly ports = new SourcePorts();
  private readonly scratch = mkdtempSync(join(tmpdir(), 'scx-fuzz-'));
  private readonly podShell = new NetnsShell(this.procs, this.pair.pod, join(this.scratch, 'pod.stderr'));
  private readonly remoteShell = new NetnsShell(this.procs, this.pair.remote, join(this.scratch, 'remote.stderr'));
  private readonly inbox = new AcceptInbox();
  private readonly clients = new Map<string, Promise<Actor>>();
  private readonly listenerWhere = new Map<string, 'pod' | 'remote'>();
  private scripts: { dir: string; dispose: () => void } | undefined;
  private reader: TraceReader | undefined;
  private loadedTables: string[] = [];
  private syncs = 0;
  private disposed = false;

  constructor(
    readonly backend: Backend,
    readonly family: Family,
    private readonly podListeners: readonly PodListener[],
  ) {}

  async start(): Promise<void> {
    sweepAtStart();
    registerSession(this);
    this.scripts = actorScriptDir();
    await createFuzzPair(this.procs, this.pair);
    const [cmd, args] = inNetns(this.pair.pod, 'nft', ['-f', '-']);
    await this.procs.run(cmd, args, { input: traceTable(this.backend) });
    this.reader =
      this.backend === 'nft'
        ? new NftTraceReader(this.procs, this.pair.pod, this.podShell, this.family === 'ipv4' ? 'ip' : 'ip6')
        : new LegacyTraceReader(this.procs, this.pair.pod, join(import.meta.dirname, 'actors'));
    await this.reader.start();
    await this.startListeners();
    await this.client({ kind: 'remote', addr: FUZZ_TOPOLOGY[this.family].remoteAddr });
    await this.syncClient();
  }

  private async startListeners(): Promise<void> {
    const groups = new Map<string, Array<{ name: string; addr: string; port: number }>>();
    const add = (key: string, name: string, addr: string, port: number, where: 'pod' | 'remote') => {
      groups.set(key, [...(groups.get(key) ?? []), { name: `${name}@${addr}`, addr, port }]);
      this.listenerWhere.set(`${name}@${addr}`, where);
    };
    for (const l of this.podListeners) {
      const addrs = l.bind === 'any' ? ['0.0.0.0', '::'] : ['127.0.0.1', '::1'];
      for (const a of addrs) add(`pod:${l.uid}:${l.gid}`, l.name, a, l.port, 'pod');
    }
    for (const p of REMOTE_PORTS) for (const a of ['0.0.0.0', '::']) add('remote:0:0', `remote :${p}`, a, p, 'remote');
    const waits: Promise<void>[] = [];
    for (const [key, specs] of groups) {
      const [where, uid, gid] = key.split(':') as ['pod' | 'remote', string, string];
      const ns = where === 'pod' ? this.pair.pod : this.pair.remote;
      const actor = spawnActor(
        this.procs,
        this.scripts!.dir,
        'listener.mjs',
        { ns, uid: Number(uid), gid: Number(gid) },
        (e) => this.inbox.deliver(e),
        { listeners: specs },
      );
      waits.push(actor.ready, ...specs.map((s) => actor.whenListening(s.name)));
    }
    await Promise.all(waits);
    for (const shell of [this.podShell, this.remoteShell]) {
      for (let i = 0; ; i++) {
        const { stdout } = await shell.run(['ss', '-Hltn']);
        if (
          stdout.trim().split('\n').length >= (shell === this.podShell ? this.podListeners.length : REMOTE_PORTS.length)
        )
          break;
        if (i > 200) throw new Error('fuzz listeners never appeared in ss');
        await delay(20);
      }
    }
  }

  private client(actor: FuzzActor): Promise<Actor> {
    const identity: ActorIdentity =
      actor.kind === 'pod'
        ? { ns: this.pair.pod, uid: actor.uid, gid: actor.gid, ...(actor.groups ? { groups: actor.groups } : {}) }
        : { ns: this.pair.remote, uid: 0, gid: 0 };
    const key = `${identity.ns}:${identity.uid}:${identity.gid}:${identity.groups?.join(',') ?? ''}`;
    let c = this.clients.get(key);
    if (!c) {
      const a = spawnActor(this.procs, this.scripts!.dir, 'client.mjs', identity, (e) => this.inbox.deliver(e));
      c = a.ready.then(() => a);
      this.clients.set(key, c);
    }
    return c;
  }

  private syncClient(): Promise<Actor> {
    return this.client({ kind: 'pod', uid: 0, gid: 0, groups: [0] });
  }

  /** Loads a ruleset (replacing the previous one); returns iptables-restore's verdict. */
  async load(rules: string): Promise<{ ok: boolean; stderr: string }> {
    const t = tools(this.backend, this.family);
    const [cmd, args] = inNetns(this.pair.pod, t.restore, this.backend === 'legacy' ? ['--wait=10'] : []);
    const r = await this.procs.run(cmd, args, {
      input: withEmptiedTables(rules, this.loadedTables),
      allowFailure: true,
    });
    const saved = parseSave((await this.podShell.run([t.save])).stdout);
    this.loadedTables = [...new Set([...this.loadedTables, ...saved.tables])];
    if (r.code !== 0) {
      // Leave nothing of a half-loaded ruleset behind (legacy commits table by table).
      await this.procs.run(cmd, args, { input: withEmptiedTables('', this.loadedTables) });
    }
    await this.podShell.run(['conntrack', '-F']);
    await this.reader!.prepare();
    return { ok: r.code === 0, stderr: r.stderr.trim() };
  }

  /** The next source port the session would use (the model needs it before the dial). */
  nextPort(): number {
    const taken = this.ports.take();
    return taken.port;
  }

  async observe(c: FuzzConnection, sport: number): Promise<KernelObservation> {
    const dialer = await this.client(c.from);
    const src = c.from.kind === 'remote' ? c.from.addr : c.src;
    this.reader!.drain();
    const result: DialResult = await dialer.dial({
      id: `c${sport}`,
      dst: c.dst,
      dport: c.dport,
      sport,
      timeoutMs: DIAL_TIMEOUT_MS,
      ...(src ? { src } : {}),
    });
    const accepted =
      result.result === 'connected' ? await this.inbox.take(result.localAddr ?? '', result.localPort ?? -1) : undefined;
    const events = await this.sync();
    const hits = events.flatMap((e) => (e.kind === 'hit' ? [e.hit] : []));
    let outcome: KernelOutcome;
    if (result.result === 'connected') {
      outcome = accepted
        ? {
            kind: 'accepted',
            where: this.listenerWhere.get(accepted.listener) ?? 'pod',
            listener: accepted.listener.slice(0, accepted.listener.lastIndexOf('@')),
            local: `${accepted.localAddr}:${accepted.localPort}`,
          }
        : { kind: 'error', message: 'connected, but no listener reported the connection' };
    } else if (result.result === 'refused') outcome = { kind: 'refused' };
    else if (result.result === 'timeout') outcome = { kind: 'timeout' };
    else outcome = { kind: 'error', message: result.error ?? 'error' };
    return { hits, outcome, sport };
  }

  /** Sends a sync marker and returns every trace event before it. */
  private async sync(): Promise<TraceEvent[]> {
    const n = this.syncs++ % SYNC_PORT_COUNT;
    const sender = await this.syncClient();
    const error = await sender.udp({ id: `s${n}`, dst: '127.0.0.1', dport: SYNC_PORT, sport: SYNC_PORT_FIRST + n });
    if (error) throw new Error(`sync marker not sent: ${error}`);
    const events: TraceEvent[] = [];
    const deadline = Date.now() + 5000;
    for (;;) {
      for (const e of this.reader!.drain()) {
        if (e.kind === 'sync' && e.n === n) return events;
        if (e.kind === 'hit') events.push(e);
      }
      if (Date.now() > deadline) throw new Error(`sync marker ${n} never came back through the ${this.backend} trace`);
      await this.reader!.wait(100);
    }
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.procs.stopAll();
    destroyNamespacePairSync(this.pair);
    this.scripts?.dispose();
    rmSync(this.scratch, { recursive: true, force: true });
    unregisterSession(this);
    const left = listOurNamespaces().filter((ns) => ns === this.pair.pod || ns === this.pair.remote);
    const alive = this.procs.livePids();
    if (left.length > 0 || alive.length > 0) {
      throw new Error(`fuzz cleanup incomplete: namespaces ${left.join(', ')} processes ${alive.join(', ')}`);
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
