// The `sidecar-chains trace ...` command line that shows a connection again: printed under every counterexample so
// a reader can replay it, change one thing, and look again.

import type { Counterexample } from '../../model/invariants/index.ts';
import { type Addr, addrEquals, formatAddr } from '../../model/net/index.ts';
import { type Connection, outsideActor, type World } from '../../model/pod/index.ts';
import type { LoadedRules, PodWorld } from './load.ts';

const endpoint = (addr: Addr, port: number) =>
  addr.family === 'ipv6' ? `[${formatAddr(addr)}]:${port}` : `${formatAddr(addr)}:${port}`;

function podIdentityOf(world: World, actor: string): { uid: number; gid: number } | null {
  const { pod } = world;
  if (actor === 'envoy') return pod.proxy;
  if (actor === 'pilot-agent') return pod.agent;
  if (actor === 'app') return pod.app;
  return null;
}

/** The trace options that open exactly this connection in this world. */
export function traceArgs(world: World, c: Connection): string[] {
  const args: string[] = [];
  let src = c.src;
  if (c.from.kind === 'pod') {
    const own = podIdentityOf(world, c.from.actor);
    if (own && own.uid === c.from.uid && own.gid === c.from.gid) args.push('--actor', c.from.actor);
    else args.push('--uid', String(c.from.uid), '--gid', String(c.from.gid));
  } else {
    args.push('--from', c.from.actor);
    const family = c.dst.addr.family;
    if (src === undefined && c.from.addr && !addrEquals(c.from.addr, outsideActor(world, c.from.actor, family).addr)) {
      src = c.from.addr;
    }
  }
  if (src !== undefined) args.push('--src', c.sport === undefined ? formatAddr(src) : endpoint(src, c.sport));
  args.push('--dst', endpoint(c.dst.addr, c.dst.port));
  if (c.protocol !== 'tcp') args.push('--proto', c.protocol);
  if (c.request) args.push('--request', c.request);
  return args;
}

/** POSIX shell quoting, only where a word needs it (`[` too: zsh treats an unmatched glob as an error). */
export function shellWords(words: readonly string[]): string {
  return words.map((w) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(w) ? w : `'${w.replaceAll("'", `'\\''`)}'`)).join(' ');
}

/** The command that replays a counterexample of `check` with the same rules and pod options. */
export function replayCommand(rules: LoadedRules, pod: PodWorld, c: Counterexample['connection']): string {
  return shellWords(['sidecar-chains', 'trace', ...rules.args, ...pod.args, ...traceArgs(pod.world, c)]);
}
