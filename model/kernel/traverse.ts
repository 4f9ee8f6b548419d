// Walks one table's chain for one hook, as ipt_do_table does: rules in order, jumps push a frame, goto replaces the
// current chain, RETURN (or the end of a user chain) pops, a built-in chain's end applies its policy.
import { type Addr, loopbackOf } from '../address.ts';
import type { BuiltinChainName } from '../rules/types.ts';
import { type CodegenHelpers, compileTableProgram, type TableProgram } from './codegen.ts';
import { CONTINUING_TARGETS, type CompiledChain, type CompiledRule, type CompiledTable } from './compile.ts';
import { NO_MATCH, UNKNOWN } from './match.ts';
import type { Packet, RuleHit } from './packet.ts';

/**
 * The packet while it is being traversed: MARK and CONNMARK change it in place (later rules see the new mark); a NAT
 * or TPROXY verdict ends the table and is returned as an effect, which the caller applies (applyEffect).
 */
export type WorkingPacket = { -readonly [K in keyof Packet]: Packet[K] };

export type NatEffect =
  | { readonly kind: 'dnat'; readonly target: 'REDIRECT' | 'DNAT'; readonly toAddr: Addr; readonly toPort: number }
  | { readonly kind: 'snat'; readonly target: 'SNAT' | 'MASQUERADE'; readonly toAddr: Addr; readonly toPort: number }
  | {
      readonly kind: 'tproxy';
      readonly localAddr: Addr;
      readonly port: number;
      readonly mark?: { readonly value: number; readonly mask: number };
    };

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
  /** Optional; the hot path pays one undefined check for it. */
  readonly observer?: ChainObserver;
}

const ACCEPT: TableOutcome = { kind: 'accept' };
const MAX_JUMP_DEPTH = 64;
const stackChains: CompiledChain[] = [];
const stackNext: number[] = [];
let depth = 0;

/** REDIRECT --to-ports P in OUTPUT always yields the same effect per family: built once per rule. */
const outputRedirects = new WeakMap<CompiledRule, Record<Packet['family'], NatEffect>>();

function outputRedirectEffects(rule: CompiledRule): Record<Packet['family'], NatEffect> | null {
  const t = rule.target;
  if (t.kind !== 'redirect' || !t.toPorts) return null;
  let effects = outputRedirects.get(rule);
  if (!effects) {
    const toPort = t.toPorts.from;
    effects = {
      ipv4: { kind: 'dnat', target: 'REDIRECT', toAddr: loopbackOf('ipv4'), toPort },
      ipv6: { kind: 'dnat', target: 'REDIRECT', toAddr: loopbackOf('ipv6'), toPort },
    };
    outputRedirects.set(rule, effects);
  }
  return effects;
}

const HELPERS: CodegenHelpers = {
  outputRedirect: outputRedirectEffects,
  accept: ACCEPT,
  applyMarks: (rule, p) => applyMarks(rule, p),
  terminal: (rule, hook, p, host, effects) => applyTerminal(rule, hook, p, host, effects),
  undeterminedMatch: (rule) => undeterminedAt(rule),
  undeterminedTarget: (rule) => ({
    kind: 'undetermined',
    at: rule.hit,
    reason: `target ${rule.target.kind === 'unsupported' ? rule.target.name : rule.target.kind} is not modelled`,
  }),
  dropped: (rule) => ({
    kind: 'drop',
    reason: `${rule.hit.table} ${rule.hit.chain} rule ${rule.index} ${rule.target.kind === 'reject' ? 'REJECT' : 'DROP'}`,
  }),
  policy: (table, base) =>
    base.policy === 'DROP' ? { kind: 'drop', reason: `${table.name} ${base.name} policy DROP` } : ACCEPT,
};

function programFor(table: CompiledTable, hook: BuiltinChainName): TableProgram | null {
  let program = table.programs[hook] as TableProgram | null | undefined;
  if (program === undefined) {
    program = compileTableProgram(table, hook, HELPERS);
    table.programs[hook] = program;
  }
  return program;
}

function undeterminedAt(rule: CompiledRule): TableOutcome {
  const m = rule.matches.find((x) => x.kind === 'unsupported' || x.kind === 'conntrack');
  return {
    kind: 'undetermined',
    at: rule.hit,
    reason: `the rule's other matches hold, and whether \`${m?.kind === 'unsupported' ? m.text : (m?.kind ?? '?')}\` matches is not modelled`,
  };
}

/**
 * Walks the table for the hook. Runs the generated program for the table (codegen.ts) unless an observer wants to see
 * every chain entry, in which case the interpreter below runs; both record the same hits and effects.
 */
export function traverseTable(
  table: CompiledTable,
  hook: BuiltinChainName,
  p: WorkingPacket,
  host: HostView,
  hits: RuleHit[],
  effects: NatEffect[],
): TableOutcome {
  if (host.observer === undefined) {
    const program = programFor(table, hook);
    if (program !== null) return program(p, host, hits, effects);
  }
  return interpretTable(table, hook, p, host, hits, effects);
}

/** The reference interpreter: ipt_do_table's loop with an explicit jump stack. */
export function interpretTable(
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
  // The jump stack is module-level and reused: traversals never nest, and this is the hot path.
  const bottom = depth;
  const observe = host.observer;
  observe?.(base, p);
  for (;;) {
    const rule = chain.rules[i];
    let popped = false;
    if (rule === undefined) {
      // Falling off a user chain is an implicit RETURN (TRACE logs it as "return"); off the base chain, the policy.
      if (chain !== base) hits.push(chain.endHit);
      popped = true;
    } else {
      const result = rule.test(p);
      if (result === NO_MATCH) {
        i++;
        continue;
      }
      if (result === UNKNOWN) {
        depth = bottom;
        return undeterminedAt(rule);
      }
      hits.push(rule.hit);
      const t = rule.target;
      if (CONTINUING_TARGETS.has(t.kind)) {
        applyMarks(rule, p);
        i++;
        continue;
      }
      switch (t.kind) {
        case 'accept':
          depth = bottom;
          return ACCEPT;
        case 'drop':
          depth = bottom;
          return { kind: 'drop', reason: `${rule.hit.table} ${rule.hit.chain} rule ${rule.index} DROP` };
        case 'reject':
          depth = bottom;
          return { kind: 'drop', reason: `${rule.hit.table} ${rule.hit.chain} rule ${rule.index} REJECT` };
        case 'return':
          popped = true;
          break;
        case 'jump':
          if (depth - bottom >= MAX_JUMP_DEPTH) {
            depth = bottom;
            return { kind: 'undetermined', at: rule.hit, reason: `jump depth over ${MAX_JUMP_DEPTH}` };
          }
          stackChains[depth] = chain;
          stackNext[depth] = i + 1;
          depth++;
          chain = rule.targetChain!;
          i = 0;
          observe?.(chain, p);
          continue;
        case 'goto':
          chain = rule.targetChain!;
          i = 0;
          observe?.(chain, p);
          continue;
        case 'redirect':
        case 'dnat':
        case 'snat':
        case 'masquerade':
        case 'tproxy':
          depth = bottom;
          return applyTerminal(rule, hook, p, host, effects);
        case 'unsupported':
          depth = bottom;
          return { kind: 'undetermined', at: rule.hit, reason: `target ${t.name} is not modelled` };
        default:
          throw new Error(`unhandled target ${t.kind}`);
      }
    }
    if (popped) {
      if (depth > bottom) {
        depth--;
        chain = stackChains[depth]!;
        i = stackNext[depth]!;
        continue;
      }
      // RETURN from (or the end of) the built-in chain: its policy decides.
      hits.push(base.endHit);
      return base.policy === 'DROP' ? { kind: 'drop', reason: `${table.name} ${base.name} policy DROP` } : ACCEPT;
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

export function applyEffect(p: WorkingPacket, e: NatEffect): void {
  if (e.kind === 'dnat') {
    p.dst = e.toAddr;
    p.dport = e.toPort;
  } else if (e.kind === 'snat') {
    p.src = e.toAddr;
    p.sport = e.toPort;
  } else if (e.mark) p.mark = ((p.mark & ~e.mark.mask) ^ e.mark.value) >>> 0;
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
    // (nf_nat_redirect uses INADDR_LOOPBACK / in6addr_loopback in OUTPUT, whatever the host's lo carries.)
    const toAddr = hook === 'OUTPUT' ? loopbackOf(p.family) : host.primaryAddress(p.inIface, p.family);
    if (!toAddr) return { kind: 'drop', reason: `REDIRECT: interface ${p.inIface ?? '?'} has no address` };
    const fixed = hook === 'OUTPUT' ? outputRedirectEffects(rule) : null;
    effects.push(
      fixed ? fixed[p.family] : { kind: 'dnat', target: 'REDIRECT', toAddr, toPort: t.toPorts?.from ?? p.dport },
    );
    return ACCEPT;
  }
  if (t.kind === 'dnat') {
    effects.push({ kind: 'dnat', target: 'DNAT', toAddr: t.toAddr ?? p.dst, toPort: t.toPorts?.from ?? p.dport });
    return ACCEPT;
  }
  if (t.kind === 'snat' || t.kind === 'masquerade') {
    const toAddr = t.kind === 'snat' && t.toAddr ? t.toAddr : host.primaryAddress(p.outIface, p.family);
    if (!toAddr)
      return { kind: 'drop', reason: `${t.kind.toUpperCase()}: interface ${p.outIface ?? '?'} has no address` };
    const toPort = t.toPorts?.from ?? p.sport;
    effects.push({ kind: 'snat', target: t.kind === 'snat' ? 'SNAT' : 'MASQUERADE', toAddr, toPort });
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
    effects.push({ kind: 'tproxy', localAddr, port, ...(t.mark ? { mark: t.mark } : {}) });
    return ACCEPT;
  }
  throw new Error(`not a terminal NAT target: ${t.kind}`);
}
