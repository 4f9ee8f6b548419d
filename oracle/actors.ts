// Persistent actor processes (oracle/actors/*.mjs): a hop costs a JSON line, not a process start. Each runs inside a
// namespace as a chosen uid/gid via `setpriv --reuid --regid --clear-groups`: a deterministic gid and no
// supplementary groups, because `--gid-owner` without `--suppl-groups` looks only at the fsgid (xt_owner.c); or,
// when the identity names them, exactly those supplementary groups (`setpriv --groups`), which `--suppl-groups` reads.
import type { ChildProcess } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { keepStderrTail, onJsonLines } from './actor-output.ts';
import { inNetns } from './netns.ts';
import type { ProcessGroup } from './proc.ts';

export interface DialCommand {
  readonly id: string;
  readonly dst: string;
  readonly dport: number;
  readonly src?: string;
  readonly sport?: number;
  readonly timeoutMs?: number;
}

export interface DialResult {
  readonly id: string;
  readonly result: 'connected' | 'refused' | 'timeout' | 'error';
  readonly error?: string;
  readonly localAddr?: string;
  readonly localPort?: number;
}

export interface AcceptEvent {
  readonly listener: string;
  readonly localAddr: string;
  readonly localPort: number;
  readonly peerAddr: string;
  readonly peerPort: number;
}

type ActorMessage =
  | { type: 'ready'; pid: number; uid: number; gid: number; groups: number[] }
  | ({ type: 'dial-result' } & DialResult)
  | { type: 'udp-sent'; id: string; error?: string }
  | ({ type: 'accept' } & AcceptEvent)
  | { type: 'listening'; name: string }
  | { type: 'listen-error'; name: string; error: string }
  | { type: 'protocol-error'; error: string };

const SOURCE_DIR = join(dirname(fileURLToPath(import.meta.url)), 'actors');

/** True when uid 1000/1337 can reach and read every script: every directory on the way needs o+x, each file o+r. */
function readableByOthers(dir: string): boolean {
  const parts = dir.split(sep).filter((p) => p !== '');
  for (let i = 0; i <= parts.length; i++) {
    if ((statSync(`/${parts.slice(0, i).join('/')}`).mode & 0o001) === 0) return false;
  }
  return readdirSync(dir).every((f) => (statSync(join(dir, f)).mode & 0o004) !== 0);
}

/** Where the actor scripts run from: the source tree, or a private 0755 copy when that is closed to other users. */
export function actorScriptDir(): { dir: string; dispose: () => void } {
  if (readableByOthers(SOURCE_DIR)) return { dir: SOURCE_DIR, dispose: () => {} };
  const dir = mkdtempSync(join(tmpdir(), 'scx-actors-'));
  for (const f of readdirSync(SOURCE_DIR)) {
    copyFileSync(join(SOURCE_DIR, f), join(dir, f));
    chmodSync(join(dir, f), 0o644);
  }
  chmodSync(dir, 0o755); // mkdtemp creates 0700
  if (!readableByOthers(dir)) throw new Error(`actor scripts copied to ${dir} are still not readable by other users`);
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface ActorIdentity {
  readonly ns: string;
  readonly uid: number;
  readonly gid: number;
  /** Supplementary groups (`setpriv --groups`); none when absent (`--clear-groups`). */
  readonly groups?: readonly number[];
}

/** One actor process speaking JSON lines; dials are matched to results by id. */
export class Actor {
  readonly ready: Promise<void>;
  private readonly pending = new Map<string, (r: DialResult) => void>();
  private readonly pendingUdp = new Map<string, (error: string | undefined) => void>();
  private readonly listening = new Map<string, { resolve: () => void; reject: (e: Error) => void }>();
  private stderr = '';
  private exited: string | undefined;

  constructor(
    readonly identity: ActorIdentity,
    private readonly child: ChildProcess,
    private readonly onAccept: (e: AcceptEvent) => void,
  ) {
    let markReady: () => void = () => {};
    let failReady: (e: Error) => void = () => {};
    this.ready = new Promise((resolve, reject) => {
      markReady = resolve;
      failReady = reject;
    });
    // Callers await ready; this only keeps an early exit from also surfacing as an unhandled rejection.
    this.ready.catch(() => {});
    onJsonLines(child, (m) => this.handle(m as ActorMessage, markReady, failReady));
    keepStderrTail(child, (tail) => {
      this.stderr = tail(this.stderr);
    });
    child.on('exit', (code, signal) => {
      this.exited = `actor ${this.describe()} exited (${signal ?? code}): ${this.stderr.trim()}`;
      failReady(new Error(this.exited));
      for (const l of this.listening.values()) l.reject(new Error(this.exited));
      for (const [id, resolve] of this.pending) resolve({ id, result: 'error', error: this.exited });
      this.pending.clear();
    });
  }

  describe(): string {
    return `${this.identity.ns} uid ${this.identity.uid} gid ${this.identity.gid}`;
  }

  private handle(m: ActorMessage, markReady: () => void, failReady: (e: Error) => void): void {
    switch (m.type) {
      case 'ready': {
        // getgroups() lists the supplementary groups, and on some systems the egid too.
        const wanted = new Set(this.identity.groups ?? []);
        const extra = m.groups.some((g) => g !== m.gid && !wanted.has(g));
        const missing = [...wanted].some((g) => !m.groups.includes(g));
        if (m.uid !== this.identity.uid || m.gid !== this.identity.gid || extra || missing) {
          failReady(new Error(`actor ${this.describe()} runs as ${m.uid}/${m.gid} groups ${m.groups}`));
        } else markReady();
        return;
      }
      case 'udp-sent': {
        const resolve = this.pendingUdp.get(m.id);
        this.pendingUdp.delete(m.id);
        resolve?.(m.error);
        return;
      }
      case 'dial-result': {
        const resolve = this.pending.get(m.id);
        this.pending.delete(m.id);
        resolve?.(m);
        return;
      }
      case 'accept':
        this.onAccept(m);
        return;
      case 'listening':
        this.listening.get(m.name)?.resolve();
        return;
      case 'listen-error':
        this.listening.get(m.name)?.reject(new Error(`listener ${m.name} in ${this.describe()}: ${m.error}`));
        return;
      case 'protocol-error':
        this.stderr += `\nprotocol error: ${m.error}`;
        return;
      default: {
        const never: never = m;
        throw new Error(`unknown actor message ${JSON.stringify(never)}`);
      }
    }
  }

  /** Resolves once the named server has bound and listens (or rejects with its bind error). */
  whenListening(name: string): Promise<void> {
    return new Promise((resolve, reject) => this.listening.set(name, { resolve, reject }));
  }

  /** Sends one UDP datagram from sport to dst:dport; resolves with an error text, or undefined once sent. */
  udp(command: { id: string; dst: string; dport: number; sport: number }): Promise<string | undefined> {
    if (this.exited) return Promise.resolve(this.exited);
    return new Promise((resolve) => {
      this.pendingUdp.set(command.id, resolve);
      this.child.stdin?.write(`${JSON.stringify({ type: 'udp', ...command })}\n`);
    });
  }

  /** Ends the actor: it exits when its stdin closes (actors/lines.mjs); pending dials resolve as errors on exit. */
  close(): void {
    this.child.stdin?.end();
  }

  dial(command: DialCommand): Promise<DialResult> {
    if (this.exited) return Promise.resolve({ id: command.id, result: 'error', error: this.exited });
    return new Promise((resolve) => {
      this.pending.set(command.id, resolve);
      this.child.stdin?.write(`${JSON.stringify({ type: 'dial', ...command })}\n`);
    });
  }
}

export function spawnActor(
  procs: ProcessGroup,
  scriptDir: string,
  script: 'client.mjs' | 'listener.mjs',
  identity: ActorIdentity,
  onAccept: (e: AcceptEvent) => void,
  arg?: unknown,
): Actor {
  const node = process.execPath;
  const groups = identity.groups?.length ? `--groups=${identity.groups.join(',')}` : '--clear-groups';
  const setpriv = ['setpriv', `--reuid=${identity.uid}`, `--regid=${identity.gid}`, groups];
  const scriptArgs = [join(scriptDir, script), ...(arg === undefined ? [] : [JSON.stringify(arg)])];
  // `ip netns exec` and `setpriv` both exec in place, so the spawned PID is the node process itself.
  const [cmd, args] = inNetns(identity.ns, setpriv[0]!, [...setpriv.slice(1), node, ...scriptArgs]);
  return new Actor(identity, procs.spawn(cmd, args), onAccept);
}
