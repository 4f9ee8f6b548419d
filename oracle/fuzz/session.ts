// One fuzzing session: a namespace pair in both families for one backend and one family's iptables tools, the trace
// table and reader, listeners in the pod (the model's, on both families) and in the remote, and the clients.
// Rulesets are loaded one after another (tables no longer named are emptied); each connection is dialled, then a
// sync marker is sent, and the trace events up to the marker are that connection's first packet.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Family } from '../../model/net/index.ts';
import { type Actor, actorScriptDir, type DialResult } from '../actors.ts';
import { registerSession, type SyncDisposable, unregisterSession } from '../cleanup.ts';
import { destroyNamespacePairSync, inNetns, listOurNamespaces, newPairNames } from '../netns.ts';
import { NetnsShell } from '../netns-shell.ts';
import { SourcePorts } from '../ports.ts';
import { delay, ProcessGroup } from '../proc.ts';
import { parseSave, withEmptiedTables } from '../save-format.ts';
import { sweepAtStart } from '../stale-sweep.ts';
// The fuzzer loads iptables text only (both iptables backends), never native nft scripts.
import type { IptablesBackend as Backend } from '../types.ts';
import { AcceptQueue } from './accept-queue.ts';
import { FuzzActors, type PodListener } from './actor-pool.ts';
import { dropPoints, endsInDrop } from './drops.ts';
import type { FuzzActor, FuzzConnection } from './generate.ts';
import { createFuzzPair } from './namespaces.ts';
import { FUZZ_TOPOLOGY, SYNC_PORT, SYNC_PORT_COUNT, SYNC_PORT_FIRST } from './topology.ts';
import type { TraceHit, TraceReader } from './trace-events.ts';
import { LegacyTraceReader } from './trace-legacy.ts';
import { NftTraceReader, nftTraceTable, TRACE_TABLE } from './trace-nft.ts';

export type { PodListener } from './actor-pool.ts';

export type KernelOutcome =
  | { readonly kind: 'accepted'; readonly where: 'pod' | 'remote'; readonly listener: string; readonly local: string }
  | { readonly kind: 'refused' }
  | { readonly kind: 'timeout' }
  /** connect() completed but no listener accepted: the handshake's last ACK never reached the listener. */
  | { readonly kind: 'unaccepted' }
  | { readonly kind: 'error'; readonly message: string };

export interface KernelObservation {
  readonly hits: readonly TraceHit[];
  readonly outcome: KernelOutcome;
  readonly sport: number;
}

/**
 * Well below the SYN retransmission timeout (TCP_TIMEOUT_INIT, 1 s): a connection is observed with exactly one SYN.
 * The handshake itself is kernel work between two namespaces (milliseconds); a stalled client cannot turn a completed
 * connect into a timeout (oracle/actors/dial.mjs lets pending I/O win over its timer).
 */
const DIAL_TIMEOUT_MS = 400;
/** Pauses between looks at the trace while a dial is pending (ms); their sum stays below DIAL_TIMEOUT_MS. */
const EARLY_CHECKS_MS = [20, 60, 150];
/** How long a sync marker may take through the trace on a loaded machine. */
const SYNC_DEADLINE_MS = 10_000;
/** The sync markers' sender: root with a fixed group list, a client like any other. */
const SYNC_ACTOR: FuzzActor = { kind: 'pod', uid: 0, gid: 0, groups: [0] };

function tools(backend: Backend, family: Family) {
  const ip = family === 'ipv4' ? 'iptables' : 'ip6tables';
  return { restore: `${ip}-${backend}-restore`, save: `${ip}-${backend}-save` };
}

/**
 * The native nft table that marks SYNs for tracing and logs (legacy) or traces (nft) the sync marker, then drops the
 * marker: at priority -350 it comes before conntrack and every iptables table, so no random ruleset ever sees it (a
 * ruleset that drops UDP cannot swallow it, and it leaves no conntrack entry). The sender gets EPERM, as expected.
 */
function traceTable(backend: Backend): string {
  if (backend === 'nft') return nftTraceTable();
  const sync = `udp dport ${SYNC_PORT} ip daddr 127.0.0.1 log group 0 prefix "scx-sync" drop`;
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
  private readonly inbox = new AcceptQueue();
  private scripts: { dir: string; dispose: () => void } | undefined;
  private actors: FuzzActors | undefined;
  private reader: TraceReader | undefined;
  private loadedTables: string[] = [];
  private drops: ReadonlySet<string> = new Set();
  private syncs = 0;
  private disposed = false;

  constructor(
    readonly backend: Backend,
    readonly family: Family,
    private readonly podListeners: readonly PodListener[],
    /** Sees the trace reader's raw lines (nft monitor), for debugging a run. */
    private readonly debug?: (line: string) => void,
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
        ? new NftTraceReader(
            this.procs,
            this.pair.pod,
            this.podShell,
            this.family === 'ipv4' ? 'ip' : 'ip6',
            this.debug,
          )
        : new LegacyTraceReader(this.procs, this.pair.pod, join(import.meta.dirname, 'actors'));
    await this.reader.start();
    this.actors = new FuzzActors(this.procs, this.scripts.dir, this.pair, (e) => this.inbox.deliver(e));
    await this.actors.startListeners(this.podListeners, this.podShell, this.remoteShell);
    await this.actors.client({ kind: 'remote', addr: FUZZ_TOPOLOGY[this.family].remoteAddr });
    await this.syncClient();
  }

  private syncClient(): Promise<Actor> {
    return this.actors!.client(SYNC_ACTOR);
  }

  /** Loads a ruleset (replacing the previous one); returns iptables-restore's verdict. */
  async load(rules: string): Promise<{ ok: boolean; stderr: string }> {
    const t = tools(this.backend, this.family);
    const [cmd, args] = inNetns(this.pair.pod, t.restore, this.backend === 'legacy' ? ['--wait=10'] : []);
    const r = await this.procs.run(cmd, args, {
      input: withEmptiedTables(rules, this.loadedTables),
      allowFailure: true,
    });
    const saveText = (await this.podShell.run([t.save])).stdout;
    const saved = parseSave(saveText);
    this.loadedTables = [...new Set([...this.loadedTables, ...saved.tables])];
    this.drops = r.code === 0 ? dropPoints(saveText) : new Set();
    if (r.code !== 0) {
      // Leave nothing of a half-loaded ruleset behind (legacy commits table by table).
      await this.procs.run(cmd, args, { input: withEmptiedTables('', this.loadedTables) });
    }
    await this.podShell.run(['conntrack', '-F']);
    await this.reader!.prepare(saveText);
    return { ok: r.code === 0, stderr: r.stderr.trim() };
  }

  /** The next source port the session would use (the model needs it before the dial). */
  nextPort(): number {
    const taken = this.ports.take();
    return taken.port;
  }

  async observe(c: FuzzConnection, sport: number): Promise<KernelObservation> {
    const dialer = await this.actors!.client(c.from);
    const src = c.from.kind === 'remote' ? c.from.addr : c.src;
    this.reader!.drain();
    this.inbox.clear();
    const dialing = dialer.dial({
      id: `c${sport}`,
      dst: c.dst,
      dport: c.dport,
      sport,
      timeoutMs: DIAL_TIMEOUT_MS,
      ...(src ? { src } : {}),
    });
    const hits: TraceHit[] = [];
    let result: DialResult | undefined;
    // While the dial is pending, ask the trace now and then whether the SYN already met a DROP: then the dial can only
    // time out, and waiting for it would cost the whole timeout (the abandoned dial reports later and is ignored).
    for (const wait of EARLY_CHECKS_MS) {
      result = await Promise.race([dialing, delay(wait).then(() => undefined)]);
      if (result) break;
      hits.push(...(await this.syncHits()));
      if (endsInDrop(hits, this.drops)) break;
    }
    if (!result && !endsInDrop(hits, this.drops)) result = await dialing;
    const accepted = result?.result === 'connected' ? await this.inbox.next() : undefined;
    hits.push(...(await this.syncHits()));
    let outcome: KernelOutcome;
    if (result === undefined || result.result === 'timeout') outcome = { kind: 'timeout' };
    else if (result.result === 'connected') {
      outcome = accepted
        ? {
            kind: 'accepted',
            where: this.actors!.whereIs(accepted.listener),
            listener: accepted.listener.slice(0, accepted.listener.lastIndexOf('@')),
            local: `${accepted.localAddr}:${accepted.localPort}`,
          }
        : { kind: 'unaccepted' };
    } else if (result.result === 'refused') outcome = { kind: 'refused' };
    else outcome = { kind: 'error', message: result.error ?? 'error' };
    return { hits, outcome, sport };
  }

  /** Sends a sync marker and returns every trace hit before it. */
  private async syncHits(): Promise<TraceHit[]> {
    const n = this.syncs++ % SYNC_PORT_COUNT;
    const sender = await this.syncClient();
    // The trace table drops the marker once it is traced, so the send itself fails with EPERM: its arrival in the
    // trace is the only proof that counts (and the deadline below catches a marker that never came).
    await sender.udp({ id: `s${n}`, dst: '127.0.0.1', dport: SYNC_PORT, sport: SYNC_PORT_FIRST + n });
    const hits: TraceHit[] = [];
    const deadline = Date.now() + SYNC_DEADLINE_MS;
    for (;;) {
      const events = this.reader!.drain();
      for (const [i, e] of events.entries()) {
        if (e.kind === 'sync' && e.n === n) {
          // A marker can overtake the SYN it was meant to follow (the early looks): what came after it stays queued.
          this.reader!.unshift(events.slice(i + 1));
          return hits;
        }
        if (e.kind === 'hit') hits.push(e.hit);
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
