// What one target kind must provide, so that everything about a kind sits in its folder (targets/<family>/) and the
// registry (targets/registry.ts) is checked by the compiler: a kind without a module, or a module without a piece,
// does not compile. A terminal NAT or TPROXY kind says here what binding it asks for, given the host around the
// rules (its interfaces and listeners); the kernel stage records the binding and applies it (model/kernel/targets.ts).
import type { Addr, Family } from '../net/index.ts';
import type { Hook, Packet, Target, TargetKind } from '../ruleset/index.ts';
import type { TargetModule } from '../syntax/index.ts';
import type { ConntrackDeclaration } from './conntrack-use.ts';
import type { ConstantSink } from './match-kind.ts';

export type TargetOf<K extends TargetKind> = Extract<Target, { kind: K }>;

/** Targets that do their work (count, log, mark) and let the traversal go on to the next rule. */
export type ContinuingKind = 'none' | 'log' | 'ct' | 'mark' | 'connmark-set' | 'connmark-save' | 'connmark-restore';
export type ContinuingTarget = TargetOf<ContinuingKind>;

/** A packet a traversal may change in place. */
export type WorkingPacket = { -readonly [K in keyof Packet]: Packet[K] };

/** Targets that end the table with an effect for the caller to apply: a NAT binding or a TPROXY hand-over. */
export type EffectKind = 'redirect' | 'dnat' | 'snat' | 'masquerade' | 'tproxy';

/**
 * A NAT or TPROXY verdict's effect: what the kernel applies once the table ends (model/kernel/targets.ts applyEffect)
 * and nat records as the connection's binding.
 */
export type NatEffect =
  | { readonly kind: 'dnat'; readonly target: 'REDIRECT' | 'DNAT'; readonly toAddr: Addr; readonly toPort: number }
  | { readonly kind: 'snat'; readonly target: 'SNAT' | 'MASQUERADE'; readonly toAddr: Addr; readonly toPort: number }
  | {
      readonly kind: 'tproxy';
      readonly localAddr: Addr;
      readonly port: number;
      readonly mark?: { readonly value: number; readonly mask: number };
    };

/** What an effect kind needs to know about the host (the pod) around the rules. */
export interface NatHost {
  /** The address REDIRECT uses in PREROUTING, and TPROXY's default local address: the interface's primary address. */
  primaryAddress(iface: string | null, family: Packet['family']): Addr | null;
  /**
   * The source MASQUERADE picks for a packet leaving on outIface toward dst (nf_nat_masquerade.c); null when the
   * interface has no usable address (the kernel drops), 'undetermined' when the host cannot tell.
   */
  masqueradeSource(outIface: string | null, dst: Addr): Addr | null | 'undetermined';
  /** Whether a transparent listener accepts a TPROXY'd packet on localAddr:port (nf_tproxy_get_sock_v4). */
  tproxyListener(localAddr: Addr, port: number, packet: Packet): boolean;
}

/**
 * An effect kind's verdict for one packet: its effect, a drop by the target itself, what the model cannot tell, or
 * (nft's tproxy without a transparent socket) the end of the rule, the chain going on (nft_tproxy.c, NFT_BREAK).
 */
export type EffectResult =
  | { readonly effect: NatEffect }
  | { readonly drop: string }
  | { readonly undetermined: string }
  | { readonly nftBreak: true };

export interface TargetEffect<K extends EffectKind> {
  readonly apply: (t: TargetOf<K>, hook: Hook, p: Packet, host: NatHost) => EffectResult;
  /**
   * The effect, per family, when it depends on neither the packet nor the host at this hook (null otherwise): the
   * kernel builds it once per rule and generated chain programs embed it.
   */
  readonly constant: (t: TargetOf<K>, hook: Hook) => Readonly<Record<Family, NatEffect>> | null;
}

/** The single-point changes of a rule's target (the mutation analysis). */
export interface TargetEdit {
  readonly kind: 'jump-target' | 'port';
  /** Readable and stable, e.g. "jump ISTIO_REDIRECT -> RETURN" (part of a mutant's id). */
  readonly what: string;
  /** May be of another kind (a jump becomes a RETURN). */
  readonly target: Target;
}

/** How iptables writes a target kind: the `-j` targets that produce it and iptables-save's text for it. */
export interface TargetKindIptables<K extends TargetKind> {
  /** The `-j` targets whose options produce this kind, by name (jumps, gotos and no target have none). */
  readonly modules: Readonly<Record<string, TargetModule>>;
  /** iptables-save's text for the target (each target's `save` function in iptables/extensions); '' for none. */
  readonly print: (t: TargetOf<K>) => string;
}

export interface TargetKindModule<K extends TargetKind> {
  /**
   * For a continuing kind, what it does to the packet before the traversal goes on (null when nothing); a terminal
   * kind ends the rule's chain (a verdict, a jump, a NAT binding) and the traversal handles it.
   */
  readonly continuing: K extends ContinuingKind ? ((t: TargetOf<K>, p: WorkingPacket) => void) | null : false;
  /** For an effect kind (NAT, TPROXY), the effect its verdict carries; false for every other kind. */
  readonly effect: K extends EffectKind ? TargetEffect<K> : false;
  /** What the rule is for, from its target alone, when nothing more specific is known (model/explain). */
  readonly purpose: (t: TargetOf<K>) => string;
  /** Tells `sink` the constants the target mentions (model/invariants/domain.ts). */
  readonly constants: (t: TargetOf<K>, sink: ConstantSink) => void;
  /** The target's single-point mutants, in a stable order, given the user chains of its table. */
  readonly mutants: (t: TargetOf<K>, userChains: readonly string[]) => readonly TargetEdit[];
  /** Whether a rule with this target switches conntrack on (its extension's checkentry takes nf_ct_netns_get). */
  readonly conntrack: ConntrackDeclaration<TargetOf<K>>;
  readonly iptables: TargetKindIptables<K>;
}

export type TargetKindRegistry = { readonly [K in TargetKind]: TargetKindModule<K> };

/** The purpose of most targets: `applies MARK`, `applies CONNMARK-SET`. */
export const appliesKind = (t: { readonly kind: string }): string => `applies ${t.kind.toUpperCase()}`;

export const noConstants = (): void => {};
export const noMutants = (): readonly TargetEdit[] => [];

/** Words joined by one space, skipping absent ones (iptables-save's optional options). */
export const words = (...parts: (string | false | undefined)[]): string =>
  parts.filter((p) => p !== false && p !== undefined).join(' ');
