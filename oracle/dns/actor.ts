// The TypeScript side of oracle/actors/dns.mjs: one process per (namespace, uid, gid) holding DNS-like servers and
// sending queries; JSON lines both ways. Runs under `setpriv` like the TCP actors (oracle/actors.ts), with no
// supplementary groups unless the identity names them, so `-m owner` sees exactly the uid/gid asked for.
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { keepStderrTail, onJsonLines } from '../actor-output.ts';
import type { ActorIdentity } from '../actors.ts';
import { inNetns } from '../netns.ts';
import type { ProcessGroup } from '../proc.ts';

export type DnsProto = 'udp' | 'tcp';

export interface DnsServerSpec {
  readonly name: string;
  readonly proto: DnsProto;
  readonly addr: string;
  readonly port: number;
  /** Forward each query here first and answer with the upstream's answer (the pilot-agent stand-in). */
  readonly upstream?: { readonly addr: string; readonly port: number };
}

export interface DnsQuery {
  readonly id: string;
  readonly proto: DnsProto;
  readonly dst: string;
  readonly dport: number;
  readonly sport: number;
  readonly timeoutMs?: number;
}

export type QueryResult =
  | { readonly result: 'answered'; readonly fromAddr: string; readonly fromPort: number; readonly echo: boolean }
  | { readonly result: 'timeout' | 'refused' | 'error'; readonly error?: string };

export interface Served {
  readonly name: string;
  readonly proto: DnsProto;
  readonly peerAddr: string;
  readonly peerPort: number;
}

type Message =
  | { type: 'ready'; uid: number; gid: number }
  | { type: 'listening'; name: string }
  | { type: 'listen-error'; name: string; error: string }
  | ({ type: 'served' } & Served)
  | { type: 'forwarded'; name: string; answered: boolean }
  | ({ type: 'query-result'; id: string } & QueryResult)
  | { type: 'protocol-error'; error: string };

export class DnsActor {
  readonly ready: Promise<void>;
  /** Every query a server of this actor received, in order. */
  readonly served: Served[] = [];
  /** For each query a forwarding server passed upstream: whether the upstream answered. */
  readonly forwarded: boolean[] = [];
  private readonly pending = new Map<string, (r: QueryResult) => void>();
  private readonly waitingListen = new Map<string, { resolve: () => void; reject: (e: Error) => void }>();
  private stderr = '';

  constructor(
    readonly identity: ActorIdentity,
    private readonly child: ChildProcess,
    serverNames: readonly string[],
  ) {
    let ok: () => void = () => {};
    let fail: (e: Error) => void = () => {};
    const started = new Promise<void>((resolve, reject) => {
      ok = resolve;
      fail = reject;
    });
    const listening = serverNames.map(
      (name) => new Promise<void>((resolve, reject) => this.waitingListen.set(name, { resolve, reject })),
    );
    this.ready = Promise.all([started, ...listening]).then(() => {});
    this.ready.catch(() => {});
    onJsonLines(child, (m) => this.handle(m as Message, ok, fail));
    keepStderrTail(child, (tail) => {
      this.stderr = tail(this.stderr);
    });
    child.on('exit', (code, signal) => {
      const why = new Error(
        `dns actor ${identity.ns} ${identity.uid}/${identity.gid} exited (${signal ?? code}): ${this.stderr}`,
      );
      fail(why);
      for (const w of this.waitingListen.values()) w.reject(why);
      for (const resolve of this.pending.values()) resolve({ result: 'error', error: why.message });
      this.pending.clear();
    });
  }

  private handle(m: Message, ok: () => void, fail: (e: Error) => void): void {
    switch (m.type) {
      case 'ready':
        if (m.uid !== this.identity.uid || m.gid !== this.identity.gid) {
          fail(new Error(`dns actor runs as ${m.uid}/${m.gid}, wanted ${this.identity.uid}/${this.identity.gid}`));
        } else ok();
        return;
      case 'listening':
        this.waitingListen.get(m.name)?.resolve();
        return;
      case 'listen-error':
        this.waitingListen.get(m.name)?.reject(new Error(`dns server ${m.name}: ${m.error}`));
        return;
      case 'served': {
        const { type: _, ...served } = m;
        this.served.push(served);
        return;
      }
      case 'forwarded':
        this.forwarded.push(m.answered);
        return;
      case 'query-result': {
        const { type: _, id, ...result } = m;
        const resolve = this.pending.get(id);
        this.pending.delete(id);
        resolve?.(result as QueryResult);
        return;
      }
      case 'protocol-error':
        this.stderr += `\nprotocol error: ${m.error}`;
        return;
      default: {
        const never: never = m;
        throw new Error(`unknown dns actor message ${JSON.stringify(never)}`);
      }
    }
  }

  query(q: DnsQuery): Promise<QueryResult> {
    return new Promise((resolve) => {
      this.pending.set(q.id, resolve);
      this.child.stdin?.write(`${JSON.stringify({ type: 'query', ...q })}\n`);
    });
  }
}

export function spawnDnsActor(
  procs: ProcessGroup,
  scriptDir: string,
  identity: ActorIdentity,
  servers: readonly DnsServerSpec[] = [],
): DnsActor {
  const groups = identity.groups?.length ? `--groups=${identity.groups.join(',')}` : '--clear-groups';
  // A non-root server on port 53 gets CAP_NET_BIND_SERVICE and nothing else, as systemd-resolved does
  // (AmbientCapabilities=CAP_NET_BIND_SERVICE in units/systemd-resolved.service.in); uid and gid stay as asked.
  const bindsLow = identity.uid !== 0 && servers.some((s) => s.port < 1024);
  const caps = bindsLow ? ['--inh-caps=+net_bind_service', '--ambient-caps=+net_bind_service'] : [];
  const args = [`--reuid=${identity.uid}`, `--regid=${identity.gid}`, groups, ...caps, process.execPath];
  const script = [join(scriptDir, 'dns.mjs'), JSON.stringify({ servers })];
  const [cmd, argv] = inNetns(identity.ns, 'setpriv', [...args, ...script]);
  return new DnsActor(
    identity,
    procs.spawn(cmd, argv),
    servers.map((s) => s.name),
  );
}
