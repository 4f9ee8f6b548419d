// The actors of one fuzz session: listeners (the pod's, as the model has them, on both families; the remote's on
// every address it owns) started once, and clients, one per identity (uid, gid, supplementary groups), started on
// first use and closed when least recently used beyond MAX_CLIENTS, so a long run does not collect processes.
import { type AcceptEvent, type Actor, type ActorIdentity, spawnActor } from '../actors.ts';
import type { NamespacePair } from '../netns.ts';
import type { NetnsShell } from '../netns-shell.ts';
import { delay, type ProcessGroup } from '../proc.ts';
import type { FuzzActor } from './generate.ts';
import { REMOTE_PORTS } from './topology.ts';

export interface PodListener {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
  readonly port: number;
  readonly bind: 'any' | 'loopback';
}

/** Client actors kept alive per session (one per identity). */
const MAX_CLIENTS = 12;

export class FuzzActors {
  private readonly clients = new Map<string, Promise<Actor>>();
  private readonly listenerWhere = new Map<string, 'pod' | 'remote'>();

  constructor(
    private readonly procs: ProcessGroup,
    private readonly scriptDir: string,
    private readonly pair: NamespacePair,
    private readonly onAccept: (e: AcceptEvent) => void,
  ) {}

  /** Where a listener (as named in its accept reports) runs. */
  whereIs(listener: string): 'pod' | 'remote' {
    return this.listenerWhere.get(listener) ?? 'pod';
  }

  /** Starts every listener and waits until `ss` shows them (a test connection would raise counters). */
  async startListeners(podListeners: readonly PodListener[], podShell: NetnsShell, remoteShell: NetnsShell) {
    const groups = new Map<string, Array<{ name: string; addr: string; port: number }>>();
    const add = (key: string, name: string, addr: string, port: number, where: 'pod' | 'remote') => {
      groups.set(key, [...(groups.get(key) ?? []), { name: `${name}@${addr}`, addr, port }]);
      this.listenerWhere.set(`${name}@${addr}`, where);
    };
    for (const l of podListeners) {
      const addrs = l.bind === 'any' ? ['0.0.0.0', '::'] : ['127.0.0.1', '::1'];
      for (const a of addrs) add(`pod:${l.uid}:${l.gid}`, l.name, a, l.port, 'pod');
    }
    for (const p of REMOTE_PORTS) for (const a of ['0.0.0.0', '::']) add('remote:0:0', `remote :${p}`, a, p, 'remote');
    const waits: Promise<void>[] = [];
    for (const [key, specs] of groups) {
      const [where, uid, gid] = key.split(':') as ['pod' | 'remote', string, string];
      const ns = where === 'pod' ? this.pair.pod : this.pair.remote;
      const identity = { ns, uid: Number(uid), gid: Number(gid) };
      const actor = spawnActor(this.procs, this.scriptDir, 'listener.mjs', identity, this.onAccept, {
        listeners: specs,
      });
      waits.push(actor.ready, ...specs.map((s) => actor.whenListening(s.name)));
    }
    await Promise.all(waits);
    for (const [shell, wanted] of [
      [podShell, podListeners.length],
      [remoteShell, REMOTE_PORTS.length],
    ] as const) {
      for (let i = 0; ; i++) {
        const { stdout } = await shell.run(['ss', '-Hltn']);
        if (stdout.trim().split('\n').length >= wanted) break;
        if (i > 200) throw new Error('fuzz listeners never appeared in ss');
        await delay(20);
      }
    }
  }

  /** The client for an identity, started on first use; the Map's order is the use order. */
  client(actor: FuzzActor): Promise<Actor> {
    const identity: ActorIdentity =
      actor.kind === 'pod'
        ? { ns: this.pair.pod, uid: actor.uid, gid: actor.gid, ...(actor.groups ? { groups: actor.groups } : {}) }
        : { ns: this.pair.remote, uid: 0, gid: 0 };
    const key = `${identity.ns}:${identity.uid}:${identity.gid}:${identity.groups?.join(',') ?? ''}`;
    let c = this.clients.get(key);
    if (c) this.clients.delete(key);
    else {
      const a = spawnActor(this.procs, this.scriptDir, 'client.mjs', identity, this.onAccept);
      c = a.ready.then(() => a);
      this.evict();
    }
    this.clients.set(key, c);
    return c;
  }

  /** Closes the least recently used clients beyond MAX_CLIENTS (an actor exits when its stdin closes). */
  private evict(): void {
    for (const [key, c] of this.clients) {
      if (this.clients.size < MAX_CLIENTS) return;
      this.clients.delete(key);
      void c.then((a) => a.close()).catch(() => {});
    }
  }
}
