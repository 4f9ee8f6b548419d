// Walks one table's chain for one hook, as ipt_do_table does: rules in order, jumps push a frame, goto replaces the
// current chain, RETURN (or the end of a user chain) pops, a built-in chain's end applies its policy.
import type { Addr } from '../address.ts';
import type { BuiltinChainName } from '../rules/types.ts';
import type { CompiledChain, CompiledRule, CompiledTable } from './compile.ts';
import { evaluateMatch, MATCH, type MatchResult, NO_MATCH, UNKNOWN } from './match.ts';
import type { Packet, RuleHit } from './packet.ts';

/** The packet while it is being traversed: NAT and marks change it in place. */
export type WorkingPacket = { -readonly [K in keyof Packet]: Packet[K] };

export type NatEffect =
  | { readonly kind: 'dnat'; readonly target: 'REDIRECT' | 'DNAT'; readonly toAddr: Addr; readonly toPort: number }
  | { readonly kind: 'snat'; readonly target: 'SNAT' | 'MASQUERADE'; readonly toAddr: Addr; readonly toPort: number }
  | { readonly kind: 'tproxy'; readonly localAddr: Addr; readonly port: number };

export type TableOutcome =
  | { readonly kind: 'accept' }
  | { readonly kind: 'drop'; readonly reason: string }
  | { readonly kind: 'undetermined'; readonly at: RuleHit; readonly reason: string };

/** What the traversal needs to know about the host (the pod) around the rules. */
/** Called whenever a traversal enters a chain, with the packet as it is there (for reachability analysis). */
export type ChainObserver = (chain: CompiledChain, packet: Packet) => void;

export interface HostView {
  /** The address REDIRECT uses in PREROUTING, and TPROXY's default local address: the interface's primary address. */
  primaryAddress(iface: string | null, family: Packet['family']): Addr | null;
  /** Whether a transparent listener accepts a TPROXY'd packet on localAddr:port (nf_tproxy_get_sock_v4). */
  tproxyListener(localAddr: Addr, port: number, packet: Packet): boolean;
  loopback(family: Packet['family']): Addr;
  /** Optional; the hot path pays one undefined check for it. */
  readonly observer?: ChainObserver;
}

const ACCEPT: TableOutcome = { kind: 'accept' };
const MAX_JUMP_DEPTH = 64;

function evaluateRule(rule: CompiledRule, p: Packet): MatchResult {
  for (const m of rule.matches) {
    const r = evaluateMatch(m, p);
    if (r !== MATCH) return r;
  }
  return MATCH;
}

interface Frame {
  readonly chain: CompiledChain;
  readonly next: number;
}

export function traverseTable(
  table: CompiledTable,
  hook: BuiltinChainName,
  p: WorkingPacket,
  host: HostView,
  hits: RuleHit[],
  effects: NatEffect[],
): TableOutcome {
  const base = table.chains.get(hook);
  if (!base) return ACCEPT;
  let chain = base;
  let i = 0;
  const stack: Frame[] = [];
  const observe = host.observer;
  observe?.(base, p);
  const endOfChain = (): TableOutcome | null => {
    const frame = stack.pop();
    if (frame) {
      chain = frame.chain;
      i = frame.next;
      return null;
    }
    // RETURN from (or the end of) the built-in chain: its policy decides.
    hits.push(base.endHit);
    return base.policy === 'DROP' ? { kind: 'drop', reason: `${table.name} ${base.name} policy DROP` } : ACCEPT;
  };
  for (;;) {
    const rule = chain.rules[i];
    if (rule === undefined) {
      // Falling off a user chain is an implicit RETURN (TRACE logs it as "return"); off the base chain, the policy.
      if (chain !== base) hits.push(chain.endHit);
      const done = endOfChain();
      if (done) return done;
      continue;
    }
    const result = evaluateRule(rule, p);
    if (result === NO_MATCH) {
      i++;
      continue;
    }
    if (result === UNKNOWN) {
      const m = rule.matches.find((x) => x.kind === 'unsupported');
      return {
        kind: 'undetermined',
        at: rule.hit,
        reason: `the rule's other matches hold, and whether \`${m?.kind === 'unsupported' ? m.text : '?'}\` matches is not modelled`,
      };
    }
    hits.push(rule.hit);
    const t = rule.target;
    switch (t.kind) {
      case 'none':
      case 'log':
      case 'ct':
      case 'connmark-set':
      case 'connmark-save':
      case 'connmark-restore':
      case 'mark':
        applyMarks(rule, p);
        i++;
        break;
      case 'accept':
        return ACCEPT;
      case 'drop':
        return { kind: 'drop', reason: `${rule.hit.table} ${rule.hit.chain} rule ${rule.index} DROP` };
      case 'reject':
        return { kind: 'drop', reason: `${rule.hit.table} ${rule.hit.chain} rule ${rule.index} REJECT` };
      case 'return': {
        const done = endOfChain();
        if (done) return done;
        break;
      }
      case 'jump':
        if (stack.length >= MAX_JUMP_DEPTH) {
          return { kind: 'undetermined', at: rule.hit, reason: `jump depth over ${MAX_JUMP_DEPTH}` };
        }
        stack.push({ chain, next: i + 1 });
        chain = rule.targetChain!;
        i = 0;
        observe?.(chain, p);
        break;
      case 'goto':
        chain = rule.targetChain!;
        i = 0;
        observe?.(chain, p);
        break;
      case 'redirect':
      case 'dnat':
      case 'snat':
      case 'masquerade':
      case 'tproxy':
        return applyTerminal(rule, hook, p, host, effects);
      case 'unsupported':
        return { kind: 'undetermined', at: rule.hit, reason: `target ${t.name} is not modelled` };
      default: {
        const never: never = t;
        throw new Error(`unhandled target ${JSON.stringify(never)}`);
      }
    }
  }
}

function applyMarks(rule: CompiledRule, p: WorkingPacket): void {
  const t = rule.target;
  // xt_MARK / xt_CONNMARK arithmetic, all on unsigned 32-bit values.
  if (t.kind === 'mark') p.mark = ((p.mark & ~t.mask) ^ t.value) >>> 0;
  else if (t.kind === 'connmark-set') p.ctmark = ((p.ctmark & ~t.mask) ^ t.value) >>> 0;
  else if (t.kind === 'connmark-save') p.ctmark = ((p.ctmark & ~t.ctmask) ^ (p.mark & t.nfmask)) >>> 0;
  else if (t.kind === 'connmark-restore') p.mark = ((p.mark & ~t.nfmask) ^ (p.ctmark & t.ctmask)) >>> 0;
  // CT --notrack in raw: the connection is untracked, so the nat table never sees it.
  else if (t.kind === 'ct' && t.notrack) p.ctstate = 'UNTRACKED';
}

function applyTerminal(
  rule: CompiledRule,
  hook: BuiltinChainName,
  p: WorkingPacket,
  host: HostView,
  effects: NatEffect[],
): TableOutcome {
  const t = rule.target;
  if (t.kind === 'redirect') {
    // nf_nat_redirect_ipv4/6: OUTPUT goes to loopback; PREROUTING to the incoming interface's primary address,
    // and the packet is dropped when that interface has none.
    const toAddr = hook === 'OUTPUT' ? host.loopback(p.family) : host.primaryAddress(p.inIface, p.family);
    if (!toAddr) return { kind: 'drop', reason: `REDIRECT: interface ${p.inIface ?? '?'} has no address` };
    const toPort = t.toPorts?.from ?? p.dport;
    effects.push({ kind: 'dnat', target: 'REDIRECT', toAddr, toPort });
    p.dst = toAddr;
    p.dport = toPort;
    return ACCEPT;
  }
  if (t.kind === 'dnat') {
    const toAddr = t.toAddr ?? p.dst;
    const toPort = t.toPorts?.from ?? p.dport;
    effects.push({ kind: 'dnat', target: 'DNAT', toAddr, toPort });
    p.dst = toAddr;
    p.dport = toPort;
    return ACCEPT;
  }
  if (t.kind === 'snat' || t.kind === 'masquerade') {
    const toAddr = t.kind === 'snat' && t.toAddr ? t.toAddr : host.primaryAddress(p.outIface, p.family);
    if (!toAddr)
      return { kind: 'drop', reason: `${t.kind.toUpperCase()}: interface ${p.outIface ?? '?'} has no address` };
    const toPort = t.toPorts?.from ?? p.sport;
    effects.push({ kind: 'snat', target: t.kind === 'snat' ? 'SNAT' : 'MASQUERADE', toAddr, toPort });
    p.src = toAddr;
    p.sport = toPort;
    return ACCEPT;
  }
  if (t.kind === 'tproxy') {
    // xt_TPROXY tproxy_tg4: local address is --on-ip, else the incoming interface's primary address, else the
    // packet's destination; without a transparent listener there the packet is dropped.
    const localAddr = t.onIp ?? host.primaryAddress(p.inIface, p.family) ?? p.dst;
    const port = t.onPort === 0 ? p.dport : t.onPort;
    if (!host.tproxyListener(localAddr, port, p)) {
      return { kind: 'drop', reason: `TPROXY: no transparent listener on port ${port}` };
    }
    if (t.mark) p.mark = ((p.mark & ~t.mark.mask) ^ t.mark.value) >>> 0;
    effects.push({ kind: 'tproxy', localAddr, port });
    return ACCEPT;
  }
  throw new Error(`not a terminal NAT target: ${t.kind}`);
}
